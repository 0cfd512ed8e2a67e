/**
 * Salt's `file` state module: files, directories, symlinks and trees with the
 * contents, owner and mode an SLS describes. Every change goes through the
 * `file` execution module; the states only read (stat, readlink) to decide.
 * Messages and changes follow Salt 3006; under test=True each function says
 * what it would change (result None) and touches nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltError, SaltInvocationError } from '@brine/core/errors';
import { arg, type ArgsOf, type ArgSpec, type ExecContext } from '@brine/core/loader/define';
import { defineStateFunction, defineStateModule, stateReturn, type StateReturn } from '@brine/core/state/define';
import { contentDiff, managed } from './lib/managed';
import { directory } from './lib/directory';
import { ensureParent, requireAbsolute } from './lib/paths';

const NAME = arg({ name: 'name', type: 'string', required: true, doc: 'Absolute path of the target.' });
const USER = arg({ name: 'user', type: 'string', doc: 'Owner (name or uid). Default: left as is (a new file belongs to the minion user).' });
const GROUP = arg({ name: 'group', type: 'string', doc: 'Group (name or gid). Default: left as is.' });
const MODE = arg({ name: 'mode', type: 'string', doc: "Permission bits, e.g. '0644' (quote it in YAML). Default: left as is; new files get 0666 less the umask." });
const MAKEDIRS = arg({ name: 'makedirs', type: 'boolean', default: false, doc: 'Create missing parent directories.' });
const TEMPLATE = arg({
  name: 'template',
  type: 'string',
  doc: "Render the source (or contents) first; only 'handlebars' is supported. Templates see grains, pillar, opts, saltenv, defaults and context, and the SLS helpers ({{salt ...}}, {{json x}}...).",
});
const CONTEXT = arg({ name: 'context', type: 'dict', doc: 'Variables for the template; they override `defaults`.' });
const DEFAULTS = arg({ name: 'defaults', type: 'dict', doc: 'Default template variables.' });
const SALTENV = arg({ name: 'saltenv', type: 'string', default: 'base', doc: 'Environment of salt:// sources.' });

/** Salt's `merge_ret` of file.recurse: the most negative result wins; changes and comments are kept per path. */
class RecurseReturn {
  result: boolean | null = true;
  readonly changes: Record<string, unknown> = {};
  private readonly comments: Array<[string, string]> = [];

  /** Run the state for one path and merge its return; a Salt error becomes that path's failure, as Salt's `_error`. */
  async step(target: string, state: () => Promise<StateReturn>): Promise<void> {
    let ret: StateReturn;
    try {
      ret = await state();
    } catch (err) {
      if (!(err instanceof SaltError)) throw err;
      ret = stateReturn(target, false, err.message);
    }
    if (ret.result === false || this.result === true) this.result = ret.result;
    if (ret.result !== true && ret.comment) this.comments.push([target, ret.comment]);
    if (Object.keys(ret.changes).length) this.changes[target] = ret.changes;
  }

  /** Salt's flattened comment: "#### path ####" sections for what did not simply succeed. */
  comment(name: string): string {
    if (Object.keys(this.changes).length === 0 && this.result === true) return `The directory ${name} is in the correct state`;
    const text = this.comments.map(([p, c]) => `\n#### ${p} ####\n${c}`).join('\n').trim();
    return text || `Recursively updated ${name}`;
  }
}

const RECURSE_ARGS = [
  NAME,
  { name: 'source', type: 'string', required: true, doc: 'A salt:// directory URL, e.g. salt://www.' },
  USER,
  GROUP,
  { name: 'dir_mode', type: 'string', doc: "Mode of the directories, e.g. '0755'. Default: left as is." },
  { name: 'file_mode', type: 'string', doc: "Mode of the files, e.g. '0644'. Default: left as is." },
  TEMPLATE,
  CONTEXT,
  DEFAULTS,
  SALTENV,
] as const satisfies readonly ArgSpec[];

