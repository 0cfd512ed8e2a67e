/**
 * Salt's `file` execution module, the daily subset: tests, reads and stats,
 * searching and editing (replace, line, with Python's regular expressions),
 * atomic writes, ownership and modes, links, renames and removal, and path
 * helpers for templates (dirname, basename, join).
 * Paths must be absolute (SaltInvocationError otherwise, as Salt). User and
 * group names resolve through `user.info` / `group.info` (getent), so names
 * from NSS work as they do for the system tools.
 */
import crypto from 'node:crypto';
import { constants as fsConstants, promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { arg, defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { isText, unifiedDiff } from '@brine/core/diff';
import { groupInfo, userInfo } from './lib/accounts';
import { RE_FLAG_BITS, reEscape } from '@brine/core/python-re';
import { pyFlags, pyRegExp, pySubn } from './lib/pyregex';

/**
 * Normalize a file mode as Salt's `normalize_mode`: quotes, a `0o` prefix and
 * leading zeros are dropped, then it is zero-padded to four octal digits
 * (`644`, `'0644'`, `'0o644'` all give `'0644'`). A YAML number is read as its
 * digits, so unquoted `0644` (which YAML reads as 420) gives `'0420'`: quote modes, as Salt advises.
 * @returns the mode, or undefined for null, undefined or ''
 * @throws SaltInvocationError when the result is not four octal digits
 */
export function normalizeMode(mode: unknown): string | undefined {
  if (mode === null || mode === undefined || mode === '') return undefined;
  const digits = String(mode).trim().replace(/^['"]|['"]$/g, '').replace(/^0o/i, '').replace(/^0+/, '').padStart(4, '0');
  if (!/^[0-7]{4}$/.test(digits)) throw new SaltInvocationError(`Invalid mode ${JSON.stringify(mode)}: expected octal digits such as '0644'`);
  return digits;
}

/** The permission bits of `st` as Salt prints them: four octal digits, e.g. '0644'. */
function modeOf(st: Stats): string {
  return (st.mode & 0o7777).toString(8).padStart(4, '0');
}

/** `p` when absolute. @throws SaltInvocationError "File path must be absolute: p" */
function absolute(p: unknown): string {
  if (typeof p !== 'string' || !path.isAbsolute(p)) throw new SaltInvocationError(`File path must be absolute: ${String(p)}`);
  return p;
}

/** Stats of `p` (of the link itself unless `follow`), or undefined when nothing is there. */
async function statOf(p: string, follow = true): Promise<Stats | undefined> {
  return (follow ? fs.stat(p) : fs.lstat(p)).catch(() => undefined);
}

/** Stats of `p`. @throws CommandExecutionError "Path not found: p" */
async function mustStat(p: string, follow = true): Promise<Stats> {
  const st = await statOf(absolute(p), follow);
  if (!st) throw new CommandExecutionError(`Path not found: ${p}`);
  return st;
}

/**
 * Id of a user or group given by name or number, through `user.info` or `group.info`.
 * @returns the id, or undefined when no such account exists
 */
async function accountId(ctx: ExecContext, kind: 'user' | 'group', name: string): Promise<number | undefined> {
  if (/^\d+$/.test(name)) return Number(name);
  return kind === 'user' ? (await userInfo(ctx, name))?.uid : (await groupInfo(ctx, name))?.gid;
}

/** Name of the account with id `id` (getent accepts ids), or the id as a string when there is none. */
async function accountName(ctx: ExecContext, kind: 'user' | 'group', id: number): Promise<string> {
  const info = kind === 'user' ? await userInfo(ctx, id) : await groupInfo(ctx, id);
  return info?.name ?? String(id);
}

/**
 * Ids for chown: -1 (unchanged) for an empty owner.
 * @throws CommandExecutionError "User x is not available" / "Group x is not available", as Salt's file states
 */
async function ownerIds(ctx: ExecContext, user: string | undefined, group: string | undefined): Promise<{ uid: number; gid: number }> {
  const resolve = async (kind: 'user' | 'group', v: string | undefined): Promise<number> => {
    if (v === undefined || v === '') return -1;
    const id = await accountId(ctx, kind, v);
    if (id === undefined) throw new CommandExecutionError(`${kind === 'user' ? 'User' : 'Group'} ${v} is not available`);
    return id;
  };
  return { uid: await resolve('user', user), gid: await resolve('group', group) };
}

/**
 * Put `data` at `dst` atomically, never following a symlink there: a temporary file next to it is created with
 * O_EXCL|O_NOFOLLOW, given `perms` on its descriptor (not by path, which another user of the directory could swap),
 * then renamed over `dst`, so a link planted at `dst` is replaced, not written through.
 * @param perms mode and owner for the new file; 0666 less the umask and the minion's user when absent
 * @throws the file system's error (the temporary file is removed)
 */
async function replaceFile(dst: string, data: string | Buffer, perms?: { mode: number; uid?: number; gid?: number }): Promise<void> {
  const tmp = path.join(path.dirname(dst), `.${path.basename(dst)}.brine-${crypto.randomBytes(6).toString('hex')}`);
  try {
    const handle = await fs.open(tmp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_NOFOLLOW, 0o666);
    try {
      await handle.writeFile(data);
      if (perms?.uid !== undefined && perms.gid !== undefined) await handle.chown(perms.uid, perms.gid);
      if (perms) await handle.chmod(perms.mode & 0o7777);
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, dst);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Replace `target` with `data` atomically ({@link replaceFile}), keeping the old file's owner and mode (a new
 * file gets 0666 less the umask). A symlink given as `target` is followed: the file it points to is replaced,
 * the link stays.
 * @throws CommandExecutionError when it cannot be written
 */
async function writeAtomic(target: string, data: string | Buffer): Promise<void> {
  const dst = await fs.realpath(target).catch(() => target);
  const old = await statOf(dst);
  try {
    await replaceFile(dst, data, old && { mode: old.mode, uid: old.uid, gid: old.gid });
  } catch (err) {
    throw new CommandExecutionError(`Unable to write ${dst}: ${errorMessage(err)}`);
  }
}

/**
 * Keep `data`, the old content of `file`, as the backup `backup` (file.replace's and file.line's), with the file's
 * mode as Salt's shutil.copy2 keeps it. Whatever is at `backup` is replaced: a symlink planted there is never
 * followed (it could point to /etc/shadow).
 */
async function writeBackup(file: string, backup: string, data: string | Buffer): Promise<void> {
  const st = await fs.stat(file);
  await replaceFile(backup, data, { mode: st.mode });
}

/** The most bytes file.contains, search, replace and line read into memory: 64 MiB. */
export const MAX_EDIT_BYTES = 64 * 1024 * 1024;

/** What a non-regular file is, for messages ('a directory', 'a FIFO'). */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * The content of the regular file `file`, for the functions that read a whole file (`fun`, named in errors).
 * The file is stat'ed before it is opened (a device or FIFO is never opened), opened without blocking and
 * checked again on the open handle, and read up to {@link MAX_EDIT_BYTES} (a /proc file reports size 0, so the
 * limit holds while reading too).
 * @returns the bytes, or undefined when nothing is at `file`
 * @throws CommandExecutionError for anything but a regular file, a file over the limit, or a failed read
 */
async function readRegular(fun: string, file: string): Promise<Buffer | undefined> {
  const notRegular = (st: Stats) => new CommandExecutionError(`${fun}: ${file} is ${kindOf(st)}; only regular files are read`);
  const tooBig = () => new CommandExecutionError(`${fun}: ${file} is larger than ${MAX_EDIT_BYTES / 1024 / 1024} MiB, the most brine reads into memory`);
  const st = await statOf(file);
  if (!st) return undefined;
  if (!st.isFile()) throw notRegular(st);
  if (st.size > MAX_EDIT_BYTES) throw tooBig();
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOCTTY);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CommandExecutionError(`${fun}: cannot open ${file}: ${errorMessage(err)}`);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw notRegular(opened);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_EDIT_BYTES) throw tooBig();
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } catch (err) {
    throw err instanceof CommandExecutionError ? err : new CommandExecutionError(`${fun}: cannot read ${file}: ${errorMessage(err)}`);
  } finally {
    await handle.close();
  }
}

/** Salt's `file.write` and `file.append` text: each argument as one line ending in a newline. */
function asLines(args: unknown[]): string {
  return args.map((line) => `${String(line)}\n`).join('');
}

/** Salt's `stats` type of a file: file, dir, char, block, link, pipe or socket. */
function typeOf(st: Stats): string {
  if (st.isDirectory()) return 'dir';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isSymbolicLink()) return 'link';
  if (st.isFIFO()) return 'pipe';
  if (st.isSocket()) return 'socket';
  return 'file';
}

/** Seconds since the epoch of a nanosecond timestamp, as Python's st_atime. */
const seconds = (ns: bigint): number => Number(ns) / 1e9;

/** Lines of `text` keeping their endings, as Python's `str.splitlines(True)` for \n, \r\n and \r. */
function linesOf(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\r\n|\n|\r(?!\n))/);
}

