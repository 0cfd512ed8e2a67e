/**
 * Salt's table outputter (salt/output/table_out.py), with its defaults.
 */
import { compareCodePoints, isDict, rstrip } from '@brine/core/python';
import { pyStr } from '@brine/core/jinja/runtime/values';
import type { OutputOptions } from './types';

const PREFIX = '| ';
const SUFFIX = ' |';
const DELIM = ' | ';
const ROW_DELIMITER = '-';
/** Column width beyond which cell text wraps on spaces. */
const WIDTH = 50;

/** Python's str.center: the extra space of an odd margin goes left when the width is odd. */
function center(text: string, width: number): string {
  const margin = width - text.length;
  if (margin <= 0) return text;
  const left = Math.floor(margin / 2) + (margin & width & 1);
  return ' '.repeat(left) + text + ' '.repeat(margin - left);
}

/** Salt's wrap_onspace: join words with a space, or a newline once the line would reach WIDTH. */
function wrapOnSpace(text: string): string {
  return text.split(' ').reduce((line, word) => {
    const last = line.slice(line.lastIndexOf('\n') + 1);
    return line + (last.length + word.split('\n', 1)[0].length >= WIDTH ? '\n' : ' ') + word;
  });
}

/** The lines of a table of `rows` (each a list of cells), indented, with separator lines, as prepare_rows. */
function tableLines(rows: string[][], indent: number): string[] {
  const physical = rows.map((row) => {
    const cells = row.map((cell) => wrapOnSpace(cell).split('\n'));
    const height = Math.max(...cells.map((c) => c.length));
    return Array.from({ length: height }, (_, i) => cells.map((c) => c[i] ?? ''));
  });
  // A loop, not Math.max(...rows): a return may hold more rows than a call takes arguments.
  const widths: number[] = [];
  for (const row of physical.flat()) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const columns = widths.length;
  const pad = ' '.repeat(indent);
  const separator = pad + ROW_DELIMITER.repeat(PREFIX.length + SUFFIX.length + widths.reduce((a, b) => a + b, 0) + DELIM.length * (columns - 1));
  const out = [separator];
  for (const logical of physical) {
    for (const row of logical) out.push(pad + PREFIX + widths.map((w, i) => center(row[i] ?? '', w)).join(DELIM) + SUFFIX);
    out.push(separator);
  }
  return out;
}

/** Rows of a list, as display_rows: dict rows give a title-cased header from their sorted keys. */
function rowsOf(list: unknown[], indent: number): string[] {
  if (list.length === 0) return [];
  const kind = (v: unknown) => (isDict(v) ? 'dict' : Array.isArray(v) ? 'list' : typeof v);
  if (list.some((v) => kind(v) !== kind(list[0]))) return [];
  let rows: string[][];
  if (isDict(list[0])) {
    const labels = Object.keys(list[0]).sort(compareCodePoints);
    const header = labels.map((l) => l.replace(/_/g, ' ').replace(/\w\S*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()));
    rows = [header, ...(list as Array<Record<string, unknown>>).map((r) => Object.keys(r).sort(compareCodePoints).map((k) => pyStr(r[k])))];
  } else if (Array.isArray(list[0])) {
    rows = (list as unknown[][]).map((r) => r.map(pyStr));
  } else {
    rows = list.map((v) => [pyStr(v)]);
  }
  return tableLines(rows, indent + 4);
}

/**
 * Format data as Salt's table outputter: each key of a mapping in sorted
 * order as `key:` and `----------`, a list value as a table of its rows
 * (dicts give a header row of their title-cased keys; cells centred between
 * `| ` and ` |`, wrapped at 50 columns, rows separated by `-` lines), other
 * mappings nested 4 spaces deeper; scalars print nothing, so a `test.ping`
 * return is its id and a rule. Colours are not used (Salt's table strips them).
 */
export function table(data: unknown, _opts?: OutputOptions): string {
  const out: string[] = [];
  const walk = (value: unknown, indent: number): void => {
    if (isDict(value)) {
      for (const key of Object.keys(value).sort(compareCodePoints)) {
        out.push(`${' '.repeat(indent)}${key}:`, `${' '.repeat(indent)}----------`);
        const v = value[key];
        if (Array.isArray(v)) out.push(...rowsOf(v, indent));
        else walk(v, indent + 4);
      }
    } else if (Array.isArray(value)) {
      out.push(...rowsOf(value, indent));
    }
  };
  walk(data, 0);
  return rstrip(out.join('\n'));
}
