/**
 * Python's `re` for Salt's regex filters and the `match` test: a Python
 * pattern translated to a JavaScript RegExp (named groups `(?P<n>...)`,
 * `(?P=n)`, `\A`, `\Z`, Python's `$`, a leading `(?imsx)`, a first `]` in a
 * class), `re.sub`'s replacement template and `re.escape`.
 * Documented gaps: `\w`, `\d`, `\s` are ASCII here (Unicode in Python), scoped
 * flags `(?i:...)` are refused, and a bad pattern's message is JavaScript's.
 */
import { PyError, typeName } from '../runtime/values';

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

/**
 * Compile a Python pattern with Python's flags.
 * @param sticky anchor at the start, as re.match
 * @throws PyError re.error for a pattern that does not compile
 */
export function compilePy(pattern: string, flags: ReFlags, sticky = false): RegExp {
  let js = 'g';
  let multiline = Boolean(flags.multiline);
  if (flags.ignorecase) js += 'i';
  const lead = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  if (lead) {
    pattern = pattern.slice(lead[0].length);
    const f = lead[1] as string;
    if (f.includes('i') && !js.includes('i')) js += 'i';
    if (f.includes('m')) multiline = true;
    if (f.includes('s')) js += 's';
    if (f.includes('x')) pattern = stripVerbose(pattern);
  }
  if (multiline) js += 'm';
  if (sticky) js += 'y';
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    const rest = pattern.slice(i);
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?![\\s\\S])';
      else out += ch + next;
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
      const end = pattern.indexOf(')', i);
      if (end < 0) throw reError(`missing ), unterminated name at position ${i + 4}`);
      out += `\\k<${pattern.slice(i + 4, end)}>`;
      i = end;
    } else if (rest.startsWith('(?#')) {
      const end = pattern.indexOf(')', i);
      if (end < 0) throw reError(`missing ), unterminated comment at position ${i}`);
      i = end;
    } else if (/^\(\?[aiLmsux-]+[:)]/.test(rest)) {
      throw reError(`flags in the middle of a pattern are not supported here at position ${i}`);
    } else if (ch === '$' && !multiline) {
      out += '(?=\\n?(?![\\s\\S]))';
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
      } else if (!new RegExp(`\\(\\?<${name}>`).test(regex.source)) throw new PyError('IndexError', `unknown group name '${name}'`);
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
