/**
 * Salt's `file` execution module, a small real subset: tests, reads, atomic
 * writes, ownership and modes, links and removal of files and directories.
 * Paths must be absolute (SaltInvocationError otherwise, as Salt). User and
 * group names resolve through `user.info` / `group.info` (getent), so names
 * from NSS work as they do for the system tools.
 */
import crypto from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { arg, defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { groupInfo, userInfo } from './lib/accounts';

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
 * Replace `target` with `data` atomically: write a temporary file next to it, give it
 * the old file's owner and mode (a new file gets 0666 less the umask), then rename.
 * A symlink is followed: the file it points to is replaced, the link stays.
 */
async function writeAtomic(target: string, data: string | Buffer): Promise<void> {
  const dst = await fs.realpath(target).catch(() => target);
  const old = await statOf(dst);
  const tmp = path.join(path.dirname(dst), `.${path.basename(dst)}.brine-${crypto.randomBytes(6).toString('hex')}`);
  try {
    await fs.writeFile(tmp, data, { mode: 0o666, flag: 'wx' });
    if (old) {
      await fs.chown(tmp, old.uid, old.gid);
      await fs.chmod(tmp, old.mode & 0o7777);
    }
    await fs.rename(tmp, dst);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw new CommandExecutionError(`Unable to write ${dst}: ${errorMessage(err)}`);
  }
}

/** Salt's `file.write` and `file.append` text: each argument as one line ending in a newline. */
function asLines(args: unknown[]): string {
  return args.map((line) => `${String(line)}\n`).join('');
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
