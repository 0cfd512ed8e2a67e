import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadSaltYaml, loadSaltYamlValues } from '@brine/core/yaml/salt-load';
import { SaltRenderError } from '@brine/core/errors';

/**
 * Expected values are what Salt 3006's SaltYamlSafeLoader (over PyYAML 6.0
 * with libyaml 0.2.5) returns for `a: <scalar>`, as JSON data.
 */
const SCALARS: ReadonlyArray<readonly [string, unknown]> = [
  ["yes", true],
  ["Yes", true],
  ["YES", true],
  ["yEs", "yEs"],
  ["no", false],
  ["NO", false],
  ["on", true],
  ["On", true],
  ["off", false],
  ["OFF", false],
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["tRue", "tRue"],
  ["false", false],
  ["y", "y"],
  ["n", "n"],
  ["Y", "Y"],
  ["N", "N"],
  ["~", null],
  ["null", null],
  ["Null", null],
  ["NULL", null],
  ["nULL", "nULL"],
  ["", null],
  ["0", 0],
  ["00", 0],
  ["0644", 644],
  ["-0644", -420],
  ["+0644", 420],
  ["0_644", 644],
  ["0b101", 5],
  ["-0b101", -5],
  ["0x1F", 31],
  ["0X1F", "0X1F"],
  ["-0x1f", -31],
  ["0o17", "0o17"],
  ["08", "08"],
  ["09", "09"],
  ["1_000", 1000],
  ["1,000", "1,000"],
  ["1:30", 90],
  ["-1:30", -90],
  ["1:30:00", 5400],
  ["1:60", "1:60"],
  ["0:30", "0:30"],
  ["1:30.5", 90.5],
  ["1e3", "1e3"],
  ["1E3", "1E3"],
  ["1.0e3", "1.0e3"],
  ["1.0e+3", 1000.0],
  ["1.0E-3", 0.001],
  ["1.", 1.0],
  [".5", 0.5],
  ["-.5", "-.5"],
  ["+.5", "+.5"],
  ["1.5", 1.5],
  ["-1.5", -1.5],
  ["1_0.5", 10.5],
  [".inf", Infinity],
  ["-.inf", -Infinity],
  ["+.inf", Infinity],
  [".Inf", Infinity],
  [".INF", Infinity],
  [".nan", NaN],
  [".NaN", NaN],
  [".NAN", NaN],
  ["inf", "inf"],
  ["nan", "nan"],
  ["1.2.3", "1.2.3"],
  ["2001-12-14", "2001-12-14"],
  ["2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"],
  ["2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5"],
  ["2001-1-1", "2001-1-1"],
  ["<<x", "<<x"],
  ["==", "=="],
  ["123abc", "123abc"],
  ["+1", 1],
  ["-0", 0],
  ["\"0644\"", "0644"],
  ["'yes'", "yes"],
  ["!!str 0644", "0644"],
  ["!!int 0644", 644],
  ["!!int \"0644\"", 644],
  ["!!float 1", 1.0],
  ["!!bool yes", true],
  ["!!str yes", "yes"],
  ["!!null \"\"", null],
  ["!!timestamp 2001-01-01", "2001-01-01"],
  ["!!binary aGVsbG8=", "hello"],
  ["!!python/unicode abc", "abc"],
  ["a b  c", "a b  c"],
  ["a #comment", "a"],
  ["\"a\\tb\"", "a\tb"],
  ["\"\\x41\\u00e9\"", "A\u00e9"],
  ["!!set {a, b}", ["a", "b"]],
  ["!!pairs [{a: 1}, {a: 2}]", [["a", 1], ["a", 2]]],
  ["[1, yes, ~]", [1, true, null]],
  ["{x: 0644}", { "x": 644 }],
];

