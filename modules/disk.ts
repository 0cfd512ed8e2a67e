/**
 * Salt's `disk` execution module on Linux: block and inode usage of the
 * mounted file systems, from POSIX `df` output, with Salt's keys.
 */
import fs from 'node:fs';
import { CommandExecutionError } from '@brine/core/errors';
import { defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { runArgv } from './lib/argv';

/** Block usage of one mount point, as df -P prints it (strings, in 1K blocks). */
export interface DiskUsage {
  filesystem: string;
  '1K-blocks': string;
  used: string;
  available: string;
  /** Use percentage with its sign, e.g. '23%'. */
  capacity: string;
}

/** Inode usage of one mount point, as df -iP prints it (strings). */
export interface InodeUsage {
  inodes: string;
  used: string;
  free: string;
  /** Use percentage with its sign, e.g. '4%'. */
  use: string;
  filesystem: string;
}

/** The df flags Salt passes through (`_clean_flags`). */
const ALLOWED_FLAGS = new Set(['a', 'B', 'h', 'H', 'i', 'k', 'l', 'P', 't', 'T', 'x', 'v']);

/**
 * The flags `args` asks for, as Salt's `_clean_flags`: each character must be one df flag Salt allows.
 * @throws CommandExecutionError "Invalid flag passed to <caller>" for any other
 */
export function cleanFlags(args: string | undefined, caller: string): string {
  if (!args) return '';
  for (const flag of args) if (!ALLOWED_FLAGS.has(flag)) throw new CommandExecutionError(`Invalid flag passed to ${caller}`);
  return args;
}

/**
 * Parse `df -P` output as Salt's disk.usage on Linux: keyed by mount point; a file system name that holds
 * spaces is joined back (words are joined until the next is a number), and a line holding only the name
 * (df wrapped it) is joined with the next.
 */
export function parseDfUsage(out: string): Record<string, DiskUsage> {
  const ret: Record<string, DiskUsage> = {};
  let oldline: string | undefined;
  for (let line of out.split('\n')) {
    if (!line || line.startsWith('Filesystem')) continue;
    if (oldline) line = `${oldline} ${line}`;
    const comps = line.trim().split(/\s+/);
    if (comps.length === 1) {
      oldline = line;
      continue;
    }
    oldline = undefined;
    while (comps.length >= 2 && !/^\d+$/.test(comps[1])) comps.splice(0, 2, `${comps[0]} ${comps[1]}`);
    if (comps.length < 6) continue;
    ret[comps[5]] = { filesystem: comps[0], '1K-blocks': comps[1], used: comps[2], available: comps[3], capacity: comps[4] };
  }
  return ret;
}

/** Parse `df -iP` output as Salt's disk.inodeusage on Linux: keyed by mount point. */
export function parseDfInodes(out: string): Record<string, InodeUsage> {
  const ret: Record<string, InodeUsage> = {};
  for (const line of out.split('\n')) {
    if (line.startsWith('Filesystem')) continue;
    const comps = line.trim().split(/\s+/);
    if (comps.length < 6) continue;
    ret[comps[5]] = { inodes: comps[1], used: comps[2], free: comps[3], use: comps[4], filesystem: comps[0] };
  }
  return ret;
}

/**
 * Run df with `base` flags and the user's, and return its output. df's exit code is not checked: it exits 1
 * when one file system cannot be read, and still lists the others.
 */
async function df(ctx: ExecContext, base: string, flags: string): Promise<string> {
  const res = await runArgv(ctx, ['df', base, ...(flags ? [`-${flags}`] : [])]);
  if (res.retcode !== 0) ctx.log.debug(`df ${base} exited ${res.retcode}: ${res.stderr}`);
  return res.stdout;
}

const ARGS_ARG = {
  name: 'args',
  type: 'string',
  doc: `Extra df flags as one word, e.g. 'l' (local file systems only). Allowed: ${[...ALLOWED_FLAGS].join(' ')}.`,
} as const;

export default defineModule({
  name: 'disk',
  doc: 'Disk and inode usage of the mounted file systems, from df, as Salt\'s disk module on Linux.',
  functions: {
    usage: defineFunction({
      doc:
        'Return block usage per mount point from `df -P`: `{mountpoint: {filesystem, 1K-blocks, used,\n' +
        "available, capacity}}`, sizes in 1K blocks and capacity as a percentage ('23%'), all strings as df\n" +
        'prints them. Returns {} when /etc/mtab is missing (df cannot run without it). Raises\n' +
        'CommandExecutionError "Invalid flag passed to disk.usage" for a flag df is not allowed.',
      example: "salt '*' disk.usage",
      args: [ARGS_ARG],
      async run(ctx, { args }) {
        const flags = cleanFlags(args, 'disk.usage');
        if (!fs.existsSync('/etc/mtab')) {
          ctx.log.error('df cannot run without /etc/mtab');
          return {};
        }
        return parseDfUsage(await df(ctx, '-P', flags));
      },
    }),
    inodeusage: defineFunction({
      doc:
        'Return inode usage per mount point from `df -iP`: `{mountpoint: {inodes, used, free, use, filesystem}}`,\n' +
        "counts as strings and use as a percentage ('4%'). Raises CommandExecutionError\n" +
        '"Invalid flag passed to disk.inodeusage" for a flag df is not allowed.',
      example: "salt '*' disk.inodeusage",
      args: [ARGS_ARG],
      run: async (ctx, { args }) => parseDfInodes(await df(ctx, '-iP', cleanFlags(args, 'disk.inodeusage'))),
    }),
  },
});
