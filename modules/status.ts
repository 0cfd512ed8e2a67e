/**
 * Salt's `status` execution module on Linux: uptime, load, memory, CPU,
 * disk space, logged-in users and processes, from /proc, statfs, `who`,
 * `w` and `ps`, in Salt's shapes.
 */
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { CommandExecutionError, errorMessage } from '@brine/core/errors';
import { defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { expectResult } from '@brine/core/loader/expect';
import { globMatch } from '@brine/core/matchers/glob';
import { runArgv } from './lib/argv';
import { parseCpuinfo, parseMeminfo, parseMounts, parseUptime } from './lib/procfs';

/** status.uptime's answer, keys in Salt's order. */
export interface Uptime {
  /** Whole seconds since boot. */
  seconds: number;
  /** Boot time in UTC, ISO 8601 without a zone, to the microsecond (Python's naive isoformat). */
  since_iso: string;
  /** Boot time in whole seconds since the epoch. */
  since_t: number;
  days: number;
  /** Hours and minutes past the days, 'H:M' unpadded ('0:40', '13:5'). */
  time: string;
  /** Lines `who -s` printed (1 when it printed none, as Salt counts); absent when who is not installed. */
  users?: number;
}

/** Python's `datetime.isoformat()` of a naive UTC datetime `us` microseconds after the epoch: the fraction only when non-zero. */
function isoMicros(us: number): string {
  const frac = us % 1_000_000;
  const base = new Date((us - frac) / 1000).toISOString().slice(0, 19);
  return frac === 0 ? base : `${base}.${String(frac).padStart(6, '0')}`;
}

/**
 * status.uptime's figures from `seconds` since boot at `now` (seconds since the epoch, fractional), as Salt
 * computes them; `users` is added by the caller.
 */
export function uptimeFigures(seconds: number, now: number): Uptime {
  const rest = seconds % 86400;
  return {
    seconds,
    since_iso: isoMicros(Math.round((now - seconds) * 1e6)),
    since_t: Math.trunc(now - seconds),
    days: Math.floor(seconds / 86400),
    time: `${Math.floor(rest / 3600)}:${Math.floor((rest % 3600) / 60)}`,
  };
}

/** One logged-in session, as Salt's status.w on Linux. */
export interface Session {
  idle: string;
  jcpu: string;
  login: string;
  pcpu: string;
  tty: string;
  user: string;
  what: string;
}

/** Parse `w -fh` output (no header, no FROM column): USER TTY LOGIN@ IDLE JCPU PCPU WHAT. Short lines are skipped. */
export function parseW(out: string): Session[] {
  return out
    .split('\n')
    .map((row) => row.trim().split(/\s+/))
    .filter((comps) => comps.length >= 6)
    .map((comps) => ({ idle: comps[3], jcpu: comps[4], login: comps[2], pcpu: comps[5], tty: comps[1], user: comps[0], what: comps.slice(6).join(' ') }));
}

/**
 * Parse `ps` output as Salt's status.procs: the header locates the USER (or UID), PID and COMMAND (or CMD)
 * columns; each process becomes `{pid: {user, cmd}}`, the command's words joined by single spaces.
 */
export function parsePs(out: string): Record<string, { user: string; cmd: string }> {
  const [header = '', ...rows] = out.split('\n');
  const guide = header.trim().split(/\s+/);
  /** The column of the first of `names` the header has, else 0. */
  const column = (...names: string[]) => Math.max(0, guide.indexOf(names.find((n) => guide.includes(n)) ?? ''));
  const uind = column('USER', 'UID');
  const pind = column('PID');
  const cind = column('COMMAND', 'CMD');
  const ret: Record<string, { user: string; cmd: string }> = {};
  for (const row of rows) {
    const comps = row.trim().split(/\s+/);
    if (comps[0] === '') continue;
    ret[comps[pind]] = { user: comps[uind], cmd: comps.slice(cind).join(' ') };
  }
  return ret;
}

/** Read a /proc file, or raise Salt's "File x was not found." */
function readProc(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new CommandExecutionError(`File ${file} was not found.`);
  }
}

