/**
 * Salt's `cp` module: copy files and directories from the master's file
 * server (`salt://` URLs) to the minion, list what it serves, and hash files.
 * Everything goes through the job's file client (`ctx.files`), which caches by
 * hash, so an unchanged file is not transferred again. `recv` and
 * `recv_chunked` receive what salt-cp pushes from the master (lib/recv.ts).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { sha256File } from '@brine/core/fileserver/hash';
import { saltPath } from '@brine/core/fileserver/roots';
import { cleanKwargs } from '@brine/core/loader/args';
import { renderFileTemplate, templateEngine } from '@brine/core/render/file-template';
import { arg, defineFunction, defineModule, type ExecContext, type FileHash } from '@brine/core/loader/define';
import { SALT_CP_MAX_JOB_BYTES } from '@brine/core/protocol/v1/constants';
import { makeEmptyDir, recvTarget, unpackChunk, writeChunk, writeWhole } from './lib/recv';

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

/**
 * Run a salt-cp write as Salt's recv_chunked reports it: what it returns, or on an error its message as the
 * return, with the job's retcode set to 1.
 */
function reported(ctx: ExecContext, write: () => true | string): true | string {
  try {
    return write();
  } catch (err) {
    if (!(err instanceof SaltError)) throw err;
    ctx.setRetcode(1);
    return err.message;
  }
}

