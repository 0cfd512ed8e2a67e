/**
 * The date and time strings a schedule entry's `when`, `range`, `once`,
 * `until` and `after` take. Salt parses them with python-dateutil, which
 * reads almost anything; brine reads the subset Salt's documentation and
 * users write:
 *
 * - a time of day: `5:00pm`, `5pm`, `5:30:15 PM`, `17:00`, `17:00:30`
 *   (meaning that time today, in local time, as dateutil fills in today's date);
 * - a date, with or without a time: `2026-12-04`, `2026-12-04 17:00`,
 *   `2026-12-04T17:00:00`, `12/04/2026 5:00pm` (month first, as dateutil),
 *   ISO 8601 with a zone (`2026-12-04T17:00:00Z`, `+01:00`).
 *
 * Anything else is refused with a clear error rather than guessed.
 */
import { SaltInvocationError } from '@brine/core/errors';

/** A parsed time string: a time of day (recurring daily), or one instant. */
export type TimeText = { kind: 'daily'; seconds: number } | { kind: 'instant'; ms: number };

const TIME_OF_DAY = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i;
const DATE_ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Seconds since midnight of a time of day, or undefined when `text` is not one. */
function timeOfDay(text: string): number | undefined {
  const m = TIME_OF_DAY.exec(text.trim());
  if (!m || (m[2] === undefined && m[4] === undefined)) return undefined;
  let hours = Number(m[1]);
  const minutes = Number(m[2] ?? 0);
  const seconds = Number(m[3] ?? 0);
  if (m[4]) {
    if (hours < 1 || hours > 12) return undefined;
    const pm = m[4].toLowerCase().startsWith('p');
    hours = (hours % 12) + (pm ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  return hours * 3600 + minutes * 60 + seconds;
}

/**
 * Parse a schedule time string (see the module note).
 * @param what the setting it came from, for the error ("when", "range start"...)
 * @throws SaltInvocationError when it is not one of the supported forms
 */
export function parseTimeText(text: unknown, what: string): TimeText {
  const s = typeof text === 'string' || typeof text === 'number' ? String(text).trim() : '';
  const daily = timeOfDay(s);
  if (daily !== undefined) return { kind: 'daily', seconds: daily };
  // A date, then optionally a time of day after a space or a T.
  const split = /^(\S+?)(?:[T ](.+))?$/.exec(s);
  if (split) {
    const iso = DATE_ISO.exec(split[1]);
    const us = DATE_US.exec(split[1]);
    const ymd = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : undefined;
    const secs = split[2] === undefined ? 0 : timeOfDay(split[2]);
    if (ymd && secs !== undefined) {
      const [y, mo, d] = ymd.map(Number);
      const date = new Date(y, mo - 1, d, 0, 0, secs);
      if (date.getMonth() === mo - 1 && date.getDate() === d) return { kind: 'instant', ms: date.getTime() };
    }
  }
  // ISO 8601 with a zone or fractions: what Date.parse reads reliably.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const ms = Date.parse(s);
    if (!Number.isNaN(ms)) return { kind: 'instant', ms };
  }
  throw new SaltInvocationError(`Invalid date string ${JSON.stringify(text)} for ${what}: use a time of day (5:00pm, 17:00) or a date and time (2026-12-04 17:00)`);
}

/**
 * The instant a parsed time string means relative to `now`: an instant as is, a time of day on `now`'s date
 * (local time), as dateutil fills in today.
 */
export function onDay(t: TimeText, now: number): number {
  if (t.kind === 'instant') return t.ms;
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), 0, 0, t.seconds).getTime();
}

/** Whether `text` is a schedule time string {@link parseTimeText} reads. */
export function parseTimeTextOk(text: unknown): boolean {
  try {
    parseTimeText(text, 'when');
    return true;
  } catch {
    return false;
  }
}
