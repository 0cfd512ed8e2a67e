/**
 * Python's `re`, for everything in brine that takes a Python regular
 * expression (Salt's regex filters, the `match` test, fnmatch, the file
 * module's replace/search/contains_regex): a Python pattern translated to a
 * JavaScript RegExp (named groups `(?P<n>...)`, `(?P=n)`, `\A`, `\Z`,
 * Python's `^`/`$`/`.`, a leading `(?aimsx)`, a first `]` in a class, Unicode
 * or ASCII `\w` `\d` `\s` `\b`), `re.sub`'s replacement template and
 * `re.escape`.
 * Documented gaps: `\W`, `\D`, `\S` inside a class are Unicode-mode
 * JavaScript's, scoped flags `(?i:...)` and possessive/atomic forms are
 * refused, and a bad pattern's message is JavaScript's.
 */
import { PyError, typeName } from './jinja/runtime/values';
import { PY_SPACE_CLASS } from './python';

/** Python's re flags that change a pattern's meaning (re.I, re.M, re.S, re.X, re.A). */
export interface ReFlags {
  readonly ignorecase?: boolean;
  readonly multiline?: boolean;
  readonly dotall?: boolean;
  readonly verbose?: boolean;
  /** re.ASCII, also what a bytes pattern means: `\w`, `\d`, `\s`, `\b` are ASCII. */
  readonly ascii?: boolean;
}

/** Python's re flag values (`re.IGNORECASE` is 2). */
export const RE_FLAG_BITS = { IGNORECASE: 2, LOCALE: 4, MULTILINE: 8, DOTALL: 16, UNICODE: 32, VERBOSE: 64, ASCII: 256 } as const;

