/**
 * Python's operators on template values, as Jinja2 compiles them to Python:
 * arithmetic (`+ - * / // % **`), unary `-`/`+`, comparisons and `in`, with
 * CPython 3.11's results and error messages. Every function raises
 * UndefinedError when an operand is an Undefined (StrictUndefined).
 */
import { checkHashable } from '../python/coerce';
import type { BinaryOperator, CompareOperator } from '../ast';
import { percentFormat } from '../python/percent-format';
import { isContainerHost } from './iterate';
import { checkLength } from './limits';
import { PyError, PyTuple, Undefined, dictHas, isDict, pyCompare, pyEquals, tuple, typeName } from './values';

/** Python's symbol of each arithmetic operator, for messages. */
const SYMBOL: Readonly<Record<BinaryOperator, string>> = {
  add: '+',
  sub: '-',
  mul: '*',
  div: '/',
  floordiv: '//',
  mod: '%',
  pow: '** or pow()',
};

/** The number a bool or number stands for in arithmetic, or null. */
function num(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** True when both are ints in Python's sense (bools included); the result of `//`, `%`, `**` then stays an int. */
function bothInts(a: number, b: number): boolean {
  return Number.isInteger(a) && Number.isInteger(b);
}

function unsupported(op: BinaryOperator, a: unknown, b: unknown): PyError {
  return new PyError('TypeError', `unsupported operand type(s) for ${SYMBOL[op]}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** `seq * n` for a str, list or tuple and an int (bools count as ints). */
function repeat(seq: unknown, n: unknown): unknown {
  const count = typeof n === 'boolean' ? Number(n) : (n as number);
  if (typeof n !== 'boolean' && !(typeof n === 'number' && Number.isInteger(n))) {
    throw new PyError('TypeError', `can't multiply sequence by non-int of type '${typeName(n)}'`);
  }
  const size = (seq as string | unknown[]).length * Math.max(count, 0);
  checkLength(typeof seq === 'string' ? 'str' : 'list', size);
  if (typeof seq === 'string') return count > 0 ? seq.repeat(count) : '';
  const items = seq as unknown[];
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) for (const item of items) out.push(item);
  return seq instanceof PyTuple ? tuple(out) : out;
}

/** True for a str, list or tuple: the operands `*` repeats. */
function isSeq(v: unknown): boolean {
  return typeof v === 'string' || Array.isArray(v);
}

/** Python's float `%` and `//` results from a dividend and a non-zero divisor. */
function floorMod(a: number, b: number): number {
  const m = a % b;
  return m !== 0 && m < 0 !== b < 0 ? m + b : m;
}

/** Arithmetic on two numbers (bools as 0/1). */
function arithmetic(op: BinaryOperator, a: number, b: number): number {
  const ints = bothInts(a, b);
  switch (op) {
    case 'add':
      return a + b;
    case 'sub':
      return a - b;
    case 'mul':
      return a * b;
    case 'div':
      if (b === 0) throw new PyError('ZeroDivisionError', ints ? 'division by zero' : 'float division by zero');
      return a / b;
    case 'floordiv':
      if (b === 0) throw new PyError('ZeroDivisionError', ints ? 'integer division or modulo by zero' : 'float floor division by zero');
      return Math.floor(a / b);
    case 'mod':
      if (b === 0) throw new PyError('ZeroDivisionError', ints ? 'integer modulo by zero' : 'float modulo');
      return floorMod(a, b);
    case 'pow':
      if (a === 0 && b < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
      return a ** b;
  }
}

/**
 * `a op b` with Python's semantics: int and float arithmetic (`/` is true
 * division, `//` and `%` floor with the divisor's sign), str/list/tuple
 * concatenation and repetition, `str % values` (printf formatting).
 * @throws UndefinedError for an Undefined operand
 * @throws PyError TypeError (`unsupported operand type(s) for +: 'int' and 'str'`,
 *   `can only concatenate str (not "int") to str`...) or ZeroDivisionError, CPython's wording
 */
export function binaryOp(op: BinaryOperator, a: unknown, b: unknown): unknown {
  if (a instanceof Undefined) return a.fail();
  if (b instanceof Undefined) return b.fail();
  const na = num(a);
  const nb = num(b);
  if (na !== null && nb !== null) return arithmetic(op, na, nb);
  if (op === 'add') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b) && a instanceof PyTuple === b instanceof PyTuple) {
      return a instanceof PyTuple ? tuple([...a, ...b]) : [...a, ...b];
    }
    if (isSeq(a)) {
      const kind = typeName(a);
      throw new PyError('TypeError', `can only concatenate ${kind} (not "${typeName(b)}") to ${kind}`);
    }
  }
  if (op === 'mul') {
    if (isSeq(a)) return repeat(a, b);
    if (isSeq(b)) return repeat(b, a);
  }
  if (op === 'mod' && typeof a === 'string') return percentFormat(a, b);
  throw unsupported(op, a, b);
}

/**
 * `-x` / `+x` on a number (a bool counts as 0/1).
 * @throws PyError TypeError `bad operand type for unary -: 'str'`
 */
export function unaryOp(op: 'neg' | 'pos', v: unknown): number {
  if (v instanceof Undefined) return v.fail();
  const n = num(v);
  if (n === null) throw new PyError('TypeError', `bad operand type for unary ${op === 'neg' ? '-' : '+'}: '${typeName(v)}'`);
  return op === 'neg' ? -n : n;
}

/**
 * Python's `item in container`: a substring of a str, an element of a list or
 * tuple (by `==`), a key of a dict, or what a host object's `contains` says.
 * An Undefined item fails only where Python uses it (`x in []` is False).
 * @throws UndefinedError for an Undefined container, or an Undefined item compared, hashed or given to a host object
 * @throws PyError TypeError `'in <string>' requires string as left operand, not int`,
 *   `argument of type 'int' is not iterable`, `unhashable type: 'list'`
 */
export function contains(container: unknown, item: unknown): boolean {
  if (container instanceof Undefined) return container.fail();
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new PyError('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => x === item || pyEquals(x, item));
  if (isDict(container)) {
    checkHashable(item);
    return dictHas(container, item);
  }
  if (isContainerHost(container)) return item instanceof Undefined ? item.fail() : container.contains(item);
  throw new PyError('TypeError', `argument of type '${typeName(container)}' is not iterable`);
}

/** Python's symbol of each ordering operator, for messages. */
const ORDER: Readonly<Partial<Record<CompareOperator, string>>> = { lt: '<', lteq: '<=', gt: '>', gteq: '>=' };

/**
 * One comparison of a chain, `a op b`, as Python evaluates it.
 * @throws UndefinedError for an Undefined operand
 * @throws PyError TypeError `'<' not supported between instances of 'str' and 'int'`, and those of {@link contains}
 */
export function compareOp(op: CompareOperator, a: unknown, b: unknown): boolean {
  switch (op) {
    case 'eq':
      return pyEquals(a, b);
    case 'ne':
      return !pyEquals(a, b);
    case 'in':
      return contains(b, a);
    case 'notin':
      return !contains(b, a);
    default: {
      const c = pyCompare(a, b, ORDER[op]);
      return op === 'lt' ? c < 0 : op === 'lteq' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
    }
  }
}
