/**
 * The master's file server on the request port (Salt's `_file_list`,
 * `_file_hash`, `_serve_file`), over the `roots` backend: every path is
 * resolved and confined by {@link Roots}, so a request escaping file_roots is
 * refused before anything is read. Large files go out in chunks of
 * FILE_CHUNK_BYTES, each carrying the file's hash so the minion can check the
 * whole and notice a change between chunks.
 */
import fs from 'node:fs';
import { SaltInvocationError } from '@brine/core/errors';
import { HashCache } from '@brine/core/fileserver/hash';
import { notFound, Roots, type FileRoots } from '@brine/core/fileserver/roots';
import { FILE_CHUNK_BYTES } from '@brine/core/protocol/v1/constants';
import type { FileChunk, FileHash, FileHashLoad, FileListLoad, ServeFileLoad } from '@brine/core/protocol/v1/minion-requests';

/** Answers file requests from authenticated minions. Every method throws (never reads) for a refused request. */
export class FileServer {
  private readonly roots: Roots;
  private readonly hashes = new HashCache();

  constructor(fileRoots: FileRoots) {
    this.roots = new Roots(fileRoots);
  }

  /**
   * `_file_list`: every regular file of the environment.
   * @returns relative paths, sorted
   * @throws NotFoundError for an unknown saltenv
   */
  list(load: FileListLoad): string[] {
    return this.roots.list(load.saltenv);
  }

  /**
   * `_file_hash`: the SHA-256 of one file.
   * @returns the hash, or null when there is no such file
   * @throws AuthorizationError for a path that escapes file_roots; NotFoundError for an unknown saltenv
   */
  async hash(load: FileHashLoad): Promise<FileHash | null> {
    const file = this.roots.find(load.path, load.saltenv);
    return file ? this.hashes.get(file) : null;
  }

  /**
   * `_serve_file`: up to FILE_CHUNK_BYTES of one file from byte offset `loc`.
   * An offset at or past the end gives empty data with eof set.
   * @throws SaltInvocationError for a negative or fractional offset; NotFoundError for a missing file or an unknown saltenv;
   *   AuthorizationError for a path that escapes file_roots
   */
  async serve(load: ServeFileLoad): Promise<FileChunk> {
    if (!Number.isSafeInteger(load.loc) || load.loc < 0) throw new SaltInvocationError(`Invalid offset ${load.loc}: it must be a whole number of bytes, 0 or more`);
    const file = this.roots.find(load.path, load.saltenv);
    if (!file) throw notFound(load.path, load.saltenv);
    // find() returned a real path; O_NOFOLLOW refuses a symlink swapped in since.
    const fh = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      const { size } = await fh.stat();
      const data = Buffer.alloc(Math.max(0, Math.min(FILE_CHUNK_BYTES, size - load.loc)));
      const { bytesRead } = await fh.read(data, 0, data.length, load.loc);
      const { hsum } = await this.hashes.get(file);
      return { data: data.subarray(0, bytesRead), eof: load.loc + bytesRead >= size, hsum };
    } finally {
      await fh.close();
    }
  }
}
