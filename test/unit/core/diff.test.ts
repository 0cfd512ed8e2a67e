import { splitLines, unifiedDiff } from '@brine/core/diff';

/** Apply a unified diff made by unifiedDiff to `before` (no fuzz: every context line must match). */
function patch(before: string, diff: string): string {
  const src = splitLines(before);
  const out: string[] = [];
  let at = 0;
  const lines = diff.split('\n').slice(2, -1); // drop the two headers and the final ''
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const hunk = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(l);
    if (hunk) {
      const start = hunk[2] === '0' ? Number(hunk[1]) : Number(hunk[1]) - 1;
      out.push(...src.slice(at, start));
      at = start;
      continue;
    }
    const noEol = lines[i + 1] === '\\ No newline at end of file';
    const text = l.slice(1) + (noEol ? '' : '\n');
    if (noEol) i++;
    if (l[0] === ' ' || l[0] === '-') {
      expect(src[at]).toBe(text);
      at++;
    }
    if (l[0] === ' ' || l[0] === '+') out.push(text);
  }
  return [...out, ...src.slice(at)].join('');
}

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('unifiedDiff', () => {
  // Expected texts come from Python's difflib.unified_diff(a, b, '', ''), which Salt shows.
  it.each([
    ['a\nb\nc\n', 'a\nB\nc\n', '--- \n+++ \n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n'],
    ['', 'x\n', '--- \n+++ \n@@ -0,0 +1 @@\n+x\n'],
    ['a\nb\n', 'a\n', '--- \n+++ \n@@ -1,2 +1 @@\n a\n-b\n'],
    [
      '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n',
      '1\n2\nX\n4\n5\n6\n7\n8\n9\n10\nY\n12\n',
      '--- \n+++ \n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+Y\n 12\n',
    ],
    [
      '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n',
      '1\n2\nX\n4\n5\n6\n7\nY\n9\n10\n',
      '--- \n+++ \n@@ -1,10 +1,10 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n 7\n-8\n+Y\n 9\n 10\n',
    ],
  ])('%j -> %j as difflib', (before, after, expected) => {
    expect(unifiedDiff(before, after)).toBe(expected);
  });

  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
    expect(unifiedDiff('', '')).toBe('');
  });

  it('marks a last line without a newline', () => {
    expect(unifiedDiff('a\nb', 'a\nb\n')).toBe('--- \n+++ \n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
  });

  it('shows a large rewrite as one replacement', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `old ${i}\n`).join('');
    const after = Array.from({ length: 3000 }, (_, i) => `new ${i}\n`).join('');
    const diff = unifiedDiff(before, after);
    expect(diff.startsWith('--- \n+++ \n@@ -1,3000 +1,3000 @@\n-old 0\n')).toBe(true);
    expect(patch(before, diff)).toBe(after);
  });

  it('round-trips random edits (the diff patches before into after)', () => {
    const rand = rng(42);
    for (let round = 0; round < 300; round++) {
      const before = Array.from({ length: Math.floor(rand() * 40) }, () => `${Math.floor(rand() * 6)}\n`);
      const after = before.flatMap((l) => {
        const r = rand();
        if (r < 0.1) return [];
        if (r < 0.2) return [`${Math.floor(rand() * 6)}\n`, l];
        if (r < 0.3) return [`x${Math.floor(rand() * 3)}\n`];
        return [l];
      });
      if (rand() < 0.2 && after.length) after[after.length - 1] = after[after.length - 1].trimEnd();
      const diff = unifiedDiff(before.join(''), after.join(''));
      expect(patch(before.join(''), diff)).toBe(after.join(''));
      expect(diff === '').toBe(before.join('') === after.join(''));
    }
  });
});
