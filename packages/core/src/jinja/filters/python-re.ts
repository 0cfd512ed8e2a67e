/**
 * Python's `re` for Salt's regex filters and the `match` test: a Python
 * pattern translated to a JavaScript RegExp (named groups `(?P<n>...)`,
 * `(?P=n)`, `\A`, `\Z`, Python's `$`, a leading `(?imsx)`, a first `]` in a
 * class), `re.sub`'s replacement template and `re.escape`.
 * Documented gaps: `\W`, `\D`, `\S` inside a class are ASCII, scoped flags
 * `(?i:...)` and possessive/atomic forms are refused, and a bad pattern's
 * message is JavaScript's.
 */
import { PyError, typeName } from '../runtime/values';
import { PY_SPACE } from './py-text';

/** Python's re.I and re.M, as the filters' ignorecase/multiline set them. */
export interface ReFlags {
  readonly ignorecase?: boolean;
  readonly multiline?: boolean;
}

/** Python's re.error for a pattern the translation or JavaScript refuses. */
function reError(message: string): PyError {
  return new PyError('re.error', message);
}

/** Remove verbose-mode whitespace and `#` comments outside classes and escapes. */
function stripVerbose(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
    } else if (ch === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

/** Python's Unicode `\w` (str.isalnum() or `_`) and `\s` (str.isspace()), as RegExp class bodies. */
const WORD = '\\p{L}\\p{N}_';
const SPACE = PY_SPACE;

/** Python's escapes outside a class, as Unicode-mode JavaScript. */
const OUTSIDE: Record<string, string> = {
  A: '(?<![\\s\\S])',
  Z: '(?![\\s\\S])',
  b: `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`,
  B: `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`,
  w: `[${WORD}]`,
  W: `[^${WORD}]`,
  d: '\\p{Nd}',
  D: '\\P{Nd}',
  s: `[${SPACE}]`,
  S: `[^${SPACE}]`,
};

/** Python's class shorthands inside a class (`\W`, `\D`, `\S` there stay ASCII: a documented gap). */
const INSIDE: Record<string, string> = { w: WORD, d: '\\p{Nd}', s: SPACE };

/** Characters JavaScript's Unicode mode lets a backslash escape as themselves. */
const SYNTAX = '^$\\.*+?()[]{}|/';

/** A Python escape of `next` (not a shorthand) in Unicode-mode JavaScript. */
function escapeOf(next: string, inClass: boolean, pos: number): string {
  if (/[0-9nrtfvxu]/.test(next) || (inClass && next === 'b')) return `\\${next}`;
  if (/[A-Za-z]/.test(next)) throw reError(`bad escape \\${next} at position ${pos}`);
  if (SYNTAX.includes(next) || (inClass && next === '-')) return `\\${next}`;
  return `\\u{${(next.codePointAt(0) as number).toString(16)}}`;
}

/**
 * Compile a Python pattern with Python's flags, as a Unicode-mode RegExp:
 * `\w`, `\d`, `\s`, `\b` are Unicode as in Python; `.` stops only at `\n`;
 * `^`/`$` with re.M break at `\n` only; a `{` that is no quantifier is literal;
 * `{,n}` means `{0,n}`.
 * @param sticky anchor at the start, as re.match
 * @throws PyError re.error for a pattern that does not compile
 */
export function compilePy(pattern: string, flags: ReFlags, sticky = false): RegExp {
  let js = 'gu';
  let multiline = Boolean(flags.multiline);
  let dotall = false;
  if (flags.ignorecase) js += 'i';
  const lead = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  if (lead) {
    pattern = pattern.slice(lead[0].length);
    const f = lead[1] as string;
    if (f.includes('i') && !js.includes('i')) js += 'i';
    if (f.includes('m')) multiline = true;
    if (f.includes('s')) dotall = true;
    if (f.includes('x')) pattern = stripVerbose(pattern);
  }
  if (sticky) js += 'y';
  let out = '';
  let inClass = false;
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const rest = chars.slice(i, i + 64).join('');
    if (ch === '\\') {
      const next = chars[i + 1] ?? '';
      if (next === '') throw reError(`bad escape (end of pattern) at position ${i}`);
      if (next === 'U' && /^[0-9a-fA-F]{8}/.test(chars.slice(i + 2, i + 10).join(''))) {
        out += `\\u{${chars.slice(i + 2, i + 10).join('').replace(/^0+(?=.)/, '')}}`;
        i += 9;
        continue;
      }
      if (inClass) out += INSIDE[next] ?? (/[WDS]/.test(next) ? `\\${next}` : escapeOf(next, true, i));
      else out += OUTSIDE[next] ?? escapeOf(next, false, i);
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
      out += ch === '[' ? '\\[' : ch;
    } else if (ch === '[') {
      inClass = true;
      const m = /^\[\^?\]/.exec(rest);
      if (m) {
        out += `${m[0].slice(0, -1)}\\]`;
        i += m[0].length - 1;
      } else out += ch;
    } else if (rest.startsWith('(?P<')) {
      out += '(?<';
      i += 3;
    } else if (rest.startsWith('(?P=')) {
      const end = chars.indexOf(')', i);
      if (end < 0) throw reError(`missing ), unterminated name at position ${i + 4}`);
      out += `\\k<${chars.slice(i + 4, end).join('')}>`;
      i = end;
    } else if (rest.startsWith('(?#')) {
      const end = chars.indexOf(')', i);
      if (end < 0) throw reError(`missing ), unterminated comment at position ${i}`);
      i = end;
    } else if (/^\(\?[aiLmsux-]+[:)]/.test(rest)) {
      throw reError(`flags in the middle of a pattern are not supported here at position ${i}`);
    } else if (ch === '{') {
      const q = /^\{([0-9]*)(,?)([0-9]*)\}/.exec(rest);
      if (q && (q[1] || q[2])) {
        out += `{${q[1] || (q[2] ? '0' : '')}${q[2]}${q[3]}}`;
        i += q[0].length - 1;
      } else out += '\\{';
    } else if (ch === '}' || ch === ']') {
      out += `\\${ch}`;
    } else if (ch === '.') {
      out += dotall ? '[\\s\\S]' : '[^\\n]';
    } else if (ch === '^') {
      out += multiline ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])';
    } else if (ch === '$') {
      out += multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
    } else out += ch;
  }
  try {
    return new RegExp(out, js);
  } catch (e) {
    throw reError((e as Error).message);
  }
}

