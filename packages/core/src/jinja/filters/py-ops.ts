/**
 * Python's operators the filters and tests apply to template values:
 * `a + b` (sum, Salt's list filters), `a % b` (odd, even, divisibleby) and
 * `a in b` (the `in` test, Salt's list filters).
 */
import { percentFormat } from '../python/percent-format';
import { PyError, PyTuple, Undefined, dictHas, isDict, isInt, pyEquals, tuple, typeName } from '../runtime/values';

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

/**
 * Python's `a % b` for the number tests (a str left operand formats, as Python).
 * @throws PyError ZeroDivisionError `integer modulo by zero`/`float modulo`, TypeError for other types
 */
export function pyMod(a: unknown, b: unknown): unknown {
  if (a instanceof Undefined) return a.fail();
  if (b instanceof Undefined) return b.fail();
  if (typeof a === 'string') return percentFormat(a, b);
  const x = typeof a === 'boolean' ? Number(a) : a;
  const y = typeof b === 'boolean' ? Number(b) : b;
  if (typeof x !== 'number' || typeof y !== 'number') throw new PyError('TypeError', `unsupported operand type(s) for %: '${typeName(a)}' and '${typeName(b)}'`);
  if (y === 0) throw new PyError('ZeroDivisionError', isInt(x) && isInt(y) ? 'integer modulo by zero' : 'float modulo');
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

/**
 * Python's `value in seq`: a substring of a str, an equal item of a list or
 * tuple, a key of a dict.
 * @throws PyError TypeError `'in <string>' requires string as left operand, not int`, `argument of type 'int' is not iterable`
 */
export function pyIn(value: unknown, seq: unknown): boolean {
  if (seq instanceof Undefined) return seq.fail();
  if (typeof seq === 'string') {
    if (value instanceof Undefined) return value.fail();
    if (typeof value !== 'string') throw new PyError('TypeError', `'in <string>' requires string as left operand, not ${typeName(value)}`);
    return seq.includes(value);
  }
  if (Array.isArray(seq)) return seq.some((x) => x === value || pyEquals(x, value));
  if (isDict(seq)) return dictHas(seq, value);
  throw new PyError('TypeError', `argument of type '${typeName(seq)}' is not iterable`);
}