export default defineModule({
  name: 'cp',
  doc: "Copy files from the master's file server (salt:// URLs) to the minion, list them and hash them; receive files sent by salt-cp.",
  functions: {
    recv: defineFunction({
      doc:
        'Receive files sent by salt-cp (without --chunked); not meant to be called by hand. `files` maps each\n' +
        "file's path on the master to its text; only the path's last component is used. Each file is written\n" +
        'to `dest` when `dest` is not a directory and has the same name or sits in an existing directory, else\n' +
        'into `dest` when it is a directory, keeping the mode of a file it replaces (0644 for a new one). No\n' +
        'directory is created. Every file is written whole or not at all.\n' +
        "Returns {<path written>: True, or False when the write failed}, or 'Destination unavailable' when\n" +
        "dest's directory does not exist. Raises an error for a relative `dest`, a file name without a last\n" +
        `component ('..', '/'), content that is not text, or more than ${SALT_CP_MAX_JOB_BYTES} bytes in all.`,
      example: "salt '*' cp.recv \"{'/srv/motd': 'Welcome'}\" /etc/motd  (salt-cp '*' /srv/motd /etc/motd sends this)",
      args: [
        { name: 'files', type: 'dict', required: true, doc: 'The files, {<path on the master>: <text>}.' },
        { name: 'dest', type: 'string', required: true, doc: 'Absolute destination on the minion: a file path, or a directory to write into.' },
      ],
      run(ctx, { files, dest }): Record<string, boolean> | string {
        const entries = Object.entries(files);
        let bytes = 0;
        for (const [source, data] of entries) {
          if (typeof data !== 'string') throw new SaltInvocationError(`cp.recv: the content of ${source} is not text`);
          bytes += Buffer.byteLength(data);
        }
        if (bytes > SALT_CP_MAX_JOB_BYTES) throw new SaltInvocationError(`cp.recv takes at most ${SALT_CP_MAX_JOB_BYTES} bytes of files; salt-cp --chunked sends more`);
        // Every target is checked before anything is written, as Salt returns at the first unavailable one.
        const targets = entries.map(([source]) => recvTarget(source, dest));
        if (targets.includes(null)) return 'Destination unavailable';
        const ret: Record<string, boolean> = {};
        for (const [i, [, data]] of entries.entries()) {
          const target = targets[i] as string;
          try {
            writeWhole(target, data as string);
            ret[target] = true;
          } catch (err) {
            ctx.log.error(`cp.recv: cannot write ${target}: ${errorMessage(err)}`);
            ret[target] = false;
          }
        }
        return ret;
      },
    }),
    recv_chunked: defineFunction({
      doc:
        'Receive one chunk of a file sent by salt-cp --chunked; not meant to be called by hand. The first\n' +
        "chunk (append False) creates dest's missing parent directories; the chunks gather in a hidden\n" +
        "sibling, '.<name>.<minion id>.salt-cp.part', and the last one (final True) puts the whole file in place at\n" +
        'once, with `mode` (the source file\'s) or else the mode of the file it replaces (0644 for a new one),\n' +
        'and the owner of the file it replaces. With `offset`, a chunk that does not start where the received\n' +
        'bytes end (a lost or late chunk) fails the copy, which then starts over from its first chunk.\n' +
        'A chunk of None creates `dest` as a directory (an empty directory on the master).\n' +
        'Returns True; "Path exists and is a file" when a file is where the directory should be; or the\n' +
        'error message, with retcode 1, when `dest` is relative or a directory, the chunk is malformed or\n' +
        `larger than ${SALT_CP_MAX_JOB_BYTES} bytes once decompressed, or the write fails.`,
      example: "salt '*' cp.recv_chunked /tmp/motd V2VsY29tZQo= compressed=False  (salt-cp -C '*' /srv/motd /tmp/motd sends this)",
      args: [
        { name: 'dest', type: 'string', required: true, doc: 'Absolute path of the file on the minion.' },
        { name: 'chunk', type: 'any', required: true, doc: 'The chunk, base64 (of gzip data when `compressed`); None for an empty directory.' },
        { name: 'append', type: 'boolean', default: false, doc: 'False for the first chunk of the file, True for the others.' },
        { name: 'compressed', type: 'boolean', default: true, doc: 'True when the chunk is gzip data.' },
        { name: 'mode', type: 'integer', doc: "The file's permission bits, e.g. 420 (0644)." },
        { name: 'final', type: 'boolean', default: true, doc: 'True for the last chunk of the file.' },
        { name: 'offset', type: 'integer', doc: 'Where the chunk starts in the file, in bytes; the chunk is refused (and the copy abandoned) unless exactly that many bytes were received.' },
      ],
      run(ctx, { dest, chunk, append, compressed, mode, final, offset }): true | string {
        if (chunk === null) return reported(ctx, () => makeEmptyDir(dest));
        return reported(ctx, () => {
          writeChunk(dest, unpackChunk(chunk, compressed), { append, final, mode, owner: ctx.opts.id, offset });
          return true;
        });
      },
    }),
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
    get_template: defineFunction({
      doc:
        "Render a template from the master and write the result to `dest` on the minion, as Salt's cp.get_template.\n" +
        'The template sees salt, grains, pillar, opts and the extra keyword arguments. Returns the destination path;\n' +
        "'' when the source does not exist, the engine is not available (logged), or dest's directory is missing and\n" +
        'makedirs is False. Raises SaltRenderError when the template fails, with the file, line and an excerpt.',
      example: "salt '*' cp.get_template salt://motd.j2 /etc/motd template=jinja",
      args: [
        SOURCE,
        { name: 'dest', type: 'string', required: true, doc: 'The file on the minion that receives the rendered text.' },
        { name: 'template', type: 'string', default: 'jinja', doc: 'The template engine: jinja or handlebars.' },
        SALTENV,
        { name: 'makedirs', type: 'boolean', default: false, doc: "Create dest's missing parent directories." },
      ],
      varkwargs: true,
      async run(ctx, a) {
        const url = saltUrl(a.path);
        if (!(await ctx.files.hashFile(url, a.saltenv))) return '';
        try {
          templateEngine(a.template);
        } catch {
          ctx.log.error(`Attempted to render template with unavailable engine ${a.template}`);
          return '';
        }
        const text = await fs.readFile(await ctx.files.cacheFile(url, a.saltenv), 'utf8');
        const vars = { grains: ctx.grains, pillar: ctx.pillar, opts: ctx.opts, ...cleanKwargs(a.__kwargs__) };
        const out = await renderFileTemplate({ engine: a.template, text, source: url, saltenv: a.saltenv, vars, salt: ctx.salt, files: ctx.files });
        const dest = path.resolve(a.dest);
        if (!a.makedirs && !(await isDir(path.dirname(dest)))) return '';
        try {
          await fs.mkdir(path.dirname(dest), { recursive: true });
          await fs.writeFile(dest, out);
        } catch (err) {
          throw new CommandExecutionError(`Unable to write ${dest}: ${errorMessage(err)}`);
        }
        return dest;
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
    list_master_dirs: defineFunction({
      doc:
        'List the directories holding files the master serves in `saltenv` (each parent too), as relative paths, sorted,\n' +
        "as Salt's cp.list_master_dirs. Empty directories are not listed. Raises an error for an unknown saltenv.",
      example: "salt '*' cp.list_master_dirs prefix=users/files/",
      args: [SALTENV, { name: 'prefix', type: 'string', default: '', doc: 'Only list paths that start with this prefix.' }],
      async run(ctx, { saltenv, prefix }) {
        const dirs = new Set<string>();
        for (const file of await ctx.files.listFiles(saltenv)) {
          for (let d = path.posix.dirname(file); d !== '.'; d = path.posix.dirname(d)) dirs.add(d);
        }
        return [...dirs].filter((d) => d.startsWith(prefix)).sort();
      },
    }),
    list_states: defineFunction({
      doc:
        "List the SLS names the master serves in `saltenv`, sorted, as Salt's cp.list_states: a/b.sls is a.b and\n" +
        'a/b/init.sls is a.b.',
      example: "salt '*' cp.list_states",
      args: [SALTENV],
      async run(ctx, { saltenv }) {
        const states = new Set<string>();
        for (const file of await ctx.files.listFiles(saltenv)) {
          if (!file.endsWith('.sls')) continue;
          states.add(file.replace(/\//g, '.').slice(0, file.endsWith('/init.sls') ? -9 : -4));
        }
        return [...states].sort();
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
