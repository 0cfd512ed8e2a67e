/**
 * File hashing for the file server and file clients: SHA-256 streamed from
 * disk, and a cache that rehashes a file only when its identity or stat changed,
 * so serving a large file chunk by chunk hashes it once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { FileHash } from '../loader/define';

/**
 * SHA-256 of a file's content, read as a stream (large files are not held in memory).
 * @returns the digest in lowercase hex
 * @throws the fs error when the file cannot be read (ENOENT, EISDIR, EACCES)
 */
export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The stat fields that change whenever a file's content may have changed (nanosecond times). */
function stampOf(st: fs.BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

/** Remembers the SHA-256 of files, keyed by path, while their stamp (device, inode, size, mtime, ctime) is unchanged. */
export class HashCache {
  private readonly entries = new Map<string, { stamp: string; hsum: string }>();

  /** @param max entries kept at most; the oldest is dropped first */
  constructor(private readonly max = 10000) {}

  /**
   * Hash of `file`, computed again only when its stamp changed since the last call.
   * @throws the fs error when the file cannot be read
   */
  async get(file: string): Promise<FileHash> {
    const before = stampOf(await fs.promises.stat(file, { bigint: true }));
    const hit = this.entries.get(file);
    if (hit?.stamp === before) return { hsum: hit.hsum, hash_type: 'sha256' };
    const hsum = await sha256File(file);
    this.entries.delete(file);
    // Only a file that did not change while it was read is remembered.
    if (stampOf(await fs.promises.stat(file, { bigint: true })) === before) {
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(file, { stamp: before, hsum });
    }
    return { hsum, hash_type: 'sha256' };
  }
}