/** Arguments of {@link replaceIn}, as Salt's file.replace takes them. */
interface ReplaceArgs {
  path: string;
  pattern: string;
  repl: string;
  count: number;
  flags: unknown;
  append_if_not_found: boolean;
  prepend_if_not_found: boolean;
  not_found_content?: string;
  backup: unknown;
  dry_run: boolean;
  search_only: boolean;
  show_changes: boolean;
  ignore_if_missing: boolean;
  backslash_literal: boolean;
}

/**
 * Salt's file.replace (and file.search, with search_only): edit the file in place (its inode, owner and mode kept).
 * @returns the diff with show_changes, else whether it changed (search_only: whether the pattern matched)
 * @throws SaltInvocationError for a missing or binary file, conflicting options or a bad pattern; CommandExecutionError when it cannot be written
 */
async function replaceIn(ctx: ExecContext, a: ReplaceArgs): Promise<string | boolean> {
  const given = absolute(a.path);
  const link = (await statOf(given, false))?.isSymbolicLink() ? await fs.readlink(given) : undefined;
  const file = await fs.realpath(given).catch(() => given);
  const data = await readRegular(a.search_only ? 'file.search' : 'file.replace', file);
  if (!data) {
    if (a.ignore_if_missing) return false;
    throw new SaltInvocationError(`File not found: ${file}`);
  }
  if (!isText(data)) throw new SaltInvocationError(`Cannot perform string replacements on a binary file: ${file}`);
  if (a.search_only && (a.append_if_not_found || a.prepend_if_not_found)) throw new SaltInvocationError('search_only cannot be used with append/prepend_if_not_found');
  if (a.append_if_not_found && a.prepend_if_not_found) throw new SaltInvocationError('Only one of append and prepend_if_not_found is permitted');
  const flags = pyFlags(a.flags);
  const regex = pyRegExp(a.pattern, flags, true);
  const text = data.toString('utf8');
  if (a.search_only) return regex.test(text);

  const repl = a.backslash_literal ? a.repl.replace(/\\/g, '\\\\') : a.repl;
  const [result, n] = pySubn(regex, repl, text, a.count);
  let found = n > 0;
  let hasChanges = found && a.pattern !== a.repl;
  const content = a.not_found_content && (a.append_if_not_found || a.prepend_if_not_found) ? a.not_found_content : a.repl;
  if ((a.append_if_not_found || a.prepend_if_not_found) && pyRegExp(`^${reEscape(content)}($|(?=\r\n))`, flags, true).test(text)) found = true;
  const orig = linesOf(text);
  const next = linesOf(result);
  if (orig.join('') === next.join('')) hasChanges = false;
  if (!found && (a.append_if_not_found || a.prepend_if_not_found)) {
    const extra = `${a.not_found_content ?? a.repl}\n`;
    if (a.prepend_if_not_found) next.unshift(extra);
    else {
      if (next.length && !next[next.length - 1].endsWith('\n')) next[next.length - 1] += '\n';
      next.push(extra);
    }
    hasChanges = true;
  }
  if (hasChanges && !a.dry_run) {
    try {
      if (a.backup) {
        const suffix = String(a.backup);
        await writeBackup(file, `${file}${suffix}`, data);
        if (link !== undefined) {
          await fs.rm(`${given}${suffix}`, { force: true });
          await fs.symlink(`${link}${suffix}`, `${given}${suffix}`);
        }
      }
      // Written in place, as Salt's preserve_inode: hard links, owner and mode stay.
      // O_NOFOLLOW: `file` is the resolved path, so a link there now was planted since.
      await fs.writeFile(file, next.join(''), { flag: fsConstants.O_WRONLY | fsConstants.O_TRUNC | fsConstants.O_NOFOLLOW });
    } catch (err) {
      throw new CommandExecutionError(`Unable to write file '${file}': ${errorMessage(err)}`);
    }
  }
  const diff = unifiedDiff(orig.join(''), next.join(''));
  ctx.log.debug(`file.replace ${file}: ${n} match(es)${hasChanges ? '' : ', no changes'}`);
  return a.show_changes ? diff : hasChanges && diff !== '';
}

