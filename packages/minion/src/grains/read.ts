/** Reading the small system files grains come from. */
import fs from 'node:fs';

/**
 * The text of the first of `files` that can be read, or undefined when none can
 * (a missing file is normal: grains from it are simply left out).
 */
export function readFirst(...files: string[]): string | undefined {
  for (const file of files) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      // try the next one
    }
  }
  return undefined;
}
