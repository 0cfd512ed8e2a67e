/**
 * Regular-expression matching (Salt's pcre target, `-E` / `E@`): Python's
 * `re.match`, anchored at the start but not at the end, case-sensitive.
 */
import { TargetError } from '../errors';
import type { TargetLeaf } from './tree';

const cache = new Map<string, RegExp>();

/**
 * `new RegExp(source, flags)`, compiled now: V8 compiles at the first match, and only then refuses a pattern too
 * large for it ("Stack overflow"), so a target must be tried once before it is accepted.
 * @param invalid the start of the error message, naming the pattern as the user wrote it
 * @throws TargetError (`<invalid>: <reason>`) for a source the RegExp refuses or cannot compile
 */
export function checkedRegExp(source: string, flags: string, invalid: string): RegExp {
  try {
    const re = new RegExp(source, flags);
    re.test('');
    return re;
  } catch (err) {
    throw new TargetError(`${invalid}: ${(err as Error).message}`);
  }
}

/**
 * Compile `pattern` as a sticky RegExp (it matches only at the start, like
 * `re.match`), cached by pattern and flags.
 * @param flags extra RegExp flags, e.g. 'i' for Salt's case-insensitive grain and pillar matching
 * @throws TargetError for an invalid regular expression, or one too large to compile
 */
export function compileRegex(pattern: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`;
  let re = cache.get(key);
  if (re) return re;
  re = checkedRegExp(pattern, `${flags}y`, `Invalid regular expression '${pattern}'`);
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

/**
 * True when `pattern` matches at the start of `value`.
 * @throws TargetError for an invalid regular expression
 */
export function pcreMatch(pattern: string, value: string, flags = ''): boolean {
  const re = compileRegex(pattern, flags);
  re.lastIndex = 0;
  return re.test(value);
}

/**
 * The leaf for an `-E` target: `pattern` against the minion id.
 * @throws TargetError for an invalid regular expression
 */
export function pcreLeaf(pattern: string): TargetLeaf {
  compileRegex(pattern);
  return { op: 'leaf', needsData: false, test: (me) => pcreMatch(pattern, me.id) };
}
