/**
 * When a schedule job fires, as pure functions of its settings and the
 * clock (milliseconds since the epoch), after Salt 3006's scheduler:
 *
 * - an interval job first fires one interval after the scheduler starts (at
 *   once with `run_on_start`), then one interval after each run;
 * - a cron job at the cron expression's next match (croner; five fields, or
 *   six with seconds first);
 * - a `when` job at the next of its times (a time of day recurs daily);
 * - a `once` job at its time, if still to come.
 *
 * Each fire time gets a `splay`: a random whole number of seconds in
 * [start, end] (Salt's `random.randint`). A fire time outside `range`
 * (inside it with `invert`), before `after` or after `until` is skipped.
 */
import type { Range, ScheduleEntry, Splay } from './entry';
import { onDay, type TimeText } from '@brine/modules/lib/schedule-time';

const DAY_MS = 86_400_000;

/** The next instant of `times` strictly after `after` (a time of day today, else tomorrow), or undefined. */
export function nextWhen(times: readonly TimeText[], after: number): number | undefined {
  let best: number | undefined;
  for (const t of times) {
    let at = onDay(t, after);
    if (t.kind === 'daily' && at <= after) at = onDay(t, after + DAY_MS);
    if (at > after && (best === undefined || at < best)) best = at;
  }
  return best;
}

/** When `entry` first fires once the scheduler (re)starts at `now`, before splay; undefined: never. */
export function firstDue(entry: ScheduleEntry, now: number): number | undefined {
  if (entry.runOnStart) return now;
  return nextDue(entry, now);
}

/** When `entry` fires next after it fired (or was due) at `last`, before splay; undefined: never again. */
export function nextDue(entry: ScheduleEntry, last: number): number | undefined {
  const t = entry.timing;
  switch (t.kind) {
    case 'interval':
      return last + t.seconds * 1000;
    case 'cron':
      return t.cron.nextRun(new Date(last))?.getTime() ?? undefined;
    case 'when':
      return nextWhen(t.times, last);
    case 'once':
      return Number.isFinite(t.at) && t.at > last ? t.at : undefined;
  }
}

/** A splay in ms: whole seconds drawn uniformly from [start, end] with `random` (Math.random by default). */
export function splayMs(splay: Splay | undefined, random: () => number = Math.random): number {
  if (!splay) return 0;
  return (splay.start + Math.floor(random() * (splay.end - splay.start + 1))) * 1000;
}

/** Whether `now` is within `range` (its times of day taken on `now`'s date; an end before the start spans midnight). */
export function inRange(range: Range, now: number): boolean {
  const start = onDay(range.start, now);
  const end = onDay(range.end, now);
  const within = start <= end ? now >= start && now <= end : now >= start || now <= end;
  return range.invert ? !within : within;
}

/**
 * Why `entry` must not run at `now`, as Salt's `_skip_reason`: 'disabled', 'not_in_range', 'in_skip_range'
 * (outside an inverted range), 'until_passed', 'after_not_passed'; undefined when it may run.
 */
export function skipReason(entry: ScheduleEntry, now: number): string | undefined {
  if (!entry.enabled) return 'disabled';
  if (entry.until !== undefined && now > entry.until) return 'until_passed';
  if (entry.after !== undefined && now < entry.after) return 'after_not_passed';
  if (entry.range && !inRange(entry.range, now)) return entry.range.invert ? 'in_skip_range' : 'not_in_range';
  return undefined;
}
