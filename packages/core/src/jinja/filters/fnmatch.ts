/**
 * Python's `fnmatch.fnmatch` (POSIX: case-sensitive) and Salt's
 * `salt.utils.stringutils.expr_match` (a glob, else a full-match regex).
 */
import { compilePy } from './python-re';
import { limitRegexTime } from './regex-time-limit';

/** fnmatch.translate: `*`, `?`, `[seq]`, `[!seq]`; everything else literal. */
function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else if (ch === '[') {
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) out += '\\[';
      else {
        let body = pattern.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (body[0] === '!') body = `^${body.slice(1)}`;
        else if (body[0] === '^') body = `\\${body}`;
        out += `[${body.replace(/^(\^?)\]/, '$1\\]')}]`;
        i = j;
      }
    } else out += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`);
}

/** `fnmatch.fnmatch(name, pattern)` on POSIX. */
export function fnmatch(name: string, pattern: string): boolean {
  let regex: RegExp;
  try {
    regex = globToRegExp(pattern);
  } catch {
    return false;
  }
  return limitRegexTime(() => regex.test(name));
}

/** Salt's expr_match: `expr` as a glob, else as a regex that must match all of `line` (a bad regex does not match). */
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