/** Salt's message (SaltRenderError's text) and line for documents libyaml refuses. */
const ERRORS: ReadonlyArray<readonly [string, string, number]> = [
  ['a: "C:\\path"', 'found unknown escape character', 1],
  ['a: "\\u00"', 'did not find expected hexdecimal number', 1],
  ["a:\n  <<: 5", "while constructing a mapping\n  in \"<unicode string>\", line 2, column 3\nexpected a mapping or list of mappings for merging, but found scalar\n  in \"<unicode string>\", line 2, column 7", 2],
  ["a: <<", "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'\n  in \"<unicode string>\", line 1, column 4", 1],
  ["a: 1\nb: 2\na: 3", "while constructing a mapping\n  in \"<unicode string>\", line 1, column 1\nfound conflicting ID 'a'\n  in \"<unicode string>\", line 3, column 1", 3],
  ["x:\n  a: 1\n  b: 2\n  a: 3", "while constructing a mapping\n  in \"<unicode string>\", line 2, column 3\nfound conflicting ID 'a'\n  in \"<unicode string>\", line 4, column 3", 4],
  ["{a: 1, a: 2}", "while constructing a mapping\n  in \"<unicode string>\", line 1, column 1\nfound conflicting ID 'a'\n  in \"<unicode string>\", line 1, column 8", 1],
  ["yes: 1\ntrue: 2", "while constructing a mapping\n  in \"<unicode string>\", line 1, column 1\nfound conflicting ID 'True'\n  in \"<unicode string>\", line 2, column 1", 2],
  ["0644: a\n644: b", "while constructing a mapping\n  in \"<unicode string>\", line 1, column 1\nfound conflicting ID '644'\n  in \"<unicode string>\", line 2, column 1", 2],
  ["'a': 1\na: 2", "while constructing a mapping\n  in \"<unicode string>\", line 1, column 1\nfound conflicting ID 'a'\n  in \"<unicode string>\", line 2, column 1", 2],
  ["a: b: c", "mapping values are not allowed in this context", 1],
  ["a: - 1", "block sequence entries are not allowed in this context", 1],
  ["a:\n\tb: 1", "found character that cannot start any token", 2],
  ["a: x\n\tb: 1", "found a tab character that violates indentation", 2],
  ["a: \"unterminated", "found unexpected end of stream", 1],
  ["a: [1, 2", "while parsing a flow sequence\n  in \"<unicode string>\", line 1, column 4\ndid not find expected ',' or ']'\n  in \"<unicode string>\", line 2, column 1", 2],
  ["a: {b: 1", "while parsing a flow mapping\n  in \"<unicode string>\", line 1, column 4\ndid not find expected ',' or '}'\n  in \"<unicode string>\", line 2, column 1", 2],
  ["- a\nb: c", "while parsing a block collection\n  in \"<unicode string>\", line 1, column 1\ndid not find expected '-' indicator\n  in \"<unicode string>\", line 2, column 1", 2],
  ["a: 1\n- b", "while parsing a block mapping\n  in \"<unicode string>\", line 1, column 1\ndid not find expected key\n  in \"<unicode string>\", line 2, column 1", 2],
  ["a:\n  b: 1\n c: 2", "while parsing a block mapping\n  in \"<unicode string>\", line 1, column 1\ndid not find expected key\n  in \"<unicode string>\", line 3, column 2", 3],
  [": x", "while parsing a block mapping\ndid not find expected key\n  in \"<unicode string>\", line 1, column 1", 1],
  ["a: !foo x", "could not determine a constructor for the tag '!foo'\n  in \"<unicode string>\", line 1, column 4", 1],
  ["a: *nope", "found undefined alias\n  in \"<unicode string>\", line 1, column 4", 1],
  ["a: =", "could not determine a constructor for the tag 'tag:yaml.org,2002:value'\n  in \"<unicode string>\", line 1, column 4", 1],
  ["a: !!omap [{a: 1}]", "expected a mapping node, but found sequence\n  in \"<unicode string>\", line 1, column 4", 1],
  ["a: >x", "did not find expected comment or line break", 1],
  ["a: [1, , 2]", "while parsing a flow node\ndid not find expected node content\n  in \"<unicode string>\", line 1, column 8", 1],
  ["---\na: 1\n---\nb: 2", "expected a single document in the stream\n  in \"<unicode string>\", line 2, column 1\nbut found another document\n  in \"<unicode string>\", line 3, column 1", 3],
  ["a: @x", "found character that cannot start any token", 1],
];

const CORPUS = join(__dirname, '../../../fixtures/jinja-corpus');

