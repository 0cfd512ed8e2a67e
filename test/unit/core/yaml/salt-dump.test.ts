import { safeDump } from '@brine/core/yaml/salt-dump';
import { analyzeScalar } from '@brine/core/yaml/scalar-analysis';
import { Undefined, tuple } from '@brine/core/jinja/runtime/values';

/**
 * Expected outputs are PyYAML 6.0 over libyaml 0.2.5 (what Salt 3006 runs):
 * yaml.dump(data, Dumper=SafeOrderedDumper, allow_unicode=True,
 * default_flow_style=<flow>), SafeOrderedDumper being CSafeDumper with
 * Salt's `NULL` representer for unknown objects.
 */
const CASES: ReadonlyArray<readonly [unknown, boolean | null, string]> = [
  ["abc", null, "abc\n"],
  ["", null, "''\n"],
  [" ", null, "' '\n"],
  ["yes", null, "'yes'\n"],
  ["Yes", null, "'Yes'\n"],
  ["y", null, "y\n"],
  ["n", null, "n\n"],
  ["on", null, "'on'\n"],
  ["null", null, "'null'\n"],
  ["~", null, "'~'\n"],
  ["123", null, "'123'\n"],
  ["0644", null, "'0644'\n"],
  ["09", null, "09\n"],
  ["1.5", null, "'1.5'\n"],
  ["1e3", null, "1e3\n"],
  [".inf", null, "'.inf'\n"],
  ["2001-12-14", null, "'2001-12-14'\n"],
  ["<<", null, "'<<'\n"],
  ["=", null, "'='\n"],
  ["0x1F", null, "'0x1F'\n"],
  ["1:30", null, "'1:30'\n"],
  ["-", null, "'-'\n"],
  ["- a", null, "'- a'\n"],
  ["-a", null, "-a\n"],
  [":", null, "':'\n"],
  ["a:b", null, "a:b\n"],
  ["a: b", null, "'a: b'\n"],
  ["#a", null, "'#a'\n"],
  ["a#b", null, "a#b\n"],
  ["a #b", null, "'a #b'\n"],
  ["---", null, "'---'\n"],
  ["...", null, "'...'\n"],
  ["--", null, "--\n"],
  ["it's", null, "it's\n"],
  ["\"q\"", null, "'\"q\"'\n"],
  ["\\", null, "\\\n"],
  ["\t", null, "\"\\t\"\n"],
  ["a\tb", null, "\"a\\tb\"\n"],
  ["a\nb", null, "'a\n\n  b'\n"],
  ["a\n", null, "'a\n\n  '\n"],
  ["\na", null, "'\n\n  a'\n"],
  ["a \nb", null, "\"a \\nb\"\n"],
  ["a\n b", null, "\"a\\n b\"\n"],
  ["\u00e9", null, "\u00e9\n"],
  ["\ud83d\ude00", null, "\"\\U0001F600\"\n"],
  ["\u0000", null, "\"\\0\"\n"],
  ["\u0007", null, "\"\\a\"\n"],
  ["\u001b", null, "\"\\e\"\n"],
  ["\ufeff", null, "\"\\uFEFF\"\n"],
  ["\u00a0", null, "\u00a0\n"],
  ["\u0085", null, "\"\\N\"\n"],
  ["\u2028", null, "'\u2028  '\n"],
  ["[a]", null, "'[a]'\n"],
  ["{a}", null, "'{a}'\n"],
  ["a,b", null, "a,b\n"],
  ["?", null, "'?'\n"],
  ["? a", null, "'? a'\n"],
  ["?a", null, "?a\n"],
  ["&a", null, "'&a'\n"],
  ["*a", null, "'*a'\n"],
  ["!a", null, "'!a'\n"],
  ["|", null, "'|'\n"],
  [">", null, "'>'\n"],
  ["%", null, "'%'\n"],
  ["@", null, "'@'\n"],
  ["`", null, "'`'\n"],
  [" a", null, "' a'\n"],
  ["a ", null, "'a '\n"],
  ["lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet ", null, "'lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet\n  lorem ipsum dolor sit amet '\n"],
  [0, null, "0\n"],
  [-5, null, "-5\n"],
  [12345678901, null, "12345678901\n"],
  [1.5, null, "1.5\n"],
  [-0.25, null, "-0.25\n"],
  [1e-05, null, "1.0e-05\n"],
  [1e+20, null, "1.0e+20\n"],
  [1.5e+16, null, "1.5e+16\n"],
  [123456.789, null, "123456.789\n"],
  [Infinity, null, ".inf\n"],
  [-Infinity, null, "-.inf\n"],
  [NaN, null, ".nan\n"],
  [true, null, "true\n"],
  [false, null, "false\n"],
  [null, null, "null\n"],
  [[], null, "[]\n"],
  [{  }, null, "{}\n"],
  [[1, "a", null], null, "[1, a, null]\n"],
  [[1, "a", null], false, "- 1\n- a\n- null\n"],
  [[1, "a", null], true, "[1, a, null]\n"],
  [{ "b": 1, "a": 2 }, null, "{a: 2, b: 1}\n"],
  [{ "b": 1, "a": 2 }, false, "a: 2\nb: 1\n"],
  [{ "b": 1, "a": 2 }, true, "{a: 2, b: 1}\n"],
  [{ "pkgs": ["vim", "git"], "name": "x", "opts": { "a": 1 } }, null, "name: x\nopts: {a: 1}\npkgs: [vim, git]\n"],
  [{ "pkgs": ["vim", "git"], "name": "x", "opts": { "a": 1 } }, false, "name: x\nopts:\n  a: 1\npkgs:\n- vim\n- git\n"],
  [{ "pkgs": ["vim", "git"], "name": "x", "opts": { "a": 1 } }, true, "{name: x, opts: {a: 1}, pkgs: [vim, git]}\n"],
  [[[1, 2], [3]], null, "- [1, 2]\n- [3]\n"],
  [[[1, 2], [3]], false, "- - 1\n  - 2\n- - 3\n"],
  [[{ "a": 1, "b": [1, 2] }, "x"], false, "- a: 1\n  b:\n  - 1\n  - 2\n- x\n"],
  [[{ "a": 1, "b": [1, 2] }, "x"], null, "- a: 1\n  b: [1, 2]\n- x\n"],
  [{ "a": { "b": { "c": [1, { "d": "e" }] } } }, false, "a:\n  b:\n    c:\n    - 1\n    - d: e\n"],
  [{ "a": { "b": { "c": [1, { "d": "e" }] } } }, null, "a:\n  b:\n    c:\n    - 1\n    - {d: e}\n"],
  [{ "a": [], "b": {  } }, false, "a: []\nb: {}\n"],
  [{ "a": [[]], "b": [{  }] }, false, "a:\n- []\nb:\n- {}\n"],
  [{ "a": "multi\nline\ntext" }, false, "a: 'multi\n\n  line\n\n  text'\n"],
  [{ "a": "multi\nline\ntext" }, null, "{a: 'multi\n\n    line\n\n    text'}\n"],
  [{ "a": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }, false, "a: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"],
  [{ "a": "lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet " }, true, "{a: 'lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet\n    lorem ipsum dolor sit amet '}\n"],
  [["lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet ", "lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet "], true, "['lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet\n    lorem ipsum dolor sit amet ', 'lorem ipsum dolor sit amet lorem ipsum dolor sit\n    amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet ']\n"],
  [{ "a\nb": 1 }, false, "? 'a\n\n  b'\n: 1\n"],
  [{ "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": 1 }, false, "? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n: 1\n"],
  [{ "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": 1 }, true, "{? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n  : 1}\n"],
  [{ "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9": 1 }, false, "? \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n: 1\n"],
  [{ "": 1, " ": 2 }, false, "'': 1\n' ': 2\n"],
  [{ "B": 1, "a": 2, "_": 3, "A": 4, "\u00e9": 5, "1": 6 }, false, "'1': 6\nA: 4\nB: 1\n_: 3\na: 2\n\u00e9: 5\n"],
  [{ "yes": "no", "null": null, "on": true }, null, "{'null': null, 'on': true, 'yes': 'no'}\n"],
  [{ "x": "a: b", "y": "- c", "z": " d " }, false, "x: 'a: b'\ny: '- c'\nz: ' d '\n"],
  [{ "x": "\"double\"", "y": "'single'", "z": "tab\there" }, true, "{x: '\"double\"', y: '''single''', z: \"tab\\there\"}\n"],
  ["a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a ", null, "'a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a\n  a a a a a a a a a '\n"],
  ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b", null, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b\n"],
  ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  y  z", null, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  y  z\n"],
  [{ "a": "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word " }, false, "a: 'word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word '\n"],
  [{ "a": "tab\tword word word word word word word word word word word word word word word word word word word word word word word word word word word word word word " }, false, "a: \"tab\\tword word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word \"\n"],
  [{ "a": "it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's it's " }, false, "a: 'it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s\n  it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s\n  it''s it''s it''s '\n"],
];

