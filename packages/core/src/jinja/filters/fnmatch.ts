/**
 * Python's `fnmatch.fnmatch` (POSIX: case-sensitive) and Salt's
 * `salt.utils.stringutils.expr_match` (a glob, else a full-match regex).
 */
import { globMatch } from '../../matchers/glob';
import { compilePy } from '../../python-re';
import { limitRegexTime } from './regex-time-limit';

/**
 * `fnmatch.fnmatch(name, pattern)` on POSIX, by the glob matcher Salt's glob targeting uses (linear: no
 * backtracking); a class Python drops as an empty range (`[z-a]`) matches nothing here, as there.
 */
function fnmatch(name: string, pattern: string): boolean {
  try {
    return globMatch(pattern, name);
  } catch {
    return false;
  }
}

/**
 * Salt's expr_match: `expr` as a glob, else as a regex that must match all of `line` (a bad regex does not match).
 * @throws PyError TimeoutError when the regex runs past brine's time limit for one search
 */
export function exprMatch(line: string, expr: string): boolean {
  if (fnmatch(line, expr)) return true;
  let regex: RegExp;
  try {
    regex = compilePy(`\\A${expr}\\Z`, {}, true);
  } catch {
    return false;
  }
  regex.lastIndex = 0;
  return limitRegexTime(() => regex.test(line));
}
