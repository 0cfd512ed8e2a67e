/**
 * Python's str semantics the filters share: its whitespace, strip(),
 * replace(), capitalize(), islower()/isupper().
 */
/** The characters Python's str.isspace() accepts, as the body of a RegExp class. */
export const PY_SPACE = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** One or more Python whitespace characters. */
export const PY_SPACES = new RegExp(`[${PY_SPACE}]+`);

/** Python's `text.strip(chars)`: whitespace when `chars` is None, else any of its characters. */
export function pyStrip(text: string, chars: string | null): string {
  if (chars === null) return text.replace(new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g'), '');
  const set = new Set(chars);
  const cps = [...text];
  let start = 0;
  let end = cps.length;
  while (start < end && set.has(cps[start] as string)) start++;
  while (end > start && set.has(cps[end - 1] as string)) end--;
  return cps.slice(start, end).join('');
}

/** Python's `text.replace(old, new, count)`; count -1 replaces all, an empty `old` inserts between characters. */
export function pyReplace(text: string, old: string, repl: string, count: number): string {
  const parts = old === '' ? ['', ...text, ''] : text.split(old);
  if (count < 0 || count >= parts.length - 1) return parts.join(repl);
  return parts.slice(0, count + 1).join(repl) + old + parts.slice(count + 1).join(old);
}

/** Python's str.capitalize(): the first character upper-cased, the rest lower-cased. */
export function pyCapitalize(text: string): string {
  const [first = '', ...rest] = [...text];
  return first.toUpperCase() + rest.join('').toLowerCase();
}

/** Python's str.islower() (or isupper()): some cased character, and all of them in that case. */
export function pyIsCase(text: string, upper: boolean): boolean {
  const cased = [...text].filter((c) => c.toLowerCase() !== c.toUpperCase());
  return cased.length > 0 && cased.every((c) => c === (upper ? c.toUpperCase() : c.toLowerCase()));
}

