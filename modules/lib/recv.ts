/**
 * Writing the files salt-cp sends (cp.recv and cp.recv_chunked). Where a file
 * lands follows Salt's rules; what brine adds is that it never lands anywhere
 * else: the destination must be an absolute path, a sent file keeps only the
 * last component of its name, every file is written whole or not at all (a
 * temporary sibling renamed into place), and no chunk may grow past
 * {@link SALT_CP_MAX_JOB_BYTES} once decompressed.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { writeFileAtomic } from '@brine/core/paths';
import { SALT_CP_MAX_JOB_BYTES } from '@brine/core/protocol/v1/constants';

/** The mode of a file salt-cp creates when nothing else gives one (Salt's: 0o666 less the usual 022 umask). */
const NEW_FILE_MODE = 0o644;

/**
 * Check a destination sent by salt-cp.
 * @returns `dest`, unchanged (the minion's return names it as the user typed it)
 * @throws SaltInvocationError unless it is an absolute path free of NUL bytes (brine's rule: a minion's
 *   working directory is no place a user can see from the master)
 */
export function checkDest(dest: string): string {
  if (dest.includes('\0') || !path.isAbsolute(dest)) {
    throw new SaltInvocationError(`The destination must be an absolute path, got ${JSON.stringify(dest)}`);
  }
  return dest;
}

/**
 * The name a sent file is written under: the last component of its path on the master, as Salt's
 * `os.path.basename`, so `../../etc/passwd` can only ever be `passwd`.
 * @throws SaltInvocationError for a name with no last component ('', '/', '.', '..') or a NUL byte
 */
export function sentName(source: string): string {
  const name = path.posix.basename(source);
  if (name === '' || name === '.' || name === '..' || name.includes('\0')) {
    throw new SaltInvocationError(`Refusing a sent file without a usable name: ${JSON.stringify(source)}`);
  }
  return name;
}

function isDir(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * Where cp.recv writes the sent file `source`, as Salt's: `dest` itself when it is not a directory and
 * either has the file's name or sits in an existing directory; `dest/<name>` when `dest` is a directory.
 * No directory is created.
 * @returns the path to write, or null when `dest`'s directory does not exist (Salt's "Destination unavailable")
 * @throws SaltInvocationError as {@link checkDest} and {@link sentName}
 */
export function recvTarget(source: string, dest: string): string | null {
  const name = sentName(source);
  checkDest(dest);
  if (isDir(dest)) return path.join(dest, name);
  if (path.basename(dest) === name || isDir(path.dirname(dest))) return dest;
  return null;
}

/** What a written file keeps of the one it replaces: its permission bits and owner. */
interface Kept {
  mode: number;
  /** Undefined for a new file: it gets the minion's user. */
  owner?: { uid: number; gid: number };
}

/**
 * What a file written at `target` keeps: the mode and owner of the regular file there (a symlink is not
 * followed), or `fallbackMode` and no owner when there is none (it is new). One lstat.
 */
function kept(target: string, fallbackMode: number): Kept {
  const st = fs.lstatSync(target, { throwIfNoEntry: false });
  return st?.isFile() ? { mode: st.mode & 0o7777, owner: { uid: st.uid, gid: st.gid } } : { mode: fallbackMode };
}

/**
 * Write `data` to `target` whole (atomically), keeping the mode and owner of the file it replaces, as
 * Salt's open-and-truncate does; a new file gets 0644 and the minion's user. Unlike Salt's, the file is
 * replaced, not rewritten in place: other hard links to it keep the old content, and ACLs are not copied.
 * @throws the file system's error
 */
export function writeWhole(target: string, data: string | Uint8Array): void {
  const { mode, owner } = kept(target, NEW_FILE_MODE);
  writeFileAtomic(target, data, mode, owner);
}

/**
 * The bytes of one chunk as salt-cp sends it: base64, of gzip data unless `compressed` is false.
 * @throws SaltInvocationError when it is not a string, or holds more than SALT_CP_MAX_JOB_BYTES (before or
 *   after decompression); CommandExecutionError when it is not valid gzip data
 */
