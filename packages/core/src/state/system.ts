/**
 * The state system for one request (`state.apply`, `state.show_sls`, ...):
 * the stages of Salt's state compiler wired together, each callable alone:
 * top file -> SLS names -> high data (compile.ts) -> low chunks (low.ts) ->
 * results (run.ts).
 */
import { SaltInvocationError } from '../errors';
import type { ExecContext, ModuleDef, Pillar } from '../loader/define';
import { Loader } from '../loader/loader';
import { setOwn } from '../traverse';
import { isDict } from '../python';
import { missingFunctions } from './call';
import { StateCompileError } from './compile-error';
import { compileHigh, type CompileEnv } from './compile';
import type { HighData } from './high';
import { compileLow, type LowChunk } from './low';
import type { StateResults } from './result';
import { runChunks, type RunEnv } from './run';
import { compileTop, topRefs, type Top } from './top';

/** One request to the state system. */
export interface StateRequest {
  /** The context of the calling execution function (file server, execution modules, grains, opts, log, signal). */
  ctx: ExecContext;
  /** The state modules (states/index.ts STATES). */
  states: ModuleDef[];
  /** Environment to read from; unset means 'base' for SLS, and every environment of base's top file for a highstate. */
  saltenv?: string;
  /** Pillar merged over `ctx.pillar` for this request. */
  pillar?: Record<string, unknown>;
  /** Dry run. */
  test: boolean;
}

/** Salt's `salt.utils.dictupdate.merge`: mappings merge key by key, anything else in `over` replaces. */
export function mergePillar(base: Pillar, over: Record<string, unknown>): Pillar {
  const out: Pillar = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const old = Object.hasOwn(out, k) ? out[k] : undefined;
    setOwn(out, k, isDict(v) && isDict(old) ? mergePillar(old, v) : v);
  }
  return out;
}

/**
 * Salt's return for a highstate whose top file selects nothing for this
 * minion: one failed pseudo-state `no_|-states_|-states_|-None`.
 */
export function noStatesReturn(): Record<string, unknown> {
  return {
    'no_|-states_|-states_|-None': {
      result: false,
      comment: 'No Top file or master_tops data matches found. Please see master log for details.',
      name: 'No States',
      changes: {},
      __run_num__: 0,
    },
  };
}

/** The stages of the state compiler for one request. */
export class StateSystem {
  private readonly compileEnv: CompileEnv;
  private readonly runEnv: RunEnv;

  constructor(private readonly req: StateRequest) {
    const { ctx } = req;
    const pillar = req.pillar ? mergePillar(ctx.pillar, req.pillar) : ctx.pillar;
    this.compileEnv = { files: ctx.files, salt: ctx.salt, grains: ctx.grains, pillar, opts: ctx.opts };
    this.runEnv = { ctx, pillar, states: new Loader(req.states, ctx.opts, ctx.grains), test: req.test, failhard: ctx.opts.failhard };
  }

  /** The top file's SLS for this minion. @throws StateCompileError */
  top(): Promise<Top> {
    const { ctx } = this.req;
    return compileTop(this.compileEnv, { id: ctx.opts.id, grains: ctx.grains, pillar: this.compileEnv.pillar }, this.req.saltenv);
  }

  /** High data of the highstate, or undefined when the top file selects nothing. @throws StateCompileError */
  async highstate(): Promise<HighData | undefined> {
    const refs = topRefs(await this.top());
    return refs.length ? compileHigh(this.compileEnv, refs) : undefined;
  }

  /** High data of SLS `mods` (and their includes). @throws StateCompileError */
  sls(mods: string[]): Promise<HighData> {
    const saltenv = this.req.saltenv ?? 'base';
    return compileHigh(this.compileEnv, mods.map((sls) => ({ sls, saltenv })));
  }

  /** Low chunks of high data, in run order. */
  low(high: HighData): LowChunk[] {
    return compileLow(high);
  }

  /**
   * Run low chunks.
   * @throws StateCompileError for a state function that does not exist;
   *   SaltRenderError for a dangling, malformed or cyclic requisite (nothing runs then)
   */
  run(chunks: LowChunk[]): Promise<StateResults> {
    const missing = missingFunctions(this.runEnv, chunks);
    if (missing.length) throw new StateCompileError(missing);
    return runChunks(chunks, this.runEnv);
  }

  /**
   * Run one state function outside any SLS, as `state.single pkg.installed name=vim`.
   * @param fun 'module.function'
   * @throws SaltInvocationError when `fun` has no module part; otherwise as {@link run}
   */
  single(fun: string, name: string, kwargs: Record<string, unknown>): Promise<StateResults> {
    const dot = fun.indexOf('.');
    if (dot <= 0) throw new SaltInvocationError(`Invalid function passed: '${fun}' (expected module.function, e.g. file.touch)`);
    const chunk: LowChunk = { ...kwargs, state: fun.slice(0, dot), fun: fun.slice(dot + 1), __id__: name, name, __sls__: null, __env__: this.req.saltenv ?? 'base', order: 1 };
    return this.run([chunk]);
  }
}
