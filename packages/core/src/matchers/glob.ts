/**
 * Glob matching as Python's fnmatch (Salt's glob target): `*` any run of
 * characters, `?` one character, `[seq]` / `[!seq]` character classes; the
 * whole string must match.
 * Matched without a backtracking RegExp: every token but `*` takes exactly one
 * character, so going back to the last `*` only is enough, and a match costs at
 * most pattern length × value length steps, whatever the pattern (a RegExp of
 * `*a*a*a…b` takes time exponential in the stars on a long id or grain).
 */
import { checkedRegExp } from './pcre';
import type { TargetLeaf } from './tree';

/** A compiled pattern: STAR, or a test of one character. */
type Token = typeof STAR | ((c: string) => boolean);
const STAR = Symbol('*');

const cache = new Map<string, Token[]>();

/**
 * Compile an fnmatch pattern to its tokens (cached).
 * @throws TargetError for a class the RegExp refuses (a range out of order, `[z-a]`)
 */
function compileGlob(pattern: string): Token[] {
  let tokens = cache.get(pattern);
  if (tokens) return tokens;
  tokens = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
    } else if (c === '?') tokens.push(() => true);
    else if (c === '[' && pattern.indexOf(']', pattern[i + 1] === '!' ? i + 3 : i + 2) >= 0) {
      const end = pattern.indexOf(']', pattern[i + 1] === '!' ? i + 3 : i + 2);
      let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) body = '^' + body.slice(1);
      else if (body.startsWith('^')) body = '\\' + body;
      // A class without quantifiers tests one character: no backtracking.
      const re = checkedRegExp(`^[${body.replace(/\]/g, '\\]')}]$`, '', `Invalid glob '${pattern}'`);
      tokens.push((ch) => re.test(ch));
      i = end;
    } else tokens.push((ch) => ch === c);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, tokens);
  return tokens;
}

/** The whole of `value` matches `tokens`: greedy, going back to the last star only. */
function matchTokens(tokens: Token[], value: string): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < value.length) {
    const t = tokens[p];
    if (t === STAR) {
      starP = p++;
      starS = s;
    } else if (t !== undefined && t(value[s])) {
      p++;
      s++;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (tokens[p] === STAR) p++;
  return p === tokens.length;
}

/**
 * Why `pattern` is not a valid fnmatch glob (an invalid class), or undefined when it is: configs of tag globs
 * (the reactor map, event_return's lists) check theirs once, at start.
 */
export function globError(pattern: string): string | undefined {
  try {
    compileGlob(pattern);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** True when `value` matches the fnmatch `pattern`. @throws TargetError for an invalid class */
export function globMatch(pattern: string, value: string): boolean {
  return matchTokens(compileGlob(pattern), value);
}

/** The leaf for a glob target (Salt's default): `pattern` against the minion id, case-sensitive. @throws TargetError for an invalid class */
export function globLeaf(pattern: string): TargetLeaf {
  const tokens = compileGlob(pattern);
  return { op: 'leaf', needsData: false, test: (me) => matchTokens(tokens, me.id) };
}
