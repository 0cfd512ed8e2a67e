/**
 * Python's character classes and case mappings through str's methods:
 * for each sample, the `is*()` predicates CPython 3.11 finds true, and
 * `lower|upper|title|capitalize|swapcase|casefold` as CPython gives them.
 */
import { pyMethod } from '@brine/core/jinja/python/methods';

const PREDICATES = ['isdigit', 'isdecimal', 'isnumeric', 'isalpha', 'isalnum', 'isspace', 'islower', 'isupper', 'istitle', 'isidentifier', 'isascii'];
const MAPPINGS = ['lower', 'upper', 'title', 'capitalize', 'swapcase', 'casefold'];

/** `s.name()`. */
function call(s: string, name: string): unknown {
  return pyMethod(s, name)!.call([], new Map());
}

describe('str character classes and case mappings (CPython 3.11)', () => {
  it.each<[string, string, string]>([
    ["a", "isalpha,isalnum,islower,isidentifier,isascii", "a|A|A|A|A|a"],
    ["Z", "isalpha,isalnum,isupper,istitle,isidentifier,isascii", "z|Z|Z|Z|z|z"],
    ["é", "isalpha,isalnum,islower,isidentifier", "é|É|É|É|É|é"],
    ["É", "isalpha,isalnum,isupper,istitle,isidentifier", "é|É|É|É|é|é"],
    ["ß", "isalpha,isalnum,islower,isidentifier", "ß|SS|Ss|Ss|SS|ss"],
    ["ǅ", "isalpha,isalnum,istitle,isidentifier", "ǆ|Ǆ|ǅ|ǅ|ǅ|ǆ"],
    ["ǆ", "isalpha,isalnum,islower,isidentifier", "ǆ|Ǆ|ǅ|ǅ|Ǆ|ǆ"],
    ["Σ", "isalpha,isalnum,isupper,istitle,isidentifier", "σ|Σ|Σ|Σ|σ|σ"],
    ["ς", "isalpha,isalnum,islower,isidentifier", "ς|Σ|Σ|Σ|Σ|σ"],
    ["ﬁ", "isalpha,isalnum,islower,isidentifier", "ﬁ|FI|Fi|Fi|FI|fi"],
    ["İ", "isalpha,isalnum,isupper,istitle,isidentifier", "i̇|İ|İ|İ|i̇|i̇"],
    ["ı", "isalpha,isalnum,islower,isidentifier", "ı|I|I|I|I|ı"],
    ["ŉ", "isalpha,isalnum,islower,isidentifier", "ŉ|ʼN|ʼN|ʼN|ʼN|ʼn"],
    ["Ω", "isalpha,isalnum,isupper,istitle,isidentifier", "ω|Ω|Ω|Ω|ω|ω"],
    ["ω", "isalpha,isalnum,islower,isidentifier", "ω|Ω|Ω|Ω|Ω|ω"],
    ["Ж", "isalpha,isalnum,isupper,istitle,isidentifier", "ж|Ж|Ж|Ж|ж|ж"],
    ["ж", "isalpha,isalnum,islower,isidentifier", "ж|Ж|Ж|Ж|Ж|ж"],
    ["ª", "isalpha,isalnum,islower,isidentifier", "ª|ª|ª|ª|ª|ª"],
    ["ʰ", "isalpha,isalnum,islower,isidentifier", "ʰ|ʰ|ʰ|ʰ|ʰ|ʰ"],
    ["Ⓐ", "isupper,istitle", "ⓐ|Ⓐ|Ⓐ|Ⓐ|ⓐ|ⓐ"],
    ["ⓐ", "islower", "ⓐ|Ⓐ|Ⓐ|Ⓐ|Ⓐ|ⓐ"],
    ["0", "isdigit,isdecimal,isnumeric,isalnum,isascii", "0|0|0|0|0|0"],
    ["٣", "isdigit,isdecimal,isnumeric,isalnum", "٣|٣|٣|٣|٣|٣"],
    ["²", "isdigit,isnumeric,isalnum", "²|²|²|²|²|²"],
    ["½", "isnumeric,isalnum", "½|½|½|½|½|½"],
    ["①", "isdigit,isnumeric,isalnum", "①|①|①|①|①|①"],
    ["Ⅷ", "isnumeric,isalnum,isupper,istitle,isidentifier", "ⅷ|Ⅷ|Ⅷ|Ⅷ|ⅷ|ⅷ"],
    ["一", "isnumeric,isalpha,isalnum,isidentifier", "一|一|一|一|一|一"],
    ["百", "isnumeric,isalpha,isalnum,isidentifier", "百|百|百|百|百|百"],
    ["零", "isnumeric,isalpha,isalnum,isidentifier", "零|零|零|零|零|零"],
    ["_", "isidentifier,isascii", "_|_|_|_|_|_"],
    ["-", "isascii", "-|-|-|-|-|-"],
    [" ", "isspace,isascii", " | | | | | "],
    ["\t", "isspace,isascii", "\t|\t|\t|\t|\t|\t"],
    ["\u001c", "isspace,isascii", "\u001c|\u001c|\u001c|\u001c|\u001c|\u001c"],
    [" ", "isspace", " | | | | | "],
    [" ", "isspace", " | | | | | "],
    ["​", "", "​|​|​|​|​|​"],
    ["　", "isspace", "　|　|　|　|　|　"],
    ["", "isspace", "|||||"],
    ["́", "", "́|́|́|́|́|́"],
    ["á", "islower,isidentifier", "á|Á|Á|Á|Á|á"],
    ["😀", "", "😀|😀|😀|😀|😀|😀"],
    ["𝐀", "isalpha,isalnum,isupper,istitle,isidentifier", "𝐀|𝐀|𝐀|𝐀|𝐀|𝐀"],
    ["𝐚", "isalpha,isalnum,islower,isidentifier", "𝐚|𝐚|𝐚|𝐚|𝐚|𝐚"],
    ["Ab", "isalpha,isalnum,istitle,isidentifier,isascii", "ab|AB|Ab|Ab|aB|ab"],
    ["aB", "isalpha,isalnum,isidentifier,isascii", "ab|AB|Ab|Ab|Ab|ab"],
    ["AB Cd", "isascii", "ab cd|AB CD|Ab Cd|Ab cd|ab cD|ab cd"],
    ["a1", "isalnum,islower,isidentifier,isascii", "a1|A1|A1|A1|A1|a1"],
    ["1a", "isalnum,islower,isascii", "1a|1A|1A|1a|1A|1a"],
    ["hello world", "islower,isascii", "hello world|HELLO WORLD|Hello World|Hello world|HELLO WORLD|hello world"],
    ["o'neil", "islower,isascii", "o'neil|O'NEIL|O'Neil|O'neil|O'NEIL|o'neil"],
    ["ÀÉÎ", "isalpha,isalnum,isupper,isidentifier", "àéî|ÀÉÎ|Àéî|Àéî|àéî|àéî"],
    ["straße", "isalpha,isalnum,islower,isidentifier", "straße|STRASSE|Straße|Straße|STRASSE|strasse"],
    ["ǆungla", "isalpha,isalnum,islower,isidentifier", "ǆungla|ǄUNGLA|ǅungla|ǅungla|ǄUNGLA|ǆungla"],
    ["ΣΑΣ ΣΑΣ", "isupper", "σας σας|ΣΑΣ ΣΑΣ|Σας Σας|Σας σας|σας σας|σασ σασ"],
    ["x²", "isalnum,islower", "x²|X²|X²|X²|X²|x²"],
    ["MAC-address", "isascii", "mac-address|MAC-ADDRESS|Mac-Address|Mac-address|mac-ADDRESS|mac-address"],
    ["", "isascii", "|||||"],
  ])('%j', (s, predicates, mapped) => {
    expect(PREDICATES.filter((p) => call(s, p) === true).join(',')).toBe(predicates);
    expect(MAPPINGS.map((m) => call(s, m)).join('|')).toBe(mapped);
  });
});
