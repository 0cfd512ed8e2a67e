/**
 * Python's `a + b` for the values sum() and Salt's list filters add:
 * numbers (bools as 0/1), str to str, list to list, tuple to tuple.
 */
import { PyError, PyTuple, Undefined, tuple, typeName } from '../runtime/values';

/**
 * `a + b` as Python evaluates it.
 * @throws UndefinedError for an Undefined operand
 * @throws PyError TypeError `can only concatenate list (not "tuple") to list`,
 *   `unsupported operand type(s) for +: 'int' and 'str'`...
 */
export function pyAdd(a: unknown, b: unknown): unknown {
  if (a instanceof Undefined) return a.fail();
  if (b instanceof Undefined) return b.fail();
  const na = typeof a === 'boolean' ? Number(a) : a;
  const nb = typeof b === 'boolean' ? Number(b) : b;
  if (typeof na === 'number' && typeof nb === 'number') return na + nb;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a)) {
    const isTuple = a instanceof PyTuple;
    if (Array.isArray(b) && b instanceof PyTuple === isTuple) return isTuple ? tuple([...a, ...b]) : [...a, ...b];
    throw new PyError('TypeError', `can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
  }
  if (typeof a === 'string') throw new PyError('TypeError', `can only concatenate str (not "${typeName(b)}") to str`);
  throw new PyError('TypeError', `unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`);
}
