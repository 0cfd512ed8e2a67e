/**
 * Matching `key:subkey:pattern` expressions against nested data, as Salt's
 * `salt.utils.data.subdict_match` does for grain and pillar targets:
 * - the expression is split at each delimiter, deepest key first: for
 *   `a:b:c` the pattern `c` is tried on `data.a.b`, then `b:c` on `data.a`
 *   (so a value may itself contain the delimiter);
 * - keys walk through dicts and into lists (a numeric key indexes a list,
 *   other keys look into the dicts the list holds);
 * - a list value matches when any element matches;
 * - a dict value matches when the pattern is `*` or one of its keys, or
 *   matches one level down; `*:pattern` matches any value below;
 * - a leading key `*` searches every top-level value;
 * - values compare case-insensitively; keys compare exactly.
 * Unlike Salt, a nested level uses the caller's delimiter rather than `:`.
 */
import { TargetError } from '../errors';
import { traversePath } from '../traverse';
import { isDict } from '../python';
import { globMatch } from './glob';
import { compileRegex, pcreMatch } from './pcre';
import type { TargetLeaf } from './tree';

/** How a value is compared with the pattern: fnmatch glob, or `re.match` regex. */
export type ValueMode = 'glob' | 'regex';

/** A scalar as Python's str() prints it; undefined for dicts and lists. */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return v === null ? 'None' : undefined;
}

function scalarMatch(value: unknown, pattern: string, mode: ValueMode): boolean {
  const text = scalarText(value);
  if (text === undefined) return false;
  if (mode === 'glob') return globMatch(pattern.toLowerCase(), text.toLowerCase());
  try {
    return pcreMatch(pattern, text, 'i');
  } catch {
    return false; // Salt logs an invalid regex and reports no match
  }
}

function dictMatch(dict: Record<string, unknown>, pattern: string, delimiter: string, mode: ValueMode): boolean {
  const wildcard = pattern.startsWith(`*${delimiter}`);
  const rest = wildcard ? pattern.slice(1 + delimiter.length) : pattern;
  if (rest === '*' || Object.hasOwn(dict, rest) || subdictMatch(dict, rest, delimiter, mode)) return true;
  return wildcard && Object.values(dict).some((v) => valueMatch(v, rest, delimiter, mode));
}

function valueMatch(value: unknown, pattern: string, delimiter: string, mode: ValueMode): boolean {
  if (isDict(value)) return dictMatch(value, pattern, delimiter, mode);
  if (!Array.isArray(value)) return scalarMatch(value, pattern, mode);
  return value.some((m) => (isDict(m) ? dictMatch(m, pattern, delimiter, mode) : scalarMatch(m, pattern, mode)));
}

/**
 * True when `expr` (`key<delimiter>...<delimiter>pattern`) matches `data`.
 * An expression without the delimiter never matches, as in Salt.
 */
function subdictMatch(data: unknown, expr: string, delimiter: string, mode: ValueMode): boolean {
  const parts = expr.split(delimiter);
  for (let i = parts.length - 1; i > 0; i--) {
    const path = parts.slice(0, i);
    const whole = path.length === 1 && path[0] === '*';
    const found = whole ? data : traversePath(data, path);
    if (found === undefined || (isDict(found) && Object.keys(found).length === 0)) continue;
    if (valueMatch(found, whole ? expr : parts.slice(i).join(delimiter), delimiter, mode)) return true;
  }
  return false;
}

/**
 * The leaf builder for grain or pillar targets: the returned function takes
 * `tgt` and a delimiter (Salt's `--delimiter`, default ':') and matches `tgt`
 * against that part of the minion's facts.
 * The builder throws TargetError when the delimiter is empty or `tgt` has no
 * key before it, or when a regex pattern is invalid.
 */
export function subdictTarget(field: 'grains' | 'pillar', mode: ValueMode): (tgt: string, delimiter?: string) => TargetLeaf {
  const kind = `${field === 'grains' ? 'Grain' : 'Pillar'}${mode === 'regex' ? ' PCRE' : ''} target`;
  return (tgt, delimiter = ':') => {
    if (delimiter === '') throw new TargetError(`${kind} '${tgt}': the delimiter is empty`);
    const at = tgt.indexOf(delimiter);
    if (at <= 0) {
      throw new TargetError(`${kind} '${tgt}' needs a key and a pattern separated by '${delimiter}', as in 'os${delimiter}Debian'`);
    }
    if (mode === 'regex') compileRegex(tgt.slice(at + delimiter.length), 'i');
    return { op: 'leaf', needsData: true, test: (me) => subdictMatch(me[field], tgt, delimiter, mode) };
  };
}
