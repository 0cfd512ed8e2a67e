import { YAML_FILTERS } from '@brine/core/jinja/filters/yaml';
import type { FilterContext, FilterFn } from '@brine/core/jinja/filters/types';
import { PyError, Undefined, UndefinedError, tuple } from '@brine/core/jinja/runtime/values';

/**
 * Expected values are Salt 3006's, computed with PyYAML 6.0 over libyaml
 * 0.2.5: SerializerExtension.format_yaml and friends, and
 * salt/utils/yamlencoding.py (yaml.emitter.Emitter(width=sys.maxsize)).
 */
const FILTERS = new Map(YAML_FILTERS);

const CTX: FilterContext = {
  filter: (name) => FILTERS.get(name),
  test: () => undefined,
  getattr: (_obj, name) => new Undefined(name),
  getitem: (_obj, key) => new Undefined(key),
};

/** `value | name(*args, **kwargs)`. */
function call(name: string, value: unknown, args: unknown[] = [], kwargs: Record<string, unknown> = {}): unknown {
  const fn = FILTERS.get(name) as FilterFn;
  return fn(CTX, value, args, new Map(Object.entries(kwargs)));
}

/** The PyError `run` raises, as `Type: message`. */
function raised(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof PyError) return `${err.pyType}: ${err.message}`;
    throw err;
  }
  throw new Error('nothing raised');
}

const data = (): Map<unknown, unknown> => new Map<unknown, unknown>([['b', [1, 2]], ['a', new Map([['c', 'd']])]]);

describe('yaml (format_yaml)', () => {
  test.each([
    [data(), true, '{a: {c: d}, b: [1, 2]}'],
    [data(), false, 'a:\n  c: d\nb:\n- 1\n- 2'],
    [data(), null, 'a: {c: d}\nb: [1, 2]'],
    ['abc', true, 'abc'],
    ['yes', true, "'yes'"],
    [null, true, 'null'],
    [1.5, true, '1.5'],
    [[], true, '[]'],
    ['a\nb', false, "'a\n\n  b'"],
    ['x '.repeat(50), true, "'x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x\n  x x x x x x x x x '"],
  ])('%j flow_style=%p', (value, flow, expected) => {
    expect(call('yaml', value, [flow])).toBe(expected);
  });

  test('flow_style defaults to True and may be given by name; a truthy value means flow', () => {
    expect(call('yaml', data())).toBe('{a: {c: d}, b: [1, 2]}');
    expect(call('yaml', data(), [], { flow_style: false })).toBe('a:\n  c: d\nb:\n- 1\n- 2');
    expect(call('yaml', data(), [0])).toBe('a:\n  c: d\nb:\n- 1\n- 2');
    expect(call('yaml', tuple([1, 'a']), ['yes'])).toBe('[1, a]');
  });

  test('an Undefined is NULL, as Salt\'s representer writes unknown objects', () => {
    expect(call('yaml', new Undefined('missing'))).toBe('NULL');
  });

  test('arguments bind as the bound method does', () => {
    expect(raised(() => call('yaml', 1, [true, 2]))).toBe(
      'TypeError: SerializerExtension.format_yaml() takes from 2 to 3 positional arguments but 4 were given',
    );
    expect(raised(() => call('yaml', 1, [], { indent: 2 }))).toBe(
      "TypeError: SerializerExtension.format_yaml() got an unexpected keyword argument 'indent'",
    );
  });
});

describe('yaml_dquote and yaml_squote (PyYAML Emitter, ASCII only, no folding)', () => {
  test.each([
    ['abc', '"abc"', "'abc'"],
    ['a"b', '"a\\"b"', "'a\"b'"],
    ["a'b", '"a\'b"', "'a''b'"],
    ['a\\b', '"a\\\\b"', "'a\\b'"],
    ['tab\there', '"tab\\there"', "'tab\there'"],
    ['line\nbreak', '"line\\nbreak"', "'line\n\nbreak'"],
    ['\u00e9', '"\\xE9"', "'\u00e9'"],
    ['\u{1F600}', '"\\U0001F600"', "'\u{1F600}'"],
    ['\u0000', '"\\0"', "'\u0000'"],
    ['\u0085', '"\\N"', "'\u0085'"],
    ['\u2028', '"\\L"', "'\u2028'"],
    ['\u00a0', '"\\_"', "'\u00a0'"],
    ['\ufeff', '"\\uFEFF"', "'\ufeff'"],
    [' lead ', '" lead "', "' lead '"],
    [`${'x'.repeat(100)} ${'y'.repeat(10)}`, `"${'x'.repeat(100)} ${'y'.repeat(10)}"`, `'${'x'.repeat(100)} ${'y'.repeat(10)}'`],
    ['a\n\nb', '"a\\n\\nb"', "'a\n\n\nb'"],
    ['a\n', '"a\\n"', "'a\n\n'"],
    ['\r', '"\\r"', "'\r'"],
  ])('%j', (text, dquoted, squoted) => {
    expect(call('yaml_dquote', text)).toBe(dquoted);
    expect(call('yaml_squote', text)).toBe(squoted);
  });

  test('other values are quoted as str() prints them; an Undefined raises', () => {
    expect(call('yaml_dquote', 5)).toBe('"5"');
    expect(call('yaml_squote', true)).toBe("'True'");
    expect(call('yaml_dquote', null)).toBe('"None"');
    expect(() => call('yaml_dquote', new Undefined('x'))).toThrow(UndefinedError);
  });
});