/** The {@link ReFlags} of Python's integer flags (`re.I | re.M` is 10); other bits (re.L, re.U) change nothing here. */
export function reFlagsOf(bits: number): ReFlags {
  const has = (bit: number): boolean => (bits & bit) !== 0;
  return {
    ignorecase: has(RE_FLAG_BITS.IGNORECASE),
    multiline: has(RE_FLAG_BITS.MULTILINE),
    dotall: has(RE_FLAG_BITS.DOTALL),
    verbose: has(RE_FLAG_BITS.VERBOSE),
    ascii: has(RE_FLAG_BITS.ASCII),
  };
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

/** The class bodies of `\w`, `\d`, `\s` in one mode. */
interface Shorthands {
  readonly w: string;
  readonly d: string;
  readonly s: string;
}

/** Python's Unicode `\w` (str.isalnum() or `_`), `\d` (decimal digits) and `\s` (str.isspace()). */
const UNICODE_CLASSES: Shorthands = { w: '\\p{L}\\p{N}_', d: '\\p{Nd}', s: PY_SPACE_CLASS };

/** The same under re.ASCII (or for a bytes pattern). */
const ASCII_CLASSES: Shorthands = { w: 'A-Za-z0-9_', d: '0-9', s: ' \\t\\n\\r\\f\\v' };

/** Python's escapes outside a class, as Unicode-mode JavaScript. */
function outside({ w, d, s }: Shorthands): Record<string, string> {
  return {
    A: '(?<![\\s\\S])',
    Z: '(?![\\s\\S])',
    b: `(?:(?<=[${w}])(?![${w}])|(?<![${w}])(?=[${w}]))`,
    B: `(?:(?<=[${w}])(?=[${w}])|(?<![${w}])(?![${w}]))`,
    w: `[${w}]`,
    W: `[^${w}]`,
    d: `[${d}]`,
    D: `[^${d}]`,
    s: `[${s}]`,
    S: `[^${s}]`,
  };
}

/** The translations of escapes outside a class, by mode. */
const OUTSIDE = { unicode: outside(UNICODE_CLASSES), ascii: outside(ASCII_CLASSES) };

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
  let { ignorecase = false, multiline = false, dotall = false, verbose = false, ascii = false } = flags;
  const lead = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  if (lead) {
    pattern = pattern.slice(lead[0].length);
    const f = lead[1] as string;
    ignorecase ||= f.includes('i');
    multiline ||= f.includes('m');
    dotall ||= f.includes('s');
    verbose ||= f.includes('x');
    ascii ||= f.includes('a');
  }
  if (verbose) pattern = stripVerbose(pattern);
  const js = `gu${ignorecase ? 'i' : ''}${sticky ? 'y' : ''}`;
  const classes = ascii ? ASCII_CLASSES : UNICODE_CLASSES;
  const escapes = ascii ? OUTSIDE.ascii : OUTSIDE.unicode;
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
      if (inClass) out += next === 'w' || next === 'd' || next === 's' ? classes[next] : /[WDS]/.test(next) ? `\\${next}` : escapeOf(next, true, i);
      else out += escapes[next] ?? escapeOf(next, false, i);
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

/** A parsed replacement template: literal text and group references (by number or name). */
type Template = ReadonlyArray<string | { readonly group: number | string }>;

/**
 * Python's `re._parser.parse_template`: `\1`..`\99`, `\g<1>`, `\g<name>`,
 * octal escapes (`\0`, `\012`) and `\n`-style escapes; another escaped
 * non-letter stays as written.
 * @throws PyError re.error `invalid group reference 3 at position 1`, `bad escape \q at position 0`; IndexError `unknown group name 'x'`
 */
function parseTemplate(regex: RegExp, repl: string): Template {
  const groupCount = new RegExp(`${regex.source}|`, regex.flags.replace('y', '')).exec('')!.length - 1;
  const pieces: (string | { group: number | string })[] = [];
  const addGroup = (n: number, pos: number): void => {
    if (n > groupCount || n > 99) throw reError(`invalid group reference ${n} at position ${pos}`);
    pieces.push({ group: n });
  };
  for (let i = 0; i < repl.length; i++) {
    const ch = repl[i] as string;
    if (ch !== '\\') {
      pieces.push(ch);
      continue;
    }
    const next = repl[i + 1] ?? '';
    const rest = repl.slice(i + 1);
    const octal = /^(?:0[0-7]{0,2}|[0-7]{3})/.exec(rest);
    const digits = /^\d{1,2}/.exec(rest);
    const named = /^g<([^>]*)>/.exec(rest);
    if (octal) {
      pieces.push(String.fromCodePoint(parseInt(octal[0], 8)));
      i += octal[0].length;
    } else if (digits) {
      addGroup(Number(digits[0]), i + 1);
      i += digits[0].length;
    } else if (named) {
      const name = named[1] as string;
      if (/^\d+$/.test(name)) addGroup(Number(name), i + 3);
      else if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) throw reError(`bad character in group name '${name}' at position ${i + 3}`);
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
  return pieces;
}

/**
 * Python's `regex.subn(repl, text, count)`: the first `count` matches (all
 * when 0) replaced by the template `repl`, whose `\1`, `\g<1>` and `\g<name>`
 * insert groups (an unmatched group as ''). The template is checked before
 * any match, as Python's.
 * @param regex a global RegExp from {@link compilePy}
 * @returns the new text and the number of replacements
 * @throws PyError re.error `invalid group reference 3 at position 1`, `bad escape \q at position 0`; IndexError `unknown group name 'x'`
 */
export function pySubn(regex: RegExp, repl: string, text: string, count = 0): [string, number] {
  const template = parseTemplate(regex, repl);
  let n = 0;
  regex.lastIndex = 0;
  const result = text.replace(regex, (...m: unknown[]) => {
    if (count > 0 && n >= count) return m[0] as string;
    n++;
    const last = m[m.length - 1];
    const names = (typeof last === 'object' && last !== null ? last : {}) as Record<string, string | undefined>;
    return template
      .map((piece) => (typeof piece === 'string' ? piece : ((typeof piece.group === 'number' ? m[piece.group] : names[piece.group]) as string | undefined) ?? ''))
      .join('');
  });
  return [result, n];
}

/** The characters re.escape puts a backslash before. */
const SPECIAL = /[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g;

/** Python's `re.escape(text)` (3.7 and later: only the characters special in a pattern). */
export function reEscape(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`);
}
