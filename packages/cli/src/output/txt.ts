/**
 * Salt's txt outputter (salt/output/txt.py).
 */
import { isDict, rstrip, splitlines } from '@brine/core/python';
import { pyStr } from '@brine/core/jinja/runtime/values';

/**
 * Format data as `key: value` lines, as Salt's txt outputter: for each key of
 * a mapping, in insertion order, one `key: line` per line of a string value
 * (`''` gives no line) or one `key: str(value)` for any other value (Python's
 * repr, e.g. `minion1: {'os': 'Debian'}`). Data that is not a mapping prints
 * as Python's str() (Salt uses pprint there, which also wraps long data).
 */
export function txt(data: unknown): string {
  if (!isDict(data)) return rstrip(pyStr(data));
  const lines: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string') {
      for (const line of splitlines(value)) lines.push(`${key}: ${line}`);
    } else {
      lines.push(`${key}: ${pyStr(value)}`);
    }
  }
  return rstrip(lines.join('\n'));
}
