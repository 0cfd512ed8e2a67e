import { parsePyFloat, parsePyInt, pyRound } from '@brine/core/jinja/filters/py-numbers';

describe("Python's numeric text rules", () => {
  test.each<[string, number, number | null]>([
    ['0x1f', 16, 31],
    ['0x1f', 0, 31],
    ['0o17', 0, 15],
    ['0b_1', 0, 1],
    ['1_0', 10, 10],
    ['  -42\n', 10, -42],
    ['z', 36, 35],
    ['12', 3, 5],
    ['1__0', 10, null],
    ['_1', 10, null],
    ['0x', 16, null],
    ['00', 0, 0],
    ['07', 0, null],
    ['5', 1, null],
  ])('int(%p, %p) is %p', (text, base, expected) => {
    expect(parsePyInt(text, base)).toBe(expected);
  });

  test.each<[string, number | null]>([
    ['1e3', 1000],
    ['-.5', -0.5],
    [' inf ', Infinity],
    ['-Infinity', -Infinity],
    ['1_000.5', 1000.5],
    ['1__0', null],
    ['1.', 1],
    ['e3', null],
    ['.', null],
    ['0x10', null],
  ])('float(%p) is %p', (text, expected) => {
    expect(parsePyFloat(text)).toBe(expected);
  });

  test('float("nan") is NaN', () => {
    expect(parsePyFloat('nan')).toBeNaN();
  });

  test.each<[number, number, number]>([
    [0.25, 1, 0.2],
    [1.005, 2, 1.0],
    [0.5, 0, 0],
    [1.5, 0, 2],
    [2.5, 0, 2],
    [-0.0005, 3, -0.001],
    [2.675, 2, 2.67],
    [1e22, 2, 1e22],
    [Infinity, 1, Infinity],
  ])('round(%p, %p) is correctly rounded, exact ties to even: %p', (x, digits, expected) => {
    expect(pyRound(x, digits)).toBe(expected);
  });

  test('round() with negative digits rounds ties to even', () => {
    expect(pyRound(1250, -2)).toBe(1200);
    expect(pyRound(1350, -2)).toBe(1400);
    expect(pyRound(-2.5, 0)).toBe(-2);
  });
});
