/**
 * The words of a compound expression, as Salt splits them: a string splits on
 * whitespace, a list keeps each element whole (so a list element may contain
 * spaces). Each word remembers where it came from, for error messages.
 */
import { TargetError } from '../errors';

/** A word, its 1-based column in its source, and the nodegroup it was defined in, if any. */
export interface Word {
  text: string;
  col: number;
  group?: string;
}

/** The operator words of a compound expression (case-sensitive, as in Salt). */
export const OPERATORS: ReadonlySet<string> = new Set(['and', 'or', 'not', '(', ')']);

/** The expression as one string: a list is joined with spaces. */
export function sourceText(expr: string | string[]): string {
  return Array.isArray(expr) ? expr.join(' ') : expr;
}

/**
 * Split `expr` into words with their columns (a list's columns count in its
 * space-joined form); empty list elements are dropped.
 * @param group the nodegroup `expr` defines, recorded on each word
 */
export function splitWords(expr: string | string[], group?: string): Word[] {
  if (!Array.isArray(expr)) return [...expr.matchAll(/\S+/g)].map((m) => ({ text: m[0], col: m.index! + 1, group }));
  const words: Word[] = [];
  let col = 1;
  for (const item of expr.map(String)) {
    if (item !== '') words.push({ text: item, col, group });
    col += item.length + 1;
  }
  return words;
}

/**
 * A TargetError for the compound expression `source`, of the form
 * `Invalid compound target '<source>': <problem> at column <n> [of nodegroup '<g>']`.
 */
export function wordError(source: string, problem: string, word?: Word, hint?: string): TargetError {
  const where = !word ? '' : ` at column ${word.col}${word.group ? ` of nodegroup '${word.group}'` : ''}`;
  return new TargetError(`Invalid compound target '${source}': ${problem}${where}`, hint);
}
