/**
 * Salt 3006's `schedule.build_schedule_item`: a schedule job's settings from
 * the keyword arguments of schedule.add / schedule.modify, in Salt's order
 * and with its defaults (`maxrunning: 1`, `name`, `enabled: True`,
 * `jid_include: True`), or Salt's answer when they conflict or are malformed.
 */
import { isDict } from '@brine/core/python';
import { parseTimeTextOk } from './schedule-time';

/** Salt's `{'comment': ..., 'result': False}` answer of a failed build. */
export type BuildFailure = { comment: string; result: false };

const UNITS = ['seconds', 'minutes', 'hours', 'days'] as const;
const PASSED = [
  'range', 'when', 'once', 'once_fmt', 'cron', 'returner', 'after', 'return_config', 'return_kwargs', 'until', 'run_on_start', 'skip_during_range',
  // brine's fleet-wide cap (minion/schedule/governor.ts).
  'concurrency_group', 'concurrency_limit', 'concurrency_lease', 'concurrency_wait',
] as const;

/** Salt's message when an interval is combined with `when` or `cron` (`add`'s wording: with the "Error: " prefix, `build`'s without). */
export const TIME_CONFLICT = 'Unable to use "seconds", "minutes", "hours", or "days" with "when" or "cron" options.';
/** Salt's message when `when` and `cron` are combined. */
export const WHEN_CRON_CONFLICT = 'Unable to use "when" and "cron" options together.  Ignoring.';

/** Whether `kwargs` combine an interval with `when` or `cron`. */
export function timeConflict(kwargs: Record<string, unknown>): boolean {
  return UNITS.some((u) => u in kwargs) && ('when' in kwargs || 'cron' in kwargs);
}

/**
 * The job `name` as the keyword arguments describe it (`function`, the interval units, `job_args` as `args`,
 * `job_kwargs` as `kwargs`, `splay`, `when`...), or Salt's failure answer.
 */
export function buildScheduleItem(name: string, kwargs: Record<string, unknown>): Record<string, unknown> | BuildFailure {
  if (!name) return { comment: 'Job name is required.', result: false };
  const item: Record<string, unknown> = { function: kwargs.function };
  if (timeConflict(kwargs)) return { comment: TIME_CONFLICT, result: false };
  if ('when' in kwargs && 'cron' in kwargs) return { comment: WHEN_CRON_CONFLICT, result: false };
  for (const unit of UNITS) if (unit in kwargs) item[unit] = kwargs[unit];
  if ('return_job' in kwargs) item.return_job = kwargs.return_job;
  if ('metadata' in kwargs) item.metadata = kwargs.metadata;
  if ('job_args' in kwargs) {
    if (!Array.isArray(kwargs.job_args)) return { comment: 'job_args is not a list. please correct and try again.', result: false };
    item.args = kwargs.job_args;
  }
  if ('job_kwargs' in kwargs) {
    if (!isDict(kwargs.job_kwargs)) return { comment: 'job_kwargs is not a dict. please correct and try again.', result: false };
    item.kwargs = kwargs.job_kwargs;
  }
  item.maxrunning = 'maxrunning' in kwargs ? kwargs.maxrunning : 1;
  item.name = 'name' in kwargs ? kwargs.name : name;
  item.enabled = 'enabled' in kwargs ? kwargs.enabled : true;
  item.jid_include = 'jid_include' in kwargs ? kwargs.jid_include : true;
  if ('splay' in kwargs) {
    const splay = kwargs.splay;
    item.splay = isDict(splay) ? { start: splay.start, end: splay.end } : splay;
  }
  if ('when' in kwargs) {
    for (const when of Array.isArray(kwargs.when) ? kwargs.when : [kwargs.when]) {
      if (!parseTimeTextOk(when)) return { comment: `Schedule item ${String(when)} for "when" in invalid.`, result: false };
    }
  }
  for (const key of PASSED) if (key in kwargs) item[key] = kwargs[key];
  return item;
}

/** Whether {@link buildScheduleItem} failed. */
export function isBuildFailure(item: Record<string, unknown> | BuildFailure): item is BuildFailure {
  return item.result === false && 'comment' in item && !('function' in item);
}
