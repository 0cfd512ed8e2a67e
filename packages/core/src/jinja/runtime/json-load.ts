/**
 * Python's `json.loads` into template values: objects become dicts (Maps)
 * that keep the document's key order (JSON.parse would move integer-like
 * keys first), a repeated key keeps its first place and its last value,
 * and `NaN`/`Infinity`/`-Infinity` are accepted, as Python's decoder does.
 */
import { PyError, type PyDict } from './values';

const TOKEN = /[ \t\n\r]*(?:([{}[\]:,])|("(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")|(-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)|(true|false|null|NaN|Infinity|-Infinity))/y;

/**
 * Parse `text` as JSON.
 * @throws PyError JSONDecodeError `Expecting value: line 1 column 1 (char 0)`-style, at the offending offset
 */
export function loadJson(text: string): unknown {
  let pos = 0;
  const fail = (): never => {
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    throw new PyError('JSONDecodeError', `Expecting value: line ${line} column ${column} (char ${pos})`);
  };
  const next = (): RegExpExecArray => {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) return fail();
    pos = TOKEN.lastIndex;
    return m;
  };
  const expect = (punct: string): void => {
    if (next()[1] !== punct) fail();
  };
  const value = (m: RegExpExecArray): unknown => {
    if (m[2] !== undefined) return JSON.parse(m[2]) as string;
    if (m[3] !== undefined) return Number(m[3]);
    if (m[6] !== undefined) return { true: true, false: false, null: null, NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity }[m[6]];
    if (m[1] === '[') {
      const list: unknown[] = [];
      let t = next();
      if (t[1] === ']') return list;
      for (;;) {
        list.push(value(t));
        const sep = next()[1];
        if (sep === ']') return list;
        if (sep !== ',') fail();
        t = next();
      }
    }
    if (m[1] === '{') {
      const dict: PyDict = new Map();
      let t = next();
      if (t[1] === '}') return dict;
      for (;;) {
        if (t[2] === undefined) fail();
        const key = JSON.parse(t[2] as string) as string;
        expect(':');
        dict.set(key, value(next()));
        const sep = next()[1];
        if (sep === '}') return dict;
        if (sep !== ',') fail();
        t = next();
      }
    }
    return fail();
  };
  const result = value(next());
  if (!/^[ \t\n\r]*$/.test(text.slice(pos))) {
    throw new PyError('JSONDecodeError', `Extra data: line 1 column ${pos + 1} (char ${pos})`);
  }
  return result;
}
