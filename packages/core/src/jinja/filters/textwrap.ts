/**
 * Python's `textwrap.wrap(text, width, expand_tabs=False,
 * replace_whitespace=False, break_long_words, break_on_hyphens)`, the part
 * of textwrap Jinja's wordwrap filter uses.
 */
import { PyError } from '../runtime/values';
import { PY_SPACE_CLASS } from '../../python';

/** textwrap's whitespace, `\t\n\x0b\x0c\r `. */
const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
/** Python's `\w` (Unicode) and textwrap's word punctuation and letters. */
const W = '[\\p{L}\\p{N}\\p{Mn}_]';
const WP = '[\\p{L}\\p{N}\\p{Mn}_!"\'&.,?]';
const LT = '[\\p{L}\\p{Mn}_]';

/** TextWrapper.wordsep_re: whitespace, em-dashes, words split after their hyphens. */
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WP})-{2,}(?=${W})|${NWS}+?(?:-(?:(?<=${LT}{2}-)|(?<=${LT}-${LT}-))(?=${LT}-?${LT})|(?=${WS}|$)|(?<=${WP})(?=-{2,}${W})))`,
  'u',
);
/** TextWrapper.wordsep_simple_re: whitespace runs. */
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, 'u');

/**
 * Python's len() in code points, counted no further than `cap` (the wrap only compares lengths with the width,
 * so a long word is not measured again at every line it is broken into).
 */
function len(s: string, cap: number): number {
  let n = 0;
  for (const _ of s) if (++n >= cap) break;
  return n;
}

/** The UTF-16 offset just after the first `count` code points of `s`. */
function offsetOf(s: string, count: number): number {
  let offset = 0;
  for (let i = 0; i < count && offset < s.length; i++) offset += (s.codePointAt(offset) as number) > 0xffff ? 2 : 1;
  return offset;
}

/** Nothing but Python whitespace; anchored, so a long word fails at its first character. */
const BLANK = new RegExp(`^[${PY_SPACE_CLASS}]*$`);

/** True when Python's `s.strip() == ''`. */
function isBlank(s: string): boolean {
  return BLANK.test(s);
}

/** Options of {@link wrap}. */
export interface WrapOptions {
  readonly breakLongWords: boolean;
  readonly breakOnHyphens: boolean;
}

/**
 * `textwrap.wrap(text, width, ...)`: the lines, whitespace between them dropped.
 * @throws PyError ValueError `invalid width 0 (must be > 0)`
 */
export function wrap(text: string, width: number, options: WrapOptions): string[] {
  const chunks = text.split(options.breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE).filter(Boolean);
  if (width <= 0) throw new PyError('ValueError', `invalid width ${width} (must be > 0)`);
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const cur: string[] = [];
    let curLen = 0;
    if (lines.length && isBlank(chunks[chunks.length - 1] as string)) chunks.pop();
    while (chunks.length) {
      const l = len(chunks[chunks.length - 1] as string, width + 1);
      if (curLen + l > width) break;
      cur.push(chunks.pop() as string);
      curLen += l;
    }
    if (chunks.length && len(chunks[chunks.length - 1] as string, width + 1) > width) {
      handleLongWord(chunks, cur, curLen, width, options);
    }
    if (cur.length && isBlank(cur[cur.length - 1] as string)) cur.pop();
    if (cur.length) lines.push(cur.join(''));
  }
  return lines;
}

/** TextWrapper._handle_long_word: break the next chunk to fill the line (after a hyphen when it can). */
function handleLongWord(chunks: string[], cur: string[], curLen: number, width: number, options: WrapOptions): void {
  const spaceLeft = width < 1 ? 1 : width - curLen;
  if (options.breakLongWords) {
    const whole = chunks[chunks.length - 1] as string;
    const head = [...whole.slice(0, offsetOf(whole, spaceLeft + 1))];
    let end = spaceLeft;
    if (options.breakOnHyphens && head.length > spaceLeft) {
      const hyphen = head.slice(0, spaceLeft).lastIndexOf('-');
      if (hyphen > 0 && head.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
    }
    const cut = offsetOf(whole, end);
    cur.push(whole.slice(0, cut));
    chunks[chunks.length - 1] = whole.slice(cut);
  } else if (!cur.length) cur.push(chunks.pop() as string);
}
