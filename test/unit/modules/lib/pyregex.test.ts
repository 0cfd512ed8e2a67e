import { SaltInvocationError } from '@brine/core/errors';
import { pyFlags, pyRegExp, pySubn } from '@brine/modules/lib/pyregex';

describe('pyFlags', () => {
  it.each([
    [8, 8],
    ['IGNORECASE', 2],
    [['ignorecase', 'MULTILINE'], 10],
    [['I', 'S'], 18],
    [[], 0],
  ])('%j is %d', (flags, value) => {
    expect(pyFlags(flags)).toBe(value);
  });

  it('refuses unknown flags', () => {
    expect(() => pyFlags(['NOPE'])).toThrow(new SaltInvocationError('Invalid re flag given: NOPE'));
    expect(() => pyFlags({ a: 1 })).toThrow(SaltInvocationError);
  });
});

describe('pyRegExp and pySubn (Python re.subn)', () => {
  it.each([
    ['(?P<k>\\w+)=(?P<v>\\d+)', 'k=1 x=2', '\\g<v>:\\g<k>', 0, 0, '1:k 2:x', 2],
    ['(\\w)(\\d)', 'a1 b2', '\\2\\1', 0, 0, '1a 2b', 2],
    ['(\\w)(\\d)', 'a1 b2', '\\g<0>!', 1, 0, 'a1! b2', 1],
    ['^x', 'x\nx', 'y', 0, 8, 'y\ny', 2],
    ['^x', 'x\nx', 'y', 0, 0, 'y\nx', 1],
    ['(?i)X', 'x', 'y', 0, 0, 'y', 1],
    ['\\Ax', 'x\nx', 'y', 0, 8, 'y\nx', 1],
    ['x\\Z', 'x\nx', 'y', 0, 8, 'x\ny', 1],
    ['(?P<a>a)(?P=a)', 'aa', 'b', 0, 0, 'b', 1],
    ['a', 'a', 'tab\\there\\nline $1', 0, 0, 'tab\there\nline $1', 1],
    // re.VERBOSE (64) as Python: whitespace and comments in the pattern are ignored
    [' a b # c', 'ab ab', 'X', 0, 64, 'X X', 2],
    // Python's \0 in a template is the octal escape NUL, not the whole match
    ['a', 'a', '\\0', 0, 0, '\x00', 1],
  ])('%s on %j -> %j', (pattern, text, repl, count, flags, expected, n) => {
    expect(pySubn(pyRegExp(pattern, flags), repl, text, count)).toEqual([expected, n]);
  });

  it('matches as Salt does on bytes: \\w is ASCII for file.replace, Unicode elsewhere', () => {
    // Python: re.subn(b'\\w+', b'X', 'é a'.encode()) == (b'\xc3\xa9 X', 1)
    expect(pySubn(pyRegExp('\\w+', 0, true), 'X', 'é a')).toEqual(['é X', 1]);
    expect(pySubn(pyRegExp('\\w+'), 'X', 'é a')).toEqual(['X X', 2]);
  });

  it('refuses what JavaScript cannot do, and bad references', () => {
    expect(() => pyRegExp('(')).toThrow(SaltInvocationError);
    expect(() => pySubn(pyRegExp('(a)'), '\\2', 'a')).toThrow('invalid group reference 2 at position 1');
    // Python checks the template before matching
    expect(() => pySubn(pyRegExp('(a)'), '\\2', 'b')).toThrow(SaltInvocationError);
    expect(() => pySubn(pyRegExp('a'), '\\q', 'a')).toThrow(SaltInvocationError);
  });
});
