import { decodeStringEscapes, tokenize, type LexerOptions } from '@brine/core/jinja/lexer';
import { TemplateSyntaxError } from '@brine/core/jinja/errors';

/** The tokens of `src` as `type:value` strings, eof left out. */
function kinds(src: string, options?: LexerOptions): string[] {
  return tokenize(src, options)
    .filter((t) => t.type !== 'eof')
    .map((t) => `${t.type}:${t.value}`);
}

/** The template text (data tokens) left after whitespace control. */
function data(src: string, options?: LexerOptions): string {
  return tokenize(src, options)
    .filter((t) => t.type === 'data')
    .map((t) => t.value)
    .join('|');
}

describe('jinja lexer: tokens', () => {
  it.each<[string, string[]]>([
    ['a {{ x }} b', ['data:a ', 'variable_begin:{{', 'name:x', 'variable_end:}}', 'data: b']],
    ['{% if a %}', ['block_begin:{%', 'name:if', 'name:a', 'block_end:%}']],
    ['{{ 1 + 2.5 // 3 ** 4 ~ "s" }}', ['variable_begin:{{', 'integer:1', 'operator:+', 'float:2.5', 'operator://', 'integer:3', 'operator:**', 'integer:4', 'operator:~', 'string:s', 'variable_end:}}']],
    ['{{ 1_000 0x1F 0o17 0b101 1e3 1_0.5_0 }}', ['variable_begin:{{', 'integer:1_000', 'integer:0x1F', 'integer:0o17', 'integer:0b101', 'float:1e3', 'float:1_0.5_0', 'variable_end:}}']],
    ['{{ a.0.1 }}', ['variable_begin:{{', 'name:a', 'operator:.', 'integer:0', 'operator:.', 'integer:1', 'variable_end:}}']],
    ['{{ a==b!=c<=d>=e<f>g }}', ['variable_begin:{{', 'name:a', 'operator:==', 'name:b', 'operator:!=', 'name:c', 'operator:<=', 'name:d', 'operator:>=', 'name:e', 'operator:<', 'name:f', 'operator:>', 'name:g', 'variable_end:}}']],
    ['{{ {"a": [1]}}}', ['variable_begin:{{', 'operator:{', 'string:a', 'operator::', 'operator:[', 'integer:1', 'operator:]', 'operator:}', 'variable_end:}}']],
    ['{# a comment {{ x }} #}b', ['data:b']],
    ['{% raw %}{{ x }}{% endraw %}', ['data:{{ x }}']],
    ['{{ héllo_1 }}', ['variable_begin:{{', 'name:héllo_1', 'variable_end:}}']],
  ])('%j', (src, expected) => {
    expect(kinds(src)).toEqual(expected);
  });

  it('decodes Python string escapes', () => {
    const fail = (m: string): never => {
      throw new Error(m);
    };
    expect(decodeStringEscapes(String.raw`a\nb\t\x41\u00e9\U0001F600\101\'\"\\\q`, fail)).toBe('a\nb\tAé😀A\'"\\\\q');
    expect(decodeStringEscapes('a\\\nb', fail)).toBe('ab');
    expect(() => decodeStringEscapes(String.raw`\x4`, fail)).toThrow('truncated \\xXX escape');
    expect(kinds(`{{ 'it''s' "\\"q\\"" }}`)).toEqual(['variable_begin:{{', 'string:it', 'string:s', 'string:"q"', 'variable_end:}}']);
  });

  it('gives every token its 1-based line and column', () => {
    const tokens = tokenize('line one\n  {{ foo\n  + bar }}');
    expect(tokens.map((t) => [t.value, t.line, t.column])).toEqual([
      ['line one\n  ', 1, 1],
      ['{{', 2, 3],
      ['foo', 2, 6],
      ['+', 3, 3],
      ['bar', 3, 5],
      ['}}', 3, 9],
      ['', 3, 11],
    ]);
  });

  it('normalizes \\r\\n and drops one trailing newline unless keepTrailingNewline', () => {
    expect(data('a\r\nb\r\n\n')).toBe('a\nb\n');
    expect(data('a\n', { keepTrailingNewline: true })).toBe('a\n');
  });
});

describe('jinja lexer: whitespace control (Jinja defaults: trim_blocks and lstrip_blocks off)', () => {
  // every row has options: jest would take a missing third column for a done callback
  it.each<[string, string, LexerOptions]>([
    ['a  \n  {% if x %}  \nb', 'a  \n  |  \nb', {}],
    ['a  \n  {%- if x %}  \nb', 'a|  \nb', {}],
    ['a  \n  {% if x -%}  \nb', 'a  \n  |b', {}],
    ['a \n {{- x -}} \n b', 'a|b', {}],
    ['a \n {#- c -#} \n b', 'a|b', {}],
    ['a {%+ if x +%} b', 'a | b', {}],
    ['{% raw -%}  x  {%- endraw %}', 'x', {}],
    ['a\n  {% if x %}\nb', 'a\n|b', { trimBlocks: true, lstripBlocks: true }],
    ['a\n  {%+ if x +%}\nb', 'a\n  |\nb', { trimBlocks: true, lstripBlocks: true }],
    ['a\n  {{ x }}\nb', 'a\n  |\nb', { trimBlocks: true, lstripBlocks: true }],
    ['  {# c #}\nb', 'b', { trimBlocks: true, lstripBlocks: true }],
    ['x  {% if x %}\nb', 'x  |b', { trimBlocks: true, lstripBlocks: true }],
  ])('%j', (src, expected, options) => {
    expect(data(src, options)).toBe(expected);
  });
});

describe('jinja lexer: errors carry Jinja messages and positions', () => {
  it.each<[string, string, number, number]>([
    ['ok\n{{ x ) }}', "unexpected ')'", 2, 6],
    ['{{ (x] }}', "unexpected ']', expected ')'", 1, 6],
    ['a\n{# never closed', 'Missing end of comment tag', 2, 1],
    ['{% raw %} x', 'Missing end of raw directive', 1, 1],
    ['{{ x ? y }}', "unexpected char '?' at 5", 1, 6],
    ["{{ 'open }}", `unexpected char "'" at 3`, 1, 4],
  ])('%j', (src, message, line, column) => {
    const err = (() => {
      try {
        tokenize(src, { file: 'salt://t.sls' });
      } catch (e) {
        return e;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(TemplateSyntaxError);
    expect(err).toMatchObject({ message, line, column, file: 'salt://t.sls' });
  });
});
