import { fromData, tuple } from '@brine/core/jinja/runtime/values';
import { f } from './context';

const range = (n: number) => Array.from({ length: n }, (_x, i) => i);

describe("Jinja's pprint and Salt's python filters (Python's pprint.pformat)", () => {
  test.each<[unknown, string]>([
    [
      new Map<unknown, unknown>([
        ['zeta', [1, 2, 3]],
        ['alpha', fromData({ b: 'x'.repeat(30), a: range(20) })],
        ['t', tuple([1])],
        ['tt', tuple([...'abcdefghijklmnopqrstuvwxyz'])],
        [5, null],
      ]),
      "{5: None,\n 'alpha': {'a': [0,\n                 1,\n                 2,\n                 3,\n                 4,\n                 5,\n                 6,\n                 7,\n                 8,\n                 9,\n                 10,\n                 11,\n                 12,\n                 13,\n                 14,\n                 15,\n                 16,\n                 17,\n                 18,\n                 19],\n           'b': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'},\n 't': (1,),\n 'tt': ('a',\n        'b',\n        'c',\n        'd',\n        'e',\n        'f',\n        'g',\n        'h',\n        'i',\n        'j',\n        'k',\n        'l',\n        'm',\n        'n',\n        'o',\n        'p',\n        'q',\n        'r',\n        's',\n        't',\n        'u',\n        'v',\n        'w',\n        'x',\n        'y',\n        'z'),\n 'zeta': [1, 2, 3]}",
    ],
    ['word '.repeat(30), "('word word word word word word word word word word word word word word word '\n 'word word word word word word word word word word word word word word word ')"],
    [[`line one\nline two ${'y'.repeat(70)}`], "['line one\\n'\n 'line two '\n 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy']"],
    [{ k: 'v '.repeat(45) }, "{'k': 'v v v v v v v v v v v v v v v v v v v v v v v v v v v v v v v v v v v v '\n      'v v v v v v v v v '}"],
    [{ b: 1, a: [1, 2] }, "{'a': [1, 2], 'b': 1}"],
    ['', "''"],
  ])('pprint(%p)', (value, expected) => {
    expect(f('pprint', value)).toBe(expected);
  });

  test('python strips what pformat gives', () => {
    expect(f('python', { b: 1, a: null })).toBe("{'a': None, 'b': 1}");
  });
});
