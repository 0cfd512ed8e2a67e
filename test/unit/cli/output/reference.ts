/**
 * Read the captured Salt 3006.10 output in test/fixtures/reference (copied
 * there verbatim, so a clone anywhere has it; see test/fixtures/README.md).
 */
import { readCapture } from '../../../integration/helpers/capture';

/** The `==== stdout (verbatim) ====` section of reference file `name`, byte for byte. */
export function referenceStdout(name: string): string {
  return readCapture(name).stdout;
}

/** What the salt CLI prints for returns arriving in this order: each formatted alone, then '\n'. */
export function printReturns(format: (data: unknown) => string, returns: Array<[string, unknown]>): string {
  return returns.map(([id, ret]) => `${format({ [id]: ret })}\n`).join('');
}
