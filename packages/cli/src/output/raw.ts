/**
 * Salt's raw outputter (salt/output/raw.py).
 */
import { rstrip } from '@brine/core/python';
import { pyStr } from '@brine/core/jinja/runtime/values';

/**
 * Format data as Python's str() of it, as Salt's raw outputter:
 * `{'minion1': True}`, `{'m': {'list': ['a', 1.5, None]}}`; keys in insertion
 * order, strings quoted as Python's repr; a bare string prints as is.
 */
export function raw(data: unknown): string {
  return rstrip(pyStr(data));
}
