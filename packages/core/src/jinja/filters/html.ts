/**
 * MarkupSafe's escaping and tag stripping (markupsafe 2.1), which Jinja's
 * escape, forceescape, striptags, xmlattr and urlencode use. Salt renders
 * with autoescape off, so these give plain strs.
 */

import { PY_SPACES } from '../../python';

/** The characters markupsafe.escape replaces, and their entities. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/** markupsafe.escape on a str: `&`, `<`, `>`, `"`, `'` as entities. */
export function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Named entities html.unescape resolves here (the common ones; others stay as written). */
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\xa0', copy: '\xa9', reg: '\xae' };

/** Python's html.unescape for numeric entities and the common named ones. */
function htmlUnescape(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);?/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
    }
    return NAMED[ref] ?? whole;
  });
}

/**
 * Markup.striptags: comments and tags removed, whitespace runs collapsed to
 * one space, the ends trimmed, entities resolved.
 */
export function stripTags(text: string): string {
  const bare = removeSpans(removeSpans(text, '<!--', '-->'), '<', '>');
  return htmlUnescape(bare.split(PY_SPACES).filter(Boolean).join(' '));
}

/**
 * `text` without each span from `open` to the next `close`, up to the first `open` that has no `close` after it
 * (markupsafe 2.1's find loop, in one linear pass: a lazy regex rescans the rest of the text at every unclosed `<`).
 */
function removeSpans(text: string, open: string, close: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const start = text.indexOf(open, pos);
    const end = start < 0 ? -1 : text.indexOf(close, start);
    if (end < 0) return out + text.slice(pos);
    out += text.slice(pos, start);
    pos = end + close.length;
  }
}

/** Bytes urllib.parse.quote never escapes. */
const ALWAYS_SAFE = /[A-Za-z0-9_.~-]/;

/**
 * Jinja's url_quote (urllib.parse.quote_from_bytes on the UTF-8 text): `/`
 * kept unless `forQuery`, where spaces become `+` as well.
 */
export function urlQuote(text: string, forQuery: boolean): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && (ALWAYS_SAFE.test(ch) || (!forQuery && ch === '/'))) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return forQuery ? out.replace(/%20/g, '+') : out;
}
