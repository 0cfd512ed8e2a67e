/**
 * Python's `re` for the file module (replace, search, line): Salt users write
 * Python regular expressions, flags and replacement templates, so they are
 * translated to JavaScript's here. Covered: named groups `(?P<n>...)` and
 * `(?P=n)`, `\A` and `\Z`, leading inline flags `(?imsx)` (x refused), flags
 * as Python's names or integer, and replacement templates with `\1`, `\g<1>`,
 * `\g<name>` and Python's escapes.
 */
import { SaltInvocationError } from '@brine/core/errors';

/** Python's re flag values by name (`re.IGNORECASE` is 2), with their one-letter aliases. */
const FLAG_VALUES: Record<string, number> = {
  TEMPLATE: 1, T: 1, IGNORECASE: 2, I: 2, LOCALE: 4, L: 4, MULTILINE: 8, M: 8, DOTALL: 16, S: 16,
  UNICODE: 32, U: 32, VERBOSE: 64, X: 64, DEBUG: 128, ASCII: 256, A: 256,
};

/**
 * Salt's `_get_flags`: flags given as an integer, a flag name, or a list of names ('IGNORECASE', 'multiline').
 * @returns the integer value
 * @throws SaltInvocationError "Invalid re flag given: x" for an unknown name, or for another type
 */
export function pyFlags(flags: unknown): number {
  if (typeof flags === 'number' && Number.isInteger(flags)) return flags;
  const names = typeof flags === 'string' ? [flags] : Array.isArray(flags) ? flags : undefined;
  if (!names) throw new SaltInvocationError(`Invalid re flags: "${JSON.stringify(flags)}", must be given either as a single flag string, a list of strings, or as an integer`);
  return names.reduce<number>((acc, name) => {
    const v = FLAG_VALUES[String(name).toUpperCase()];
    if (v === undefined) throw new SaltInvocationError(`Invalid re flag given: ${String(name)}`);
    return acc | v;
  }, 0);
}

/**
 * Compile a Python regular expression with Python flag bits as a global JavaScript RegExp.
 * @throws SaltInvocationError for VERBOSE (no JavaScript equivalent) or a pattern JavaScript refuses
 */
export function pyRegExp(pattern: string, flags = 0): RegExp {
  let source = pattern;
  let bits = flags;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    for (const c of inline[1]) bits |= FLAG_VALUES[c.toUpperCase()] ?? 0;
    source = source.slice(inline[0].length);
  }
  if (bits & FLAG_VALUES.VERBOSE) throw new SaltInvocationError(`The VERBOSE regular expression flag is not supported: '${pattern}'`);
  source = source
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/(^|[^\\])((?:\\\\)*)\\A/g, '$1$2(?<![\\s\\S])')
    .replace(/(^|[^\\])((?:\\\\)*)\\Z/g, '$1$2(?![\\s\\S])');
  const js = `g${bits & FLAG_VALUES.IGNORECASE ? 'i' : ''}${bits & FLAG_VALUES.MULTILINE ? 'm' : ''}${bits & FLAG_VALUES.DOTALL ? 's' : ''}`;
  try {
    return new RegExp(source, js);
  } catch (err) {
    throw new SaltInvocationError(`Invalid regular expression '${pattern}': ${(err as Error).message}`);
  }
}

/** Python's escapes in a replacement template. */
const REPL_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

/**
 * Python's `re.subn(regex, repl, text, count)`: replace the first `count` matches (all when 0), expanding `repl` as
 * Python's template (`\1`, `\g<1>`, `\g<name>`, `\n`...).
 * @returns the new text and the number of replacements
 * @throws SaltInvocationError for a reference to a group the pattern lacks, or a bad escape
 */
export function pySubn(regex: RegExp, repl: string, text: string, count = 0): [string, number] {
  let n = 0;
  const result = text.replace(regex, (...m: unknown[]) => {
    const match = m[0] as string;
    if (count > 0 && n >= count) return match;
    n++;
    const last = m[m.length - 1];
    const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {};
    const groups = m.slice(1, typeof last === 'object' && last !== null ? -3 : -2) as Array<string | undefined>;
    const group = (ref: string): string => {
      if (/^\d+$/.test(ref)) {
        const i = Number(ref);
        if (i === 0) return match;
        if (i > groups.length) throw new SaltInvocationError(`invalid group reference ${i}`);
        return groups[i - 1] ?? '';
      }
      if (!(ref in named)) throw new SaltInvocationError(`unknown group name '${ref}'`);
      return named[ref] ?? '';
    };
    return repl.replace(/\\(g<(\w+)>|\d{1,2}|.)/gs, (_all, esc: string, ref: string | undefined) => {
      if (ref !== undefined) return group(ref);
      if (/^\d/.test(esc)) return group(esc);
      if (esc in REPL_ESCAPES) return REPL_ESCAPES[esc];
      if (/[A-Za-z]/.test(esc)) throw new SaltInvocationError(`bad escape \\${esc} in the replacement`);
      return `\\${esc}`;
    });
  });
  return [result, n];
}
