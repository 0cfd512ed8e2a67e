/**
 * Splitting a line into words as Python's `shlex.split` in POSIX mode (Salt's
 * `salt.utils.args.shlex_split`): used where Salt splits a kernel command line
 * or a command string.
 */
import { SaltInvocationError } from './errors';

/**
 * Split `line` into words: whitespace separates words, single and double
 * quotes group, a backslash escapes the next character outside single quotes
 * (inside double quotes only before `"` or `\`).
 * @example shlexSplit(`a "b c" d\\ e`) → ['a', 'b c', 'd e']
 * @throws SaltInvocationError on an unclosed quote or a trailing backslash
 */
export function shlexSplit(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (quote === '"' && c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (c === '"' || c === "'") quote = c;
      else if (c !== '\\') word += c;
      else if (i + 1 < line.length) word += line[++i];
      else throw new SaltInvocationError(`No escaped character at the end of command: ${line}`);
    }
  }
  if (quote) throw new SaltInvocationError(`No closing quotation in command: ${line}`);
  if (inWord) words.push(word);
  return words;
}
