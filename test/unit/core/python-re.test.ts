import { PyError } from '@brine/core/jinja/runtime/values';
import { compilePy, pySubn, reEscape, reFlagsOf } from '@brine/core/python-re';

// Expected values are Python 3.11's (re.subn, re.escape).
describe('compilePy and pySubn (Python re)', () => {
  it.each([
    ['\\w+', {}, 'é a', 'X', 0, 'X X', 2],
    ['\\w+', { ascii: true }, 'é a', 'X', 0, 'é X', 1],
    ['(?a)\\d', {}, '١1', 'X', 0, '١X', 1],
    ['\\d', {}, '١1', 'X', 0, 'XX', 2],
    ['a.b', { dotall: true }, 'a\nb', 'X', 0, 'X', 1],
    ['a.b', {}, 'a\nb', 'X', 0, 'a\nb', 0],
    [' a  b # c', { verbose: true }, 'ab ab', 'X', 1, 'X ab', 1],
    ['(a)', {}, 'aa', '\\1\\012\\0', 0, 'a\n\x00a\n\x00', 2],
  ])('re.subn(%j, flags %j) on %j', (pattern, flags, text, repl, count, expected, n) => {
    expect(pySubn(compilePy(pattern, flags), repl, text, count)).toEqual([expected, n]);
  });

  it('checks the template before matching, with Python messages', () => {
    expect(() => pySubn(compilePy('(a)', {}), '\\2', 'b')).toThrow(new PyError('re.error', 'invalid group reference 2 at position 1'));
    expect(() => pySubn(compilePy('(a)', {}), '\\10', 'a')).toThrow('invalid group reference 10 at position 1');
    expect(() => pySubn(compilePy('(?P<a>a)', {}), '\\g<b>', 'b')).toThrow(new PyError('IndexError', "unknown group name 'b'"));
    expect(() => pySubn(compilePy('a', {}), '\\q', 'b')).toThrow('bad escape \\q at position 0');
  });

  it('reads Python integer flags', () => {
    expect(reFlagsOf(2 | 8 | 16 | 64 | 256)).toEqual({ ignorecase: true, multiline: true, dotall: true, verbose: true, ascii: true });
    expect(reFlagsOf(0)).toEqual({ ignorecase: false, multiline: false, dotall: false, verbose: false, ascii: false });
  });

  it('escapes as re.escape', () => {
    expect(reEscape('a.b-c d_é')).toBe('a\\.b\\-c\\ d_é');
  });
});
