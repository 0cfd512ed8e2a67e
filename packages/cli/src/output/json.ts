/**
 * Salt's json outputter (salt/output/json_out.py).
 */
import { compareCodePoints, isDict } from '@brine/core/python';
import type { OutputOptions } from './types';

/** A copy of `value` whose mappings have their keys sorted, for `--out-indent pretty`. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isDict(value)) return value;
  return Object.fromEntries(Object.keys(value).sort(compareCodePoints).map((k) => [k, sortKeys(value[k])]));
}

/** One line with Python's default separators `, ` and `: `, as json.dumps without indent. */
function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (isDict(value)) return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * Format data as JSON, as Salt's json outputter: indented by 4 spaces, or by
 * `--out-indent` N spaces (0 keeps the line breaks without indenting), on one
 * line with Python's `, ` and `: ` separators for a negative N, or by 4 with
 * every mapping's keys sorted for `pretty`. Keys keep insertion order
 * otherwise; non-ASCII text is not escaped (Salt's `ensure_ascii=False`).
 * Differs from Python where JavaScript cannot tell: integral floats print as
 * integers (`1`, not `1.0`), small floats in fixed notation (`0.00001`).
 */
export function json(data: unknown, opts?: Pick<OutputOptions, 'outIndent'>): string {
  const indent = opts?.outIndent;
  if (indent === undefined) return JSON.stringify(data, null, 4);
  if (indent === 'pretty') return JSON.stringify(sortKeys(data), null, 4);
  if (indent < 0) return oneLine(data);
  // JSON text never holds a raw tab (strings escape it), so the leading tabs are exactly the nesting depth.
  return JSON.stringify(data, null, '\t').replace(/^\t+/gm, (tabs) => ' '.repeat(tabs.length * indent));
}
