import { failure, render } from './support/render';

jest.mock('@brine/core/jinja/python/methods', () => ({ pyMethod: jest.requireActual('./support/render').fakeMethod }));
jest.mock('@brine/core/jinja/python/percent-format', () => ({ percentFormat: jest.requireActual('./support/render').fakePercent }));

describe('output', () => {
  test.each([
    ['{{ none }}', 'None'],
    ['{{ [1, "a", none, true] }}', "[1, 'a', None, True]"],
    ['{{ (1,) }}|{{ ("a", 2) }}', "(1,)|('a', 2)"],
    ['{{ {"a": 1, 2: [3]} }}', "{'a': 1, 2: [3]}"],
    ['{{ 1.5 }} {{ 10 }} {{ false }}', '1.5 10 False'],
    ['a {{ "x" }} b\n', 'a x b'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test('an undefined variable raises UndefinedError at its position', async () => {
    expect(await failure('x\n {{ y }}')).toBe("UndefinedError: 'y' is undefined");
  });
});
