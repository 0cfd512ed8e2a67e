/**
 * The loader: resolves 'mod.fun' against a static registry of execution
 * modules, binds arguments and runs the function with an {@link ExecContext}.
 * One loader serves the minion and salt-call. Errors use Salt's messages:
 * `'x.y' is not available.` and `'x' __virtual__ returned False: <reason>`.
 */
import type { MinionConfig } from '../config/minion';
import { CommandExecutionError } from '../errors';
import { bindArgs } from './args';
import { moduleKey, type ExecContext, type FunctionDef, type FunctionSet, type Grains, type LoaderView, type ModuleDef } from './define';

/** The parts of an {@link ExecContext} the caller provides; the loader adds `salt`, `loader` and `cache`. */
export type CallContext = Omit<ExecContext, 'salt' | 'loader' | 'cache'>;

/** Modules sorted by the name users type. */
function sortByKey(defs: ModuleDef[]): ModuleDef[] {
  return [...defs].sort((a, b) => moduleKey(a).localeCompare(moduleKey(b)));
}

/** A function that is unknown or whose module did not load. */
export class FunctionNotAvailable extends CommandExecutionError {}

/** What a loader knows besides its execution modules (all optional: a test loader needs none). */
export interface LoaderOptions {
  /** Custom modules whose files did not load, by module name, with why; calls to them answer with the reason (Salt's missing_modules). */
  broken?: ReadonlyMap<string, string>;
  /** The state modules (built-in and custom) the `state` module runs, for `sys.list_state_modules` and `sys.state_doc`. */
  states?: ModuleDef[];
  /** The runner modules of this installation, for `sys.list_runners` (called only when asked: they load the master's code). */
  runners?: () => FunctionSet<unknown>[];
}

/**
 * Loads a set of module definitions for one host and dispatches calls to
 * them. Later definitions of a name replace earlier ones, so custom modules
 * listed after the built-ins override them, as Salt's extension modules do.
 */
export class Loader implements LoaderView {
  private readonly loaded = new Map<string, ModuleDef>();
  /** Names no module serves because every provider's `virtual` check refused or its file failed to load, with the (last) reason. */
  readonly failed = new Map<string, string>();
  private readonly caches = new Map<string, Map<string, unknown>>();
  private options: LoaderOptions = {};
  /** File names of the definitions whose `virtual` check refused. */
  private readonly refused: string[] = [];

  /**
   * @param defs the registry (modules/index.ts), plus any extension modules (after it)
   * @param opts the minion configuration, passed to each module's `virtual` check
   * @param grains this host's grains, passed to each module's `virtual` check
   */
  constructor(defs: ModuleDef[], opts: MinionConfig, grains: Grains, options: LoaderOptions = {}) {
    this.load(defs, opts, grains, options);
  }

  /**
   * Replace every module with `defs` (saltutil.sync_modules, refresh_modules): calls
   * already running finish with the definitions they started with; a module whose
   * definition changed loses its `ctx.cache`.
   */
  reload(defs: ModuleDef[], opts: MinionConfig, grains: Grains, options: LoaderOptions = {}): void {
    const before = new Map(this.loaded);
    this.loaded.clear();
    this.failed.clear();
    this.refused.length = 0;
    this.load(defs, opts, grains, options);
    for (const [key, def] of before) if (this.loaded.get(key) !== def) this.caches.delete(key);
  }

  private load(defs: ModuleDef[], opts: MinionConfig, grains: Grains, options: LoaderOptions): void {
    this.options = options;
    for (const [name, reason] of options.broken ?? []) this.failed.set(name, reason);
    for (const def of defs) {
      const key = moduleKey(def);
      let verdict: true | string;
      try {
        verdict = def.virtual ? def.virtual(opts, grains) : true;
      } catch (err) {
        verdict = err instanceof Error ? err.message : String(err);
      }
      if (verdict === true) this.loaded.set(key, def);
      else {
        this.failed.set(key, verdict);
        this.refused.push(def.name);
      }
    }
    // A name some provider serves is available, whatever its other providers said (Salt's virtual names).
    for (const key of this.loaded.keys()) this.failed.delete(key);
  }

  /** State modules, sorted by the name users type. */
  stateModules(): ModuleDef[] {
    return sortByKey(this.options.states ?? []);
  }

  /** Runner modules, sorted by name. */
  runners(): FunctionSet<unknown>[] {
    return [...(this.options.runners?.() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Loaded modules, sorted by the name users type. */
  modules(): ModuleDef[] {
    return sortByKey([...this.loaded.values()]);
  }

  /** The loaded module users call `name`, if any. */
  module(name: string): ModuleDef | undefined {
    return this.loaded.get(name);
  }

  /** File names of the definitions that did not load here, sorted. */
  notLoaded(): string[] {
    return [...this.refused].sort();
  }

  /**
   * Find a function by 'mod.fun'.
   * @throws FunctionNotAvailable with Salt's message when unknown or not loaded
   */
  resolve(fun: string): FunctionDef {
    const dot = fun.lastIndexOf('.');
    const modName = dot > 0 ? fun.slice(0, dot) : '';
    const fnName = dot > 0 ? fun.slice(dot + 1) : '';
    const reason = this.failed.get(modName);
    if (reason !== undefined) throw new FunctionNotAvailable(`'${modName}' __virtual__ returned False: ${reason}`);
    const functions = this.loaded.get(modName)?.functions;
    if (!functions || !Object.hasOwn(functions, fnName)) throw new FunctionNotAvailable(`'${fun}' is not available.`);
    return functions[fnName];
  }

  /** True when `fun` ('mod.fun') resolves to a loaded function. */
  has(fun: string): boolean {
    const dot = fun.lastIndexOf('.');
    const functions = dot > 0 ? this.loaded.get(fun.slice(0, dot))?.functions : undefined;
    return functions !== undefined && Object.hasOwn(functions, fun.slice(dot + 1));
  }

  /**
   * Run `fun` with CLI-style `arg` and `kwarg`.
   * @returns whatever the function returns
   * @throws FunctionNotAvailable, SaltInvocationError (binding), or what the function throws
   */
  async call(fun: string, arg: unknown[], kwarg: Record<string, unknown>, base: CallContext): Promise<unknown> {
    const def = this.resolve(fun);
    // `test=True` reaches every function through ctx.test; only those that declare it also get it bound.
    const { test: _test, ...rest } = kwarg;
    const declaresTest = def.varkwargs || def.args.some((a) => a.name === 'test');
    const bound = bindArgs(fun, def, arg, declaresTest ? kwarg : rest);
    const modName = fun.slice(0, fun.lastIndexOf('.'));
    let cache = this.caches.get(modName);
    if (!cache) this.caches.set(modName, (cache = new Map()));
    const ctx: ExecContext = {
      ...base,
      log: base.log.child({ fun }),
      cache,
      loader: this,
      salt: { call: (f, a = [], k = {}) => this.call(f, a, k, base), has: (f) => this.has(f) },
    };
    return def.run(ctx, bound);
  }
}
