import { constructFloat, constructInt, resolvePlain } from '@brine/core/yaml/resolve';

/** PyYAML 6.0's Resolver.resolve(ScalarNode, text, (True, False)), short tag names. */
describe('resolvePlain', () => {
  test.each([
    ['yes', 'bool'], ['No', 'bool'], ['ON', 'bool'], ['off', 'bool'], ['True', 'bool'], ['FALSE', 'bool'], ['yEs', 'str'], ['y', 'str'], ['n', 'str'],
    ['1.5', 'float'], ['1.', 'float'], ['.5', 'float'], ['-.5', 'str'], ['1.0e+3', 'float'], ['1.0e3', 'str'], ['1e3', 'str'], ['1:30.5', 'float'],
    ['.inf', 'float'], ['-.Inf', 'float'], ['.NaN', 'float'], ['inf', 'str'], ['1_000.5', 'float'],
    ['0', 'int'], ['0644', 'int'], ['09', 'str'], ['0b101', 'int'], ['0x1F', 'int'], ['0X1F', 'str'], ['0o17', 'str'], ['1_000', 'int'], ['1:30', 'int'], ['0:30', 'str'], ['+1', 'int'],
    ['<<', 'merge'], ['~', 'null'], ['null', 'null'], ['NULL', 'null'], ['nULL', 'str'], ['', 'null'],
    ['2001-12-14', 'timestamp'], ['2001-12-14 21:59:43.10 -5', 'timestamp'], ['2001-1-1', 'str'], ['=', 'value'], ['==', 'str'], ['abc', 'str'],
  ])('%j is %s', (text, tag) => {
    expect(resolvePlain(text)).toBe(tag);
  });
});

describe('constructInt: Salt strips leading zeros before PyYAML reads the base', () => {
  test.each([
    ['0', 0], ['00', 0], ['0644', 644], ['0_644', 644], ['-0644', -420], ['+0644', 420], ['-0', 0], ['0b101', 5], ['-0b101', -5],
    ['0x1F', 31], ['-0x1f', -31], ['1_000', 1000], ['1:30', 90], ['-1:30', -90], ['190:20:30', 685230],
  ])('%j is %d', (text, value) => {
    expect(constructInt(text)).toBe(value);
  });

  test('text that is no int is null', () => {
    expect(constructInt('0xZZ')).toBeNull();
    expect(constructInt('abc')).toBeNull();
  });
});

describe('constructFloat', () => {
  test.each([
    ['1.5', 1.5], ['1.', 1], ['.5', 0.5], ['-1_0.5', -10.5], ['1.0E+3', 1000], ['1:30.5', 90.5], ['.inf', Infinity], ['-.INF', -Infinity], ['1', 1],
  ])('%j is %d', (text, value) => {
    expect(constructFloat(text)).toBe(value);
  });

  test('.nan is NaN; other text is null', () => {
    expect(constructFloat('.NaN')).toBeNaN();
    expect(constructFloat('abc')).toBeNull();
  });
});
