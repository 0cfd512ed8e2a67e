import { SaltInvocationError } from '@brine/core/errors';
import { deepcopy, merge, update } from '@brine/modules/lib/dictupdate';

// The examples of Salt's config.get and dictupdate docs.
const dict1 = () => ({ foo: { bar: 1, qux: true }, hosts: ['a', 'b', 'c'], only_x: null });
const dict2 = () => ({ foo: { baz: 2, qux: false }, hosts: ['d', 'e', 'f'], only_y: null });

describe('update', () => {
  it('merges nested dicts in place and replaces other values', () => {
    const dest: Record<string, unknown> = dict1();
    expect(update(dest, dict2())).toBe(dest);
    expect(dest).toEqual({ foo: { bar: 1, qux: false, baz: 2 }, hosts: ['d', 'e', 'f'], only_x: null, only_y: null });
  });

  it('appends new list items with merge_lists, leaving out duplicates', () => {
    expect(update({ l: [1, { a: 1 }] }, { l: [{ a: 1 }, 2, 1] }, true, true)).toEqual({ l: [1, { a: 1 }, 2] });
  });

  it('replaces nested dicts without recursive_update', () => {
    expect(update({ foo: { bar: 1 } }, { foo: { baz: 2 } }, false)).toEqual({ foo: { baz: 2 } });
  });

  it('refuses non-dicts with Salt\'s message', () => {
    expect(() => update([], {})).toThrow(new SaltInvocationError('Cannot update using non-dict types in dictupdate.update()'));
  });
});

describe('merge', () => {
  it.each([
    ['recurse', false, { foo: { bar: 1, qux: false, baz: 2 }, hosts: ['d', 'e', 'f'], only_x: null, only_y: null }],
    ['smart', false, { foo: { bar: 1, qux: false, baz: 2 }, hosts: ['d', 'e', 'f'], only_x: null, only_y: null }],
    ['recurse', true, { foo: { bar: 1, qux: false, baz: 2 }, hosts: ['a', 'b', 'c', 'd', 'e', 'f'], only_x: null, only_y: null }],
    ['overwrite', false, { foo: { baz: 2, qux: false }, hosts: ['d', 'e', 'f'], only_x: null, only_y: null }],
    ['aggregate', false, { foo: { baz: 2, qux: false }, hosts: ['d', 'e', 'f'], only_x: null, only_y: null }],
    ['list', false, { foo: [{ bar: 1, qux: true }, { baz: 2, qux: false }], hosts: [['a', 'b', 'c'], ['d', 'e', 'f']], only_x: null }],
    ['none', true, { foo: { bar: 1, qux: false, baz: 2 }, hosts: ['d', 'e', 'f'], only_x: null, only_y: null }],
  ])('strategy %s (merge_lists %s)', (strategy, mergeLists, expected) => {
    expect(merge(dict1(), dict2(), strategy, 'yaml', mergeLists)).toEqual(expected);
  });

  it('smart is aggregate under yamlex', () => {
    expect(merge(dict1(), dict2(), 'smart', 'jinja|yamlex')).toEqual(merge(dict1(), dict2(), 'aggregate'));
  });

  it('recurse leaves its inputs alone; overwrite changes the first, as Salt', () => {
    const a = dict1();
    merge(a, dict2(), 'recurse');
    expect(a).toEqual(dict1());
    merge(a, dict2(), 'overwrite');
    expect(a.foo).toEqual({ baz: 2, qux: false });
  });

  it('warns of an unknown strategy and recurses', () => {
    const warnings: string[] = [];
    expect(merge({ a: { b: 1 } }, { a: { c: 2 } }, 'zip', 'yaml', false, (m) => warnings.push(m))).toEqual({ a: { b: 1, c: 2 } });
    expect(warnings).toEqual(["Unknown merging strategy 'zip', fallback to recurse"]);
  });

  it('deepcopy copies nested data', () => {
    const a = { x: [{ y: 1 }] };
    const b = deepcopy(a);
    b.x[0].y = 2;
    expect(a.x[0].y).toBe(1);
  });
});

describe('keys named __proto__, constructor and prototype', () => {
  // `dest[key] = val` with key __proto__ called Object.prototype's setter: the result's prototype was swapped
  // for the user's dict and the key vanished. As in a Python dict, they are plain keys.
  const evil = () => JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"x": 1}}}') as Record<string, unknown>;
  const plain = (d: Record<string, unknown>) => {
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect((d as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  };

  it.each(['recurse', 'aggregate', 'overwrite', 'none', 'smart'])('merge with %s keeps them as own keys', (strategy) => {
    const out = merge({ a: 1, constructor: { prototype: { y: 2 } } }, evil(), strategy);
    plain(out);
    expect(Object.keys(out)).toEqual(['a', 'constructor', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(out.constructor).toEqual(['aggregate', 'overwrite'].includes(strategy) ? { prototype: { x: 1 } } : { prototype: { y: 2, x: 1 } });
  });

  it('update merges into an existing own __proto__ key, recursively', () => {
    const dest = JSON.parse('{"__proto__": {"a": 1}}') as Record<string, unknown>;
    update(dest, evil());
    plain(dest);
    expect(Object.getOwnPropertyDescriptor(dest, '__proto__')?.value).toEqual({ a: 1, polluted: 'yes' });
  });
});
