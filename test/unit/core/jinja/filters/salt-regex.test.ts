import { Undefined } from '@brine/core/jinja/runtime/values';
import { err, r, t } from './context';

describe("Salt's regex filters and the match test (Python's re)", () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['regex_search', 'abcd', ['^(.*)BC(.*)$'], { ignorecase: true }, "('a', 'd')"],
    ['regex_search', 'abcd', ['^(.*)BC(.*)$'], {}, 'None'],
    ['regex_search', 'xab-', ['(?P<a>\\w+)-(\\d+)?'], {}, "('xab', None)"],
    ['regex_search', 'abc', ['b'], {}, '()'],
    ['regex_match', 'xabc', ['ab'], {}, 'None'],
    ['regex_match', 'abc', ['(a)b'], {}, "('a',)"],
    ['regex_match', 'x\nab', ['^ab'], { multiline: true }, 'None'],
    ['regex_search', 'x\nab', ['^(ab)'], { multiline: true }, "('ab',)"],
    ['regex_search', 'foo\n', ['(foo)$'], {}, "('foo',)"],
    ['regex_search', 'foo\n', ['(foo)\\Z'], {}, 'None'],
    ['regex_search', 'hello', ['(?i)(HELLO)'], {}, "('hello',)"],
    ['regex_replace', 'lets replace spaces', ['\\s+', '__'], {}, "'lets__replace__spaces'"],
    ['regex_replace', 'me@host you@there', ['(\\w+)@(\\w+)', '\\2 at \\g<1>'], {}, "'host at me there at you'"],
    ['regex_replace', 'me@host', ['(?P<u>\\w+)@', '\\g<u>!\\n'], {}, "'me!\\nhost'"],
    ['regex_replace', 'abxd', ['x*', '-'], {}, "'-a-b--d-'"],
    ['regex_replace', 'a\nb', ['^', '> '], { multiline: true }, "'> a\\n> b'"],
    ['regex_replace', ']ab', ['[]a]', 'X'], {}, "'XXb'"],
    ['regex_replace', 'A$1', ['a', '$&'], { ignorecase: true }, "'$&$1'"],
    ['regex_escape', '1.2.3.4/24 a-b', [], {}, "'1\\\\.2\\\\.3\\\\.4/24\\\\ a\\\\-b'"],
    // Python's str patterns are Unicode: \w, \b, \d and \s follow Unicode's classes
    ['regex_replace', 'café-crème 1', ['\\W', '_'], {}, "'café_crème_1'"],
    ['regex_replace', 'café crème écrire', ['\\bcr', 'X'], {}, "'café Xème écrire'"],
    ['regex_replace', 'a.b é€', ['[\\w.]+', 'W'], {}, "'W W€'"],
    ['regex_replace', 'a1٣2', ['\\d+', '#'], {}, "'a#'"],
    ['regex_replace', 'a\u3000\x1c b', ['\\s+', ' '], {}, "'a b'"],
    ['regex_replace', 'CAFÉ', ['é', 'E'], { ignorecase: true }, "'CAFE'"],
    ['regex_replace', 'aaab', ['a{,2}', 'X'], {}, "'XXXbX'"],
    ['regex_replace', 'x{y}', ['x{y}', 'Z'], {}, "'Z'"],
    ['regex_replace', 'a\r\nb', ['.', '-'], {}, "'--\\n-'"],
    ['regex_replace', 'a\nb', ['(?s).', '-'], {}, "'---'"],
    ['regex_replace', 'a\rb\nc', ['^', '>'], { multiline: true }, "'>a\\rb\\n>c'"],
    ['regex_replace', 'xa-b ~c#y', ['a\\-b\\ \\~c\\#', 'ok'], {}, "'xoky'"],
    ['regex_search', 'x😀y', ['(\\U0001F600)'], {}, "('😀',)"],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['a bad escape in the replacement', () => r('regex_replace', 'a', ['a', '\\q']), 're.error: bad escape \\q at position 0'],
    ['a missing group in the replacement', () => r('regex_replace', 'a', ['(a)', '\\2']), 're.error: invalid group reference 2 at position 1'],
    ['a bad escape in the pattern', () => r('regex_search', 'a', ['\\q']), 're.error: bad escape \\q at position 0'],
    ['a non-str text', () => r('regex_search', 5, ['5']), "TypeError: expected string or bytes-like object, got 'int'"],
    ['an Undefined text', () => r('regex_replace', new Undefined('x'), ['a', 'b']), "TypeError: expected string or bytes-like object, got 'StrictUndefined'"],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });

  test('a pattern that does not compile raises re.error', () => {
    expect(err(() => r('regex_search', 'a', ['(a']))).toMatch(/^re\.error: /);
  });

  test.each<[unknown, unknown[], Record<string, unknown>, boolean]>([
    ['web01', ['web'], {}, true],
    ['myweb01', ['web'], {}, false],
    ['WEB01', ['web'], { ignorecase: true }, true],
    ['db\nweb', ['^web'], { multiline: true }, false],
  ])('%p is match(%p, %p) is %p', (value, args, kwargs, expected) => {
    expect(t('match', value, args, kwargs)).toBe(expected);
  });
});
