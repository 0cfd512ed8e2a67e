import { Namespace, PyFunction, Undefined, tuple } from '@brine/core/jinja/runtime/values';
import { err, t } from '../filters/context';

const u = new Undefined('missing');
const fn = new PyFunction('range', () => null);

describe("Jinja's tests", () => {
  test.each<[string, unknown, unknown[], boolean]>([
    ['odd', 3, [], true],
    ['odd', -3, [], true],
    ['odd', 4, [], false],
    ['even', 0, [], true],
    ['even', 3.0, [], false],
    ['divisibleby', 9, [3], true],
    ['divisibleby', 10, [3], false],
    ['defined', 0, [], true],
    ['defined', u, [], false],
    ['undefined', u, [], true],
    ['undefined', null, [], false],
    ['none', null, [], true],
    ['none', u, [], false],
    ['none', 0, [], false],
    ['boolean', false, [], true],
    ['boolean', 0, [], false],
    ['false', false, [], true],
    ['false', 0, [], false],
    ['true', true, [], true],
    ['true', 1, [], false],
    ['integer', 3, [], true],
    ['integer', true, [], false],
    ['integer', 3.5, [], false],
    ['float', 3.5, [], true],
    ['float', 3, [], false],
    ['lower', 'abc1', [], true],
    ['lower', 'aBc', [], false],
    ['lower', '123', [], false],
    ['upper', 'ABC1', [], true],
    ['string', 'x', [], true],
    ['string', u, [], false],
    ['mapping', { a: 1 }, [], true],
    ['mapping', [], [], false],
    ['number', 1.5, [], true],
    ['number', true, [], true],
    ['number', '1', [], false],
    ['sequence', 'ab', [], true],
    ['sequence', { a: 1 }, [], true],
    ['sequence', tuple([]), [], true],
    ['sequence', 5, [], false],
    ['sequence', u, [], false],
    ['iterable', [], [], true],
    ['iterable', 'x', [], true],
    ['iterable', 5, [], false],
    ['callable', fn, [], true],
    ['callable', u, [], true],
    ['callable', 'range', [], false],
    ['sameas', null, [null], true],
    ['sameas', false, [0], false],
    ['escaped', '<b>', [], false],
    ['in', 'b', ['abc'], true],
    ['in', 2, [[1, 2]], true],
    ['in', 1, [[1.0]], true],
    ['in', 'k', [{ k: 1 }], true],
    ['in', 'z', [{ k: 1 }], false],
    ['eq', 1, [1.0], true],
    ['==', 'a', ['a'], true],
    ['equalto', [1], [tuple([1])], false],
    ['ne', 1, [2], true],
    ['!=', 1, [1], false],
    ['lt', 1, [2], true],
    ['lessthan', 'a', ['b'], true],
    ['<', 2, [2], false],
    ['le', 2, [2], true],
    ['<=', 3, [2], false],
    ['gt', 3, [2], true],
    ['greaterthan', 2, [3], false],
    ['>', [1, 2], [[1]], true],
    ['ge', 2, [2], true],
    ['>=', 1, [2], false],
    ['filter', 'lower', [], true],
    ['filter', 'nope', [], false],
    ['test', 'defined', [], true],
    ['test', 'join', [], false],
  ])('%s(%p, %p) is %p', (name, value, args, expected) => {
    expect(t(name, value, args)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['odd of an Undefined', () => t('odd', u), "UndefinedError: 'missing' is undefined"],
    ['eq with an Undefined', () => t('eq', 1, [u]), "UndefinedError: 'missing' is undefined"],
    ['lower of an Undefined', () => t('lower', u), "UndefinedError: 'missing' is undefined"],
    ['iterable of an Undefined', () => t('iterable', u), "UndefinedError: 'missing' is undefined"],
    ['in an Undefined', () => t('in', 1, [u]), "UndefinedError: 'missing' is undefined"],
    ['odd of None', () => t('odd', null), "TypeError: unsupported operand type(s) for %: 'NoneType' and 'int'"],
    ['divisibleby zero', () => t('divisibleby', 3, [0]), 'ZeroDivisionError: integer modulo by zero'],
    ['divisibleby 0.0', () => t('divisibleby', 3.5, [0]), 'ZeroDivisionError: float modulo'],
    ['an int in a str', () => t('in', 1, ['abc']), "TypeError: 'in <string>' requires string as left operand, not int"],
    ['in an int', () => t('in', 1, [5]), "TypeError: argument of type 'int' is not iterable"],
    ['lt between types', () => t('lt', 1, ['a']), "TypeError: '<' not supported between instances of 'int' and 'str'"],
    ['ge between types', () => t('ge', 1, ['a']), "TypeError: '>=' not supported between instances of 'int' and 'str'"],
    ['divisibleby without a number', () => t('divisibleby', 3), "TypeError: test_divisibleby() missing 1 required positional argument: 'num'"],
    ['defined with an argument', () => t('defined', 3, [1]), 'TypeError: test_defined() takes 1 positional argument but 2 were given'],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });

  test('a namespace is neither a mapping nor iterable', () => {
    expect(t('mapping', new Namespace())).toBe(false);
    expect(t('iterable', new Namespace())).toBe(false);
  });
});

describe("Salt's tests", () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, boolean]>([
    ['match', 'web01', ['web\\d+'], {}, true],
    ['match', 'Web01', ['web'], {}, false],
    ['match', 'Web01', ['web'], { ignorecase: true }, true],
    ['equalto', 1, [1], {}, true],
    ['equalto', 'a', ['b'], {}, false],
    ['list', [1], [], {}, true],
    ['list', tuple([1]), [], {}, false],
    ['list', 'ab', [], {}, false],
  ])('%s(%p, %p, %p) is %p', (name, value, args, kwargs, expected) => {
    expect(t(name, value, args, kwargs)).toBe(expected);
  });

  test('match refuses a non-str like Python re', () => {
    expect(err(() => t('match', 5, ['5']))).toBe("TypeError: expected string or bytes-like object, got 'int'");
  });
});
