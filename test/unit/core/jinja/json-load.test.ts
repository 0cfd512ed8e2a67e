import { loadJson } from '@brine/core/jinja/runtime/json-load';
import { pyRepr } from '@brine/core/jinja/runtime/values';

describe('loadJson (Python json.loads into template values)', () => {
  test.each([
    ['{"2": "b", "1": "a", "x": {"y": []}}', "{'2': 'b', '1': 'a', 'x': {'y': []}}"],
    ['{"a": 1, "b": 2, "a": 3}', "{'a': 3, 'b': 2}"],
    ['[1, -2.5e1, true, false, null, "\\u00e9\\n"]', "[1, -25, True, False, None, 'é\\n']"],
    [' [NaN, Infinity, -Infinity] ', '[nan, inf, -inf]'],
    ['"s"', "'s'"],
    ['{}', '{}'],
  ])('%s', (text, repr) => {
    expect(pyRepr(loadJson(text))).toBe(repr);
  });

  test.each([
    ['{nope', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
    ['[1,]', 'Expecting value: line 1 column 4 (char 3)'],
    ['', 'Expecting value: line 1 column 1 (char 0)'],
    ['[1] x', 'Extra data: line 1 column 5 (char 4)'],
    ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
    ['[1 2]', "Expecting ',' delimiter: line 1 column 4 (char 3)"],
    ['{"a":1,}', 'Expecting property name enclosed in double quotes: line 1 column 8 (char 7)'],
    ['[\n  x]', 'Expecting value: line 2 column 3 (char 4)'],
  ])('%j is refused', (text, message) => {
    expect(() => loadJson(text)).toThrow(message);
  });
});