/** Salt's file.recurse: copy a salt:// directory tree with file.directory and file.managed. */
async function recurse(ctx: ExecContext, a: ArgsOf<typeof RECURSE_ARGS>): Promise<StateReturn> {
  requireAbsolute(a.name);
  if (!a.source.startsWith('salt://')) throw new SaltInvocationError(`Invalid source '${a.source}' (must be a salt:// URI)`);
  if (fs.statSync(a.name, { throwIfNoEntry: false })?.isFile()) throw new CommandExecutionError(`The path ${a.name} exists and is not a directory`);
  const root = a.source.slice('salt://'.length).replace(/\/+$/, '');
  const prefix = root ? `${root}/` : '';
  const rels = (await ctx.files.listFiles(a.saltenv)).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  if (rels.length === 0) {
    throw new CommandExecutionError(`The directory '${a.source}' does not exist on the salt fileserver in saltenv '${a.saltenv}'`);
  }
  const ret = new RecurseReturn();
  for (const dir of [...new Set(rels.map((r) => path.posix.dirname(r)))].sort()) {
    const target = path.join(a.name, dir);
    await ret.step(target, () => directory(ctx, { name: target, user: a.user, group: a.group, mode: a.dir_mode, makedirs: true }));
  }
  for (const rel of rels) {
    const target = path.join(a.name, rel);
    const { user, group, template, context, defaults, saltenv } = a;
    const args = { name: target, source: `salt://${prefix}${rel}`, user, group, mode: a.file_mode, template, context, defaults, saltenv, makedirs: true, replace: true };
    await ret.step(target, () => managed(ctx, args));
  }
  return stateReturn(a.name, ret.result, ret.comment(a.name), ret.changes);
}

const SYMLINK_ARGS = [
  NAME,
  { name: 'target', type: 'string', required: true, doc: 'What the link points to (stored as given).' },
  { name: 'force', type: 'boolean', default: false, doc: 'Remove a file or directory that is in the way.' },
  MAKEDIRS,
] as const satisfies readonly ArgSpec[];

/** Salt's file.symlink (without ownership management). */
async function symlink(ctx: ExecContext, a: ArgsOf<typeof SYMLINK_ARGS>): Promise<StateReturn> {
  requireAbsolute(a.name);
  const st = fs.lstatSync(a.name, { throwIfNoEntry: false });
  const current = st?.isSymbolicLink() ? fs.readlinkSync(a.name) : undefined;
  if (current === a.target) {
    if (ctx.test) return stateReturn(a.name, true, `The symlink ${a.name} is present`);
    const owner = await Promise.all(['file.get_user', 'file.get_group'].map((f) => ctx.salt.call(f, [a.name], { follow_symlinks: false })));
    return stateReturn(a.name, true, `Symlink ${a.name} is present and owned by ${owner.join(':')}`);
  }
  if (st && current === undefined && !a.force) {
    if (ctx.test) return stateReturn(a.name, false, `File or directory exists where the symlink ${a.name} should be. Did you mean to use force?`);
    throw new CommandExecutionError(`${st.isDirectory() ? 'Directory' : 'File'} exists where the symlink ${a.name} should be`);
  }
  if (ctx.test) {
    if (!st) return stateReturn(a.name, null, `Symlink ${a.name} to ${a.target} is set for creation`, { new: a.name });
    if (current !== undefined) return stateReturn(a.name, null, `Link ${a.name} target is set to be changed to ${a.target}`, { change: a.name });
    return stateReturn(a.name, null, `The file or directory ${a.name} is set for removal to make way for a new symlink targeting ${a.target}`);
  }
  await ensureParent(ctx, a.name, a.makedirs, `Directory ${path.dirname(a.name)} for symlink is not present`);
  const changes: Record<string, string> = {};
  if (st && current === undefined) {
    await ctx.salt.call('file.remove', [a.name]);
    changes.forced = 'Symlink was forcibly replaced';
  }
  await ctx.salt.call('file.symlink', [a.target, a.name], { force: true });
  return stateReturn(a.name, true, `Created new symlink ${a.name} -> ${a.target}`, { ...changes, new: a.name });
}

/** Salt's file.absent. */
async function absent(ctx: ExecContext, a: { name: string }): Promise<StateReturn> {
  requireAbsolute(a.name);
  if (path.resolve(a.name) === '/') throw new SaltInvocationError('Refusing to make "/" absent');
  const st = fs.lstatSync(a.name, { throwIfNoEntry: false });
  if (!st) return stateReturn(a.name, true, `File ${a.name} is not present`);
  const kind = st.isDirectory() ? 'Directory' : 'File';
  if (ctx.test) return stateReturn(a.name, null, `${kind} ${a.name} is set for removal`, { removed: a.name });
  await ctx.salt.call('file.remove', [a.name]);
  return stateReturn(a.name, true, `Removed ${kind.toLowerCase()} ${a.name}`, { removed: a.name });
}

