/**
 * Calling one state function for a low chunk: binding the chunk's arguments,
 * running the function with its own context, and checking what it returns.
 * This is the one place where a state function's exception (or a return of
 * the wrong shape) becomes a state return: result False, the error as
 * comment, as Salt's `State.call`.
 */
import { CommandExecutionError, errorMessage, SaltError, SaltInvocationError } from '../errors';
import { bindArgs } from '../loader/args';
import type { ExecContext, FunctionDef, Pillar } from '../loader/define';
import type { Loader } from '../loader/loader';
import { isDict } from '../python';
import type { StateReturn } from './define';
import type { LowChunk } from './low';
import { REQUISITE_KEYWORDS } from './requisites';

/** What state functions run with. */
export interface StateEnv {
  /** The context of the `state` execution function: its `salt`, `loader`, `files`, `log`, `signal`... serve the state modules. */
  ctx: ExecContext;
  /** The pillar of this run (overrides merged in). */
  pillar: Pillar;
  /** A loader over the state modules. */
  states: Loader;
}

/** Chunk keys that are the state system's business, never a state function's argument. */
const ENGINE_KEYS = new Set([...REQUISITE_KEYWORDS, 'state', 'fun', 'order', 'failhard', '__sls__', '__env__', '__id__']);

/** The chunk's arguments for the function: every key but the engine's. */
function chunkArgs(low: LowChunk): Record<string, unknown> {
  return Object.fromEntries(Object.entries(low).filter(([k]) => !ENGINE_KEYS.has(k)));
}

/**
 * Keyword arguments a function does not declare. Salt's `format_call` drops
 * them with a warning; brine refuses them so a mistyped argument never goes
 * unnoticed, with Salt's wording.
 */
function refuseUnknown(full: string, def: FunctionDef, kwargs: Record<string, unknown>): void {
  if (def.varkwargs) return;
  const declared = new Set(def.args.map((a) => a.name));
  const extra = Object.keys(kwargs).filter((k) => !declared.has(k));
  if (extra.length === 1) throw new SaltInvocationError(`'${extra[0]}' is an invalid keyword argument for '${full}'`);
  if (extra.length > 1) {
    const list = extra.slice(0, -1).map((k) => `'${k}'`).join(', ');
    throw new SaltInvocationError(`${list} and '${extra[extra.length - 1]}' are invalid keyword arguments for '${full}'`);
  }
}

/** Only the arguments `def` declares (all of them when it takes any keyword). */
function declaredOnly(def: FunctionDef, kwargs: Record<string, unknown>): Record<string, unknown> {
  if (def.varkwargs) return kwargs;
  const declared = new Set(def.args.map((a) => a.name));
  return Object.fromEntries(Object.entries(kwargs).filter(([k]) => declared.has(k)));
}

/**
 * Check a state function's return, as Salt's `verify_ret`; a list comment is joined with newlines.
 * @throws CommandExecutionError with Salt's message for anything but `{name, result, changes, comment}`
 */
function checkReturn(ret: unknown): StateReturn {
  if (!isDict(ret)) throw new CommandExecutionError('Malformed state return, return must be a dict');
  const missing = ['name', 'result', 'changes', 'comment'].filter((k) => !Object.hasOwn(ret, k));
  if (missing.length) throw new CommandExecutionError(`The following keys were not present in the state return: ${missing.join(',')}`);
  const { name, result, changes, comment } = ret;
  if (result !== true && result !== false && result !== null) {
    throw new CommandExecutionError(`Malformed state return: result must be True, False or None, not ${JSON.stringify(result)}`);
  }
  if (!isDict(changes)) throw new CommandExecutionError('Malformed state return: changes must be a dict');
  const text = Array.isArray(comment) && comment.every((c) => typeof c === 'string') ? comment.join('\n') : comment;
  if (typeof text !== 'string') throw new CommandExecutionError('Malformed state return: comment must be a string or a list of strings');
  return { name: String(name), result, changes, comment: text };
}

/** The comment for a state function that threw: the message of a Salt error, else Salt's "An exception occurred in this state: <trace>". */
function failureComment(err: unknown): string {
  if (err instanceof SaltError) return err.message;
  const trace = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `An exception occurred in this state: ${trace}`;
}

/** Per-state-module scratch space, kept in the `state` module's cache so it lives as long as the loader. */
function moduleCache(ctx: ExecContext, module: string): Map<string, unknown> {
  const key = `states:${module}`;
  const cached = ctx.cache.get(key);
  if (cached instanceof Map) return cached;
  const cache = new Map<string, unknown>();
  ctx.cache.set(key, cache);
  return cache;
}

/** How to call: in test mode or not; `modWatch` calls the module's `mod_watch` with `sfun` instead of the chunk's function. */
export interface CallMode {
  test: boolean;
  modWatch?: boolean;
}

/**
 * Run the chunk's state function (or its module's `mod_watch`) and return its
 * checked state return. In test mode the function sees `ctx.test` true, and a
 * result True that comes with changes is reported as None (would change).
 * Never throws: failures come back as result False (see the file doc).
 */
export async function callState(env: StateEnv, low: LowChunk, mode: CallMode): Promise<StateReturn> {
  const full = `${low.state}.${mode.modWatch ? 'mod_watch' : low.fun}`;
  try {
    const def = env.states.resolve(full);
    let kwargs = chunkArgs(low);
    // As Salt, a function that takes `saltenv` (file.managed, file.recurse) gets the chunk's environment.
    if (low.__env__ && kwargs.saltenv === undefined && def.args.some((a) => a.name === 'saltenv')) kwargs.saltenv = low.__env__;
    if (mode.modWatch) kwargs = declaredOnly(def, { ...kwargs, sfun: low.fun });
    else refuseUnknown(full, def, kwargs);
    const bound = bindArgs(full, def, [], kwargs);
    const ctx: ExecContext = {
      ...env.ctx,
      pillar: env.pillar,
      test: mode.test,
      cache: moduleCache(env.ctx, low.state),
      log: env.ctx.log.child({ state: full, id: low.__id__ }),
    };
    const ret = checkReturn(await def.run(ctx, bound));
    if (mode.test && ret.result === true && Object.keys(ret.changes).length) ret.result = null;
    return ret;
  } catch (err) {
    return { name: low.name, result: false, changes: {}, comment: failureComment(err) };
  }
}

/** True when the chunk's module has a `mod_watch` to call when a watched state changed. */
export function hasModWatch(env: StateEnv, low: LowChunk): boolean {
  const functions = env.states.module(low.state)?.functions;
  return functions !== undefined && Object.hasOwn(functions, 'mod_watch');
}

/**
 * Salt's check that every chunk's function exists (`verify_data`), before anything runs.
 * @returns "State 'x.y' was not found in SLS 'z'" errors (no SLS for state.single), with the loader's reason
 */
export function missingFunctions(env: StateEnv, chunks: LowChunk[]): string[] {
  const errors: string[] = [];
  for (const low of chunks) {
    const full = `${low.state}.${low.fun}`;
    try {
      env.states.resolve(full);
    } catch (err) {
      const where = low.__sls__ === null ? '' : ` in SLS '${low.__sls__}'`;
      errors.push(`State '${full}' was not found${where}\nReason: ${errorMessage(err)}\n`);
    }
  }
  return errors;
}
