/**
 * Python's Unicode character classes and case mappings, as str's `is*()`,
 * `title()`, `capitalize()`, `swapcase()` and `casefold()` use them
 * (CPython's unicodectype.c: Lowercase/Uppercase/Cased derived properties,
 * category Lt for titlecase, XID_Start/XID_Continue for identifiers).
 * Python 3.11 ships Unicode 14 and Node its own version: characters added
 * since may differ.
 */
import { PY_SPACE_CLASS } from '../../python';

/** Characters Python counts as digits beyond category Nd (superscripts, circled digits...), from CPython 3.11's tables. */
const EXTRA_DIGITS =
  '\\u{b2}-\\u{b3}\\u{b9}\\u{1369}-\\u{1371}\\u{19da}\\u{2070}\\u{2074}-\\u{2079}\\u{2080}-\\u{2089}\\u{2460}-\\u{2468}' +
  '\\u{2474}-\\u{247c}\\u{2488}-\\u{2490}\\u{24ea}\\u{24f5}-\\u{24fd}\\u{24ff}\\u{2776}-\\u{277e}\\u{2780}-\\u{2788}' +
  '\\u{278a}-\\u{2792}\\u{10a40}-\\u{10a43}\\u{10e60}-\\u{10e68}\\u{11052}-\\u{1105a}\\u{1f100}-\\u{1f10a}';

/** Ideographs with a numeric value (一, 二, 百...) that Python's isnumeric() accepts outside category N, from CPython 3.11's tables. */
const NUMERIC_IDEOGRAPHS =
  '\\u{3405}\\u{3483}\\u{382a}\\u{3b4d}\\u{4e00}\\u{4e03}\\u{4e07}\\u{4e09}\\u{4e5d}\\u{4e8c}\\u{4e94}\\u{4e96}\\u{4ebf}-\\u{4ec0}' +
  '\\u{4edf}\\u{4ee8}\\u{4f0d}\\u{4f70}\\u{5104}\\u{5146}\\u{5169}\\u{516b}\\u{516d}\\u{5341}\\u{5343}-\\u{5345}\\u{534c}' +
  '\\u{53c1}-\\u{53c4}\\u{56db}\\u{58f1}\\u{58f9}\\u{5e7a}\\u{5efe}-\\u{5eff}\\u{5f0c}-\\u{5f0e}\\u{5f10}\\u{62fe}\\u{634c}' +
  '\\u{67d2}\\u{6f06}\\u{7396}\\u{767e}\\u{8086}\\u{842c}\\u{8cae}\\u{8cb3}\\u{8d30}\\u{9621}\\u{9646}\\u{964c}\\u{9678}' +
  '\\u{96f6}\\u{f96b}\\u{f973}\\u{f978}\\u{f9b2}\\u{f9d1}\\u{f9d3}\\u{f9fd}\\u{20001}\\u{20064}\\u{200e2}\\u{20121}' +
  '\\u{2092a}\\u{20983}\\u{2098c}\\u{2099c}\\u{20aea}\\u{20afd}\\u{20b19}\\u{22390}\\u{22998}\\u{23b1b}\\u{2626d}\\u{2f890}';

/** A test that every character of a non-empty string is in `charClass`. */
function allOf(charClass: string): (s: string) => boolean {
  const re = new RegExp(`^[${charClass}]+$`, 'u');
  return (s) => re.test(s);
}

/** Python's `str.is*()` predicates that hold when every character (at least one) is of a class. */
export const ALL_CHARS_PREDICATES: ReadonlyMap<string, (s: string) => boolean> = new Map([
  ['isdecimal', allOf('\\p{Nd}')],
  ['isdigit', allOf(`\\p{Nd}${EXTRA_DIGITS}`)],
  ['isnumeric', allOf(`\\p{N}${NUMERIC_IDEOGRAPHS}`)],
  ['isalpha', allOf('\\p{L}')],
  ['isalnum', allOf(`\\p{L}\\p{N}${NUMERIC_IDEOGRAPHS}`)],
  ['isspace', allOf(PY_SPACE_CLASS)],
  ['isascii', (s: string) => /^[\0-\x7f]*$/.test(s)],
]);

