/**
 * Salt 3006's `strftime` filter (alias `date_format`, salt/utils/dateutils.py)
 * without timelib, as Salt's packages ship: the value is a Unix timestamp
 * (a number or a str of one), or None for now, shown in the host's local
 * time (a naive datetime: `%z` and `%Z` are empty), with C's strftime
 * directives as glibc prints them.
 */
import { PyError, pyStr } from '../runtime/values';
import { defineFilter, p } from './define';
import { parsePyFloat } from './py-numbers';
import type { FilterFn } from './types';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `n` zero-padded to `width`. */
function pad(n: number, width = 2, fill = '0'): string {
  return String(n).padStart(width, fill);
}

/** Day of the year, 1-based. */
function yearDay(d: Date): number {
  return Math.round((Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) - Date.UTC(d.getFullYear(), 0, 1)) / 86400000) + 1;
}

/** The ISO 8601 week-numbering year and week of `d`. */
function isoWeek(d: Date): [number, number] {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const start = Date.UTC(t.getUTCFullYear(), 0, 1);
  return [t.getUTCFullYear(), Math.ceil(((t.getTime() - start) / 86400000 + 1) / 7)];
}

/** One strftime directive of `d` (microseconds `us`), or null when unknown (printed as is, as glibc). */
function directive(c: string, d: Date, us: number): string | null {
  const h = d.getHours();
  const wd = d.getDay();
  switch (c) {
    case 'a': return (DAYS[wd] as string).slice(0, 3);
    case 'A': return DAYS[wd] as string;
    case 'b': case 'h': return (MONTHS[d.getMonth()] as string).slice(0, 3);
    case 'B': return MONTHS[d.getMonth()] as string;
    case 'c': return `${directive('a', d, us)} ${directive('b', d, us)} ${pad(d.getDate(), 2, ' ')} ${directive('T', d, us)} ${d.getFullYear()}`;
    case 'C': return pad(Math.floor(d.getFullYear() / 100));
    case 'd': return pad(d.getDate());
    case 'D': return `${pad(d.getMonth() + 1)}/${pad(d.getDate())}/${pad(d.getFullYear() % 100)}`;
    case 'e': return pad(d.getDate(), 2, ' ');
    case 'f': return pad(us, 6);
    case 'F': return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    case 'G': return String(isoWeek(d)[0]);
    case 'H': return pad(h);
    case 'I': return pad(h % 12 || 12);
    case 'j': return pad(yearDay(d), 3);
    case 'k': return pad(h, 2, ' ');
    case 'l': return pad(h % 12 || 12, 2, ' ');
    case 'm': return pad(d.getMonth() + 1);
    case 'M': return pad(d.getMinutes());
    case 'n': return '\n';
    case 'p': return h < 12 ? 'AM' : 'PM';
    case 'r': return `${directive('I', d, us)}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${directive('p', d, us)}`;
    case 'R': return `${pad(h)}:${pad(d.getMinutes())}`;
    case 's': return String(Math.floor(d.getTime() / 1000));
    case 'S': return pad(d.getSeconds());
    case 't': return '\t';
    case 'T': return `${pad(h)}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    case 'u': return String(wd || 7);
    case 'U': return pad(Math.floor((yearDay(d) - 1 - wd + 7) / 7));
    case 'V': return pad(isoWeek(d)[1]);
    case 'w': return String(wd);
    case 'W': return pad(Math.floor((yearDay(d) - 1 - ((wd + 6) % 7) + 7) / 7));
    case 'x': return directive('D', d, us);
    case 'X': return directive('T', d, us);
    case 'y': return pad(d.getFullYear() % 100);
    case 'Y': return String(d.getFullYear());
    case 'z': case 'Z': return '';
    case '%': return '%';
    default: return null;
  }
}

/** Python's `datetime.strftime(format)` on a naive local datetime. */
export function strftime(d: Date, us: number, format: string): string {
  return format.replace(/%(.?)/gs, (whole, c: string) => directive(c, d, us) ?? whole);
}

/**
 * salt.utils.dateutils.date_cast without timelib: None is now; a number or a
 * str of digits or of a float is a Unix timestamp.
 * @throws PyError RuntimeError `Unable to parse x. Consider installing timelib`
 */
function dateCast(value: unknown): { date: Date; us: number } {
  let ts: number | null;
  if (value === null || value === undefined) ts = Date.now() / 1000;
  else if (typeof value === 'number') ts = value;
  else if (typeof value === 'string') ts = /^[0-9]+$/.test(value) ? Number(value) : parsePyFloat(value);
  else ts = null;
  if (ts === null || !Number.isFinite(ts)) throw new PyError('RuntimeError', `Unable to parse ${pyStr(value)}. Consider installing timelib`);
  const seconds = Math.floor(ts);
  return { date: new Date(seconds * 1000), us: Math.round((ts - seconds) * 1e6) };
}

/** `strftime(date=None, format='%Y-%m-%d')`. */
const strftimeFilter = defineFilter('strftime', [p('date', null), p('format', '%Y-%m-%d')], (_ctx, [date, format]) => {
  const { date: d, us } = dateCast(date);
  return strftime(d, us, pyStr(format));
});

/** `strftime` and its alias `date_format`. */
export const SALT_TIME_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['strftime', strftimeFilter],
  ['date_format', strftimeFilter],
];
