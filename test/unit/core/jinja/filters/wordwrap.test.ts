import { err, f } from './context';

describe("Jinja's wordwrap (Python's textwrap)", () => {
  test.each<[string, unknown[], Record<string, unknown>, string]>([
    ['Hello there -- you goof-ball, use the -b option!', [10], {}, 'Hello\nthere --\nyou goof-\nball, use\nthe -b\noption!'],
    ['supercalifragilistic word', [8], {}, 'supercal\nifragili\nstic\nword'],
    ['a-very-long-hyphenated-word here', [10], {}, 'a-very-\nlong-hyphe\nnated-word\nhere'],
    ['line one is long enough\nsecond', [10], {}, 'line one\nis long\nenough\nsecond'],
    ['x  y   z', [3], {}, 'x\ny\nz'],
    ['supercalifragilistic', [8, false], {}, 'supercalifragilistic'],
    ['abc def ghi', [5], { wrapstring: '<br>' }, 'abc<br>def<br>ghi'],
    ['short', [], {}, 'short'],
  ])('wordwrap(%p, %p, %p)', (value, args, kwargs, expected) => {
    expect(f('wordwrap', value, args, kwargs)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['a zero width', () => f('wordwrap', 'a b', [0]), 'ValueError: invalid width 0 (must be > 0)'],
    ['an int', () => f('wordwrap', 5), "AttributeError: 'int' object has no attribute 'splitlines'"],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});
