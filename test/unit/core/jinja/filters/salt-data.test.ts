import { Namespace, PyFunction, Undefined, tuple } from '@brine/core/jinja/runtime/values';
import { err, f, r } from './context';

const data = {
  foo: { bar: ['baz', { qux: 'q' }], '1': 'one-str' },
  ints: new Map<unknown, unknown>([[1, 'one'], [2.5, 'two and a half'], [null, 'none-key']]),
  list: [{ a: 1 }, { b: 2 }, 'x'],
};

describe("Salt's data filters", () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['traverse', data, ['foo:bar:0'], {}, "'baz'"],
    ['traverse', data, ['foo:bar:-1'], {}, "{'qux': 'q'}"],
    ['traverse', data, ['foo:bar:qux'], {}, "'q'"],
    ['traverse', data, ['foo:bar:5', 'dflt'], {}, "'dflt'"],
    ['traverse', data, ['foo:missing'], {}, 'None'],
    ['traverse', data, ['foo/bar/0'], { delimiter: '/' }, "'baz'"],
    ['traverse', data, ['foo:1'], {}, "'one-str'"],
    ['traverse', data, ['ints:1'], {}, "'one'"],
    ['traverse', data, ['ints:2.5'], {}, "'two and a half'"],
    ['traverse', data, ['ints:~'], {}, "'none-key'"],
    ['traverse', data, ['list:b'], {}, '2'],
    ['traverse', data, ['list:2'], {}, "'x'"],
    ['traverse', data, ['list:2:0', 'd'], {}, "'d'"],
    ['traverse', { t: tuple([1]) }, ['t:0', 'd'], {}, "'d'"],
    ['to_bool', 'Yes', [], {}, 'True'],
    ['to_bool', 'on', [], {}, 'False'],
    ['to_bool', '1', [], {}, 'True'],
    ['to_bool', 2, [], {}, 'True'],
    ['to_bool', 0, [], {}, 'False'],
    ['to_bool', 1.5, [], {}, 'False'],
    ['to_bool', null, [], {}, 'False'],
    ['to_bool', [0], [], {}, 'True'],
    ['to_bool', {}, [], {}, 'False'],
    ['to_bool', new Undefined('x'), [], {}, 'False'],
    ['sequence', 'foo', [], {}, "['foo']"],
    ['sequence', ['bar'], [], {}, "['bar']"],
    ['sequence', { baz: 'qux' }, [], {}, "{'baz': 'qux'}"],
    ['is_list', [1], [], {}, 'True'],
    ['is_list', tuple([1]), [], {}, 'False'],
    ['is_iter', 'ab', [], {}, 'False'],
    ['is_iter', {}, [], {}, 'True'],
    ['to_num', '42', [], {}, '42'],
    ['str_to_num', '3.5', [], {}, '3.5'],
    ['to_num', 3.5, [], {}, '3'],
    ['to_num', 'abc', [], {}, "'abc'"],
    ['skip', 'anything', [], {}, "''"],
    ['exactly_one_true', [0, 'a', null], [], {}, 'True'],
    ['exactly_one_true', [1, 'a'], [], {}, 'False'],
    ['exactly_n_true', [1, 'a', 0], [2], {}, 'True'],
    ['substring_in_list', 'ell', [['hello', 'x']], {}, 'True'],
    ['substring_in_list', 'z', [['hello']], {}, 'False'],
    ['compare_lists', [1, 2, 3], [[2, 3, 4]], {}, "{'new': [4], 'old': [1]}"],
    ['compare_lists', [1], [[1]], {}, '{}'],
    ['compare_dicts', { a: 1, b: 2, c: 3 }, [{ a: 1, b: 5, d: 4 }], {}, "{'b': {'old': 2, 'new': 5}, 'd': {'old': '', 'new': 4}, 'c': {'new': '', 'old': 3}}"],
    ['check_whitelist_blacklist', 'web01', [], { whitelist: 'web*' }, 'True'],
    ['check_whitelist_blacklist', 'db01', [], { whitelist: ['web*', 'x'] }, 'False'],
    ['check_whitelist_blacklist', 'db01', [], { whitelist: ['db\\d+'] }, 'True'],
    ['check_whitelist_blacklist', 'web01', [], { blacklist: ['web0[12]'] }, 'False'],
    ['check_whitelist_blacklist', 'web01', [], { whitelist: 'web*', blacklist: 'web01' }, 'False'],
    // fnmatch: an empty range matches nothing (Python 3.11 drops it); '[[]' is a literal '['
    ['check_whitelist_blacklist', 'b', [], { whitelist: ['[z-a]'] }, 'False'],
    ['check_whitelist_blacklist', 'web[1]', [], { whitelist: ['web[[]1]'] }, 'True'],
    ['check_whitelist_blacklist', 'web01', [], {}, 'True'],
    ['flatten', [3, [4, 2]], [], {}, '[3, 4, 2]'],
    ['flatten', [3, [4, [2]]], [], { levels: 1 }, '[3, 4, [2]]'],
    ['flatten', [3, null, 'null', [4, [2]]], [], {}, '[3, 4, 2]'],
    ['flatten', [3, null, [4, [2]]], [], { levels: 1, preserve_nulls: true }, '[3, None, 4, [2]]'],
    ['sorted_ignorecase', ['foo', 'Foo', 'bar', 'Bar'], [], {}, "['bar', 'Bar', 'foo', 'Foo']"],
    [
      'mysql_to_dict',
      ['+----+------+', '| id | name |', '+----+------+', '| 1  | a    |', '| 2  | 2.5  |', '+----+------+'],
      ['id'],
      {},
      "{1: {'id': 1, 'name': 'a'}, 2: {'id': 2, 'name': 2.5}}",
    ],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['traverse with an empty delimiter', () => r('traverse', {}, ['a'], { delimiter: '' }), 'ValueError: empty separator'],
    ['to_num of None', () => r('to_num', null), "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'"],
    ['compare_lists with None', () => r('compare_lists', null, [[1]]), "TypeError: argument of type 'NoneType' is not iterable"],
    ['a blacklist that is an int', () => r('check_whitelist_blacklist', 'a', [], { blacklist: 5 }), 'TypeError: Expecting iterable blacklist, but got int (5)'],
    ['exactly_one_true over an Undefined', () => r('exactly_one_true', [new Undefined('x')]), "UndefinedError: 'x' is undefined"],
    ['traverse without a key', () => r('traverse', {}), "TypeError: traverse_dict_and_list() missing 1 required positional argument: 'key'"],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});

