import { TargetError } from '@brine/core/errors';
import { globMatch } from '@brine/core/matchers/glob';
import { selected } from './minions';

describe('id matchers: glob, pcre, list', () => {
  it.each<[string, string | string[], 'glob' | 'pcre' | 'list', string[]]>([
    ['glob star', '*', 'glob', ['web1', 'web2', 'db1', 'db2', 'db3', 'mail']],
    ['glob prefix', 'web*', 'glob', ['web1', 'web2']],
    ['glob class', 'db[12]', 'glob', ['db1', 'db2']],
    ['glob negated class', 'db[!12]', 'glob', ['db3']],
    ['glob one char', '?b?', 'glob', ['db1', 'db2', 'db3']],
    ['glob is case-sensitive', 'WEB*', 'glob', []],
    ['glob is whole-string', 'web', 'glob', []],
    ['pcre anchored at start', 'db[0-9]+', 'pcre', ['db1', 'db2', 'db3']],
    ['pcre not anchored at end', 'we', 'pcre', ['web1', 'web2']],
    ['pcre not a search', 'eb', 'pcre', []],
    ['pcre alternation', 'web1|mail', 'pcre', ['web1', 'mail']],
    ['list string', 'web1, db3,', 'list', ['web1', 'db3']],
    ['list array', ['mail', 'nobody'], 'list', ['mail']],
    ['list is exact', 'web', 'list', []],
  ])('%s: %j', (_name, tgt, type, ids) => {
    expect(selected(tgt, type)).toEqual(ids);
  });

  it('refuses a glob whose class has a range out of order, as a target error (found by the fuzzer)', () => {
    expect(() => selected('db[z-a]', 'glob')).toThrow(TargetError);
    expect(() => selected('db[z-a]', 'glob')).toThrow(/Invalid glob 'db\[z-a\]'/);
  });

  it('refuses an invalid regular expression', () => {
    expect(() => selected('db(', 'pcre')).toThrow(TargetError);
    expect(() => selected('db(', 'pcre')).toThrow(/Invalid regular expression 'db\('/);
  });

  it('matches a glob of any size without a RegExp (found by the fuzzer: V8 could not compile it)', () => {
    const glob = Array.from({ length: 20_000 }, (_, i) => `a${i % 10}*`).join('');
    expect(selected(glob, 'glob')).toEqual([]);
  });

  it('matches a glob in time linear in each of pattern and value, never backtracking exponentially', () => {
    // As a RegExp, `*a*a…*b` against a long run of a's takes ~n^stars steps; here it answers at once.
    const evil = '*a'.repeat(40) + '*b';
    const start = process.hrtime.bigint();
    expect(globMatch(evil, 'a'.repeat(20_000))).toBe(false);
    expect(globMatch(evil, 'a'.repeat(20_000) + 'b')).toBe(true);
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(1000);
    expect(globMatch('[]a]x', ']x')).toBe(true);
    expect(globMatch('[!]a]x', 'bx')).toBe(true);
    expect(globMatch('a[b', 'a[b')).toBe(true);
  });

  it('refuses a regular expression too large to compile, as a target error (found by the fuzzer)', () => {
    // V8 accepts it at construction and throws "Stack overflow" at the first match.
    const pcre = Array.from({ length: 20_000 }, (_, i) => `a${i % 10}.*`).join('');
    expect(() => selected(pcre, 'pcre')).toThrow(TargetError);
  });
});
