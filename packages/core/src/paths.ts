/**
 * Path confinement and identifier checks. Anything named by the network (a
 * minion id, a salt:// path) passes through here before it touches the disk.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * True when `id` is safe as a minion id and as a file name under pki_dir:
 * non-empty, at most 255 bytes, and free of `/`, `\`, `..` and control
 * characters (NUL, newlines, escapes, which would also forge log lines), not
 * `.`, and not ending in `.tmp` (atomic writes' temporary names). Salt refuses
 * the path-like ids too (salt.utils.verify.valid_id).
 */
export function isValidMinionId(id: unknown): id is string {
  return (
    typeof id === 'string' &&
    id.length > 0 &&
    Buffer.byteLength(id) <= 255 &&
    id !== '.' &&
    !/[/\\\x00-\x1f\x7f]/.test(id) &&
    !id.includes('..') &&
    !id.endsWith('.tmp')
  );
}

/**
 * Join `rel` under `root` and refuse any result that escapes it.
 * @returns the absolute joined path
 * @throws Error when the path leaves `root` (through `..` or an absolute `rel`)
 */
export function confine(root: string, rel: string): string {
  const base = path.resolve(root);
  const full = path.resolve(base, rel);
  if (full !== base && !full.startsWith(base + path.sep)) {
    throw new Error(`Path ${JSON.stringify(rel)} escapes ${base}`);
  }
  return full;
}

/**
 * Write a file atomically: write a temporary sibling, fsync it, then rename over
 * the target, so readers and crashes never see a torn file. The temporary name
 * is random and created exclusively (O_EXCL, which also refuses a symlink), so
 * in a directory others can write to (/tmp) nobody can plant it beforehand to
 * redirect the write. A target that is a symlink is replaced, not followed.
 * @param mode file permission bits, e.g. 0o600 for private keys (set on the open descriptor, never by path)
 * @param owner the uid and gid to give the file (a replaced file's, to keep them); the process's by default
 * @throws the file system's error (the temporary file is removed)
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644, owner?: { uid: number; gid: number }): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    try {
      fs.writeFileSync(fd, data);
      // On the descriptor, not the path: a path could be swapped for a symlink in between.
      fs.fchmodSync(fd, mode);
      if (owner) fs.fchownSync(fd, owner.uid, owner.gid);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Run a file operation on a file that may have gone meanwhile (another process removed or moved it).
 * @returns what `op` returns, or undefined when it failed with ENOENT
 * @throws any other error of `op`
 */
export function unlessGone<T>(op: () => T): T | undefined {
  try {
    return op();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Create `dir` and its parents with `mode` (0o700 by default for private directories). */
export function ensureDir(dir: string, mode = 0o700): void {
  fs.mkdirSync(dir, { recursive: true, mode });
}
