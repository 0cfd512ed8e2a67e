/**
 * Appending JSON lines to a file, for the file returners (local_file,
 * rawfile_json): the lines of one call go in one O_APPEND write, so
 * concurrent writers (jobs finishing together, the minion and salt-call)
 * never interleave inside a line. Salt's returners take an flock instead;
 * Node has none, and one append write is what makes a line whole.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { jsonDumps } from '../python-json';

/**
 * Append each value as one line of Python's `json.dumps` (Salt's formatting: `{"a": 1, "b": [2, 3]}`), in
 * one write. The file is created 0600, and its folder 0700, when missing.
 * @throws the file system's error, or a TypeError for a value JSON cannot hold
 */
export async function appendJsonLines(file: string, values: readonly unknown[]): Promise<void> {
  if (values.length === 0) return;
  const text = values.map((v) => jsonDumps(v) + '\n').join('');
  try {
    await fs.appendFile(file, text, { mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await fs.appendFile(file, text, { mode: 0o600 });
  }
}