const TOUCH_ARGS = [
  NAME,
  { name: 'atime', type: 'number', doc: 'Access time, seconds since the epoch. Default: now.' },
  { name: 'mtime', type: 'number', doc: 'Modification time, seconds since the epoch. Default: now.' },
  MAKEDIRS,
] as const satisfies readonly ArgSpec[];

/**
 * Salt's file.touch. Under test=True, as Salt 3006's `_check_touch`: result None with
 * `{new: name}` ("File <name> is set to be created") or `{touched: name}` ("Times set to
 * be updated on file <name>"); when the times already match, "File <name> exists and has
 * the correct times", with result True and Salt's leftover changes `{new: name}` (which the
 * state system then reports as None, as Salt's).
 */
async function touch(ctx: ExecContext, a: ArgsOf<typeof TOUCH_ARGS>): Promise<StateReturn> {
  requireAbsolute(a.name);
  const st = fs.statSync(a.name, { throwIfNoEntry: false });
  if (ctx.test) {
    if (!st) return stateReturn(a.name, null, `File ${a.name} is set to be created`, { new: a.name });
    const differs = (want: unknown, ms: number): boolean => want != null && Number(want) !== Math.floor(ms / 1000);
    if (differs(a.atime, st.atimeMs) || differs(a.mtime, st.mtimeMs)) return stateReturn(a.name, null, `Times set to be updated on file ${a.name}`, { touched: a.name });
    return stateReturn(a.name, true, `File ${a.name} exists and has the correct times`, { new: a.name });
  }
  await ensureParent(ctx, a.name, a.makedirs, `Directory not present to touch file ${a.name}`);
  await ctx.salt.call('file.touch', [a.name], { atime: a.atime, mtime: a.mtime });
  if (!st) return stateReturn(a.name, true, `Created empty file ${a.name}`, { new: a.name });
  return stateReturn(a.name, true, `Updated times on ${st.isDirectory() ? 'directory' : 'file'} ${a.name}`, { touched: a.name });
}

/** A line with its whitespace runs collapsed, so that appended text matches regardless of spacing (as Salt's search). */
function squash(line: string): string {
  return line.trim().split(/\s+/).join(' ');
}

/** True when `block` occurs as consecutive lines of `lines` (whitespace-insensitive). */
function hasBlock(lines: string[], block: string[]): boolean {
  const want = block.map(squash);
  const have = lines.map(squash);
  for (let i = 0; i + want.length <= have.length; i++) if (want.every((w, j) => have[i + j] === w)) return true;
  return false;
}

const APPEND_ARGS = [NAME, { name: 'text', type: 'any', required: true, doc: 'A string or a list of strings to append.' }, MAKEDIRS] as const satisfies readonly ArgSpec[];

/** Salt's file.append: add each text chunk whose lines are not already in the file. */
async function append(ctx: ExecContext, a: ArgsOf<typeof APPEND_ARGS>): Promise<StateReturn> {
  requireAbsolute(a.name);
  const chunks = (Array.isArray(a.text) ? a.text : [a.text]).filter((t: unknown) => t !== null && t !== undefined).map(String);
  if (chunks.length === 0) throw new SaltInvocationError('No text found to append. Nothing appended');
  if (!fs.existsSync(a.name)) {
    if (ctx.test) return stateReturn(a.name, null, `File ${a.name} is set to be created`, { new: a.name });
    await ensureParent(ctx, a.name, a.makedirs, `Directory not present to touch file ${a.name}`);
    await ctx.salt.call('file.touch', [a.name]);
  }
  const before = fs.readFileSync(a.name);
  const lines = before.toString('utf8').split('\n');
  const add = chunks.filter((c: string) => !hasBlock(lines, c.replace(/\n$/, '').split('\n'))).flatMap((c: string) => c.replace(/\n$/, '').split('\n'));
  if (add.length === 0) return stateReturn(a.name, true, `File ${a.name} is in correct state`);
  if (ctx.test) {
    const sep = before.length === 0 || before.toString('utf8').endsWith('\n') ? '' : '\n';
    const after = Buffer.from(`${before.toString('utf8')}${sep}${add.map((l: string) => `${l}\n`).join('')}`);
    return stateReturn(a.name, null, `File ${a.name} is set to be updated`, { diff: contentDiff(before, after) });
  }
  await ctx.salt.call('file.append', [a.name, ...add]);
  return stateReturn(a.name, true, `Appended ${add.length} lines`, { diff: contentDiff(before, fs.readFileSync(a.name)) });
}