/**
 * The str a regex function works on.
 * @throws PyError TypeError `expected string or bytes-like object, got 'int'` (also for an Undefined, as Python's re)
 */
export function needText(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new PyError('TypeError', `expected string or bytes-like object, got '${typeName(value)}'`);
}

/** The escapes a replacement template may use besides group references. */
const TEMPLATE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

/**
 * `regex.sub(repl, text)`: every match replaced by the template `repl`, whose
 * `\1`, `\g<1>` and `\g<name>` insert groups (an unmatched group as '').
 * @throws PyError re.error `invalid group reference 3`, `bad escape \q`, `unknown group name 'x'`
 */
export function pySub(regex: RegExp, repl: string, text: string): string {
  const groupCount = new RegExp(`${regex.source}|`, regex.flags.replace('y', '')).exec('')!.length - 1;
  const pieces: ({ group: number | string } | string)[] = [];
  for (let i = 0; i < repl.length; i++) {
    const ch = repl[i] as string;
    if (ch !== '\\') {
      pieces.push(ch);
      continue;
    }
    const next = repl[i + 1] ?? '';
    const digits = /^\d{1,2}/.exec(repl.slice(i + 1));
    const named = /^g<([^>]*)>/.exec(repl.slice(i + 1));
    if (digits) {
      const n = Number(digits[0]);
      if (n > groupCount || n === 0) throw reError(`invalid group reference ${n} at position ${i + 1}`);
      pieces.push({ group: n });
      i += digits[0].length;
    } else if (named) {
      const name = named[1] as string;
      if (/^\d+$/.test(name)) {
        if (Number(name) > groupCount) throw reError(`invalid group reference ${name} at position ${i + 3}`);
        pieces.push({ group: Number(name) });
      } else if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw reError(`bad character in group name '${name}' at position ${i + 3}`);
      else if (!regex.source.includes(`(?<${name}>`)) throw new PyError('IndexError', `unknown group name '${name}'`);
      else pieces.push({ group: name });
      i += named[0].length;
    } else if (next in TEMPLATE_ESCAPES) {
      pieces.push(TEMPLATE_ESCAPES[next] as string);
      i++;
    } else if (/[A-Za-z]/.test(next)) {
      throw reError(`bad escape \\${next} at position ${i}`);
    } else {
      pieces.push(`\\${next}`);
      i++;
    }
  }
  regex.lastIndex = 0;
  return text.replace(regex, (...m: unknown[]) => {
    const hasNames = typeof m[m.length - 1] === 'object' && m[m.length - 1] !== null;
    const names = (hasNames ? m[m.length - 1] : {}) as Record<string, string | undefined>;
    return pieces
      .map((piece) => (typeof piece === 'string' ? piece : ((typeof piece.group === 'number' ? m[piece.group] : names[piece.group]) as string | undefined) ?? ''))
      .join('');
  });
}

/** The characters re.escape puts a backslash before. */
const SPECIAL = /[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g;

/** Python's `re.escape(text)`. */
export function reEscape(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`);
}
