/**
 * One job of the minion's schedule, read from its settings as Salt 3006's
 * scheduler reads them (salt/utils/schedule.py): `function`, `args`,
 * `kwargs`, an interval (`seconds` + `minutes` + `hours` + `days`) or `cron`
 * or `when` or `once`, `splay`, `range`, `until`, `after`, `maxrunning`
 * (default 1), `run_on_start`, `returner`, `return_job` (default True),
 * `enabled` (default True), `metadata`. A setting of the wrong type makes the
 * whole job invalid: the scheduler logs why and skips it, as Salt logs
 * "_error" and skips.
 */
import { Cron } from 'croner';
import { errorMessage } from '@brine/core/errors';
import { isDict } from '@brine/core/python';
import { parseTimeText, type TimeText } from '@brine/modules/lib/schedule-time';
import { slotSpec, type SlotSpec } from './governor';

/** A splay: a random whole number of seconds in [start, end] added to each fire time. */
export interface Splay {
  start: number;
  end: number;
}

/** A range: the job runs only between `start` and `end` (outside them with `invert`). */
export interface Range {
  start: TimeText;
  end: TimeText;
  invert: boolean;
}

/** When a job fires, before splay. */
export type Timing =
  | { kind: 'interval'; seconds: number }
  | { kind: 'cron'; cron: Cron; expr: string }
  | { kind: 'when'; times: TimeText[] }
  | { kind: 'once'; at: number };

/** A schedule job, checked. */
export interface ScheduleEntry {
  name: string;
  function: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  timing: Timing;
  splay?: Splay;
  range?: Range;
  until?: number;
  after?: number;
  maxrunning: number;
  runOnStart: boolean;
  returner?: string;
  returnJob: boolean;
  enabled: boolean;
  metadata?: Record<string, unknown>;
  /** The job's settings as written, for settings the scheduler itself does not read (e.g. `concurrency_group`). */
  settings: Record<string, unknown>;
  /** The fleet-wide cap: `concurrency_group` and its limit, lease and wait (governor.ts); absent, the job runs ungoverned. */
  concurrency?: SlotSpec;
}

/** Salt's truthiness of a setting that may be written 'true'/'false' (schedule.list reads them so). */
function flag(value: unknown, dflt: boolean): boolean {
  if (value === undefined || value === null) return dflt;
  if (value === 'false' || value === 'False') return false;
  return Boolean(value);
}

/** The shortest interval a job fires at, in seconds (Salt's scheduler loop_interval, 1 s). */
export const MIN_INTERVAL_S = 1;

function num(job: Record<string, unknown>, key: string): number {
  const v = job[key];
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`${key} must be a number of ${key}, not ${JSON.stringify(v)}`);
  return n;
}

function splayOf(value: unknown): Splay | undefined {
  if (value === undefined || value === null || value === 0) return undefined;
  if (isDict(value)) {
    const start = Number(value.start ?? 0);
    const end = Number(value.end);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) throw new Error(`splay needs whole seconds start <= end, not ${JSON.stringify(value)}`);
    return { start, end };
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`splay must be whole seconds or {start, end}, not ${JSON.stringify(value)}`);
  return { start: 0, end: n };
}

function timingOf(job: Record<string, unknown>): Timing {
  const seconds = num(job, 'seconds') + num(job, 'minutes') * 60 + num(job, 'hours') * 3600 + num(job, 'days') * 86400;
  const has = (k: string) => job[k] !== undefined && job[k] !== null;
  const kinds = [seconds > 0, has('cron'), has('when'), has('once')].filter(Boolean).length;
  if (kinds > 1) throw new Error('Unable to use "seconds", "minutes", "hours", or "days" with "when" or "cron" options.');
  // Salt's scheduler evaluates its jobs once a loop_interval (1 s): a shorter interval fires once a second, not in a busy loop.
  if (seconds > 0) return { kind: 'interval', seconds: Math.max(seconds, MIN_INTERVAL_S) };
  if (has('cron')) {
    const expr = String(job.cron);
    try {
      return { kind: 'cron', cron: new Cron(expr, { paused: true }), expr };
    } catch (err) {
      throw new Error(`Invalid cron string ${JSON.stringify(expr)}: ${errorMessage(err)}`);
    }
  }
  if (has('when')) {
    const list = Array.isArray(job.when) ? job.when : [job.when];
    return { kind: 'when', times: list.map((w) => parseTimeText(w, 'when')) };
  }
  if (has('once')) {
    const at = parseTimeText(job.once, 'once');
    return { kind: 'once', at: at.kind === 'instant' ? at.ms : Number.NaN };
  }
  throw new Error('No interval, cron, when or once: the job never runs');
}

function instant(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const t = parseTimeText(value, what);
  if (t.kind !== 'instant') throw new Error(`${what} needs a date, not a time of day: ${JSON.stringify(value)}`);
  return t.ms;
}

/**
 * Read job `name` of a schedule.
 * @returns the entry, or an error sentence saying why it cannot run (logged by the scheduler)
 */
export function parseEntry(name: string, job: unknown): ScheduleEntry | string {
  if (!isDict(job)) return `Job ${name}: the job must be a dict, not ${JSON.stringify(job)}`;
  try {
    if (typeof job.function !== 'string' || !job.function.includes('.')) throw new Error(`"function" must name a module function, not ${JSON.stringify(job.function)}`);
    if (job.args !== undefined && job.args !== null && !Array.isArray(job.args)) throw new Error('"args" must be a list');
    if (job.kwargs !== undefined && job.kwargs !== null && !isDict(job.kwargs)) throw new Error('"kwargs" must be a dict');
    const range = job.range;
    if (range !== undefined && !isDict(range)) throw new Error('"range" must be a dict of start and end');
    const maxrunning = job.maxrunning === undefined || job.maxrunning === null ? 1 : Number(job.maxrunning);
    if (!Number.isInteger(maxrunning) || maxrunning < 1) throw new Error(`"maxrunning" must be a whole number, 1 or more, not ${JSON.stringify(job.maxrunning)}`);
    if (job.metadata !== undefined && !isDict(job.metadata)) throw new Error('"metadata" must be a dict');
    return {
      name,
      function: job.function,
      args: Array.isArray(job.args) ? job.args : [],
      kwargs: isDict(job.kwargs) ? job.kwargs : {},
      timing: timingOf(job),
      splay: splayOf(job.splay),
      range: range ? { start: parseTimeText(range.start, 'range start'), end: parseTimeText(range.end, 'range end'), invert: flag(range.invert, false) } : undefined,
      until: instant(job.until, 'until'),
      after: instant(job.after, 'after'),
      maxrunning,
      runOnStart: flag(job.run_on_start, false),
      returner: typeof job.returner === 'string' && job.returner ? job.returner : undefined,
      returnJob: flag(job.return_job, true),
      enabled: flag(job.enabled, true),
      metadata: isDict(job.metadata) ? job.metadata : undefined,
      settings: job,
      concurrency: slotSpec(job),
    };
  } catch (err) {
    return `Job ${name}: ${errorMessage(err)}`;
  }
}