/** Every `.yaml`/`.yml` file under `dir`. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'expected' ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('loadSaltYaml: YAML 1.1 scalars as PyYAML resolves them, ints as Salt constructs them', () => {
  test.each(SCALARS)('a: %s', (scalar, expected) => {
    expect(loadSaltYaml(`a: ${scalar}`)).toEqual({ a: expected });
  });

  test('a key that is not a string is written as json.dumps writes it', () => {
    expect(loadSaltYaml('yes: 1\n~: 2\n0x10: 3\n1.5: 4\nno: 5')).toEqual({ true: 1, null: 2, '16': 3, '1.5': 4, false: 5 });
  });

  test('a plain = is a key but no value (Salt refuses it)', () => {
    expect(loadSaltYaml('=: x')).toEqual({ '=': 'x' });
  });
});

describe('loadSaltYaml: documents', () => {
  test('mapping order is kept (integer-like keys aside: a JS object lists them first)', () => {
    expect(Object.keys(loadSaltYaml('z: 1\nb: 2\na: 3\n') as object)).toEqual(['z', 'b', 'a']);
    expect(Object.keys(loadSaltYaml('b: 1\n10: 2') as object)).toEqual(['10', 'b']);
  });

  test('an int key and its quoted digits do not conflict (two keys in Python, one JSON key)', () => {
    expect(Object.keys(loadSaltYaml('1: a\n"1": b') as object)).toEqual(['1']);
  });

  test('__proto__ and constructor are only keys', () => {
    const data = loadSaltYaml('__proto__: {polluted: 1}\nconstructor: x') as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('an empty document or a comment is None', () => {
    expect(loadSaltYaml('')).toBeNull();
    expect(loadSaltYaml('# nothing\n')).toBeNull();
    expect(loadSaltYaml('---\n...\n')).toBeNull();
  });

  test('anchors, aliases and merge keys', () => {
    expect(loadSaltYaml('base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3')).toEqual({ base: { x: 1, y: 2 }, d: { x: 1, y: 3 } });
    expect(loadSaltYaml('a: &v 5\nb: *v')).toEqual({ a: 5, b: 5 });
    expect(loadSaltYaml('"<<": 1')).toEqual({ '<<': 1 });
  });

  test('merged keys come first, those the mapping sets itself are dropped (Salt\'s flatten_mapping)', () => {
    const data = loadSaltYaml('b: &b {x: 1, y: 2}\nd:\n  z: 3\n  <<: *b\n  y: 9') as Record<string, Record<string, unknown>>;
    expect(Object.entries(data['d'] as object)).toEqual([['x', 1], ['z', 3], ['y', 9]]);
    const list = loadSaltYaml('a: &a {p: 1}\nb: &b {r: 2}\nc:\n  <<: [*a, *b]\n  s: 3') as Record<string, unknown>;
    expect(Object.entries(list['c'] as object)).toEqual([['r', 2], ['p', 1], ['s', 3]]);
  });

  test('block scalars and multi-line plain scalars', () => {
    expect(loadSaltYaml('a: |\n  one\n  two\nb: >\n  one\n  two\nc: |-\n  x\nd: plain\n  folded')).toEqual({
      a: 'one\ntwo\n',
      b: 'one two\n',
      c: 'x',
      d: 'plain folded',
    });
  });

  test('a typical SLS', () => {
    const sls = 'nginx:\n  pkg.installed:\n    - version: 1.2\n  service.running:\n    - enable: True\n    - watch:\n      - file: /etc/nginx/nginx.conf\n';
    expect(loadSaltYaml(sls)).toEqual({
      nginx: { 'pkg.installed': [{ version: 1.2 }], 'service.running': [{ enable: true }, { watch: [{ file: '/etc/nginx/nginx.conf' }] }] },
    });
  });
});

describe('loadSaltYamlValues: template values', () => {
  test('dicts are Maps in document order with Python key types', () => {
    const data = loadSaltYamlValues('b: 1\n386: x\nyes: [~, 0644]\n1.5: f\n~: n\n"10": s');
    expect(data).toEqual(
      new Map<unknown, unknown>([
        ['b', 1],
        [386, 'x'],
        [true, [null, 644]],
        [1.5, 'f'],
        [null, 'n'],
        ['10', 's'],
      ]),
    );
    expect([...(data as Map<unknown, unknown>).keys()]).toEqual(['b', 386, true, 1.5, null, '10']);
  });

  test('an int key and the same digits quoted are two keys, as in Python', () => {
    const data = loadSaltYamlValues('1: a\n"1": b\n"2": c') as Map<unknown, unknown>;
    expect([...data]).toEqual([[1, 'a'], ['1', 'b'], ['2', 'c']]);
  });

  test('merge keys, sets and pairs keep their key types', () => {
    expect(loadSaltYamlValues('b: &b {1: x}\nd:\n  <<: *b\ns: !!set {2, a}\np: !!pairs [{3: c}]')).toEqual(
      new Map<unknown, unknown>([
        ['b', new Map([[1, 'x']])],
        ['d', new Map([[1, 'x']])],
        ['s', [2, 'a']],
        ['p', [[3, 'c']]],
      ]),
    );
  });
});

describe('loadSaltYaml: errors as Salt reports them', () => {
  test.each(ERRORS)('%j', (text, message, line) => {
    let error: unknown;
    try {
      loadSaltYaml(text, 'x.sls');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SaltRenderError);
    expect((error as SaltRenderError).message).toBe(message);
    expect((error as SaltRenderError).line).toBe(line);
    expect((error as SaltRenderError).sls).toBe('x.sls');
  });
});

test('two merged mappings that share a key conflict, as in Salt (marks approximated: the merge\'s mapping and value)', () => {
  expect(() => loadSaltYaml('b1: &b1 {x: 1}\nb2: &b2 {x: 2, y: 2}\nd:\n  <<: [*b1, *b2]\n  z: 3')).toThrow(
    /^while constructing a mapping\n {2}in "<unicode string>", line 4, column 3\nfound conflicting ID 'x'\n/,
  );
});

describe('loadSaltYaml: the corpus', () => {
  const files = yamlFiles(CORPUS).filter((path) => !/{[{%#]/.test(readFileSync(path, 'utf8')));
  test('has YAML files without Jinja', () => {
    expect(files.length).toBeGreaterThan(10);
  });
  test.each(files.map((path) => [path.slice(CORPUS.length + 1), path]))('%s loads', (_name, path) => {
    expect(() => loadSaltYaml(readFileSync(path, 'utf8'))).not.toThrow();
  });
});
