/**
 * Read the captured Salt 3006.10 output in test/fixtures/reference (copied
 * there verbatim, so a clone anywhere has it; see test/fixtures/README.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REFERENCE_DIR = path.resolve(__dirname, '../../../fixtures/reference');

/** The `==== stdout (verbatim) ====` section of reference file `name`, byte for byte. */
export function referenceStdout(name: string): string {
  const text = readFileSync(path.join(REFERENCE_DIR, name), 'utf8');
  const start = '==== stdout (verbatim) ====\n';
  const from = text.indexOf(start);
  const to = text.indexOf('==== stderr (verbatim) ====\n');
  if (from < 0 || to < from) throw new Error(`${name} has no stdout section`);
  return text.slice(from + start.length, to);
}

/** What the salt CLI prints for returns arriving in this order: each formatted alone, then '\n'. */
export function printReturns(format: (data: unknown) => string, returns: Array<[string, unknown]>): string {
  return returns.map(([id, ret]) => `${format({ [id]: ret })}\n`).join('');
}
