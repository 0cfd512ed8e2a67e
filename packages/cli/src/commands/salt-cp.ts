/**
 * `salt-cp TARGET SOURCE... DEST`: copy files from this host to the targeted
 * minions, as Salt's salt-cp. Files travel in jobs, sealed like every other
 * job: without --chunked, one `cp.recv` job carries every file's text (at
 * most SALT_CP_MAX_JOB_BYTES in all); with --chunked, each file goes in
 * `cp.recv_chunked` jobs of salt_cp_chunk_size bytes (gzip-compressed unless
 * -n), one after the other, directories walked and empty ones created. The
 * returns are printed at the end, by minion: `{minion: {path: True}}`.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SaltConfigurationError, SaltInvocationError } from '@brine/core/errors';
import { checkTarget } from '@brine/core/matchers/index';
import { SALT_CP_MAX_JOB_BYTES } from '@brine/core/protocol/v1/constants';
import { checkDest } from '@brine/modules/lib/recv';
import type { PublishRequest } from '@brine/core/protocol/v1/loads';
import { callerUser, connectLocal, loadMasterConfig, type LocalClient } from '../client';
import { defineCommand, HelpExit } from '../command';
import { destIsDir, MissingSource, NotAFile, remotePath, walkSources, type SourceTree } from '../cp-sources';
import { EX_GENERIC, EX_OK, EX_USAGE } from '../exit-codes';
import { localCmd, type CmdOptions } from '../local-cmd';
import { configOptions, loggingOptions, outputOptions, stateOutputOptions } from '../options';
import { Printer } from '../printer';
import { selectTarget, TARGET_FLAGS, targetOptions } from '../target-flags';

const USAGE = "Usage: salt-cp [options] '<target>' SOURCE DEST";

/** salt-cp's target flags, as Salt's: -E, -L, -G, -P and -N (its -C is --chunked). */
const CP_TARGET_FLAGS = TARGET_FLAGS.filter(([flag]) => ['pcre', 'list', 'grain', 'grain-pcre', 'nodegroup'].includes(flag));

/** Salt's exit code when a source does not exist. */
const EX_MISSING_SOURCE = 42;

/** Each minion's returns, by the path each file landed at on it. */
type CpReturns = Record<string, Record<string, unknown> | unknown>;

/** What one salt-cp run publishes with: the client, the target, who asks, and how long to wait. */
interface Sender {
  client: LocalClient;
  target: Pick<PublishRequest, 'tgt' | 'tgt_type'>;
  user: string;
  wait: CmdOptions;
}

/** Run `fun` with `arg` on the target, as Salt's LocalClient.cmd. */
function send(s: Sender, fun: string, arg: unknown[]): Promise<Map<string, unknown>> {
  return localCmd(s.client, { ...s.target, fun, arg, kwarg: {}, user: s.user }, s.wait);
}

/**
 * The text of each source for cp.recv, by absolute path, as Salt's salt-cp without --chunked.
 * @returns the files, or the exit code to end with after printing why (a directory source: 1, as Salt)
 * @throws MissingSource; NotAFile for a FIFO, device or socket; SaltInvocationError for a file that is not
 *   UTF-8 text, or more than SALT_CP_MAX_JOB_BYTES in all (counted as read)
 */
function loadTexts(sources: string[]): Record<string, string> | number {
  const files: Record<string, string> = {};
  let bytes = 0;
  for (const source of sources) {
    const st = fs.statSync(source, { throwIfNoEntry: false });
    if (!st) throw new MissingSource(source);
    if (st.isDirectory()) {
      process.stdout.write(`${source} is a directory, only files are supported in non-chunked mode. Use "--chunked" command line argument.\n`);
      return EX_GENERIC;
    }
    if (!st.isFile()) throw new NotAFile(source);
    const tooMany = () => new SaltInvocationError(`salt-cp sends at most ${SALT_CP_MAX_JOB_BYTES} bytes of files in one job; use --chunked to send ${source}`);
    if (bytes + st.size > SALT_CP_MAX_JOB_BYTES) throw tooMany();
    const data = fs.readFileSync(source);
    // Counted as read, not as stat said: the file may have grown in between.
    bytes += data.length;
    if (bytes > SALT_CP_MAX_JOB_BYTES) throw tooMany();
    try {
      files[source] = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
      throw new SaltInvocationError(`${source} is not UTF-8 text; use --chunked to send it`);
    }
  }
  return files;
}

/** The chunk size the master config sets (salt_cp_chunk_size). @throws SaltConfigurationError unless 1..SALT_CP_MAX_JOB_BYTES */
function chunkSize(size: unknown): number {
  if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > SALT_CP_MAX_JOB_BYTES) {
    throw new SaltConfigurationError(`salt_cp_chunk_size must be a whole number of bytes from 1 to ${SALT_CP_MAX_JOB_BYTES}, got ${String(size)}`);
  }
  return size as number;
}

/** The chunks of `file`, `size` bytes each (one empty chunk for an empty file), read as they are sent. */
function* chunksOf(file: string, size: number): Generator<Buffer> {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(size);
    let first = true;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, size, null);
      if (n === 0 && !first) return;
      first = false;
      yield Buffer.from(buf.subarray(0, n));
      if (n === 0) return;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Send every file and empty directory of `tree` with cp.recv_chunked, as Salt's run_chunked: a file's
 * chunks one job after the other, each waited for; a minion's first error for a file is its result for that
 * file; a chunk no minion returned ends that file with Salt's "Publish failed" for every targeted minion.
 */
