/**
 * Python's `fnmatch.fnmatch` (POSIX: case-sensitive) and Salt's
 * `salt.utils.stringutils.expr_match` (a glob, else a full-match regex).
 */
import { globMatch } from '../../matchers/glob';
import { compilePy } from '../../python-re';

/**
 * `fnmatch.fnmatch(name, pattern)` on POSIX, by the glob matcher Salt's glob targeting uses; a class Python
 * drops as an empty range (`[z-a]`) matches nothing here, as there.
 */
function fnmatch(name: string, pattern: string): boolean {
  try {
    return globMatch(pattern, name);
  } catch {
    return false;
  }
}

/** Salt's expr_match: `expr` as a glob, else as a regex that must match all of `line` (a bad regex does not match). */
export function exprMatch(line: string, expr: string): boolean {
  if (fnmatch(line, expr)) return true;
  try {
    const regex = compilePy(`\\A${expr}\\Z`, {}, true);
    regex.lastIndex = 0;
    return regex.test(line);
  } catch {
    return false;
  }
}
