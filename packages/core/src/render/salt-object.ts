/**
 * The `salt` variable of a template: Salt's function map, through which a
 * template calls execution functions, as `salt['pillar.get']('a:b')` or
 * `salt.pillar.get('a:b')`, and asks whether one exists with
 * `'pkg.install' in salt`.
 */
import type { SaltCaller } from '../loader/define';
import { HostObject, PyFunction, Undefined, fromData, toData, type Kwargs } from '../jinja/runtime/values';

/** The callable for `fun`: template arguments go in as data, the return comes back as template values. */
function functionOf(functions: SaltCaller, fun: string): PyFunction {
  return new PyFunction(fun, async (args: unknown[], kwargs: Kwargs) => {
    const kw = toData(kwargs) as Record<string, unknown>;
    return fromData(await functions.call(fun, args.map(toData), kw));
  });
}

/** `salt.pkg`: the functions of one module, as attributes. */
class SaltModule extends HostObject {
  readonly typeName = 'salt.loader.lazy.LoadedMod';

  constructor(private readonly functions: SaltCaller, private readonly module: string) {
    super();
  }

  getattr(name: string): unknown {
    const fun = `${this.module}.${name}`;
    return this.functions.has(fun) ? functionOf(this.functions, fun) : new Undefined(name, this);
  }
}

/**
 * Salt's `salt` in templates (salt.utils.templates.AliasedLoader over the
 * LazyLoader): `salt['mod.fun']` is the function, `salt.mod` the module,
 * `'mod.fun' in salt` tests that it is loaded. A function that is not loaded
 * reads as an Undefined, so calling it fails with Jinja's message naming it.
 */
export class SaltFunctionMap extends HostObject {
  readonly typeName = 'salt.utils.templates.AliasedLoader';

  constructor(private readonly functions: SaltCaller) {
    super();
  }

  getattr(name: string): unknown {
    return new SaltModule(this.functions, name);
  }

  override getitem(key: unknown): unknown {
    if (typeof key === 'string' && this.functions.has(key)) return functionOf(this.functions, key);
    return new Undefined(key, this);
  }

  /** `'mod.fun' in salt`. */
  contains(key: unknown): boolean {
    return typeof key === 'string' && this.functions.has(key);
  }
}