describe('yaml_encode', () => {
  test.each([
    ['abc', '"abc"'],
    ['yes', '"yes"'],
    ['', '""'],
    [5, '5'],
    [-3, '-3'],
    [1.5, '1.5'],
    [1e-5, '1.0e-05'],
    [true, 'true'],
    [false, 'false'],
    [null, 'null'],
    [Infinity, '.inf'],
  ])('%j', (value, expected) => {
    expect(call('yaml_encode', value)).toBe(expected);
  });

  test('collections and Undefined are refused', () => {
    expect(raised(() => call('yaml_encode', [1]))).toBe("TypeError: yaml_encode() only works with YAML scalar data; failed for <class 'list'>");
    expect(raised(() => call('yaml_encode', new Map()))).toBe("TypeError: yaml_encode() only works with YAML scalar data; failed for <class 'dict'>");
    expect(raised(() => call('yaml_encode', new Undefined('x')))).toBe("RepresenterError: ('cannot represent an object', Undefined)");
  });
});

describe('load_yaml, load_json, load_text', () => {
  test('load_yaml gives template values: Maps in order, Python key types', () => {
    expect(call('load_yaml', 'b: 1\n386: [yes, 0644]\n')).toEqual(new Map<unknown, unknown>([['b', 1], [386, [true, 644]]]));
    expect(call('load_yaml', '')).toBeNull();
  });

  test('load_yaml of invalid YAML raises what Salt 3006 raises (its handler reads a buffer libyaml marks lack)', () => {
    expect(raised(() => call('load_yaml', 'a: [1'))).toBe("AttributeError: 'NoneType' object has no attribute 'splitlines'");
  });

  test('load_yaml of a non-string is refused; of an Undefined raises', () => {
    expect(raised(() => call('load_yaml', 5))).toBe('TypeError: a string or stream input is required');
    expect(raised(() => call('load_yaml', null))).toBe('TypeError: a string or stream input is required');
    expect(() => call('load_yaml', new Undefined('x'))).toThrow(UndefinedError);
  });

  test('load_json', () => {
    expect(call('load_json', '{"b": [1, null], "a": {"__proto__": 2}}')).toEqual(
      new Map<unknown, unknown>([['b', [1, null]], ['a', new Map([['__proto__', 2]])]]),
    );
    expect(raised(() => call('load_json', '{bad'))).toBe('TemplateRuntimeError: Unable to load json from {bad');
    expect(raised(() => call('load_json', 5))).toBe('TemplateRuntimeError: Unable to load json from 5');
  });

  test('load_text returns its value', () => {
    expect(call('load_text', 'some text')).toBe('some text');
  });
});

describe('dict_to_sls_yaml_params', () => {
  const params = (entries: Array<[string, unknown]>): Map<unknown, unknown> => new Map(entries);
  test('each item as a one-key dict in a block list', () => {
    expect(call('dict_to_sls_yaml_params', params([['name', 'thing'], ['changes', true], ['warnings', 'OMG! Stuff is happening!']]))).toBe(
      '- name: thing\n- changes: true\n- warnings: OMG! Stuff is happening!',
    );
    expect(call('dict_to_sls_yaml_params', params([['name', 'x'], ['pkgs', ['a', 'b']], ['opts', new Map([['z', 1]])]]))).toBe(
      '- name: x\n- pkgs:\n  - a\n  - b\n- opts:\n    z: 1',
    );
    expect(call('dict_to_sls_yaml_params', params([['name', 'x'], ['pkgs', ['a', 'b']]]), [true])).toBe('[{name: x}, {pkgs: [a, b]}]');
  });

  test('a value that is not a dict has no items()', () => {
    expect(raised(() => call('dict_to_sls_yaml_params', [1]))).toBe("AttributeError: 'list' object has no attribute 'items'");
  });
});