/** The output of a command run through cmd.run_stdout (a shell command line, as Salt's). */
async function runStdout(ctx: ExecContext, cmd: string): Promise<string> {
  return expectResult('cmd.run_stdout', await ctx.salt.call('cmd.run_stdout', [cmd]), (v): v is string => typeof v === 'string', 'a string');
}

/** Lines `who -s` prints, counted as Salt does (an empty output counts 1), or undefined when who cannot run. */
async function whoCount(ctx: ExecContext): Promise<number | undefined> {
  try {
    return (await runArgv(ctx, ['who', '-s'])).stdout.replace(/\s+$/, '').split('\n').length;
  } catch (err) {
    ctx.log.debug(`who -s: ${errorMessage(err)}`);
    return undefined;
  }
}

/**
 * File system types status.diskusage leaves out unless a path or a type asks
 * for them: network and remote file systems, whose statfs can block for as
 * long as the server is gone (a hard NFS mount: forever).
 */
export const NETWORK_FSTYPES: readonly string[] = [
  'nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'ncpfs', 'afs', '9p', 'ceph', 'glusterfs', 'lustre', 'gpfs', 'coda', 'davfs',
  'fuse.sshfs', 'fuse.s3fs', 'fuse.glusterfs', 'fuse.ceph', 'fuse.rclone', 'fuse.gcsfuse',
];

/** How long status.diskusage waits for one file system's statfs, in milliseconds. */
export const STATFS_TIMEOUT_MS = 5000;

/** The statfs call status.diskusage makes (Node's fs.promises.statfs; tests pass their own). */
export type Statfs = (path: string) => Promise<{ bavail: number; blocks: number; bsize: number }>;

/**
 * statfs calls not yet answered, by path. A dead mount ties up a libuv thread until it answers; a later
 * diskusage of the same path waits on that call instead of tying up another.
 */
const pendingStatfs = new Map<string, ReturnType<Statfs>>();

/**
 * Total and available bytes of the file system holding `path` (statvfs: blocks and bavail times bsize, as Salt),
 * read asynchronously so a dead mount never blocks the minion.
 * @throws CommandExecutionError when statfs fails, or gives no answer within `timeoutMs`
 */
