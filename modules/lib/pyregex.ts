/**
 * Python's `re` as the file module (replace, search, line, contains_regex)
 * uses it: Salt's flag arguments (`_get_flags`), and the translation of
 * `@brine/core/python-re` with its re.error reported as SaltInvocationError.
 */
import { SaltInvocationError } from '@brine/core/errors';
import { PyError } from '@brine/core/jinja/runtime/values';
import { RE_FLAG_BITS, compilePy, pySubn as subn, reFlagsOf } from '@brine/core/python-re';

/** Python's re flag values by name, with their one-letter aliases (re.TEMPLATE and re.DEBUG included, as Salt accepts them). */
const FLAG_VALUES: Record<string, number> = {
  ...RE_FLAG_BITS, TEMPLATE: 1, T: 1, I: 2, L: 4, M: 8, S: 16, U: 32, X: 64, DEBUG: 128, A: 256,
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
 * `re.compile(pattern, flags)` as a global RegExp (see compilePy).
 * @param flags Python's integer flags (as {@link pyFlags} returns)
 * @param bytes compile as Salt's file.replace does, on bytes: `\w`, `\d`, `\s`, `\b` are ASCII
 * @throws SaltInvocationError "Invalid regular expression 'x': reason" for a pattern that does not compile
 */
export function pyRegExp(pattern: string, flags = 0, bytes = false): RegExp {
  const reFlags = reFlagsOf(flags | (bytes ? RE_FLAG_BITS.ASCII : 0));
  try {
    return compilePy(pattern, reFlags);
  } catch (err) {
    if (err instanceof PyError) throw new SaltInvocationError(`Invalid regular expression '${pattern}': ${err.message}`);
    throw err;
  }
}

/**
 * Python's `regex.subn(repl, text, count)` (see pySubn in @brine/core/python-re).
 * @throws SaltInvocationError for a reference to a group the pattern lacks, or a bad escape, with Python's message
 */
export function pySubn(regex: RegExp, repl: string, text: string, count = 0): [string, number] {
  try {
    return subn(regex, repl, text, count);
  } catch (err) {
    if (err instanceof PyError) throw new SaltInvocationError(err.message);
    throw err;
  }
}
