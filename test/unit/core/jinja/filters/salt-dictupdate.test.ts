import { err, r } from './context';

describe("Salt's dict-editing filters (salt.utils.dictupdate)", () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['set_dict_key_value', {}, ['foo:bar:baz', 42], {}, "{'foo': {'bar': {'baz': 42}}}"],
    ['set_dict_key_value', { foo: 'x' }, ['foo:bar', 1], {}, "{'foo': {'bar': 1}}"],
    ['set_dict_key_value', {}, ['a/b', 1], { delimiter: '/' }, "{'a': {'b': 1}}"],
    ['update_dict_key_value', { a: { b: { c: 1 } } }, ['a:b', { d: 2 }], {}, "{'a': {'b': {'c': 1, 'd': 2}}}"],
    ['update_dict_key_value', {}, ['a', [['k', 'v']]], {}, "{'a': {'k': 'v'}}"],
    ['append_dict_key_value', { a: { b: [1] } }, ['a:b', 2], {}, "{'a': {'b': [1, 2]}}"],
    ['append_dict_key_value', { a: null }, ['a', 2], {}, "{'a': [2]}"],
    ['extend_dict_key_value', { a: { b: [1] } }, ['a:b', [2, 3]], {}, "{'a': {'b': [1, 2, 3]}}"],
    ['extend_dict_key_value', {}, ['a', 'xy'], {}, "{'a': ['x', 'y']}"],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['update of a list', () => r('update_dict_key_value', { a: [1] }, ['a', { b: 1 }]), "SaltInvocationError: The last key contains a <class 'list'>, which cannot update."],
    ['update with an int', () => r('update_dict_key_value', { a: {} }, ['a', 5]), "SaltInvocationError: Cannot update <class 'dict'> with a <class 'int'>."],
    ['append to a str', () => r('append_dict_key_value', { a: 'x' }, ['a', 5]), "SaltInvocationError: The last key contains a <class 'str'>, which cannot append."],
    ['extend with an int', () => r('extend_dict_key_value', { a: [] }, ['a', 5]), "SaltInvocationError: Cannot extend <class 'list'> with a <class 'int'>."],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});