export default defineStateModule({
  name: 'file',
  doc: `Manage files, directories, symlinks and trees, as Salt's file states.

Targets are absolute paths. Changes are made through the file execution module; test=True reports them (result None)
and changes nothing.`,
  functions: {
    managed: defineStateFunction({
      doc: `Make a file hold the given contents, owner and mode.
Contents come from \`source\` (a salt:// file, rendered when \`template\` is set) or inline \`contents\` (a newline is
added when missing); with neither, only the metadata is managed (a missing file is created empty).
Changes: \`diff\` ('New file' or a unified diff), and \`user\`, \`group\`, \`mode\` when set; a new file reports its mode.
Comments: "File <name> updated", "File <name> is in the correct state" (under test=True: "The file <name> is set to
be changed", "The file <name> is in the correct state"). An existing file without source or contents, or with
replace=False, keeps its contents: "File <name> exists with proper permissions. No changes made." (under test=True:
"File <name> not updated"). Fails when the source is missing
("Source file salt://x not found in saltenv 'base'"), the template fails, or the parent is missing without makedirs.`,
      example: "salt '*' state.single file.managed /etc/motd source=salt://motd template=handlebars mode=0644",
      args: [
        NAME,
        { name: 'source', type: 'string', doc: 'A salt:// URL of the file to deploy.' },
        USER,
        GROUP,
        MODE,
        TEMPLATE,
        MAKEDIRS,
        { name: 'replace', type: 'boolean', default: true, doc: 'When false, an existing file keeps its contents; only owner and mode are managed.' },
        CONTEXT,
        DEFAULTS,
        { name: 'contents', type: 'string', doc: 'The contents, inline, instead of a source.' },
        SALTENV,
      ],
      run: managed,
    }),
    directory: defineStateFunction({
      doc: `Make a directory exist with the given owner and mode.
Changes: \`{<name>: {directory: 'new'}}\` for a new directory, else the \`user\`, \`group\` and \`mode\` changed, both
under <name> and at the top level, as Salt 3006 ("Directory <name> updated").
Comment: "The directory <name> is in the correct state" when nothing changed. Fails when a file is in the way,
or the parent is missing without makedirs ("No directory to create <name> in").`,
      example: "salt '*' state.single file.directory /srv/www user=www-data mode=0755 makedirs=True",
      args: [NAME, USER, GROUP, MODE, MAKEDIRS],
      run: directory,
    }),
    absent: defineStateFunction({
      doc: `Make sure a file, symlink or directory tree is gone. Changes: {removed: <name>}.
Comments: "Removed file <name>", "Removed directory <name>", "File <name> is not present". Refuses "/".`,
      example: "salt '*' state.single file.absent /tmp/old-release",
      args: [NAME],
      run: absent,
    }),
    symlink: defineStateFunction({
      doc: `Make \`name\` a symbolic link to \`target\`. A wrong link is replaced; a file or directory in the way is removed
only with force=True. Changes: {new: <name>} (and forced when something was removed).
Comments: "Created new symlink <name> -> <target>", "Symlink <name> is present and owned by <user>:<group>".`,
      example: "salt '*' state.single file.symlink /etc/nginx/sites-enabled/site target=/etc/nginx/sites-available/site",
      args: SYMLINK_ARGS,
      run: symlink,
    }),
    touch: defineStateFunction({
      doc: `Create an empty file when missing, else update its access and modification times.
Changes: {new: <name>} or {touched: <name>}. Comments: "Created empty file <name>", "Updated times on file <name>".`,
      example: "salt '*' state.single file.touch /var/run/app.stamp",
      args: TOUCH_ARGS,
      run: touch,
    }),
    append: defineStateFunction({
      doc: `Append text to a file unless it is already there. Each item of \`text\` (a string, possibly several lines) is
appended when its lines do not already occur together in the file (whitespace-insensitive), as Salt.
A missing file is created. Changes: {diff: <unified diff>}. Comments: "Appended N lines", "File <name> is in correct state".`,
      example: `salt '*' state.single file.append /etc/motd text="Logins are audited"`,
      args: APPEND_ARGS,
      run: append,
    }),
    recurse: defineStateFunction({
      doc: `Copy a salt:// directory tree into \`name\`: each directory with file.directory and each file with file.managed
(templates apply to every file). Changes are keyed by path. Comments: "Recursively updated <name>",
"The directory <name> is in the correct state"; the comments of files that failed or would change, per path.`,
      example: "salt '*' state.single file.recurse /srv/www source=salt://www",
      args: RECURSE_ARGS,
      run: recurse,
    }),
  },
});
