/**
 * The local file client (Salt's `file_client: local`, used by
 * `salt-call --local`): `salt://` URLs resolve against this host's own
 * file_roots, without a master.
 */
import type { FileClient, FileHash } from '../loader/define';
import { HashCache } from '../fileserver/hash';
import { notFound, Roots, type FileRoots } from '../fileserver/roots';

/** A {@link FileClient} over local file_roots; files are used in place, not copied. */
export class LocalFileClient implements FileClient {
  private readonly roots: Roots;
  private readonly hashes = new HashCache();

  constructor(fileRoots: FileRoots) {
    this.roots = new Roots(fileRoots);
  }

  /** @inheritdoc */
  async listFiles(saltenv: string): Promise<string[]> {
    return this.roots.list(saltenv);
  }

  /** @inheritdoc */
  async hashFile(url: string, saltenv: string): Promise<FileHash | undefined> {
    const file = this.roots.find(url, saltenv);
    return file === undefined ? undefined : this.hashes.get(file);
  }

  /** @inheritdoc */
  async cacheFile(url: string, saltenv: string): Promise<string> {
    const file = this.roots.find(url, saltenv);
    if (!file) throw notFound(url, saltenv);
    return file;
  }
}
