/**
 * Salt's `cp` module: copy files and directories from the master's file
 * server (`salt://` URLs) to the minion, list what it serves, and hash files.
 * Everything goes through the job's file client (`ctx.files`), which caches by
 * hash, so an unchanged file is not transferred again.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { sha256File } from '@brine/core/fileserver/hash';
import { saltPath } from '@brine/core/fileserver/roots';
import { arg, defineFunction, defineModule, type ExecContext, type FileHash } from '@brine/core/loader/define';

const SALTENV = arg({ name: 'saltenv', type: 'string', default: 'base', doc: "File server environment, e.g. 'base' or 'dev'." });
const SOURCE = arg({ name: 'path', type: 'string', required: true, doc: 'Source on the master, a salt:// URL (e.g. salt://files/motd).' });

/**
 * Check that `source` is a salt:// URL inside the file server roots.
 * @throws SaltInvocationError for another scheme or a plain path (Salt's "Unsupported path")
 */
function saltUrl(source: string): string {
  if (!source.startsWith('salt://')) throw new SaltInvocationError(`Unsupported path: ${source} (expected a salt:// URL)`);
  return `salt://${saltPath(source)}`;
}

async function isDir(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => undefined))?.isDirectory() ?? false;
}

/**
 * Copy the existing file `url` to `dest` on the minion. A `dest` that is a directory, or ends
 * with '/', receives the file under its own name. An existing destination file keeps its mode.
 * @returns the path written, or false when the destination's directory is missing and `makedirs` is false (as Salt)
 * @throws CommandExecutionError when the file server refuses or the copy fails
 */
async function fetchTo(ctx: ExecContext, url: string, dest: string, saltenv: string, makedirs: boolean): Promise<string | false> {
  let target = path.resolve(dest);
  if (dest.endsWith('/') || (await isDir(target))) target = path.join(target, path.posix.basename(url));
  const dir = path.dirname(target);
  if (!makedirs && !(await isDir(dir))) {
    ctx.log.warning(`cp: directory ${dir} does not exist; pass makedirs=True to create it`);
    return false;
  }
  const cached = await ctx.files.cacheFile(url, saltenv);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.copyFile(cached, target);
  } catch (err) {
    throw new CommandExecutionError(`Unable to copy ${url} to ${target}: ${errorMessage(err)}`);
  }
  return target;
}

export default defineModule({
  name: 'cp',
  doc: "Copy files from the master's file server (salt:// URLs) to the minion, list them and hash them.",
  functions: {
    get_file: defineFunction({
      doc:
        'Copy one file from the master to `dest` on the minion. When `dest` is a directory (or ends with /) the\n' +
        'file keeps its name inside it. The transfer is skipped when the minion already caches the same content.\n' +
        "Returns the destination path; '' when the source does not exist on the master; False when the\n" +
        "destination's directory is missing and makedirs is False. Raises an error for a path that escapes the\n" +
        'file server roots or an unknown saltenv.',
      example: "salt '*' cp.get_file salt://files/motd /etc/motd",
      args: [
        SOURCE,
        { name: 'dest', type: 'string', required: true, doc: 'Destination on the minion: a file path, or a directory to copy into.' },
        SALTENV,
        { name: 'makedirs', type: 'boolean', default: false, doc: "Create the destination's missing parent directories." },
      ],
      async run(ctx, { path: source, dest, saltenv, makedirs }) {
        const url = saltUrl(source);
        if (!(await ctx.files.hashFile(url, saltenv))) return '';
        return fetchTo(ctx, url, dest, saltenv, makedirs);
      },
    }),
    get_dir: defineFunction({
      doc:
        'Copy a directory from the master recursively: salt://a/b lands as <dest>/b/... on the minion, and\n' +
        'missing directories are created. Returns the sorted list of files written (empty when the directory\n' +
        'holds no files on the master).',
      example: "salt '*' cp.get_dir salt://files/conf.d /etc",
      args: [SOURCE, { name: 'dest', type: 'string', required: true, doc: 'Directory on the minion that receives the copied directory.' }, SALTENV],
      async run(ctx, { path: source, dest, saltenv }) {
        const dir = saltPath(saltUrl(source)).replace(/\/+$/, '');
        const parent = path.posix.dirname(dir);
        const written: string[] = [];
        for (const file of await ctx.files.listFiles(saltenv)) {
          if (!file.startsWith(`${dir}/`)) continue;
          const rel = parent === '.' ? file : file.slice(parent.length + 1);
          const target = await fetchTo(ctx, `salt://${file}`, path.join(dest, rel), saltenv, true);
          if (target) written.push(target);
        }
        return written.sort();
      },
    }),
    list_master: defineFunction({
      doc: 'List the files the master serves in `saltenv`, as relative paths, sorted. Raises an error for an unknown saltenv.',
      example: "salt '*' cp.list_master saltenv=base prefix=files/",
      args: [SALTENV, { name: 'prefix', type: 'string', default: '', doc: 'Only list paths that start with this prefix.' }],
      async run(ctx, { saltenv, prefix }) {
        return (await ctx.files.listFiles(saltenv)).filter((f) => f.startsWith(prefix));
      },
    }),
    hash_file: defineFunction({
      doc:
        'Hash a file: a salt:// URL is hashed by the master; any other path names a file on the minion.\n' +
        "Returns {hsum: <hex digest>, hash_type: 'sha256'}, or {} when there is no such file.",
      example: "salt '*' cp.hash_file salt://files/motd",
      args: [{ name: 'path', type: 'string', required: true, doc: 'A salt:// URL, or a path on the minion.' }, SALTENV],
      async run(ctx, { path: source, saltenv }): Promise<FileHash | Record<string, never>> {
        if (source.startsWith('salt://')) return (await ctx.files.hashFile(source, saltenv)) ?? {};
        if (!(await fs.stat(source).catch(() => undefined))?.isFile()) return {};
        return { hsum: await sha256File(source), hash_type: 'sha256' };
      },
    }),
    cache_file: defineFunction({
      doc:
        "Cache a file from the master in the minion's cachedir (<cachedir>/files/<saltenv>/<path>), fetching it only\n" +
        'when its content changed. Returns the local path, or False when the file does not exist on the master.',
      example: "salt '*' cp.cache_file salt://files/motd",
      args: [SOURCE, SALTENV],
      async run(ctx, { path: source, saltenv }) {
        const url = saltUrl(source);
        if (!(await ctx.files.hashFile(url, saltenv))) {
          ctx.log.error(`Unable to cache file '${source}' from saltenv '${saltenv}'.`);
          return false;
        }
        return ctx.files.cacheFile(url, saltenv);
      },
    }),
  },
});
