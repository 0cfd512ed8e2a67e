/**
 * Glob matching as Python's fnmatch (Salt's glob target): `*` any run of
 * characters, `?` one character, `[seq]` / `[!seq]` character classes; the
 * whole string must match.
 */
import { checkedRegExp } from './pcre';
import type { TargetLeaf } from './tree';

const cache = new Map<string, RegExp>();

/**
 * Translate an fnmatch pattern to an anchored RegExp (cached).
 * @throws TargetError for a class the RegExp refuses (a range out of order, `[z-a]`), or a pattern too large to compile
 */
function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', pattern[i + 1] === '!' ? i + 3 : i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) body = '^' + body.slice(1);
      else if (body.startsWith('^')) body = '\\' + body;
      out += `[${body}]`;
      i = end;
    } else out += c.replace(/[.+^${}()|\\/\]]/g, '\\$&');
  }
  re = checkedRegExp(`^${out}$`, '', `Invalid glob '${pattern}'`);
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** True when `value` matches the fnmatch `pattern`. @throws TargetError for an invalid class */
export function globMatch(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

/** The leaf for a glob target (Salt's default): `pattern` against the minion id, case-sensitive. @throws TargetError for an invalid class */
export function globLeaf(pattern: string): TargetLeaf {
  const re = globToRegExp(pattern);
  return { op: 'leaf', needsData: false, test: (me) => re.test(me.id) };
}