export async function statfsUsage(path: string, statfs: Statfs = fs.promises.statfs, timeoutMs = STATFS_TIMEOUT_MS): Promise<{ available: number; total: number }> {
  let call = pendingStatfs.get(path);
  if (!call) {
    call = statfs(path).finally(() => pendingStatfs.delete(path));
    pendingStatfs.set(path, call);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s (a dead network mount?)`)), timeoutMs);
  });
  try {
    const st = await Promise.race([call, timeout]);
    return { available: st.bavail * st.bsize, total: st.blocks * st.bsize };
  } catch (err) {
    throw new CommandExecutionError(`Cannot read the disk usage of ${path}: ${errorMessage(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The paths status.diskusage reports for its arguments `words` on a machine whose /proc/mounts is `mounts`:
 * each word starting with / as given, plus the mount points whose type matches a word (a glob). With no words,
 * every mount point except those of {@link NETWORK_FSTYPES}.
 */
export function diskusagePaths(words: string[], mounts: string): string[] {
  const selected = new Set(words.filter((w) => w.startsWith('/')));
  const fstypes = words.filter((w) => !w.startsWith('/'));
  for (const m of parseMounts(mounts)) {
    if (words.length ? fstypes.some((t) => globMatch(t, m.fstype)) : !NETWORK_FSTYPES.includes(m.fstype)) selected.add(m.mountpoint);
  }
  return [...selected];
}

export default defineModule({
  name: 'status',
  doc: "The minion's uptime, load, memory, CPU, disk space, users and processes, as Salt's status module on Linux.",
  functions: {
    uptime: defineFunction({
      doc:
        'Return the uptime as `{seconds, since_iso, since_t, days, time, users}`: whole seconds since boot\n' +
        "(/proc/uptime), the boot time in UTC as ISO 8601 ('2026-12-01T06:27:54.853070') and in seconds since\n" +
        "the epoch, whole days, 'H:M' past them, and the line count of `who -s` (left out when who is not\n" +
        'installed). Raises CommandExecutionError "File /proc/uptime was not found." without /proc.',
      example: "salt '*' status.uptime",
      args: [],
      async run(ctx) {
        const now = (performance.timeOrigin + performance.now()) / 1000;
        const seconds = parseUptime(readProc('/proc/uptime'));
        if (seconds === undefined) throw new CommandExecutionError('/proc/uptime does not start with a number of seconds');
        const users = await whoCount(ctx);
        return { ...uptimeFigures(seconds, now), ...(users !== undefined && { users }) };
      },
    }),
    loadavg: defineFunction({
      doc: "Return the load averages as `{'1-min': 0.15, '5-min': 0.2, '15-min': 0.1}` (runnable processes, as getloadavg).",
      example: "salt '*' status.loadavg",
      args: [],
      run: () => {
        const [one, five, fifteen] = os.loadavg();
        return { '1-min': one, '5-min': five, '15-min': fifteen };
      },
    }),
    meminfo: defineFunction({
      doc: "Return /proc/meminfo as `{MemTotal: {value: '16316028', unit: 'kB'}, ...}` (values are strings; counts have no unit). {} without /proc.",
      example: "salt '*' status.meminfo",
      args: [],
      run: () => (fs.existsSync('/proc/meminfo') ? parseMeminfo(readProc('/proc/meminfo')) : {}),
    }),
    cpuinfo: defineFunction({
      doc:
        'Return /proc/cpuinfo as one flat dict of its fields (`model name`, `cpu MHz`, ...), the last processor\n' +
        'giving each value, with `flags` as a list, as Salt does. {} without /proc.',
      example: "salt '*' status.cpuinfo",
      args: [],
      run: () => (fs.existsSync('/proc/cpuinfo') ? parseCpuinfo(readProc('/proc/cpuinfo')) : {}),
    }),
    diskusage: defineFunction({
      doc:
        'Return `{path: {available, total}}` in bytes (statvfs: available to unprivileged users, and the size)\n' +
        "for the given paths (arguments starting with /) and the mount points of the given file system types\n" +
        "(globs such as 'ext?'). Without arguments: every mount point except network file systems (nfs, nfs4,\n" +
        'cifs, smb3, fuse.sshfs, ceph, glusterfs and the like), which are reported only when asked for by path or\n' +
        'type. Each statfs runs off the main thread with a 5 s limit, so a dead mount cannot block the minion.\n' +
        'Raises CommandExecutionError for a path that cannot be read or does not answer in time.',
      example: "salt '*' status.diskusage / ext?",
      args: [],
      varargs: true,
      run: async (_ctx, { __args__ }) => {
        const paths = diskusagePaths(__args__.map(String), readProc('/proc/mounts'));
        const usage = await Promise.all(paths.map((p) => statfsUsage(p)));
        return Object.fromEntries(paths.map((p, i) => [p, usage[i]]));
      },
    }),
    w: defineFunction({
      doc: 'Return the logged-in sessions from `w -fh` as a list of `{user, tty, login, idle, jcpu, pcpu, what}` (strings as w prints them).',
      example: "salt '*' status.w",
      args: [],
      run: async (ctx) => parseW(await runStdout(ctx, 'w -fh')),
    }),
    procs: defineFunction({
      doc:
        "Return the processes as `{pid: {user, cmd}}`, from the command in the `ps` grain ('ps -efHww' when\n" +
        'unset), as Salt does.',
      example: "salt '*' status.procs",
      args: [],
      run: async (ctx) => parsePs(await runStdout(ctx, typeof ctx.grains.ps === 'string' ? ctx.grains.ps : 'ps -efHww')),
    }),
  },
});
