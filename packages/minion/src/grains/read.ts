/** Reading the small system files grains come from, and finding programs without running them. */
import fs from 'node:fs';
import path from 'node:path';

/** The text of `file`, or undefined when it cannot be read (a missing file is normal: its grains are left out). */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The text of the first of `files` that can be read, or undefined when none can. */
export function readFirst(...files: string[]): string | undefined {
  for (const file of files) {
    const text = readText(file);
    if (text !== undefined) return text;
  }
  return undefined;
}

/** True when `p` exists (any file type; a dangling symlink does not). */
export function exists(p: string): boolean {
  return fs.existsSync(p);
}

/** True when `p` is a directory. */
export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The names in directory `dir`, or [] when it cannot be listed. */
export function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The full path of program `name` as Salt's `salt.utils.path.which`: a name
 * with a slash is taken as given; otherwise the first executable regular file
 * of that name in the directories of $PATH. Undefined when there is none.
 */
export function which(name: string): string | undefined {
  const executable = (p: string): boolean => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (name.includes('/')) return executable(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}