/** The line ending of `line` ('\n', '\r\n' or '\r'), or '' (Salt's _get_eol). */
function eolOf(line: string): string {
  return /(?:\r\n|(?<!\r)\n|\r)$/.exec(line)?.[0] ?? '';
}

/** `line` with the indentation of `src` (Salt's _set_line_indent). */
function withIndent(src: string | undefined, line: string, indent: boolean): string {
  if (!indent) return line;
  return (/^[ \t]*/.exec(src ?? '')?.[0] ?? '') + line.trimStart();
}

/** `line` stripped on the right and ended as `src` is (Salt's _set_line_eol). */
function withEol(src: string | undefined, line: string): string {
  return line.trimEnd() + (eolOf(src ?? '') || '\n');
}

/**
 * The lines a regular expression (or plain fragment) selects, as Salt's _regex_to_static: undefined without lines or
 * expression, else every line it searches true in (DOTALL) or that contains it.
 * @throws CommandExecutionError for a pattern that does not compile
 */
function selectLines(lines: string[], expr: string | undefined): string[] | undefined {
  if (!lines.length || !expr) return undefined;
  let re: RegExp;
  try {
    re = pyRegExp(expr, RE_FLAG_BITS.DOTALL);
  } catch (err) {
    throw new CommandExecutionError(`${errorMessage(err)}: '${expr}'`);
  }
  return lines.filter((l) => {
    re.lastIndex = 0;
    return re.test(l) || l.includes(expr);
  });
}

/** Salt's _assert_occurrence: exactly one line must match. @throws CommandExecutionError otherwise */
function assertOne(found: string[], target: string): void {
  if (found.length === 1) return;
  const msg = found.length > 1 ? 'more than' : 'less than';
  throw new CommandExecutionError(`Found ${msg} expected occurrences in "${target}" expression`);
}

/** Where file.line acts. */
interface LinePlace {
  content?: string;
  match?: string;
  mode: string;
  location?: string;
  before?: string;
  after?: string;
  indent: boolean;
}

/**
 * Salt's _set_line: the lines after inserting, replacing or deleting `content`, with Salt's quirks (see file.line's doc).
 * @throws CommandExecutionError with Salt's messages for missing content, locations or ambiguous anchors
 */
function setLine(input: string[], p: LinePlace): string[] {
  let lines = input;
  const content = p.content ?? '';
  const match = selectLines(lines, p.match ?? (p.before === undefined && p.after === undefined ? p.content : undefined));
  const after = selectLines(lines, p.after);
  const before = selectLines(lines, p.before);
  const same = (line: string | undefined): boolean => line !== undefined && line.replace(/[\r\n]+$/, '') === content.replace(/[\r\n]+$/, '');
  if (!lines.length && (p.mode === 'delete' || p.mode === 'replace')) return [];
  if (p.mode === 'delete') {
    if (match?.length) lines = lines.filter((l) => l !== match[0]);
  } else if (p.mode === 'replace') {
    if (match?.length) {
      const idx = lines.indexOf(match[0]);
      lines.splice(idx, 1, withIndent(lines[idx], content, p.indent));
    }
  } else if (p.mode === 'insert') {
    if (p.before === undefined && p.after === undefined && !p.location) {
      throw new CommandExecutionError('On insert either "location" or "before/after" conditions are required.');
    }
    if (p.location === 'end') lines.push(lines.length ? withIndent(lines[lines.length - 1], content, p.indent) : content);
    else if (p.location === 'start') lines = lines.length ? [withEol(lines[0], content), ...lines] : [`${content}\n`];
    else if (p.location) {
      // Salt ignores any other location.
    } else if (before?.length && after?.length) {
      assertOne(before, 'before');
      assertOne(after, 'after');
      const last = lines.indexOf(before[0]);
      lines.splice(last, 0, withIndent(lines[last], content, p.indent));
    } else if (after?.length) {
      assertOne(after, 'after');
      const idx = lines.indexOf(after[0]);
      if (!same(lines[idx + 1])) lines.splice(idx + 1, 0, withIndent(lines[idx], content, p.indent));
    } else if (before?.length) {
      assertOne(before, 'before');
      const idx = lines.indexOf(before[0]);
      if (!same(lines.at(idx - 1))) lines.splice(idx, 0, withIndent(lines[idx], content, p.indent));
    } else {
      throw new CommandExecutionError('Neither before or after was found in file');
    }
  } else if (before?.length && after?.length) {
    assertOne(after, 'after');
    assertOne(before, 'before');
    const a = lines.indexOf(after[0]);
    const b = lines.indexOf(before[0]);
    if (!lines.some((l) => l.trimStart() === content)) {
      if (a + 1 === b) lines.splice(a + 1, 0, withIndent(lines[a], content, p.indent));
      else if (a + 2 === b) lines[a + 1] = withIndent(lines[a], content, p.indent);
      else throw new CommandExecutionError('Found more than one line between boundaries "before" and "after".');
    }
  } else if (before?.length) {
    assertOne(before, 'before');
    const idx = lines.indexOf(before[0]);
    if (idx === 0 || !same(lines[idx - 1])) lines.splice(idx, 0, withIndent(lines.at(idx - 1), content, p.indent));
  } else if (after?.length) {
    assertOne(after, 'after');
    const idx = lines.indexOf(after[0]);
    if (!same(lines[idx + 1])) lines.splice(idx + 1, 0, withIndent(lines[idx], content, p.indent));
  } else {
    throw new CommandExecutionError('Wrong conditions? Unable to ensure line without knowing where to put it before and/or after.');
  }
  return lines;
}

/** A local timestamp as Salt names file.line's backups: %Y-%m-%d-%H-%M-%S. */
export function backupStamp(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
}