const UPPER = /\p{Uppercase}/u;
const LOWER = /\p{Lowercase}/u;
const TITLE = /\p{Lt}/u;
const CASED = /\p{Cased}/u;

/** Python's `str.islower()`: some cased character, none upper- or titlecase. */
export function isLower(s: string): boolean {
  let cased = false;
  for (const ch of s) {
    if (UPPER.test(ch) || TITLE.test(ch)) return false;
    if (LOWER.test(ch)) cased = true;
  }
  return cased;
}

/** Python's `str.isupper()`: some cased character, none lower- or titlecase. */
export function isUpper(s: string): boolean {
  let cased = false;
  for (const ch of s) {
    if (LOWER.test(ch) || TITLE.test(ch)) return false;
    if (UPPER.test(ch)) cased = true;
  }
  return cased;
}

/** Python's `str.istitle()`: upper/titlecase only after uncased characters, lowercase only after cased ones, and some cased character. */
export function isTitle(s: string): boolean {
  let cased = false;
  let previousCased = false;
  for (const ch of s) {
    if (UPPER.test(ch) || TITLE.test(ch)) {
      if (previousCased) return false;
      previousCased = cased = true;
    } else if (LOWER.test(ch)) {
      if (!previousCased) return false;
      previousCased = cased = true;
    } else {
      previousCased = false;
    }
  }
  return cased;
}

const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;

/** Python's `str.isidentifier()`: XID_Start or `_`, then XID_Continue characters. */
export function isIdentifier(s: string): boolean {
  return IDENTIFIER.test(s);
}

/**
 * Characters whose titlecase is not their uppercase's first letter followed
 * by the rest lowercased (digraphs `ǆ` → `ǅ`, `ŉ` → `ʼN`, Greek with
 * ypogegrammeni `ᾳ` → `ᾼ`), from CPython 3.11's tables.
 */
const TITLECASE: Readonly<Record<string, string>> = {
  '\u0149': '\u02bc\u004e', '\u01c4': '\u01c5', '\u01c5': '\u01c5', '\u01c6': '\u01c5', '\u01c7': '\u01c8',
  '\u01c8': '\u01c8', '\u01c9': '\u01c8', '\u01ca': '\u01cb', '\u01cb': '\u01cb', '\u01cc': '\u01cb',
  '\u01f1': '\u01f2', '\u01f2': '\u01f2', '\u01f3': '\u01f2', '\u1f80': '\u1f88', '\u1f81': '\u1f89',
  '\u1f82': '\u1f8a', '\u1f83': '\u1f8b', '\u1f84': '\u1f8c', '\u1f85': '\u1f8d', '\u1f86': '\u1f8e',
  '\u1f87': '\u1f8f', '\u1f88': '\u1f88', '\u1f89': '\u1f89', '\u1f8a': '\u1f8a', '\u1f8b': '\u1f8b',
  '\u1f8c': '\u1f8c', '\u1f8d': '\u1f8d', '\u1f8e': '\u1f8e', '\u1f8f': '\u1f8f', '\u1f90': '\u1f98',
  '\u1f91': '\u1f99', '\u1f92': '\u1f9a', '\u1f93': '\u1f9b', '\u1f94': '\u1f9c', '\u1f95': '\u1f9d',
  '\u1f96': '\u1f9e', '\u1f97': '\u1f9f', '\u1f98': '\u1f98', '\u1f99': '\u1f99', '\u1f9a': '\u1f9a',
  '\u1f9b': '\u1f9b', '\u1f9c': '\u1f9c', '\u1f9d': '\u1f9d', '\u1f9e': '\u1f9e', '\u1f9f': '\u1f9f',
  '\u1fa0': '\u1fa8', '\u1fa1': '\u1fa9', '\u1fa2': '\u1faa', '\u1fa3': '\u1fab', '\u1fa4': '\u1fac',
  '\u1fa5': '\u1fad', '\u1fa6': '\u1fae', '\u1fa7': '\u1faf', '\u1fa8': '\u1fa8', '\u1fa9': '\u1fa9',
  '\u1faa': '\u1faa', '\u1fab': '\u1fab', '\u1fac': '\u1fac', '\u1fad': '\u1fad', '\u1fae': '\u1fae',
  '\u1faf': '\u1faf', '\u1fb2': '\u1fba\u0345', '\u1fb3': '\u1fbc', '\u1fb4': '\u0386\u0345',
  '\u1fb7': '\u0391\u0342\u0345', '\u1fbc': '\u1fbc', '\u1fc2': '\u1fca\u0345', '\u1fc3': '\u1fcc',
  '\u1fc4': '\u0389\u0345', '\u1fc7': '\u0397\u0342\u0345', '\u1fcc': '\u1fcc', '\u1ff2': '\u1ffa\u0345',
  '\u1ff3': '\u1ffc', '\u1ff4': '\u038f\u0345', '\u1ff7': '\u03a9\u0342\u0345', '\u1ffc': '\u1ffc',
};

