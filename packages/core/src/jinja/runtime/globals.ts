/**
 * Jinja2's default global functions (jinja2/defaults.py DEFAULT_NAMESPACE):
 * `range`, `dict`, `namespace`, `cycler`, `joiner`. (`lipsum` is left out:
 * no Salt formula prints lorem ipsum.)
 */
import { asIndex } from '../python/coerce';
import { dictUpdate } from '../python/dict-methods';
import { HostObject, Namespace, PyError, PyFunction, Undefined, type Kwargs } from './values';
import { bindArgs } from './signature';

/** The most items `range()` may produce; a larger range is refused with OverflowError rather than exhausting memory. */
export const MAX_RANGE = 1_000_000;

/**
 * Python's `range(stop)` / `range(start, stop[, step])` as a list.
 * @throws PyError TypeError for a wrong argument count or a non-int, ValueError `range() arg 3 must not be zero`,
 *   OverflowError beyond {@link MAX_RANGE} items
 */
function range(args: unknown[], kwargs: Kwargs): unknown[] {
  if (kwargs.size) throw new PyError('TypeError', 'range() takes no keyword arguments');
  if (args.length === 0) throw new PyError('TypeError', 'range expected at least 1 argument, got 0');
  if (args.length > 3) throw new PyError('TypeError', `range expected at most 3 arguments, got ${args.length}`);
  const [start, stop, step] = args.length === 1 ? [0, asIndex(args[0]), 1] : [asIndex(args[0]), asIndex(args[1]), args.length === 3 ? asIndex(args[2]) : 1];
  if (step === 0) throw new PyError('ValueError', 'range() arg 3 must not be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE) throw new PyError('OverflowError', `range() of ${count} items is too large to render (at most ${MAX_RANGE})`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(start + i * step);
  return out;
}

/** Jinja's `cycler(*items)`: `next()` gives the items in turn, `current` the next one, `reset()` starts over. */
class Cycler extends HostObject {
  readonly typeName = 'jinja2.utils.Cycler';
  private pos = 0;

  constructor(private readonly items: unknown[]) {
    super();
  }

  getattr(name: string): unknown {
    switch (name) {
      case 'items':
        return this.items;
      case 'current':
        return this.items[this.pos];
      case 'next':
        return new PyFunction('next', () => {
          const v = this.items[this.pos];
          this.pos = (this.pos + 1) % this.items.length;
          return v;
        });
      case 'reset':
        return new PyFunction('reset', () => {
          this.pos = 0;
          return null;
        });
      default:
        return new Undefined(name, this);
    }
  }
}

/** Jinja's `joiner(sep=', ')`: a function returning '' the first time, then `sep`. */
function joiner(args: unknown[], kwargs: Kwargs): PyFunction {
  const [sep] = bindArgs('joiner', [{ name: 'sep', default: ', ' }], args, kwargs).values;
  let used = false;
  return new PyFunction('joiner', () => {
    if (!used) {
      used = true;
      return '';
    }
    return sep;
  });
}

/** The default globals every template sees, below the Environment's globals and the render variables. */
export const BUILTINS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['range', new PyFunction('range', range)],
  ['dict', new PyFunction('dict', (args, kwargs) => dictUpdate(new Map(), args, kwargs, 'dict'))],
  [
    'namespace',
    new PyFunction('namespace', (args, kwargs) => {
      const ns = new Namespace();
      for (const [k, v] of dictUpdate(new Map(), args, kwargs, 'dict')) ns.attrs.set(String(k), v);
      return ns;
    }),
  ],
  [
    'cycler',
    new PyFunction('cycler', (args, kwargs) => {
      if (kwargs.size) throw new PyError('TypeError', `Cycler.__init__() got an unexpected keyword argument '${[...kwargs.keys()][0]}'`);
      if (!args.length) throw new PyError('RuntimeError', 'at least one item has to be provided');
      return new Cycler(args);
    }),
  ],
  ['joiner', new PyFunction('joiner', joiner)],
]);
