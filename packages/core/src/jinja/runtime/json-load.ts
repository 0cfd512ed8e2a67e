/**
 * Python's `json.loads` into template values: objects become dicts (Maps)
 * that keep the document's key order (JSON.parse would move integer-like
 * keys first), a repeated key keeps its first place and its last value,
 * `NaN`/`Infinity`/`-Infinity` are accepted, and errors carry Python's
 * JSONDecodeError messages and positions.
 */
import { PyError, type PyDict } from './values';

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const CONSTANTS: ReadonlyArray<readonly [string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

/**
 * Parse `text` as JSON.
 * @throws PyError JSONDecodeError, e.g. `Expecting value: line 1 column 4 (char 3)`,
 *   `Expecting ',' delimiter: ...`, `Extra data: ...`
 */
export function loadJson(text: string): unknown {
  let pos = 0;
  const fail = (what: string, at: number = pos): never => {
    const line = text.slice(0, at).split('\n').length;
    const column = at - text.lastIndexOf('\n', at - 1);
    throw new PyError('JSONDecodeError', `${what}: line ${line} column ${column} (char ${at})`);
  };
  const skip = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos] as string)) pos++;
  };
  const match = (re: RegExp): string | null => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) return null;
    pos = re.lastIndex;
    return m[0];
  };
  const string = (): string => {
    const start = pos;
    const s = match(STRING);
    return s === null ? fail('Unterminated string starting at', start) : (JSON.parse(s) as string);
  };
  const value = (): unknown => {
    skip();
    const c = text[pos];
    if (c === '"') return string();
    if (c === '[') return array();
    if (c === '{') return object();
    for (const [word, v] of CONSTANTS) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v;
      }
    }
    const n = match(NUMBER);
    return n === null ? fail('Expecting value') : Number(n);
  };
  const array = (): unknown[] => {
    pos++;
    const list: unknown[] = [];
    skip();
    if (text[pos] === ']') {
      pos++;
      return list;
    }
    for (;;) {
      list.push(value());
      skip();
      const c = text[pos++];
      if (c === ']') return list;
      if (c !== ',') fail("Expecting ',' delimiter", pos - 1);
    }
  };
  const object = (): PyDict => {
    pos++;
    const dict: PyDict = new Map();
    skip();
    if (text[pos] === '}') {
      pos++;
      return dict;
    }
    for (;;) {
      skip();
      if (text[pos] !== '"') fail('Expecting property name enclosed in double quotes');
      const key = string();
      skip();
      if (text[pos] !== ':') fail("Expecting ':' delimiter");
      pos++;
      dict.set(key, value());
      skip();
      const c = text[pos++];
      if (c === '}') return dict;
      if (c !== ',') fail("Expecting ',' delimiter", pos - 1);
    }
  };
  const result = value();
  skip();
  if (pos < text.length) fail('Extra data');
  return result;
}
