import { compareCodePoints, isDict, pyNumberRepr, pyStrRepr, pyStrip, rstrip, splitlines } from '@brine/core/python';
import { pyRepr, pyStr, truthy } from '@brine/core/jinja/runtime/values';

describe('Python semantics', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['\n', ['']],
    ['a', ['a']],
    ['a\n', ['a']],
    ['a\n\nb', ['a', '', 'b']],
    ['a\r\nb\rc\vd\fe\x1cf\x85g\u2028h', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']],
    ['a\n\n', ['a', '']],
  ])('splitlines(%j)', (text, lines) => {
    expect(splitlines(text)).toEqual(lines);
  });

  it.each<[string, string]>([
    ['a \t\n\r\x0b\x0c\x1c\x85\xa0\u3000', 'a'],
    ['  a  b', '  a  b'],
    ['a\ufeff', 'a\ufeff'],
    ['   ', ''],
  ])('rstrip(%j)', (text, stripped) => {
    expect(rstrip(text)).toBe(stripped);
  });

  it('compareCodePoints sorts as Python sorted() on str', () => {
    expect(['\u{1F600}', '\uFF01', 'b', 'B', 'a', 'ab', ''].sort(compareCodePoints))
      .toEqual(['', 'B', 'a', 'ab', 'b', '\uFF01', '\u{1F600}']);
  });

  it.each<[number | bigint, string]>([
    [0, '0'], [-0, '0'], [42, '42'], [-7, '-7'], [2n ** 70n, '1180591620717411303424'],
    [1.5, '1.5'], [0.1, '0.1'], [-2.5, '-2.5'], [0.0001, '0.0001'], [0.00001, '1e-05'], [1.5e-7, '1.5e-07'],
    [1 / 3, '0.3333333333333333'], [2 ** 53, '9007199254740992.0'], [1e16, '1e+16'], [1.5e300, '1.5e+300'],
    [5e-324, '5e-324'], [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'],
  ])('pyNumberRepr(%p) is %s', (n, repr) => {
    expect(pyNumberRepr(n)).toBe(repr);
  });

  it.each<[string, string]>([
    ['abc', "'abc'"],
    ['', "''"],
    ["it's", '"it\'s"'],
    ['say "hi"', "'say \"hi\"'"],
    ['it\'s "x"', "'it\\'s \"x\"'"],
    ['a\\b\tc\nd\re', "'a\\\\b\\tc\\nd\\re'"],
    ['\x00\x1b\x7f\x85\xa0\xad', "'\\x00\\x1b\\x7f\\x85\\xa0\\xad'"],
    ['\u2028\ufeff\ud800', "'\\u2028\\ufeff\\ud800'"],
    ['\u{E0001}', "'\\U000e0001'"],
    ['é日本\u{1F600}', "'é日本\u{1F600}'"],
  ])('pyStrRepr(%j) is %s', (text, repr) => {
    expect(pyStrRepr(text)).toBe(repr);
  });

  it('pyRepr formats data as Python, keys in insertion order', () => {
    expect(pyRepr({ b: [1, 'x', null, true, false, undefined], a: {}, c: [], d: { e: 1.5 } }))
      .toBe("{'b': [1, 'x', None, True, False, None], 'a': {}, 'c': [], 'd': {'e': 1.5}}");
  });

  it('truthy takes plain data as Python dicts', () => {
    expect(truthy({})).toBe(false);
    expect(truthy({ a: 0 })).toBe(true);
    expect(truthy([])).toBe(false);
  });

  it('pyStrip strips Python whitespace or the given characters, by code point', () => {
    // Python: '\xa0 x\u3000'.strip() == 'x'; 'xxaxx'.lstrip('x') == 'axx'; '😀a😀'.strip('😀') == 'a'
    expect(pyStrip('\xa0 x\u3000')).toBe('x');
    expect(pyStrip('xxaxx', 'x', true, false)).toBe('axx');
    expect(pyStrip('😀a😀', '😀')).toBe('a');
  });

  it('pyStr leaves a string as it is', () => {
    expect(pyStr("it's")).toBe("it's");
    expect(pyStr(["it's"])).toBe('["it\'s"]');
  });

  it('isDict accepts plain objects only', () => {
    expect(isDict({})).toBe(true);
    expect(isDict(Object.create(null))).toBe(true);
    expect([[], null, 'x', new Date(), new Map()].map(isDict)).toEqual([false, false, false, false, false]);
  });
});
