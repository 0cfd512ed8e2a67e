import { surveyDiffText, surveyPools, unifiedDiff0 } from '@brine/cli/runners/lib/survey';

describe('pooling answers (survey.hash)', () => {
  const answers = new Map<string, unknown>([
    ['c', { x: 1 }],
    ['a', true],
    ['d', true],
    ['b', { x: 1 }],
    ['e', true],
    ['f', 'True'],
  ]);

  it('groups minions whose answers print the same as Python str(), largest pool first', () => {
    // True and 'True' print alike, as in Salt (it compares str() of each answer).
    expect(surveyPools(answers)).toEqual([
      { pool: ['a', 'd', 'e', 'f'], result: 'True' },
      { pool: ['b', 'c'], result: "{'x': 1}" },
    ]);
  });

  it('lists the smallest pools first with survey_sort=up, pools of a size in the order of their first minion', () => {
    const mixed = new Map<string, unknown>([['m3', 2], ['m1', 1], ['m2', 2], ['m4', 3]]);
    expect(surveyPools(mixed, 'up').map((p) => p.pool)).toEqual([['m1'], ['m4'], ['m2', 'm3']]);
    expect(surveyPools(mixed, 'down').map((p) => p.pool)).toEqual([['m2', 'm3'], ['m1'], ['m4']]);
  });

  it('is empty without answers', () => {
    expect(surveyPools(new Map())).toEqual([]);
  });
});

describe("Python's difflib.unified_diff with n=0", () => {
  // Expected texts printed by Python 3.11's difflib for the same inputs.
  it.each([
    ['a\nb\nc\nd', 'a\nB\nc\nd\ne', '--- m1\n+++ m2\n@@ -2 +2 @@\n-b\n+B\n@@ -4,0 +5 @@\n+e\n'],
    ["{'x': 1, 'y': 2}", "{'x': 1, 'y': 3}", "--- m1\n+++ m2\n@@ -1 +1 @@\n-{'x': 1, 'y': 2}\n+{'x': 1, 'y': 3}\n"],
    ['one\ntwo\nthree\nfour\nfive', 'one\nthree\nfour\nFIVE\nsix', '--- m1\n+++ m2\n@@ -2 +1,0 @@\n-two\n@@ -5 +4,2 @@\n-five\n+FIVE\n+six\n'],
    ['same', 'same', ''],
  ])('%j to %j', (a, b, want) => {
    expect(unifiedDiff0(a, b, 'm1', 'm2')).toBe(want);
  });
});

describe("survey.diff's printout", () => {
  it('prints each pool, the first result in full and the differences of the others', () => {
    const text = surveyDiffText([
      { pool: ['m1', 'm2'], result: 'a\nb' },
      { pool: ['m3'], result: 'a\nc' },
    ]);
    expect(text).toBe(
      "minion pool :\n------------\n['m1', 'm2']\npool size :\n----------\n    2\npool result :\n------------\n    a\nb\n\n" +
        "minion pool :\n------------\n['m3']\npool size :\n----------\n    1\n" +
        `differences from "m1" results :\n${'-'.repeat(30)}\n--- m1\n+++ m3\n@@ -2 +2 @@\n-b\n+c\n\n\n`,
    );
  });
});
