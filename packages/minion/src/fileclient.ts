/**
 * The minion's remote file client (Salt's `file_client: remote`): `salt://`
 * files come from the master's file server over the request port and are
 * cached under `<cachedir>/files/<saltenv>/<path>`. A file is fetched only when
 * the cached copy's SHA-256 differs from the master's, in chunks, into a
 * temporary file that is checked against the hash and then renamed into place.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, errorMessage, ProtocolError, SaltError } from '@brine/core/errors';
import { HashCache } from '@brine/core/fileserver/hash';
import { notFound, saltPath } from '@brine/core/fileserver/roots';
import type { FileClient } from '@brine/core/loader/define';
import { confine, ensureDir, isValidMinionId } from '@brine/core/paths';
import { FILE_CHUNK_BYTES } from '@brine/core/protocol/v1/constants';
import type { FileHash } from '@brine/core/protocol/v1/minion-requests';
import type { MasterChannel } from './channel';

/** Milliseconds to wait for the master's answer to one file request (Salt's default request timeout, 60 s). */
const FILE_REQUEST_TIMEOUT_MS = 60_000;
/** Transfers of one file started at most, when it keeps changing on the master between chunks. */
const MAX_TRANSFERS = 3;

/** A {@link FileClient} backed by the master's file server, caching by hash under cachedir. */
export class RemoteFileClient implements FileClient {
  private readonly filesDir: string;
  private readonly hashes = new HashCache();
  /** Transfers under way, by cache path, so concurrent jobs asking for one file share a fetch. */
  private readonly fetching = new Map<string, Promise<string>>();

  /**
   * @param channel sealed requests to the master
   * @param cachedir the minion's cachedir; files land under `<cachedir>/files`
   * @param timeoutMs milliseconds to wait for each request
   */
  constructor(
    private readonly channel: Pick<MasterChannel, '_file_list' | '_file_hash' | '_serve_file'>,
    cachedir: string,
    private readonly timeoutMs = FILE_REQUEST_TIMEOUT_MS,
  ) {
    this.filesDir = path.resolve(cachedir, 'files');
  }

  /** @inheritdoc */
  async listFiles(saltenv: string): Promise<string[]> {
    return this.channel._file_list({ saltenv }, { timeoutMs: this.timeoutMs });
  }

  /** @inheritdoc */
  async hashFile(url: string, saltenv: string): Promise<FileHash | undefined> {
    return (await this.channel._file_hash({ path: `salt://${saltPath(url)}`, saltenv }, { timeoutMs: this.timeoutMs })) ?? undefined;
  }

  /** @inheritdoc */
  async cacheFile(url: string, saltenv: string): Promise<string> {
    const dest = this.cachePath(url, saltenv);
    let pending = this.fetching.get(dest);
    if (!pending) {
      pending = this.refresh(`salt://${saltPath(url)}`, saltenv, dest)
        .catch((err: unknown) => {
          throw err instanceof SaltError ? err : new CommandExecutionError(`Unable to cache ${url} in ${dest}: ${errorMessage(err)}`);
        })
        .finally(() => this.fetching.delete(dest));
      this.fetching.set(dest, pending);
    }
    return pending;
  }

  /**
   * Where `salt://url` of `saltenv` is cached.
   * @throws CommandExecutionError for a saltenv that is not one plain name, or a path escaping the roots
   */
  private cachePath(url: string, saltenv: string): string {
    const rel = saltPath(url);
    // A saltenv names one folder, under the same rule as a minion id (no /, \, .., NUL).
    if (!isValidMinionId(saltenv)) throw new CommandExecutionError(`Invalid saltenv ${JSON.stringify(saltenv)}`);
    return confine(this.filesDir, path.join(saltenv, rel));
  }

  /** Fetch `url` into `dest` unless the copy there already has the master's hash. */
  private async refresh(url: string, saltenv: string, dest: string): Promise<string> {
    const remote = await this.hashFile(url, saltenv);
    if (!remote) throw notFound(url, saltenv);
    if ((await this.localHash(dest)) === remote.hsum) return dest;
    ensureDir(path.dirname(dest));
    for (let attempt = 0; attempt < MAX_TRANSFERS; attempt++) {
      if (await this.transfer(url, saltenv, dest)) return dest;
    }
    throw new CommandExecutionError(`${url} kept changing on the master while it was fetched; gave up after ${MAX_TRANSFERS} attempts`);
  }

  /** SHA-256 of the cached copy, or undefined when there is none. */
  private async localHash(dest: string): Promise<string | undefined> {
    try {
      return (await this.hashes.get(dest)).hsum;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /**
   * Download `url` chunk by chunk into a temporary sibling of `dest`, then rename it into place.
   * @returns false (and leaves `dest` alone) when the file changed on the master during the transfer
   * @throws the master's refusal as its class (NotFoundError, AuthorizationError...); ProtocolError for a malformed chunk
   */
  private async transfer(url: string, saltenv: string, dest: string): Promise<boolean> {
    const tmp = `${dest}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    const out = await fs.promises.open(tmp, 'wx', 0o644);
    let complete = false;
    try {
      const hash = crypto.createHash('sha256');
      let hsum: string | undefined;
      for (let loc = 0; ; ) {
        const chunk = await this.channel._serve_file({ path: url, saltenv, loc }, { timeoutMs: this.timeoutMs });
        if (chunk.data.length > FILE_CHUNK_BYTES) throw new ProtocolError(`_serve_file: a chunk of ${chunk.data.length} bytes exceeds ${FILE_CHUNK_BYTES}`);
        if ((hsum ??= chunk.hsum) !== chunk.hsum) return false;
        if (chunk.data.length === 0 && !chunk.eof) return false; // the file shrank under us
        await out.write(chunk.data);
        hash.update(chunk.data);
        loc += chunk.data.length;
        if (chunk.eof) break;
      }
      if (hash.digest('hex') !== hsum) return false;
      await out.sync();
      await fs.promises.rename(tmp, dest);
      complete = true;
    } finally {
      await out.close();
      if (!complete) await fs.promises.rm(tmp, { force: true });
    }
    return true;
  }
}