describe('safeDump: byte for byte as PyYAML over libyaml', () => {
  test.each(CASES)('%j (flow %p)', (data, flow, expected) => {
    expect(safeDump(data, { defaultFlowStyle: flow })).toBe(expected);
  });
});

describe('safeDump: runtime values', () => {
  test('Maps are sorted as Python sorts dict items; ints before strs is a TypeError, so the order stays', () => {
    expect(safeDump(new Map<unknown, unknown>([['b', 1], ['a', 2]]))).toBe('{a: 2, b: 1}\n');
    expect(safeDump(new Map<unknown, unknown>([[2, 'x'], [true, 'z']]))).toBe('{true: z, 2: x}\n');
    expect(safeDump(new Map<unknown, unknown>([[1, 'a'], ['b', 2]]))).toBe('{1: a, b: 2}\n');
    expect(safeDump(new Map<unknown, unknown>([[null, 1]]))).toBe('{null: 1}\n');
  });

  test('a tuple is a list; a tuple key is a complex key', () => {
    expect(safeDump(tuple(['a', 1]))).toBe('[a, 1]\n');
    expect(safeDump(new Map<unknown, unknown>([[tuple(['a', 'b']), 1]]), { defaultFlowStyle: false })).toBe('? - a\n  - b\n: 1\n');
  });

  test('what YAML cannot represent is Salt\'s NULL (Undefined included)', () => {
    expect(safeDump(new Undefined('x'))).toBe('NULL\n');
    expect(safeDump({ a: new Undefined('x') })).toBe('{a: NULL}\n');
  });

  test('a collection reached twice is anchored, numbered in order of its second use', () => {
    const shared = [1];
    const other = new Map([['k', 'v']]);
    expect(safeDump({ a: shared, b: shared, c: other, d: other }, { defaultFlowStyle: false })).toBe(
      'a: &id001\n- 1\nb: *id001\nc: &id002\n  k: v\nd: *id002\n',
    );
    const self: unknown[] = [];
    self.push(self);
    expect(safeDump(self)).toBe('&id001\n- *id001\n');
  });

  test('width and indent as libyaml takes them', () => {
    expect(safeDump({ a: { b: [1] } }, { defaultFlowStyle: false, indent: 4 })).toBe('a:\n    b:\n    - 1\n');
    expect(safeDump('a b c d e f g h', { width: 5 })).toBe('a b c d\n  e f g\n  h\n');
    expect(safeDump(['aaaa bbbb cccc dddd'], { width: 10, defaultFlowStyle: true })).toBe('[aaaa bbbb cccc\n    dddd]\n');
    expect(safeDump('a b c d e f g h', { width: 4 })).toBe('a b c d e f g h\n');
  });
});

describe('analyzeScalar (libyaml)', () => {
  test.each([
    ['abc', true, true, true],
    ['a: b', false, false, true],
    ['a:b', false, true, true],
    ['- a', false, false, true],
    ['-a', true, true, true],
    ['a,b', false, true, true],
    [' a', false, false, true],
    ['a\nb', false, false, true],
    ['a \nb', false, false, false],
    ['\t', false, false, false],
    ['😀', false, false, false],
  ] as const)('%j', (text, flowPlain, blockPlain, single) => {
    const a = analyzeScalar(text);
    expect([a.flowPlainAllowed, a.blockPlainAllowed, a.singleQuotedAllowed]).toEqual([flowPlain, blockPlain, single]);
  });

  test('length counts UTF-8 bytes (the 128-byte simple-key limit)', () => {
    expect(analyzeScalar('é').length).toBe(2);
  });
});
