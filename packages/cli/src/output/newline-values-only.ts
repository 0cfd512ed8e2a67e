/**
 * Salt's newline_values_only outputter (salt/output/newline_values_only.py).
 */
import { isDict, rstrip } from '@brine/core/python';
import { pyStr } from '@brine/core/jinja/runtime/values';

/**
 * Print only the values of a return mapping, one per line, without the
 * minion ids, as Salt's newline_values_only: a list value gives one line per
 * item, anything else one line of Python's str() (`True`, `8`). Data that is
 * not a mapping prints as Python's str().
 */
export function newlineValuesOnly(data: unknown): string {
  if (!isDict(data)) return rstrip(pyStr(data));
  const values = Object.values(data).flatMap((v) => (Array.isArray(v) ? v : [v]));
  return rstrip(values.map(pyStr).join('\n'));
}
