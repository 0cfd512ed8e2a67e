/** Python's `ascii()`, for `!a` in str.format and `%a`. */
import { pyRepr } from '../runtime/values';

/**
 * Python's `ascii()`: repr() with every non-ASCII character escaped as
 * `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
 * @throws UndefinedError for an Undefined
 */
export function asciiRepr(v: unknown): string {
  let out = '';
  for (const ch of pyRepr(v)) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out += ch;
    else if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out;
}

