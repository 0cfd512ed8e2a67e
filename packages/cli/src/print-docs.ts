/**
 * How the salt CLI shows `sys.doc` (and `salt -d`) returns: Salt's
 * _print_docs, one merged block for all minions instead of one per minion.
 */
import { compareCodePoints, isDict } from '@brine/core/python';

/**
 * Merge the docs every minion returned into one mapping, as Salt: for each
 * function, the first non-empty text seen, skipping minions that returned
 * something other than a mapping (a "did not return" message).
 */
export function mergeDocs(returns: Iterable<unknown>): Record<string, string> {
  const docs: Record<string, string> = {};
  for (const ret of returns) {
    if (!isDict(ret)) continue;
    for (const [fun, text] of Object.entries(ret)) {
      if (!(fun in docs) && typeof text === 'string' && text) docs[fun] = text;
    }
  }
  return docs;
}

/**
 * The text Salt prints for merged docs without `--out`: for each function in
 * sorted order, `fun:`, its doc as it is, then an empty line.
 */
export function docsText(docs: Record<string, string>): string {
  return Object.keys(docs).sort(compareCodePoints).map((fun) => `${fun}:\n${docs[fun]}\n\n`).join('');
}
