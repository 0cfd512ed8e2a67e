/**
 * Jinja2's `loop` variable inside `{% for %}` (jinja2/runtime.py
 * LoopContext): position attributes, `previtem`/`nextitem`, `cycle()`,
 * `changed()`, and `loop(items)` for recursive loops.
 */
import { HostObject, PyError, PyFunction, Undefined, pyEquals, tuple, type PyTuple } from './values';

/** Renders a recursive loop over new items, one level deeper; returns its output. */
export type LoopRecurse = (items: unknown) => Promise<string>;

/** The `loop` object of one loop; the evaluator advances {@link LoopContext.index0} per item. */
export class LoopContext extends HostObject {
  readonly typeName = 'jinja2.runtime.LoopContext';
  /** The 0-based position of the current item. */
  index0 = -1;
  private lastChanged: PyTuple | null = null;

  /**
   * @param items every item the loop runs over (after its `if` clause)
   * @param depth0 the recursion level, 0 at the top
   * @param recurse how `loop(items)` renders, or null when the loop is not `recursive`
   */
  constructor(
    private readonly items: readonly unknown[],
    readonly depth0: number,
    readonly recurse: LoopRecurse | null,
  ) {
    super();
  }

  /** `loop.index`, `loop.length`, `loop.cycle`... as Jinja's LoopContext; an Undefined for other names. */
  getattr(name: string): unknown {
    const length = this.items.length;
    const i = this.index0;
    switch (name) {
      case 'index0':
        return i;
      case 'index':
        return i + 1;
      case 'revindex':
        return length - i;
      case 'revindex0':
        return length - i - 1;
      case 'first':
        return i === 0;
      case 'last':
        return i === length - 1;
      case 'length':
        return length;
      case 'depth0':
        return this.depth0;
      case 'depth':
        return this.depth0 + 1;
      case 'previtem':
        return i > 0 ? this.items[i - 1] : new Undefined(null, undefined, 'there is no previous item');
      case 'nextitem':
        return i < length - 1 ? this.items[i + 1] : new Undefined(null, undefined, 'there is no next item');
      case 'cycle':
        return new PyFunction('cycle', (args) => {
          if (!args.length) throw new PyError('TypeError', 'no items for cycling given');
          return args[i % args.length];
        });
      case 'changed':
        return new PyFunction('changed', (args) => {
          const value = tuple(args);
          if (this.lastChanged !== null && pyEquals(this.lastChanged, value)) return false;
          this.lastChanged = value;
          return true;
        });
      default:
        return new Undefined(name, this);
    }
  }

  /** Jinja's repr: `<LoopContext 1/3>`. */
  override repr(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}
