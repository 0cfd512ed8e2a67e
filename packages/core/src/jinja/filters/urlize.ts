/**
 * Jinja2 3.1.2's `urlize` filter (jinja2/utils.py urlize): the text escaped,
 * then each word that looks like a URL or an email address made a link.
 */
import { asIndex } from '../python/coerce';
import { defineFilter, p } from './define';
import { htmlEscape } from './html';
import { iterate } from '../runtime/iterate';
import { pyStr, truthy } from '../runtime/values';
import type { FilterFn } from './types';

/** Python's Unicode `\w` in a class. */
const W = '\\p{L}\\p{N}\\p{Mn}_';

/** Jinja's _http_re: a scheme or `www.` and a domain, a well-known TLD, or an IP host; then port and path. */
const HTTP = new RegExp(
  '^(?:(?:https?://|www\\.)(?:(?:[' + W + '%-]+\\.)+)?(?:[a-z]{2,63}|xn--[' + W + '%]{2,59})' +
    '|(?:[' + W + '%-]{2,63}\\.)+(?:com|net|int|edu|gov|org|info|mil)' +
    '|https?://(?:\\d{1,3}(?:\\.\\d{1,3}){3}|\\[(?:[\\da-f]{0,4}:){2}(?:[\\da-f]{0,4}:?){1,6}\\]))' +
    '(?::\\d{1,5})?(?:[/?#]\\S*)?$',
  'iu',
);

/** Jinja's _email_re. */
const EMAIL = new RegExp(`^\\S+@[${W}][${W}.-]*\\.[${W}]+$`, 'u');

/** Occurrences of `needle` in `text`, as str.count. */
function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** One word of urlize: leading/trailing punctuation kept outside, the rest linked when it is a URL or address. */
function linkWord(word: string, trim: (x: string) => string, attrs: string, schemes: string[]): string {
  let head = '';
  let middle = word;
  let tail = '';
  const lead = /^(?:[(<]|&lt;)+/.exec(middle);
  if (lead) {
    head = lead[0];
    middle = middle.slice(head.length);
  }
  const trail = /(?:[)>.,\n]|&gt;)+$/.exec(middle);
  if (trail) {
    tail = trail[0];
    middle = middle.slice(0, trail.index);
  }
  for (const [open, close] of [['(', ')'], ['<', '>'], ['&lt;', '&gt;']] as const) {
    const opens = count(middle, open);
    if (opens <= count(middle, close)) continue;
    for (let n = Math.min(opens, count(tail, close)); n > 0; n--) {
      const end = tail.indexOf(close) + close.length;
      middle += tail.slice(0, end);
      tail = tail.slice(end);
    }
  }
  if (HTTP.test(middle)) {
    const href = middle.startsWith('https://') || middle.startsWith('http://') ? middle : `https://${middle}`;
    middle = `<a href="${href}"${attrs}>${trim(middle)}</a>`;
  } else if (middle.startsWith('mailto:') && EMAIL.test(middle.slice(7))) {
    middle = `<a href="${middle}">${middle.slice(7)}</a>`;
  } else if (middle.includes('@') && !middle.startsWith('www.') && !middle.includes(':') && EMAIL.test(middle)) {
    middle = `<a href="mailto:${middle}">${middle}</a>`;
  } else {
    for (const scheme of schemes) if (middle !== scheme && middle.startsWith(scheme)) middle = `<a href="${middle}"${attrs}>${middle}</a>`;
  }
  return head + middle + tail;
}

/**
 * `urlize(value, trim_url_limit=None, nofollow=False, target=None, rel=None, extra_schemes=None)`:
 * links get `rel="noopener"` (Jinja's policy) plus `nofollow` and `rel`'s words, sorted.
 */
const urlize = defineFilter(
  'do_urlize',
  [p('value'), p('trim_url_limit', null), p('nofollow', false), p('target', null), p('rel', null), p('extra_schemes', null)],
  (_ctx, [value, trimLimit, nofollow, target, rel, extraSchemes]) => {
    const relParts = new Set(rel === null ? [] : pyStr(rel).split(/\s+/).filter(Boolean));
    if (truthy(nofollow)) relParts.add('nofollow');
    relParts.add('noopener');
    const relText = [...relParts].sort().join(' ');
    const attrs = `${relText ? ` rel="${htmlEscape(relText)}"` : ''}${target !== null && truthy(target) ? ` target="${htmlEscape(pyStr(target))}"` : ''}`;
    const limit = trimLimit === null ? null : asIndex(trimLimit);
    const trim = (x: string) => (limit !== null && [...x].length > limit ? `${[...x].slice(0, limit).join('')}...` : x);
    const schemes = extraSchemes === null ? [] : iterate(extraSchemes).map(pyStr);
    return htmlEscape(pyStr(value))
      .split(/(\s+)/)
      .map((word) => linkWord(word, trim, attrs, schemes))
      .join('');
  },
  { passes: 'eval_ctx' },
);

/** `urlize`, by name. */
export const URLIZE_FILTERS: ReadonlyArray<[string, FilterFn]> = [['urlize', urlize]];
