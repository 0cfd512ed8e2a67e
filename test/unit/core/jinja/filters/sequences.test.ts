import { Undefined, tuple } from '@brine/core/jinja/runtime/values';
import { ctx, err, f, r } from './context';

const users = [
  { name: 'bob', age: 30, city: { name: 'Paris' } },
  { name: 'Alice', age: 25, city: { name: 'berlin' } },
  { name: 'carol', age: 30, city: { name: 'Berlin' } },
];

describe('Jinja sequence filters', () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['first', [3, 4], [], {}, '3'],
    ['first', 'xyz', [], {}, "'x'"],
    ['first', { k: 1, j: 2 }, [], {}, "'k'"],
    ['last', [3, 4], [], {}, '4'],
    ['length', 'héllo', [], {}, '5'],
    ['count', { a: 1 }, [], {}, '1'],
    ['list', 'ab', [], {}, "['a', 'b']"],
    ['list', { a: 1, b: 2 }, [], {}, "['a', 'b']"],
    ['join', [1, 2, 3], [], {}, "'123'"],
    ['join', [1, 2, 3], ['|'], {}, "'1|2|3'"],
    ['join', users, [', '], { attribute: 'city.name' }, "'Paris, berlin, Berlin'"],
    ['join', [[1], null], [' '], {}, "'[1] None'"],
    ['reverse', 'abc', [], {}, "'cba'"],
    ['reverse', [1, 2, 3], [], {}, '[3, 2, 1]'],
    ['batch', [1, 2, 3, 4, 5], [2], {}, '[[1, 2], [3, 4], [5]]'],
    ['batch', [1, 2, 3, 4, 5], [2, 0], {}, '[[1, 2], [3, 4], [5, 0]]'],
    ['slice', [1, 2, 3, 4, 5, 6, 7], [3], {}, '[[1, 2, 3], [4, 5], [6, 7]]'],
    ['slice', [1, 2, 3, 4, 5, 6, 7], [3, 'x'], {}, "[[1, 2, 3], [4, 5, 'x'], [6, 7, 'x']]"],
    ['items', { a: 1, b: [2] }, [], {}, "[('a', 1), ('b', [2])]"],
    ['dictsort', { b: 1, A: 2, c: 0 }, [], {}, "[('A', 2), ('b', 1), ('c', 0)]"],
    ['dictsort', { b: 1, A: 2, c: 0 }, [true], {}, "[('A', 2), ('b', 1), ('c', 0)]"],
    ['dictsort', { b: 1, a: 2, c: 0 }, [], { by: 'value', reverse: true }, "[('a', 2), ('b', 1), ('c', 0)]"],
    ['sort', [3, 1, 2], [], {}, '[1, 2, 3]'],
    ['sort', ['b', 'A', 'a', 'B'], [], {}, "['A', 'a', 'b', 'B']"],
    ['sort', ['b', 'A', 'a', 'B'], [], { case_sensitive: true }, "['A', 'B', 'a', 'b']"],
    ['sort', ['b', 'A', 'a', 'B'], [true], {}, "['b', 'B', 'A', 'a']"],
    ['sort', users, [], { attribute: 'age,name' }, "[{'name': 'Alice', 'age': 25, 'city': {'name': 'berlin'}}, {'name': 'bob', 'age': 30, 'city': {'name': 'Paris'}}, {'name': 'carol', 'age': 30, 'city': {'name': 'Berlin'}}]"],
    ['sort', [[2, 'b'], [1, 'z'], [2, 'a']], [], { attribute: '0' }, "[[1, 'z'], [2, 'b'], [2, 'a']]"],
    ['sum', [1, 2, 3.5], [], {}, '6.5'],
    ['sum', users, [], { attribute: 'age' }, '85'],
    ['sum', [[1], [2]], [], { start: [] }, '[1, 2]'],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test('groupby gives (grouper, list) named tuples, ignoring case by default', () => {
    const groups = f('groupby', users, ['city.name']) as unknown[];
    expect(r('groupby', users, ['city.name'])).toBe(
      "[('berlin', [{'name': 'Alice', 'age': 25, 'city': {'name': 'berlin'}}, {'name': 'carol', 'age': 30, 'city': {'name': 'Berlin'}}]), ('Paris', [{'name': 'bob', 'age': 30, 'city': {'name': 'Paris'}}])]",
    );
    expect(ctx.getattr(groups[1], 'grouper')).toBe('Paris');
    expect(r('map', f('groupby', users, ['city.name'], { case_sensitive: true }), [], { attribute: 'grouper' })).toBe("['Berlin', 'Paris', 'berlin']");
    expect(r('map', f('groupby', [{ a: 1 }, { b: 2 }], ['a'], { default: 0 }), [], { attribute: 'grouper' })).toBe('[0, 1]');
  });

  test('first and last of an empty sequence give an Undefined with Jinja message', () => {
    const u = f('first', []);
    expect(u).toBeInstanceOf(Undefined);
    expect((u as Undefined).message()).toBe('No first item, sequence was empty.');
    expect((f('last', '') as Undefined).message()).toBe('No last item, sequence was empty.');
    expect((f('random', []) as Undefined).message()).toBe('No random item, sequence was empty.');
  });

  test('random picks an item; items of an Undefined is empty', () => {
    expect([1, 2, 3]).toContain(f('random', [1, 2, 3]));
    expect(r('items', new Undefined('x'))).toBe('[]');
  });

  test.each<[string, () => unknown, string]>([
    ['join of an Undefined', () => r('join', new Undefined('users')), "UndefinedError: 'users' is undefined"],
    ['join with an Undefined item', () => r('join', [1, new Undefined('x')]), "UndefinedError: 'x' is undefined"],
    ['length of an int', () => r('length', 3), "TypeError: object of type 'int' has no len()"],
    ['list of an int', () => r('list', 3), "TypeError: 'int' object is not iterable"],
    ['sort of mixed types', () => r('sort', [1, 'a']), "TypeError: '<' not supported between instances of 'str' and 'int'"],
    ['reverse of an int', () => r('reverse', 3), 'FilterArgumentError: argument must be iterable'],
    ['items of a list', () => r('items', [1]), 'TypeError: Can only get item pairs from a mapping.'],
    ['dictsort by other', () => r('dictsort', {}, [], { by: 'x' }), 'FilterArgumentError: You can only sort by either "key" or "value"'],
    ['sum of strs', () => r('sum', ['a']), "TypeError: unsupported operand type(s) for +: 'int' and 'str'"],
    ['sum with a str start', () => r('sum', ['a'], [], { start: '' }), "TypeError: sum() can't sum strings [use ''.join(seq) instead]"],
    ['sort with too many arguments', () => r('sort', [1], [1, 2, 3, 4]), 'TypeError: sync_do_sort() takes from 2 to 5 positional arguments but 6 were given'],
    ['first given the environment by name', () => r('first', [1], [], { environment: 1 }), "TypeError: sync_do_first() got multiple values for argument 'environment'"],
    ['batch without a count', () => r('batch', [1]), "TypeError: do_batch() missing 1 required positional argument: 'linecount'"],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });

  test('tuples stay tuples in their items', () => {
    expect(r('list', tuple([1, 2]))).toBe('[1, 2]');
    expect(r('first', [tuple(['a', 1])])).toBe("('a', 1)");
  });
});