export function unpackChunk(chunk: unknown, compressed: boolean): Buffer {
  if (typeof chunk !== 'string') throw new SaltInvocationError('A salt-cp chunk must be a base64 string');
  // base64 grows data by 4/3; gzip of incompressible data adds a few bytes per chunk.
  if (chunk.length > Math.ceil((SALT_CP_MAX_JOB_BYTES * 4) / 3) + 1024) throw tooLarge();
  const raw = Buffer.from(chunk, 'base64');
  if (!compressed) {
    if (raw.length > SALT_CP_MAX_JOB_BYTES) throw tooLarge();
    return raw;
  }
  try {
    return zlib.gunzipSync(raw, { maxOutputLength: SALT_CP_MAX_JOB_BYTES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new CommandExecutionError(`The chunk is not valid gzip data: ${errorMessage(err)}`);
  }
}

function tooLarge(): SaltInvocationError {
  return new SaltInvocationError(`A salt-cp chunk may hold at most ${SALT_CP_MAX_JOB_BYTES} bytes`);
}

/**
 * Where the chunks of `dest` gather until the last one arrives: a hidden sibling
 * (`.<name>.<owner>.salt-cp.part`), on the same file system, so the last chunk's rename puts the whole file
 * in place at once. `owner` (the minion id) keeps minions that share a file system from mixing their chunks.
 */
export function partialPath(dest: string, owner: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.${owner}.salt-cp.part`);
}

/** How {@link writeChunk} treats a chunk. */
export interface ChunkPlacement {
  /** False for the first chunk of a file (it starts the file), true for the ones after it (they append). */
  append: boolean;
  /** True for the last chunk: the file is put in place at `dest`. */
  final: boolean;
  /** Permission bits to give the file (the source's); undefined keeps those of the file it replaces, else 0644. */
  mode?: number;
  /** Who writes (the minion id), for {@link partialPath}. */
  owner: string;
  /**
   * Where the chunk starts in the file, in bytes. When given, a chunk is written only if the partial file
   * holds exactly that many bytes, so a lost or late chunk fails the copy instead of corrupting it.
   */
  offset?: number;
}

/**
 * Write one chunk of a file salt-cp sends with --chunked. The first chunk creates `dest`'s missing parent
 * directories (as Salt's recv_chunked does) and starts the partial file (exclusively created; a stale one
 * from an interrupted copy is replaced); the others append to it; the last is renamed to `dest`. A file of
 * one chunk is written at once. Until the last chunk, `dest` is untouched.
 * @throws SaltInvocationError as {@link checkDest}; CommandExecutionError when `dest` is a directory, when a
 *   chunk appends to a copy whose first chunk never arrived, or when the file system refuses
 */
export function writeChunk(dest: string, data: Buffer, how: ChunkPlacement): void {
  checkDest(dest);
  /** The mode (the source's, sent; else the replaced file's) and owner (the replaced file's) the file ends with. */
  const final = (): Kept => {
    const was = kept(dest, NEW_FILE_MODE);
    return { mode: how.mode === undefined ? was.mode : how.mode & 0o7777, owner: was.owner };
  };
  const part = partialPath(dest, how.owner);
  try {
    if (!how.append) {
      if (isDir(dest)) throw new CommandExecutionError(`${dest} is a directory`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.rmSync(part, { force: true });
      if (how.final) {
        const { mode, owner } = final();
        return writeFileAtomic(dest, data, mode, owner);
      }
    }
    if (!how.append && how.offset !== undefined && how.offset !== 0) throw outOfOrder(dest, how.offset, 0, part);
    const flags = how.append ? fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_NOFOLLOW : 'wx';
    let fd: number;
    try {
      fd = fs.openSync(part, flags, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      throw new CommandExecutionError(`No copy of ${dest} in progress: its first chunk did not arrive`);
    }
    try {
      const held = fs.fstatSync(fd).size;
      if (how.offset !== undefined && held !== how.offset) throw outOfOrder(dest, how.offset, held, part);
      fs.writeSync(fd, data);
      if (how.final) {
        // On the descriptor, not the path: the partial file's name could be swapped for a symlink meanwhile.
        const { mode, owner } = final();
        fs.fchmodSync(fd, mode);
        if (owner) fs.fchownSync(fd, owner.uid, owner.gid);
        fs.fsyncSync(fd);
      }
    } finally {
      fs.closeSync(fd);
    }
    if (how.final) fs.renameSync(part, dest);
  } catch (err) {
    if (err instanceof CommandExecutionError) throw err;
    throw new CommandExecutionError(errorMessage(err));
  }
}

/**
 * The error for a chunk that does not start where the partial file ends (one was lost, or came late): the
 * partial file is removed, so the copy fails whole and the next one starts clean.
 */
function outOfOrder(dest: string, offset: number, held: number, part: string): CommandExecutionError {
  fs.rmSync(part, { force: true });
  return new CommandExecutionError(`The chunk of ${dest} at byte ${offset} does not follow the ${held} bytes received: a chunk was lost or came out of order, so the copy was abandoned`);
}

/**
 * Create the empty directory `dest` and its parents, for a directory salt-cp --chunked sends empty.
 * @returns true, or Salt's "Path exists and is a file" when a file is in the way
 * @throws CommandExecutionError when the file system refuses
 */
export function makeEmptyDir(dest: string): true | string {
  checkDest(dest);
  const st = fs.statSync(dest, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) return 'Path exists and is a file';
  try {
    fs.mkdirSync(dest, { recursive: true });
  } catch (err) {
    throw new CommandExecutionError(errorMessage(err));
  }
  return true;
}