/** Georgian Mkhedruli letters, which have uppercase forms (Mtavruli) but are their own titlecase. */
const GEORGIAN = /[\u10d0-\u10fa\u10fd-\u10ff]/;

/** The titlecase of one character: `ß` → `Ss`, `ǆ` → `ǅ`, otherwise its uppercase. */
function titleChar(ch: string): string {
  const mapped = TITLECASE[ch];
  if (mapped !== undefined) return mapped;
  if (GEORGIAN.test(ch)) return ch;
  const upper = ch.toUpperCase();
  const first = String.fromCodePoint(upper.codePointAt(0) as number);
  return first + upper.slice(first.length).toLowerCase();
}

const CASE_IGNORABLE = /\p{Case_Ignorable}/u;

/**
 * The lowercase of `chars[i]`, with Unicode's Final_Sigma rule as CPython
 * applies it: `Σ` after a cased letter and not before one (case-ignorable
 * characters skipped) becomes `ς`.
 */
function lowerAt(chars: readonly string[], i: number): string {
  const ch = chars[i] as string;
  if (ch !== '\u03a3') return ch.toLowerCase();
  let j = i - 1;
  while (j >= 0 && CASE_IGNORABLE.test(chars[j] as string)) j--;
  if (j < 0 || !CASED.test(chars[j] as string)) return '\u03c3';
  j = i + 1;
  while (j < chars.length && CASE_IGNORABLE.test(chars[j] as string)) j++;
  return j === chars.length || !CASED.test(chars[j] as string) ? '\u03c2' : '\u03c3';
}

/** Python's `str.title()`: titlecase after an uncased character, lowercase after a cased one. */
export function title(s: string): string {
  const chars = [...s];
  let previousCased = false;
  return chars
    .map((ch, i) => {
      const mapped = previousCased ? lowerAt(chars, i) : titleChar(ch);
      previousCased = CASED.test(ch);
      return mapped;
    })
    .join('');
}

/** Python's `str.capitalize()`: the first character titlecased, the rest lowercased. */
export function capitalize(s: string): string {
  const chars = [...s];
  return chars.map((ch, i) => (i === 0 ? titleChar(ch) : lowerAt(chars, i))).join('');
}

/** Python's `str.swapcase()`: uppercase characters lowered, lowercase ones uppered. */
export function swapcase(s: string): string {
  const chars = [...s];
  return chars.map((ch, i) => (UPPER.test(ch) ? lowerAt(chars, i) : LOWER.test(ch) ? ch.toUpperCase() : ch)).join('');
}

/** Cherokee letters, which case folding maps to their uppercase. */
const CHEROKEE = /[\u13a0-\u13f5\u13f8-\u13fd\uab70-\uabbf]/;

/**
 * Python's `str.casefold()`, character by character as the lowercase of the
 * uppercase (`ß` → `ss`, `ﬁ` → `fi`, `ς` → `σ`, `ſ` → `s`), except `ı`, which
 * does not fold, and Cherokee, which folds to uppercase: this matches
 * CPython 3.11's full case folding for every character (JavaScript has no
 * folding table).
 */
export function casefold(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\u0131') out += ch;
    else if (CHEROKEE.test(ch)) out += ch.toUpperCase();
    else out += ch.toUpperCase().toLowerCase().replace(/\u00df/g, 'ss');
  }
  return out;
}
