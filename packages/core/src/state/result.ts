/**
 * The entries of a state run's return, as Salt's `State.call` shapes them:
 * the state module's `{name, result, changes, comment}` plus timing and
 * bookkeeping, keyed by the chunk's tag `module_|-id_|-name_|-function`.
 */
import { performance } from 'node:perf_hooks';
import type { StateReturn } from './define';

/** The fields of a low chunk that name it (see compile.ts for the whole chunk). */
export interface ChunkName {
  state: string;
  __id__: string;
  name: string;
  fun: string;
}

/**
 * One state's entry in a run's return.
 * - `duration`: milliseconds as a float with microsecond resolution (Salt rounds the same way).
 * - `start_time`: local wall-clock time the state started, Python's `time.isoformat()`: 'HH:MM:SS.ffffff'.
 * - `__run_num__`: 0-based position in execution order (the outputter sorts on it).
 * - `__sls__`: the SLS the state came from; null for `state.single`, as Salt.
 * - `__state_ran__`: false when a requisite (onchanges, onfail) skipped the state.
 */
export interface StateResult extends StateReturn {
  duration: number;
  start_time: string;
  __run_num__: number;
  __sls__: string | null;
  __id__: string;
  __state_ran__?: false;
}

/** A run's return: tag -> entry, in execution order. */
export type StateResults = Record<string, StateResult>;

/** Salt's `_gen_tag`: `state_|-__id___|-name_|-fun`, the key of a chunk's entry. */
export function chunkTag(low: ChunkName): string {
  return `${low.state}_|-${low.__id__}_|-${low.name}_|-${low.fun}`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** Python's `datetime.time.isoformat()` of the local time at `epochMs`: 'HH:MM:SS.ffffff', or 'HH:MM:SS' on a whole second. */
export function isoTime(epochMs: number): string {
  const micros = Math.round(epochMs * 1000);
  const date = new Date(Math.floor(micros / 1000));
  const hms = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  const frac = micros % 1_000_000;
  return frac === 0 ? hms : `${hms}.${String(frac).padStart(6, '0')}`;
}

/** Times one state: `start_time` when created, `duration` when read. */
export class Stopwatch {
  private readonly started = performance.now();
  /** Local start time, 'HH:MM:SS.ffffff'. */
  readonly start_time = isoTime(performance.timeOrigin + this.started);

  /** Milliseconds since creation, rounded to the microsecond, as Salt's `(delta.seconds * 1e6 + delta.microseconds) / 1000`. */
  duration(): number {
    return Math.round((performance.now() - this.started) * 1000) / 1000;
  }
}
