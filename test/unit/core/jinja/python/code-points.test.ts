import { codePointIndex, codePoints, cpSlice, strLen, unitOffset } from '@brine/core/jinja/python/code-points';

// Python: s = 'a😀b'; len(s) == 3, list(s) == ['a', '😀', 'b'], s[1:2] == '😀'
describe('code points (Python str indexing)', () => {
  const s = 'a😀b';

  it('iterates and measures by code point', () => {
    expect(codePoints(s)).toEqual(['a', '😀', 'b']);
    expect(codePoints('ab')).toEqual(['a', 'b']);
    expect(strLen(s)).toBe(3);
    expect(strLen('')).toBe(0);
  });

  it('converts offsets both ways and slices', () => {
    expect(unitOffset(s, 2)).toBe(3);
    expect(codePointIndex(s, 3)).toBe(2);
    expect(cpSlice(s, 1, 2)).toBe('😀');
    expect(cpSlice('abc', 1, 3)).toBe('bc');
  });
});
