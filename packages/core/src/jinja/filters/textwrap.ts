/**
 * Python's `textwrap.wrap(text, width, expand_tabs=False,
 * replace_whitespace=False, break_long_words, break_on_hyphens)`, the part
 * of textwrap Jinja's wordwrap filter uses.
 */
import { PyError } from '../runtime/values';
import { pyStrip } from '../../python';

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

/** Length in code points, as Python's len(). */
function len(s: string): number {
  return [...s].length;
}

/** True when Python's `s.strip() == ''`. */
function isBlank(s: string): boolean {
  return pyStrip(s, null) === '';
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
      const l = len(chunks[chunks.length - 1] as string);
      if (curLen + l > width) break;
      cur.push(chunks.pop() as string);
      curLen += l;
    }
    if (chunks.length && len(chunks[chunks.length - 1] as string) > width) {
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
    const chunk = [...(chunks[chunks.length - 1] as string)];
    let end = spaceLeft;
    if (options.breakOnHyphens && chunk.length > spaceLeft) {
      const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-');
      if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1;
    }
    cur.push(chunk.slice(0, end).join(''));
    chunks[chunks.length - 1] = chunk.slice(end).join('');
  } else if (!cur.length) cur.push(chunks.pop() as string);
}