const PATH = arg({ name: 'path', type: 'string', required: true, doc: 'Absolute path of the file.' });
const FOLLOW = arg({
  name: 'follow_symlinks',
  type: 'boolean',
  default: true,
  doc: 'When false, a symlink itself is examined rather than what it points to.',
});
const USER = arg({ name: 'user', type: 'string', doc: 'Owner, as a user name or uid. Default: unchanged.' });
const GROUP = arg({ name: 'group', type: 'string', doc: 'Group, as a group name or gid. Default: unchanged.' });
const MODE = arg({ name: 'mode', type: 'string', doc: "Permission bits in octal, e.g. '0644' (quote it in YAML). Default: unchanged." });

/** Functions that report one fact about an existing path, as `get_mode` or `get_uid`. */
function statGetter(doc: string, example: string, get: (ctx: ExecContext, st: Stats) => unknown) {
  return defineFunction({
    doc: `${doc}\nRaises CommandExecutionError "Path not found: <path>" when nothing is there.`,
    example,
    args: [PATH, FOLLOW],
    run: async (ctx, a) => get(ctx, await mustStat(a.path, a.follow_symlinks)),
  });
}

/** `user_to_uid` and `group_to_gid`. */
function idLookup<const K extends 'user' | 'group'>(kind: K) {
  const id = kind === 'user' ? 'uid' : 'gid';
  return defineFunction({
    doc: `Return the ${id} (number) of ${kind} \`${kind}\` (a name or a number), or '' when there is no such ${kind}, as Salt.`,
    example: `salt '*' file.${kind}_to_${id} ${kind === 'user' ? 'root' : 'adm'}`,
    args: [{ name: kind, type: 'string', required: true, doc: `The ${kind} name or ${id}.` }],
    run: async (ctx, a) => (await accountId(ctx, kind, a[kind])) ?? '',
  });
}

