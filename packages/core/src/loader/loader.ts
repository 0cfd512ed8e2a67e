/**
 * The loader: resolves 'mod.fun' against a static registry of execution
 * modules, binds arguments and runs the function with an {@link ExecContext}.
 * One loader serves the minion and salt-call. Errors use Salt's messages:
 * `'x.y' is not available.` and `'x' __virtual__ returned False: <reason>`.
 */
import type { MinionConfig } from '../config/minion';
import { CommandExecutionError } from '../errors';
import { bindArgs } from './args';
import { moduleKey, type ExecContext, type FunctionDef, type Grains, type LoaderView, type ModuleDef } from './define';

/** The parts of an {@link ExecContext} the caller provides; the loader adds `salt`, `loader` and `cache`. */
export type CallContext = Omit<ExecContext, 'salt' | 'loader' | 'cache'>;

/** A function that is unknown or whose module did not load. */
export class FunctionNotAvailable extends CommandExecutionError {}

/** Loads a set of module definitions for one host and dispatches calls to them. */
export class Loader implements LoaderView {
  private readonly loaded = new Map<string, ModuleDef>();
  /** Names no module serves because every provider's `virtual` check refused, with the (last) reason. */
  readonly failed = new Map<string, string>();
  private readonly caches = new Map<string, Map<string, unknown>>();
  /** File names of the definitions whose `virtual` check refused. */
  private readonly refused: string[] = [];

  /**
   * @param defs the registry (modules/index.ts), plus any extension modules
   * @param opts the minion configuration, passed to each module's `virtual` check
   * @param grains this host's grains, passed to each module's `virtual` check
   */
  constructor(defs: ModuleDef[], opts: MinionConfig, grains: Grains) {
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

  /** Loaded modules, sorted by the name users type. */
  modules(): ModuleDef[] {
    return [...this.loaded.values()].sort((a, b) => moduleKey(a).localeCompare(moduleKey(b)));
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
      salt: { call: (f, a = [], k = {}) => this.call(f, a, k, base) },
    };
    return def.run(ctx, bound);
  }
}