describe("Salt's list filters (replacing Jinja's unique, min, max)", () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['unique', ['a', 'b', 'c', 'a', 'b'], [], {}, "['a', 'b', 'c']"],
    ['unique', [1, 1.0, true, 2], [], {}, '[1, 2]'],
    ['min', [3, 1, 2], [], {}, '1'],
    ['max', [3, 1, 2], [], {}, '3'],
    ['max', 'hello', [], {}, "'o'"],
    ['min', { b: 1, a: 2 }, [], {}, "'a'"],
    ['avg', [1, 2, 3, 4], [], {}, '2.5'],
    ['avg', '3', [], {}, '3'],
    ['union', [1, 2, 3, 4], [[2, 4, 6]], {}, '[1, 2, 3, 4, 6]'],
    ['intersect', [1, 2, 3, 4], [[2, 4, 6]], {}, '[2, 4]'],
    ['difference', [1, 2, 3, 4], [[2, 4, 6]], {}, '[1, 3]'],
    ['symmetric_difference', [1, 2, 3, 4], [[2, 4, 6]], {}, '[1, 3, 6]'],
    ['union', 'ab', ['bc'], {}, "['a', 'b', 'c']"],
    ['combinations', [1, 2, 3], [2], {}, '[(1, 2), (1, 3), (2, 3)]'],
    ['combinations_with_replacement', 'ab', [2], {}, "[('a', 'a'), ('a', 'b'), ('b', 'b')]"],
    ['permutations', [1, 2, 3], [2], {}, '[(1, 2), (1, 3), (2, 1), (2, 3), (3, 1), (3, 2)]'],
    ['product', [1, 2], ['ab'], {}, "[(1, 'a'), (1, 'b'), (2, 'a'), (2, 'b')]"],
    ['product', [0, 1], [], { repeat: 2 }, '[(0, 0), (0, 1), (1, 0), (1, 1)]'],
    ['compress', 'abcd', [[1, 0, 1]], {}, "['a', 'c']"],
    ['zip', [1, 2, 3], ['ab'], {}, "[(1, 'a'), (2, 'b')]"],
    ['zip_longest', [1, 2, 3], ['ab'], { fillvalue: '-' }, "[(1, 'a'), (2, 'b'), (3, '-')]"],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['min of nothing', () => r('min', []), 'ValueError: min() arg is an empty sequence'],
    ['max of mixed types', () => r('max', [1, 'a']), "TypeError: '>' not supported between instances of 'str' and 'int'"],
    ['avg of nothing', () => r('avg', []), 'ZeroDivisionError: division by zero'],
    ['avg of a tuple', () => r('avg', tuple([1])), "TypeError: float() argument must be a string or a real number, not 'tuple'"],
    ['union of a list and a tuple', () => r('union', [1], [tuple([2])]), 'TypeError: can only concatenate list (not "tuple") to list'],
    ['unique of an Undefined', () => r('unique', new Undefined('x')), "UndefinedError: 'x' is undefined"],
    ['min with an attribute (Salt replaced Jinja\'s)', () => r('min', [1], [], { attribute: 'a' }), "TypeError: lst_min() got an unexpected keyword argument 'attribute'"],
    ['combinations with a negative r', () => r('combinations', [1], [-1]), 'ValueError: r must be non-negative'],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});

describe("Salt's method_call", () => {
  test('calls a callable attribute with the arguments, None for a missing one', () => {
    const ns = new Namespace();
    ns.attrs.set('greet', new PyFunction('greet', (args, kwargs) => `hi ${String(args[0])}${String(kwargs.get('end') ?? '')}`));
    expect(f('method_call', ns, ['greet', 'bob'], { end: '!' })).toBe('hi bob!');
    expect(f('method_call', ns, ['nope'])).toBeNull();
  });
});