export default defineModule({
  name: 'file',
  doc: `Work with files, directories and symlinks on the minion, as Salt's file module.

Paths must be absolute. Writes are atomic (a temporary file next to the target, then a rename) and keep an
existing file's owner and mode. Ownership changes need a minion running as root.`,
  functions: {
    file_exists: defineFunction({
      doc: 'Return True when `path` is a regular file (following symlinks), else False.',
      example: "salt '*' file.file_exists /etc/passwd",
      args: [PATH],
      run: async (_ctx, a) => (await statOf(absolute(a.path)))?.isFile() ?? false,
    }),
    directory_exists: defineFunction({
      doc: 'Return True when `path` is a directory (following symlinks), else False.',
      example: "salt '*' file.directory_exists /etc",
      args: [PATH],
      run: async (_ctx, a) => (await statOf(absolute(a.path)))?.isDirectory() ?? false,
    }),
    is_link: defineFunction({
      doc: 'Return True when `path` is a symbolic link (even a dangling one), else False.',
      example: "salt '*' file.is_link /usr/bin/python3",
      args: [PATH],
      run: async (_ctx, a) => (await statOf(absolute(a.path), false))?.isSymbolicLink() ?? false,
    }),
    readlink: defineFunction({
      doc: 'Return the target a symbolic link points to, as stored (not resolved).\nRaises SaltInvocationError when `path` is not a symlink.',
      example: "salt '*' file.readlink /usr/bin/python3",
      args: [PATH],
      run: async (_ctx, a) => {
        const st = await statOf(absolute(a.path), false);
        if (!st?.isSymbolicLink()) throw new SaltInvocationError(`A valid link was not specified: ${a.path}`);
        return fs.readlink(a.path);
      },
    }),
    get_mode: statGetter("Return the permission bits of `path` as four octal digits, e.g. '0644'.", "salt '*' file.get_mode /etc/passwd", (_ctx, st) =>
      modeOf(st),
    ),
    get_uid: statGetter('Return the uid (number) owning `path`.', "salt '*' file.get_uid /etc/passwd", (_ctx, st) => st.uid),
    get_gid: statGetter('Return the gid (number) of `path`.', "salt '*' file.get_gid /etc/passwd", (_ctx, st) => st.gid),
    get_user: statGetter('Return the name of the user owning `path` (its uid as a string when it has no name).', "salt '*' file.get_user /etc/passwd", (ctx, st) =>
      accountName(ctx, 'user', st.uid),
    ),
    get_group: statGetter('Return the group name of `path` (its gid as a string when it has no name).', "salt '*' file.get_group /etc/passwd", (ctx, st) =>
      accountName(ctx, 'group', st.gid),
    ),
    user_to_uid: idLookup('user'),
    group_to_gid: idLookup('group'),
    get_hash: defineFunction({
      doc: "Return the hex digest of a file's contents.\nRaises CommandExecutionError when the file cannot be read, SaltInvocationError for an unknown form.",
      example: "salt '*' file.get_hash /etc/passwd form=sha512",
      args: [PATH, { name: 'form', type: 'string', default: 'sha256', doc: 'Hash type: md5, sha1, sha256 or sha512.' }],
      run: async (_ctx, a) => {
        if (!['md5', 'sha1', 'sha256', 'sha512'].includes(a.form)) throw new SaltInvocationError(`Invalid hash type '${a.form}': use md5, sha1, sha256 or sha512`);
        const data = await fs.readFile(absolute(a.path)).catch((err: Error) => {
          throw new CommandExecutionError(`Unable to read ${a.path}: ${err.message}`);
        });
        return crypto.createHash(a.form).update(data).digest('hex');
      },
    }),
    read: defineFunction({
      doc: "Return a file's contents as text (UTF-8).\nRaises CommandExecutionError when it cannot be read.",
      example: "salt '*' file.read /etc/hostname",
      args: [PATH],
      run: (_ctx, a) =>
        fs.readFile(absolute(a.path), 'utf8').catch((err: Error) => {
          throw new CommandExecutionError(`Unable to read ${a.path}: ${err.message}`);
        }),
    }),
    write: defineFunction({
      doc: `Replace a file's contents with the given lines, each followed by a newline, as Salt's file.write.
Returns 'Wrote N lines to "path"'. The write is atomic; an existing file keeps its owner and mode.
Raises CommandExecutionError when the file cannot be written.`,
      example: `salt '*' file.write /etc/motd "With all thine offerings thou shalt offer salt."`,
      args: [PATH],
      varargs: true,
      run: async (_ctx, a) => {
        await writeAtomic(absolute(a.path), asLines(a.__args__));
        return `Wrote ${a.__args__.length} lines to "${a.path}"`;
      },
    }),
    set_contents: defineFunction({
      doc: `Replace a file's whole contents with \`contents\`, byte for byte (no newline is added), atomically.
An existing file keeps its owner and mode; a new one gets 0666 less the umask; a symlink is followed. Returns True.
Raises CommandExecutionError when the file cannot be written (e.g. its directory is missing).`,
      example: "salt '*' file.set_contents /etc/motd 'Welcome'",
      args: [PATH, { name: 'contents', type: 'string', required: true, doc: 'The exact new contents, as text.' }],
      run: async (_ctx, a) => {
        await writeAtomic(absolute(a.path), a.contents);
        return true;
      },
    }),
    copy: defineFunction({
      doc: `Copy the file \`src\` over \`dst\`, atomically. An existing \`dst\` keeps its owner and mode; a new one gets
0666 less the umask. Returns True. Raises CommandExecutionError when src cannot be read or dst written.`,
      example: "salt '*' file.copy /etc/hosts /tmp/hosts",
      args: [
        { name: 'src', type: 'string', required: true, doc: 'Absolute path of the file to copy.' },
        { name: 'dst', type: 'string', required: true, doc: 'Absolute path of the copy.' },
      ],
      run: async (_ctx, a) => {
        const data = await fs.readFile(absolute(a.src)).catch((err: Error) => {
          throw new CommandExecutionError(`Unable to read ${a.src}: ${err.message}`);
        });
        await writeAtomic(absolute(a.dst), data);
        return true;
      },
    }),
    append: defineFunction({
      doc: `Append lines to a file, each followed by a newline, as Salt's file.append; a newline is added first when
the file does not end with one. Creates the file when missing. Returns 'Wrote N lines to "path"'.`,
      example: `salt '*' file.append /etc/motd "Be nice" "Logins are audited"`,
      args: [PATH],
      varargs: true,
      run: async (_ctx, a) => {
        const old = await fs.readFile(absolute(a.path), 'utf8').catch(() => '');
        const sep = old === '' || old.endsWith('\n') ? '' : '\n';
        await fs.appendFile(a.path, sep + asLines(a.__args__)).catch((err: Error) => {
          throw new CommandExecutionError(`Unable to append to ${a.path}: ${err.message}`);
        });
        return `Wrote ${a.__args__.length} lines to "${a.path}"`;
      },
    }),
    mkdir: defineFunction({
      doc: `Ensure a directory exists, creating missing parents (as Salt's file.mkdir), then set the owner and mode
of \`dir_path\` itself when given. Returns True. Raises CommandExecutionError when it cannot be created or a user
or group is unknown.`,
      example: "salt '*' file.mkdir /srv/www user=www-data mode=0755",
      args: [{ name: 'dir_path', type: 'string', required: true, doc: 'Absolute path of the directory.' }, USER, GROUP, MODE],
      run: async (ctx, a) => {
        const mode = normalizeMode(a.mode);
        const ids = await ownerIds(ctx, a.user, a.group);
        await fs.mkdir(absolute(a.dir_path), { recursive: true }).catch((err: Error) => {
          throw new CommandExecutionError(`Unable to create directory ${a.dir_path}: ${err.message}`);
        });
        if (ids.uid !== -1 || ids.gid !== -1) await fs.chown(a.dir_path, ids.uid, ids.gid);
        if (mode) await fs.chmod(a.dir_path, parseInt(mode, 8));
        return true;
      },
    }),
    chown: defineFunction({
      doc: `Set the owner and/or group of \`path\` (following symlinks). Returns True.
Raises CommandExecutionError when the path is missing, a user or group is unknown, or the change is refused.`,
      example: "salt '*' file.chown /etc/passwd root root",
      args: [PATH, USER, GROUP],
      run: async (ctx, a) => {
        await mustStat(a.path);
        const ids = await ownerIds(ctx, a.user, a.group);
        await fs.chown(a.path, ids.uid, ids.gid).catch((err: Error) => {
          throw new CommandExecutionError(`Unable to change the owner of ${a.path}: ${err.message}`);
        });
        return true;
      },
    }),
    set_mode: defineFunction({
      doc: "Set the permission bits of `path` and return the new mode, e.g. '0644'.\nRaises CommandExecutionError when the path is missing.",
      example: "salt '*' file.set_mode /etc/passwd 0644",
      args: [PATH, { ...MODE, required: true }],
      run: async (_ctx, a) => {
        await mustStat(a.path);
        const mode = normalizeMode(a.mode);
        if (!mode) throw new SaltInvocationError('A mode is required, e.g. 0644');
        await fs.chmod(a.path, parseInt(mode, 8));
        return mode;
      },
    }),
    check_perms: defineFunction({
      doc: `Make \`name\` have the given user, group and mode, as Salt's file.check_perms, and return what changed as
{user, group, mode} (only the keys that differed; the wanted values). Under test=True nothing is changed and the
return says what would change (state modules pass test explicitly). Raises CommandExecutionError for a missing path or an unknown user or group.`,
      example: "salt '*' file.check_perms /etc/motd user=root group=root mode=0644",
      args: [
        { ...PATH, name: 'name' },
        USER,
        GROUP,
        MODE,
        { name: 'test', type: 'boolean', doc: "Only report what would change. Default: the job's test=True." },
      ],
      run: async (ctx, a) => {
        const st = await mustStat(a.name);
        const ids = await ownerIds(ctx, a.user, a.group);
        const mode = normalizeMode(a.mode);
        const changes: Record<string, string> = {};
        if (ids.uid !== -1 && ids.uid !== st.uid) changes.user = String(a.user);
        if (ids.gid !== -1 && ids.gid !== st.gid) changes.group = String(a.group);
        if (mode && mode !== modeOf(st)) changes.mode = mode;
        if (a.test ?? ctx.test) return changes;
        // chown first: it may clear setuid bits that chmod then restores.
        if (changes.user || changes.group) await fs.chown(a.name, changes.user ? ids.uid : -1, changes.group ? ids.gid : -1);
        if (changes.mode) await fs.chmod(a.name, parseInt(changes.mode, 8));
        return changes;
      },
    }),
    remove: defineFunction({
      doc: 'Remove a file, a symlink (not its target) or a whole directory tree. Returns True, or False when nothing was there.',
      example: "salt '*' file.remove /tmp/foo",
      args: [PATH],
      run: async (_ctx, a) => {
        if (!(await statOf(absolute(a.path), false))) return false;
        await fs.rm(a.path, { recursive: true, force: true }).catch((err: Error) => {
          throw new CommandExecutionError(`Unable to remove ${a.path}: ${err.message}`);
        });
        return true;
      },
    }),
    symlink: defineFunction({
      doc: `Create a symbolic link \`path\` pointing to \`src\`, as Salt's file.symlink. Returns True (also when the link
already points there). With force=True an existing file or link at \`path\` is replaced atomically; a directory
never is. Raises CommandExecutionError when something else is in the way or the link cannot be made.`,
      example: "salt '*' file.symlink /etc/nginx/sites-available/site /etc/nginx/sites-enabled/site",
      args: [
        { name: 'src', type: 'string', required: true, doc: 'What the link points to (stored as given; may be relative).' },
        { ...PATH, doc: 'Absolute path of the link.' },
        { name: 'force', type: 'boolean', default: false, doc: 'Replace a file or link already at `path`.' },
      ],
      run: async (_ctx, a) => {
        const st = await statOf(absolute(a.path), false);
        if (st?.isSymbolicLink() && (await fs.readlink(a.path)) === a.src) return true;
        if (st && (!a.force || st.isDirectory())) throw new CommandExecutionError(`Existing path ${a.path} is in the way of the symlink`);
        const tmp = `${a.path}.brine-${crypto.randomBytes(6).toString('hex')}`;
        try {
          await fs.symlink(a.src, tmp);
          await fs.rename(tmp, a.path);
        } catch (err) {
          await fs.rm(tmp, { force: true });
          throw new CommandExecutionError(`Could not create symlink ${a.path}: ${errorMessage(err)}`);
        }
        return true;
      },
    }),
    stats: defineFunction({
      doc: `Return facts about \`path\`, as Salt's file.stats: {inode, uid, gid, group, user, atime, mtime, ctime (seconds
since the epoch, with fractions), size (bytes), mode ('0644'), type (file, dir, char, block, link, pipe or socket),
target (the real path, symlinks resolved)}, plus \`sum\` (the hex digest) with hash_type. A user or group without a
name is given by its id. A broken symlink is described itself.
Raises CommandExecutionError "Path not found: <path>" when nothing is there.`,
      example: "salt '*' file.stats /etc/passwd",
      args: [
        PATH,
        { name: 'hash_type', type: 'string', doc: 'Also return the digest of the contents as `sum`: md5, sha1, sha256 or sha512.' },
        FOLLOW,
      ],
      run: async (ctx, a) => {
        const p = absolute(a.path);
        const st = (await (a.follow_symlinks ? fs.stat(p, { bigint: true }) : fs.lstat(p, { bigint: true })).catch(() => undefined)) ??
          (await fs.lstat(p, { bigint: true }).catch(() => undefined));
        if (!st) throw new CommandExecutionError(`Path not found: ${p}`);
        const uid = Number(st.uid);
        const gid = Number(st.gid);
        const named = async (kind: 'user' | 'group', id: number): Promise<string | number> =>
          (kind === 'user' ? await userInfo(ctx, id) : await groupInfo(ctx, id))?.name ?? id;
        const plain = (a.follow_symlinks ? await statOf(p) : undefined) ?? (await statOf(p, false))!;
        const ret: Record<string, unknown> = {
          inode: Number(st.ino),
          uid,
          gid,
          group: await named('group', gid),
          user: await named('user', uid),
          atime: seconds(st.atimeNs),
          mtime: seconds(st.mtimeNs),
          ctime: seconds(st.ctimeNs),
          size: Number(st.size),
          mode: modeOf(plain),
        };
        if (a.hash_type) ret.sum = await ctx.salt.call('file.get_hash', [p], { form: a.hash_type });
        ret.type = typeOf(plain);
        ret.target = await fs.realpath(p).catch(() => path.resolve(p));
        return ret;
      },
    }),
    contains: defineFunction({
      doc:
        "Return True when the file's text contains `text` (stripped of surrounding whitespace), else False (also for a\n" +
        "missing or unreadable file or a directory), as Salt's file.contains. Prefer file.search for patterns.\n" +
        'Raises CommandExecutionError for a device, FIFO or socket (never opened) and for a file over 64 MiB, the most\n' +
        'the file functions read into memory.',
      example: "salt '*' file.contains /etc/crontab 'mymaintenance.sh'",
      args: [PATH, { name: 'text', type: 'any', required: true, doc: 'The text to look for.' }],
      run: async (_ctx, a) => {
        const file = absolute(a.path);
        const st = await statOf(file);
        if (!st || st.isDirectory() || !(await fs.access(file, fsConstants.R_OK).then(() => true, () => false))) return false;
        const data = await readRegular('file.contains', file);
        return data !== undefined && data.toString('utf8').includes(String(a.text).trim());
      },
    }),
    contains_regex: defineFunction({
      doc:
        'Return True when a line of the file matches the Python regular expression `regex` (re.search), else False\n' +
        "(also for a missing file or a directory), as Salt's file.contains_regex. `lchar` strips those leading\n" +
        'characters from each line first. Raises SaltInvocationError for a bad pattern, CommandExecutionError for\n' +
        'a device, FIFO or socket (never opened) and for a file over 64 MiB.',
      example: "salt '*' file.contains_regex /etc/ssh/sshd_config '^PermitRootLogin'",
      args: [
        PATH,
        { name: 'regex', type: 'string', required: true, doc: 'The Python regular expression searched in each line.' },
        { name: 'lchar', type: 'string', default: '', doc: 'Characters stripped from the start of each line before searching.' },
      ],
      run: async (_ctx, a) => {
        const re = pyRegExp(a.regex);
        const file = absolute(a.path);
        const st = await statOf(file);
        if (!st || st.isDirectory()) return false;
        const data = await readRegular('file.contains_regex', file);
        if (data === undefined) return false;
        const strip = (line: string) => (a.lchar ? line.replace(new RegExp(`^[${a.lchar.replace(/[\]\\^-]/g, '\\$&')}]+`), '') : line);
        // Python's `$` also matches before a line's final newline; JavaScript's only at the end, so lines go without it.
        return data.toString('utf8').split('\n').some((line) => re.test(strip(line)));
      },
    }),
    search: defineFunction({
      doc: `Return True when the Python regular expression \`pattern\` matches somewhere in the file, else False, as Salt's
file.search (file.replace with search_only). flags as file.replace (default 8, MULTILINE); multiline=True adds
MULTILINE. bufsize is accepted and ignored: the whole file is searched at once.
Raises SaltInvocationError for a missing file (unless ignore_if_missing=True, which returns False), a binary file or a bad pattern;
CommandExecutionError for anything but a regular file (a device or FIFO is never opened) and for a file over 64 MiB,
the most the file functions read into memory.`,
      example: `salt '*' file.search /etc/crontab 'mymaintenance.sh'`,
      args: [
        PATH,
        { name: 'pattern', type: 'string', required: true, doc: "A Python regular expression, searched with re.search." },
        { name: 'flags', type: 'any', default: 8, doc: "Python re flags: an integer, or names such as ['IGNORECASE', 'MULTILINE']." },
        { name: 'bufsize', type: 'any', default: 1, doc: 'Ignored (Salt reads the file in buffers of this size).' },
        { name: 'ignore_if_missing', type: 'boolean', default: false, doc: 'Return False for a missing file instead of failing.' },
        { name: 'multiline', type: 'boolean', default: false, doc: 'Add MULTILINE to the flags.' },
      ],
      run: (ctx, a) =>
        replaceIn(ctx, {
          path: a.path,
          pattern: a.pattern,
          repl: '',
          count: 0,
          flags: a.multiline ? pyFlags(a.flags) | 8 : a.flags,
          append_if_not_found: false,
          prepend_if_not_found: false,
          backup: false,
          dry_run: true,
          search_only: true,
          show_changes: false,
          ignore_if_missing: a.ignore_if_missing,
          backslash_literal: false,
        }),
    }),
    replace: defineFunction({
      doc: `Replace occurrences of the Python regular expression \`pattern\` in a file with \`repl\`, as Salt's file.replace
(Python's re.subn over the whole file: \\1 and \\g<name> in repl refer to groups). Returns the unified diff of the change
('' when nothing changed) with show_changes=True (default), else True when the file changed and False when not.
count limits the replacements (0: all); flags are Python's re flags (default 8, MULTILINE); bufsize is accepted and
ignored. append_if_not_found / prepend_if_not_found add not_found_content (default: repl) as a line when the pattern
is not found and that line is not there yet. backup is the suffix of a copy of the old file kept next to it ('.bak';
False for none). dry_run reports without writing; search_only returns whether the pattern matches. The file is
written in place, so its inode, owner and mode stay; a symlink is followed.
Raises SaltInvocationError for a missing file (unless ignore_if_missing=True, which returns False), a binary file,
conflicting options or a bad pattern; CommandExecutionError when the file cannot be written, for anything but a regular
file (a device or FIFO is never opened) and for a file over 64 MiB, the most the file functions read into memory.`,
      example: `salt '*' file.replace /etc/httpd/httpd.conf pattern='LogLevel warn' repl='LogLevel info'`,
      args: [
        PATH,
        { name: 'pattern', type: 'string', required: true, doc: 'A Python regular expression.' },
        { name: 'repl', type: 'string', required: true, doc: 'The replacement, a Python template (\\1, \\g<name>).' },
        { name: 'count', type: 'integer', default: 0, doc: 'Most replacements to make; 0 for all.' },
        { name: 'flags', type: 'any', default: 8, doc: "Python re flags: an integer, or names such as ['IGNORECASE', 'MULTILINE']." },
        { name: 'bufsize', type: 'any', default: 1, doc: 'Ignored (Salt reads the file in buffers of this size).' },
        { name: 'append_if_not_found', type: 'boolean', default: false, doc: 'Append the content as a line when the pattern is not found.' },
        { name: 'prepend_if_not_found', type: 'boolean', default: false, doc: 'Prepend the content as a line when the pattern is not found.' },
        { name: 'not_found_content', type: 'string', doc: 'What to append or prepend. Default: repl.' },
        { name: 'backup', type: 'any', default: '.bak', doc: "Suffix of the backup of the old file, or False for none." },
        { name: 'dry_run', type: 'boolean', default: false, doc: 'Report what would change without writing.' },
        { name: 'search_only', type: 'boolean', default: false, doc: 'Only return whether the pattern matches.' },
        { name: 'show_changes', type: 'boolean', default: true, doc: 'Return the diff (else True/False).' },
        { name: 'ignore_if_missing', type: 'boolean', default: false, doc: 'Return False for a missing file instead of failing.' },
        { name: 'preserve_inode', type: 'boolean', default: true, doc: 'Accepted for Salt; brine always writes in place, keeping the inode.' },
        { name: 'backslash_literal', type: 'boolean', default: false, doc: 'Take backslashes in repl literally.' },
      ],
      run: (ctx, a) => replaceIn(ctx, a),
    }),
    line: defineFunction({
      doc: `Edit a file line by line, as Salt's file.line (with its quirks). \`mode\`:
- ensure: make \`content\` present between \`after\` and \`before\` (or right after \`after\`, or right before \`before\`);
- replace: replace the (first) line matching \`match\` (default: content) with content;
- delete: delete the lines equal to the first line matching \`match\` (default: content);
- insert: insert content at \`location\` (start or end), or before / after the one line matching \`before\` / \`after\`
  unless it is already there.
\`match\`, \`before\` and \`after\` are Python regular expressions (DOTALL) or plain fragments of a line; before and
after must each match exactly one line. With indent=True the new line takes the indentation of its neighbour.
Returns the unified diff with show_changes=True (default) when the file changed, else whether it changed. backup=True
keeps a copy of the old file named <path>.<YYYY-MM-DD-HH-MM-SS>. Under test=True nothing is written.
Raises CommandExecutionError for a missing file (unless quiet=True, which returns False), a missing mode or content,
anchors that match no line or several, or a file over 64 MiB (the most the file functions read into memory).`,
      example: `salt '*' file.line /etc/nsswitch.conf "networks:\\tfiles dns" after="hosts:.*?" mode=ensure`,
      args: [
        PATH,
        { name: 'content', type: 'string', doc: 'The line; may be left out only with mode=delete.' },
        { name: 'match', type: 'string', doc: 'Regular expression or fragment of the line to replace or delete. Default: content.' },
        { name: 'mode', type: 'string', doc: 'ensure, replace, delete or insert.' },
        { name: 'location', type: 'string', doc: 'For insert: start or end (wins over before and after).' },
        { name: 'before', type: 'string', doc: 'Regular expression or fragment of the line the content goes before.' },
        { name: 'after', type: 'string', doc: 'Regular expression or fragment of the line the content goes after.' },
        { name: 'show_changes', type: 'boolean', default: true, doc: 'Return the diff (else True/False).' },
        { name: 'backup', type: 'boolean', default: false, doc: 'Keep a timestamped copy of the old file.' },
        { name: 'quiet', type: 'boolean', default: false, doc: 'Return False for a missing file instead of failing.' },
        { name: 'indent', type: 'boolean', default: true, doc: 'Indent the new line as its neighbour.' },
      ],
      run: async (ctx, a) => {
        const file = await fs.realpath(absolute(a.path)).catch(() => a.path);
        if (!(await statOf(file))?.isFile()) {
          if (a.quiet) return false;
          throw new CommandExecutionError(`File "${file}" does not exists or is not a file.`);
        }
        const mode = a.mode?.toLowerCase();
        if (mode === undefined) throw new CommandExecutionError('Mode was not defined. How to process the file?');
        if (!['insert', 'ensure', 'delete', 'replace'].includes(mode)) throw new CommandExecutionError(`Unknown mode: "${a.mode}"`);
        if (mode !== 'delete' && a.content === undefined) throw new CommandExecutionError('Content can only be empty if mode is "delete"');
        const original = (await readRegular('file.line', file))?.toString('utf8') ?? '';
        let body = linesOf(original);
        if (body.length && eolOf(body[body.length - 1])) body.push('');
        if (original === '' && (mode === 'delete' || mode === 'replace')) {
          ctx.log.warning(`Cannot find text to ${mode}. File '${file}' is empty.`);
          body = [];
        }
        body = setLine(body, { ...a, mode });
        body.forEach((l, i) => {
          if (!eolOf(l) && i + 1 < body.length) body[i] = withEol(body[i === 0 ? 1 : i - 1], l);
        });
        if (body[body.length - 1] === '') body.pop();
        const after = body.join('');
        const changed = after !== original;
        if (changed && !ctx.test) {
          try {
            if (a.backup) await writeBackup(file, `${file}.${backupStamp()}`, original);
            await writeAtomic(file, after);
          } catch (err) {
            throw err instanceof CommandExecutionError ? err : new CommandExecutionError(`Unable to create the backup file of ${file}. Exception: ${errorMessage(err)}`);
          }
        }
        const diff = changed && a.show_changes ? unifiedDiff(original, after) : '';
        return diff || changed;
      },
    }),
    readdir: defineFunction({
      doc: "Return the entries of a directory, '.' and '..' first, then the names as the system lists them, as Salt's file.readdir.\nRaises SaltInvocationError for a relative path or one that is not a directory.",
      example: "salt '*' file.readdir /etc",
      args: [PATH],
      run: async (_ctx, a) => {
        if (!path.isAbsolute(a.path)) throw new SaltInvocationError('Dir path must be absolute.');
        if (!(await statOf(a.path))?.isDirectory()) throw new SaltInvocationError('A valid directory was not specified.');
        return ['.', '..', ...(await fs.readdir(a.path))];
      },
    }),
    dirname: defineFunction({
      doc: "Return the directory part of a path, as Python's os.path.dirname: '/etc/salt/minion' gives '/etc/salt', 'file' gives ''.",
      example: "salt '*' file.dirname /path/to/my/file",
      args: [{ name: 'path', type: 'string', required: true, doc: 'Any path; it need not exist.' }],
      run: (_ctx, a) => {
        const i = a.path.lastIndexOf('/') + 1;
        const head = a.path.slice(0, i);
        return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
      },
    }),
    basename: defineFunction({
      doc: "Return the last part of a path, as Python's os.path.basename: '/etc/salt/minion' gives 'minion', '/etc/' gives ''.",
      example: "salt '*' file.basename /path/to/my/file",
      args: [{ name: 'path', type: 'string', required: true, doc: 'Any path; it need not exist.' }],
      run: (_ctx, a) => a.path.slice(a.path.lastIndexOf('/') + 1),
    }),
    join: defineFunction({
      doc: "Join path parts as Python's os.path.join: an absolute part restarts the path, and a '/' is added between parts that lack one ('/var', 'myapp', 'config.yaml' gives '/var/myapp/config.yaml'). Nothing is normalized.",
      example: "salt '*' file.join '/' 'usr' 'local' 'bin'",
      args: [],
      varargs: true,
      run: (_ctx, a) => {
        if (a.__args__.length === 0) throw new SaltInvocationError('file.join needs at least one path');
        return a.__args__.map(String).reduce((acc, part) => (part.startsWith('/') ? part : !acc || acc.endsWith('/') ? acc + part : `${acc}/${part}`));
      },
    }),
    rename: defineFunction({
      doc: "Rename (move) a file or directory `src` to `dst` on the same filesystem, replacing a file at dst, as Salt's file.rename. Returns True.\nRaises SaltInvocationError for a relative src, CommandExecutionError \"Could not rename 'src' to 'dst'\" when it fails.",
      example: "salt '*' file.rename /path/to/src /path/to/dst",
      args: [
        { name: 'src', type: 'string', required: true, doc: 'Absolute path of what to rename.' },
        { name: 'dst', type: 'string', required: true, doc: 'Its new path.' },
      ],
      run: async (_ctx, a) => {
        if (!path.isAbsolute(a.src)) throw new SaltInvocationError('File path must be absolute.');
        await fs.rename(a.src, a.dst).catch(() => {
          throw new CommandExecutionError(`Could not rename '${a.src}' to '${a.dst}'`);
        });
        return true;
      },
    }),
    touch: defineFunction({
      doc: `Create \`name\` as an empty file when missing, then set its access and modification times (default: now),
as Salt's file.touch. Returns True. Raises CommandExecutionError when it cannot be created.`,
      example: "salt '*' file.touch /var/log/emptyfile",
      args: [
        { ...PATH, name: 'name' },
        { name: 'atime', type: 'number', doc: 'Access time, in seconds since the epoch. Default: now.' },
        { name: 'mtime', type: 'number', doc: 'Modification time, in seconds since the epoch. Default: now.' },
      ],
      run: async (_ctx, a) => {
        const now = Date.now() / 1000;
        try {
          if (!(await statOf(absolute(a.name)))) await (await fs.open(a.name, 'a')).close();
          await fs.utimes(a.name, a.atime ?? now, a.mtime ?? now);
        } catch (err) {
          throw new CommandExecutionError(`Unable to touch ${a.name}: ${errorMessage(err)}`);
        }
        return true;
      },
    }),
  },
});
