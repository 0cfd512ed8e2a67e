import { PyFunction, Undefined, tuple } from '@brine/core/jinja/runtime/values';
import { err, f } from './context';

describe("Salt's json filter (SerializerExtension.format_json)", () => {
  test.each<[unknown, unknown[], Record<string, unknown>, string]>([
    [{ b: [1, 2.5, null, true], a: 'é\n"<' }, [], {}, '{"a": "é\\n\\"<", "b": [1, 2.5, null, true]}'],
    [{ b: [1, {}], a: [] }, [], { indent: 2 }, '{\n  "a": [],\n  "b": [\n    1,\n    {}\n  ]\n}'],
    [{ z: 1, a: tuple([1, 2]) }, [false], {}, '{"z": 1, "a": [1, 2]}'],
    [[1, 2], [true, ''], {}, '[\n1,\n2\n]'],
    [{ a: 1 }, [], { indent: '\t' }, '{\n\t"a": 1\n}'],
    [NaN, [], {}, 'NaN'],
    ['x', [], {}, '"x"'],
    [new Map<unknown, unknown>([[1, 'a'], [null, 2]]), [false], {}, '{"1": "a", "null": 2}'],
  ])('json(%p, %p, %p)', (value, args, kwargs, expected) => {
    expect(f('json', value, args, kwargs)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['an Undefined', () => f('json', new Undefined('x')), 'TypeError: Object of type StrictUndefined is not JSON serializable'],
    ['a function', () => f('json', [new PyFunction('range', () => null)]), 'TypeError: Object of type function is not JSON serializable'],
    ['mixed keys, sorted', () => f('json', new Map<unknown, unknown>([[1, 'a'], ['b', 2]])), "TypeError: '<' not supported between instances of 'str' and 'int'"],
    ['a tuple key', () => f('json', new Map<unknown, unknown>([[tuple([1]), 'a']])), 'TypeError: keys must be str, int, float, bool or None, not tuple'],
  ])('refuses %s', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});

describe("Salt's tojson filter (salt.utils.jinja.tojson)", () => {
  test.each<[unknown, unknown[], Record<string, unknown>, string]>([
    [{ z: "<'&>", a: 'é😀' }, [], {}, '{"z": "\\u003c\\u0027\\u0026\\u003e", "a": "\\u00e9\\ud83d\\ude00"}'],
    [{ z: 1, a: 2 }, [], { sort_keys: true }, '{"a": 2, "z": 1}'],
    [{ a: 'é' }, [], { ensure_ascii: false }, '{"a": "é"}'],
    [[1], [2], {}, '[\n  1\n]'],
    [{ a: 1, b: 2 }, [], { separators: [',', ':'] }, '{"a":1,"b":2}'],
  ])('tojson(%p, %p, %p)', (value, args, kwargs, expected) => {
    expect(f('tojson', value, args, kwargs)).toBe(expected);
  });

  test('refuses options json.dumps does not know', () => {
    expect(err(() => f('tojson', 1, [], { colour: 1 }))).toBe("TypeError: JSONEncoder.__init__() got an unexpected keyword argument 'colour'");
  });
});