describe('map, select, reject, selectattr, rejectattr', () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['map', ['A', 'b'], ['lower'], {}, "['a', 'b']"],
    ['map', ['a,b', 'c'], ['replace', ',', '-'], {}, "['a-b', 'c']"],
    ['map', users, [], { attribute: 'name' }, "['bob', 'Alice', 'carol']"],
    ['map', [{ a: 1 }, {}], [], { attribute: 'a', default: 'none' }, "[1, 'none']"],
    ['map', [], ['nosuchfilter'], {}, '[]'],
    ['map', ['1', '0x10'], ['int'], { base: 16 }, '[1, 16]'],
    ['select', [0, 1, 2, 3, ''], [], {}, '[1, 2, 3]'],
    ['select', [1, 2, 3, 4], ['odd'], {}, '[1, 3]'],
    ['select', [1, 2, 3, 4, 6], ['divisibleby', 3], {}, '[3, 6]'],
    ['select', ['a', 'b'], ['equalto', 'a'], {}, "['a']"],
    ['select', ['web1', 'db1'], ['match', 'web'], {}, "['web1']"],
    ['reject', [1, 2, 3, 4], ['odd'], {}, '[2, 4]'],
    ['selectattr', users, ['age', 'gt', 26], {}, "[{'name': 'bob', 'age': 30, 'city': {'name': 'Paris'}}, {'name': 'carol', 'age': 30, 'city': {'name': 'Berlin'}}]"],
    ['selectattr', [{ on: true }, { on: false }, { x: 1 }], ['on', 'defined'], {}, "[{'on': True}, {'on': False}]"],
    ['selectattr', [{ on: true }, { on: false }], ['on'], {}, "[{'on': True}]"],
    ['rejectattr', [{ on: true }, { on: false }, { x: 1 }], ['on', 'defined'], {}, "[{'x': 1}]"],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['map without a filter', () => r('map', [1]), 'FilterArgumentError: map requires a filter argument'],
    ['map with an unknown filter', () => r('map', [1], ['nope']), "TemplateRuntimeError: No filter named 'nope'."],
    ['map with an extra keyword', () => r('map', [1], [], { attribute: 'a', x: 1 }), "FilterArgumentError: Unexpected keyword argument 'x'"],
    ['select with an unknown test', () => r('select', [1], ['nope']), "TemplateRuntimeError: No test named 'nope'."],
    ['selectattr without an attribute', () => r('selectattr', [1]), 'FilterArgumentError: Missing parameter for attribute name'],
    ['map over an Undefined', () => r('map', new Undefined('xs'), ['lower']), "UndefinedError: 'xs' is undefined"],
    ['selectattr on a missing attribute', () => r('selectattr', [{}], ['on']), "UndefinedError: 'dict object' has no attribute 'on'"],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});

describe('default, d', () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['default', new Undefined('x'), ['fallback'], {}, "'fallback'"],
    ['d', new Undefined('x'), [], {}, "''"],
    ['default', null, ['fallback'], {}, 'None'],
    ['default', '', ['fallback'], {}, "''"],
    ['default', '', ['fallback', true], {}, "'fallback'"],
    ['d', 0, [], { boolean: true, default_value: 5 }, '5'],
    ['default', [1], ['fallback', true], {}, '[1]'],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test('default(boolean=true) still tests an Undefined first', () => {
    expect(r('default', new Undefined('x'), [1, true])).toBe('1');
  });

  test('format refuses positional and keyword arguments together', () => {
    expect(err(() => r('format', '%s', [1], { a: 2 }))).toBe("FilterArgumentError: can't handle positional and keyword arguments at the same time");
  });
});
