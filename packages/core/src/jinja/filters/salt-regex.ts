/**
 * Salt 3006's regex filters (salt/utils/jinja.py): regex_search,
 * regex_match, regex_replace, regex_escape, with Python's `re` semantics
 * (see ../../python-re.ts); searches stop after a time limit (regex-time-limit.ts).
 */
import { truthy, tuple } from '../runtime/values';
import { defineFilter, p } from './define';
import { compilePy, needText, pySubn, reEscape } from '../../python-re';
import { limitRegexTime } from './regex-time-limit';
import type { FilterFn } from './types';

/** The flags argument pair every Salt regex function takes. */
const FLAG_PARAMS = [p('ignorecase', false), p('multiline', false)];

/**
 * The groups of the first match (`re.search`) or of a match at the start
 * (`re.match`) of `txt`, as Python's `match.groups()`, or null without a match.
 * @throws PyError TypeError when `txt` is not a str (an Undefined included), re.error for a bad pattern
 */
export function matchGroups(txt: unknown, rgx: unknown, ignorecase: unknown, multiline: unknown, anchored: boolean): unknown[] | null {
  const regex = compilePy(needText(rgx), { ignorecase: truthy(ignorecase), multiline: truthy(multiline) }, anchored);
  const text = needText(txt);
  regex.lastIndex = 0;
  const m = limitRegexTime(() => regex.exec(text));
  return m ? m.slice(1).map((g) => g ?? null) : null;
}

/** A regex_search/regex_match filter: the groups as a tuple, or None. */
function groupsFilter(fname: string, anchored: boolean): FilterFn {
  return defineFilter(fname, [p('txt'), p('rgx'), ...FLAG_PARAMS], (_ctx, [txt, rgx, ignorecase, multiline]) => {
    const groups = matchGroups(txt, rgx, ignorecase, multiline, anchored);
    return groups === null ? null : tuple(groups);
  });
}

/** `regex_replace(txt, rgx, val, ignorecase=False, multiline=False)`: Python's `re.compile(rgx).sub(val, txt)`. */
const regexReplace = defineFilter('regex_replace', [p('txt'), p('rgx'), p('val'), ...FLAG_PARAMS], (_ctx, [txt, rgx, val, ignorecase, multiline]) =>
  limitRegexTime(() => pySubn(compilePy(needText(rgx), { ignorecase: truthy(ignorecase), multiline: truthy(multiline) }), needText(val), needText(txt))[0]),
);

/** `regex_escape(value)`: Python's re.escape. */
const regexEscape = defineFilter('regex_escape', [p('value')], (_ctx, [value]) => reEscape(needText(value)));

/** Salt's regex filters, by name. */
export const SALT_REGEX_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['regex_search', groupsFilter('regex_search', false)],
  ['regex_match', groupsFilter('regex_match', true)],
  ['regex_replace', regexReplace],
  ['regex_escape', regexEscape],
];

