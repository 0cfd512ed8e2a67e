/**
 * What libyaml 0.2.5's emitter (yaml_emitter_analyze_scalar, the CSafeDumper
 * Salt uses) learns from a scalar's text before choosing how to write it.
 */

/** The styles a scalar's text allows. */
export interface ScalarAnalysis {
  readonly multiline: boolean;
  readonly flowPlainAllowed: boolean;
  readonly blockPlainAllowed: boolean;
  readonly singleQuotedAllowed: boolean;
  /** The text's length in UTF-8 bytes, what the simple-key limit of 128 counts. */
  readonly length: number;
}

/** libyaml's IS_PRINTABLE: LF, ASCII printables, U+00A0..U+D7FF and U+E000..U+FFFD but the BOM (no astral characters). */
export function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

/** libyaml's IS_BREAK: CR, LF, NEL, LS, PS. */
export function isBreak(c: number): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** libyaml's IS_BLANKZ: space, tab, a break, or the end of the text. */
function isBlankz(c: number | undefined): boolean {
  return c === undefined || c === 0x20 || c === 0x09 || c === 0 || isBreak(c);
}

const FIRST_INDICATORS = new Set('#,[]{}&*!|>\'"%@`');
const FLOW_INDICATORS = new Set(',?[]{}');

/**
 * yaml_emitter_analyze_scalar with allow_unicode: indicators (`- `, `? `,
 * `: `, ` #`, a leading `&*!|>'"%@`` ` `` or `---`/`...`), leading or
 * trailing spaces and breaks, space-break mixes, and characters that only
 * a double-quoted scalar can carry (controls, astral characters, the BOM).
 */
export function analyzeScalar(text: string): ScalarAnalysis {
  const length = Buffer.byteLength(text, 'utf8');
  if (text === '') {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, length };
  }
  const cps = Array.from(text, (ch) => ch.codePointAt(0) as number);
  let blockIndicators = text.startsWith('---') || text.startsWith('...');
  let flowIndicators = blockIndicators;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i] as number;
    const ch = String.fromCodePoint(c);
    const followedByWhitespace = isBlankz(cps[i + 1]);
    if (i === 0) {
      if (FIRST_INDICATORS.has(ch)) flowIndicators = blockIndicators = true;
      if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) flowIndicators = blockIndicators = true;
    } else {
      if (FLOW_INDICATORS.has(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) flowIndicators = blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    const last = i === cps.length - 1;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  const noPlain = leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak || special || lineBreaks;
  return {
    multiline: lineBreaks,
    flowPlainAllowed: !noPlain && !flowIndicators,
    blockPlainAllowed: !noPlain && !blockIndicators,
    singleQuotedAllowed: !(breakSpace || spaceBreak || special),
    length,
  };
}