async function sendChunked(s: Sender, tree: SourceTree, sources: string[], dest: string, gzip: boolean, size: number, minions: string[]): Promise<CpReturns> {
  const intoDir = destIsDir(tree, dest);
  const ret: Record<string, Record<string, unknown>> = {};
  const put = (id: string, remote: string, value: unknown) => ((ret[id] ??= {})[remote] = value);
  for (const [file, mode] of tree.files) {
    const remote = remotePath(file, sources, dest, intoDir);
    const failed = new Map<string, unknown>();
    let index = 0;
    let offset = 0;
    const chunks = chunksOf(file, size);
    let next = chunks.next();
    while (!next.done) {
      const data = next.value;
      next = chunks.next();
      const body = (gzip ? zlib.gzipSync(data) : data).toString('base64');
      // The offset lets a minion refuse a chunk that does not follow what it holds (one lost or late).
      const result = await send(s, 'cp.recv_chunked', [remote, body, index > 0, gzip, mode, next.done === true, offset]);
      if (result.size === 0) {
        const msg = `Publish failed.${index > 0 ? ' File partially transferred.' : ''} It may be necessary to decrease salt_cp_chunk_size (current value: ${size})`;
        for (const id of minions) put(id, remote, msg);
        chunks.return(undefined);
        break;
      }
      for (const [id, value] of result) {
        put(id, remote, value);
        if (value !== true && !failed.has(id)) failed.set(id, value);
      }
      // A minion that did not return a chunk does not have the file, whatever it said of earlier chunks.
      for (const id of minions) {
        if (!result.has(id) && !failed.has(id)) failed.set(id, `Minion did not return chunk ${index + 1} (at byte ${offset}); the file was not copied`);
      }
      index++;
      offset += data.length;
    }
    for (const [id, value] of failed) put(id, remote, value);
  }
  for (const dir of tree.emptyDirs) {
    const remote = remotePath(dir, sources, dest, intoDir);
    for (const [id, value] of await send(s, 'cp.recv_chunked', [remote, null])) put(id, remote, value);
  }
  return ret;
}

export default defineCommand({
  name: 'salt-cp',
  usage: USAGE,
  description: 'Copy files from this host to the minions a target selects. Files travel sealed, in jobs; use --chunked for large or binary files and directories.',
  groups: [configOptions, loggingOptions, outputOptions, stateOutputOptions],
  options: (y) => {
    const opts = y
      .option('timeout', { alias: 't', type: 'number', default: 5, describe: 'Seconds to wait for the minions to return each job' })
      .option('chunked', { alias: 'C', type: 'boolean', default: false, describe: 'Send files in chunks (salt_cp_chunk_size bytes each): large and binary files, directories (recursively), missing parent directories created' })
      .option('no-compression', { alias: 'n', type: 'boolean', default: false, describe: 'With --chunked, send the chunks without gzip compression' });
    return targetOptions(opts, CP_TARGET_FLAGS, "Separator of nested grain keys in -G/-P targets (default ':')");
  },
  /**
   * Read the sources, send them, and print each minion's results.
   * @returns 0 once the results are printed (as Salt's, whatever the minions answered); 1 for a directory
   *   source without --chunked; 42 for a missing source; 64 with fewer than two words
   * @throws SaltInvocationError for a relative DEST, two target types, a file too large or not text without
   *   --chunked; TargetError for a malformed target; SaltClientError when the master does not answer
   */
  async handler(a) {
    const words = a._;
    if (words.length <= 1) throw new HelpExit(EX_USAGE, `${USAGE}\n\nsalt-cp: error: Insufficient arguments\n`);
    const [tgt, ...rest] = words;
    const dest = rest.pop() as string;
    const sources = rest.map((s) => path.resolve(s));
    // Refused here too, with the minions' own check, before anything is read or sent.
    checkDest(dest);
    const { target, tgtType } = selectTarget(tgt, a, CP_TARGET_FLAGS);
    const config = loadMasterConfig(a['config-dir']);
    const delimiter = a.delimiter ? { delimiter: a.delimiter } : {};
    checkTarget(target, tgtType, { ...delimiter, nodegroups: config.nodegroups });
    const size = chunkSize(config.salt_cp_chunk_size);
    const printer = Printer.from(a);
    try {
      // Everything is read (or walked) before anything is sent: a missing source sends nothing.
      const loaded = a.chunked ? walkSources(sources) : loadTexts(sources);
      if (typeof loaded === 'number') return loaded;
      const client = connectLocal(config);
      try {
        const s: Sender = {
          client, user: callerUser(),
          target: { tgt: target, tgt_type: tgtType, ...delimiter },
          wait: { timeout: a.timeout, gather: config.gather_job_timeout },
        };
        let ret: CpReturns;
        if (!a.chunked) ret = Object.fromEntries(await send(s, 'cp.recv', [loaded, dest]));
        else {
          const minions = await client.check_minions({ tgt: target, tgt_type: tgtType, ...delimiter });
          ret = await sendChunked(s, loaded as SourceTree, sources, dest, !a['no-compression'], size, minions);
        }
        printer.print(ret);
        return EX_OK;
      } finally {
        client.close();
      }
    } catch (err) {
      if (!(err instanceof MissingSource)) throw err;
      process.stderr.write(`${err.message}\n`);
      return EX_MISSING_SOURCE;
    }
  },
});
