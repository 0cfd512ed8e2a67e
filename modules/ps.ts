/**
 * Salt's `ps` execution module on Linux: list, find, inspect and signal
 * processes (MCollective's "process list"). Salt reads processes through
 * psutil; brine reads the same /proc files psutil reads on Linux
 * (lib/proc-pid.ts) and reports psutil's names, units and shapes.
 */
import { promises as fs } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { mustRunArgv } from './lib/argv';
import { parseBootTime } from './lib/procfs';
import {
  parseCmdline,
  parsePidStat,
  parsePidStatus,
  parseStatm,
  processName,
  processStatus,
  type PidStat,
} from './lib/proc-pid';

/** What turning /proc figures into psutil's needs, read once per call. */
interface Host {
  /** Clock ticks per second (sysconf CLK_TCK). */
  ticks: number;
  /** Bytes per page (sysconf PAGESIZE). */
  pageSize: number;
  /** Boot time, seconds since the epoch. */
  bootTime: number;
  /** User names by uid, from /etc/passwd. */
  users: Map<number, string>;
}

/** A getconf value, cached for the loader's life. @throws CommandExecutionError when getconf fails or prints no number */
async function sysconf(ctx: ExecContext, name: 'CLK_TCK' | 'PAGESIZE'): Promise<number> {
  const key = `sysconf:${name}`;
  const cached = ctx.cache.get(key);
  if (typeof cached === 'number') return cached;
  const value = Number((await mustRunArgv(ctx, ['getconf', name])).trim());
  if (!Number.isInteger(value) || value <= 0) throw new CommandExecutionError(`getconf ${name} did not print a positive number`);
  ctx.cache.set(key, value);
  return value;
}

/** Read a file, or undefined when it cannot be read (the process ended, or belongs to another user). */
async function readOr(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch(() => undefined);
}

async function host(ctx: ExecContext): Promise<Host> {
  const bootTime = parseBootTime((await readOr('/proc/stat')) ?? '');
  if (bootTime === undefined) throw new CommandExecutionError('Cannot read the boot time from /proc/stat');
  const users = new Map<number, string>();
  for (const line of ((await readOr('/etc/passwd')) ?? '').split('\n')) {
    const [name, , uid] = line.split(':');
    if (uid !== undefined && !users.has(Number(uid))) users.set(Number(uid), name);
  }
  return { ticks: await sysconf(ctx, 'CLK_TCK'), pageSize: await sysconf(ctx, 'PAGESIZE'), bootTime, users };
}

/** Every pid in /proc, ascending (psutil.pids()). */
async function pids(): Promise<number[]> {
  return (await fs.readdir('/proc')).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
}

/** One process as read now; undefined when it is gone. */
async function stat(pid: number): Promise<PidStat | undefined> {
  const text = await readOr(`/proc/${pid}/stat`);
  return text === undefined ? undefined : parsePidStat(text);
}

/** A process and the files ps reports from. */
interface Proc {
  stat: PidStat;
  cmdline: string[];
  /** Undefined when /proc/<pid>/status could not be read. */
  uids?: [number, number, number];
  gids?: [number, number, number];
  ctxSwitches?: [number, number];
}

/** Read process `pid`'s stat, cmdline and status; undefined when it is gone. */
async function readProcess(pid: number): Promise<Proc | undefined> {
  const st = await stat(pid);
  if (!st) return undefined;
  const cmdline = parseCmdline((await readOr(`/proc/${pid}/cmdline`)) ?? '');
  const statusText = await readOr(`/proc/${pid}/status`);
  if (statusText === undefined) return { stat: st, cmdline };
  const status = parsePidStatus(statusText);
  return { stat: st, cmdline, uids: status.uids, gids: status.gids, ctxSwitches: [status.voluntaryCtxtSwitches, status.involuntaryCtxtSwitches] };
}

/** psutil's username: the name of the real uid, or the uid as text when it has none; null when unreadable. */
function username(h: Host, p: Proc): string | null {
  if (!p.uids) return null;
  return h.users.get(p.uids[0]) ?? String(p.uids[0]);
}

/** psutil's cpu_times (seconds), in its field order. */
function cpuTimes(h: Host, s: PidStat): { user: number; system: number; children_user: number; children_system: number; iowait: number } {
  return { user: s.utime / h.ticks, system: s.stime / h.ticks, children_user: s.cutime / h.ticks, children_system: s.cstime / h.ticks, iowait: s.blkioTicks / h.ticks };
}

/** psutil's create_time: boot time plus the start time, in seconds since the epoch. */
function createTime(h: Host, s: PidStat): number {
  return h.bootTime + s.starttime / h.ticks;
}

/** psutil's memory_info of `pid` (bytes), or null when it cannot be read. */
async function memoryInfo(h: Host, pid: number) {
  const text = await readOr(`/proc/${pid}/statm`);
  return text === undefined ? null : parseStatm(text, h.pageSize);
}

/** A link under /proc/<pid>, or `missing` when it does not exist (a kernel thread), null when it is not readable. */
async function link(pid: number, name: string, missing: string | null): Promise<string | null> {
  try {
    return await fs.readlink(`/proc/${pid}/${name}`);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? missing : null;
  }
}

/** The attributes proc_info can report, as psutil names them; namedtuples are lists, as they reach Salt's output. */
const ATTRS: Record<string, (h: Host, p: Proc) => unknown> = {
  pid: (_h, p) => p.stat.pid,
  ppid: (_h, p) => p.stat.ppid,
  name: (_h, p) => processName(p.stat.comm, p.cmdline),
  exe: (_h, p) => link(p.stat.pid, 'exe', ''),
  cmdline: (_h, p) => p.cmdline,
  status: (_h, p) => processStatus(p.stat.state),
  username: (h, p) => username(h, p),
  uids: (_h, p) => p.uids ?? null,
  gids: (_h, p) => p.gids ?? null,
  create_time: (h, p) => createTime(h, p.stat),
  cwd: (_h, p) => link(p.stat.pid, 'cwd', null),
  num_threads: (_h, p) => p.stat.numThreads,
  nice: (_h, p) => p.stat.nice,
  cpu_times: (h, p) => Object.values(cpuTimes(h, p.stat)),
  memory_info: async (h, p) => {
    const mem = await memoryInfo(h, p.stat.pid);
    return mem && Object.values(mem);
  },
  num_fds: (_h, p) => fs.readdir(`/proc/${p.stat.pid}/fd`).then((fds) => fds.length, () => null),
  num_ctx_switches: (_h, p) => p.ctxSwitches ?? null,
  cpu_num: (_h, p) => p.stat.processor,
};

/** The processes whose name (or, with `full`, command line) contains `pattern` (or matches it, with `regex`), owned by `user` when given. */
async function matching(ctx: ExecContext, pattern: string, user: string | undefined, full: boolean, regex: boolean): Promise<number[]> {
  let re: RegExp | undefined;
  if (regex) {
    try {
      re = new RegExp(pattern);
    } catch (err) {
      throw new SaltInvocationError(`Invalid pattern '${pattern}': ${errorMessage(err)}`);
    }
  }
  const h = await host(ctx);
  const found: number[] = [];
  for (const pid of await pids()) {
    const p = await readProcess(pid);
    if (!p) continue;
    const line = full ? p.cmdline.join(' ') : processName(p.stat.comm, p.cmdline);
    if ((re ? re.test(line) : line.includes(pattern)) && (user === undefined || user === username(h, p))) found.push(pid);
  }
  return found;
}

const PATTERN_ARGS = [
  { name: 'pattern', type: 'string', required: true, doc: 'Text to look for in the process name (or command line, with full=True).' },
  { name: 'user', type: 'string', doc: 'Only processes of this user (by name). Default: all users.' },
] as const;
const FULL_ARG = { name: 'full', type: 'boolean', default: false, doc: 'Match against the full command line instead of the process name.' } as const;

export default defineModule({
  name: 'ps',
  doc: 'List, find, inspect and signal processes (from /proc, with psutil\'s names and units), as Salt\'s ps module on Linux.',
  functions: {
    top: defineFunction({
      doc:
        'Return the processes that used the most CPU during `interval` seconds, busiest first, at most\n' +
        '`num_processes` (0: all). Each is `{cmd, user, status, pid, create_time, cpu, mem}`: cmd is the\n' +
        'command line as a list (the name when it is empty), create_time in seconds since the epoch,\n' +
        'cpu `{user, system, children_user, children_system, iowait}` in seconds, mem\n' +
        '`{rss, vms, shared, text, lib, data, dirty}` in bytes. Waits `interval` seconds; fails when the job is killed meanwhile.',
      example: "salt '*' ps.top 5 10",
      args: [
        { name: 'num_processes', type: 'integer', default: 5, doc: 'How many processes to return; 0 for all.' },
        { name: 'interval', type: 'number', default: 3, doc: 'Seconds to measure CPU use over.' },
      ],
      async run(ctx, { num_processes, interval }) {
        if (num_processes < 0) throw new SaltInvocationError(`num_processes must be 0 or more, got ${num_processes}`);
        if (interval < 0) throw new SaltInvocationError(`interval must be 0 or more seconds, got ${interval}`);
        const h = await host(ctx);
        const start = new Map<number, number>();
        for (const pid of await pids()) {
          const s = await stat(pid);
          if (s) start.set(pid, s.utime + s.stime);
        }
        try {
          await sleep(interval * 1000, undefined, { signal: ctx.signal });
        } catch (err) {
          throw new CommandExecutionError(`ps.top was interrupted: ${errorMessage(ctx.signal.reason ?? err)}`);
        }
        const usage: Array<{ pid: number; diff: number }> = [];
        for (const [pid, before] of start) {
          const s = await stat(pid);
          if (s) usage.push({ pid, diff: s.utime + s.stime - before });
        }
        usage.sort((a, b) => b.diff - a.diff || b.pid - a.pid);
        const result = [];
        for (const { pid } of num_processes ? usage.slice(0, num_processes) : usage) {
          const p = await readProcess(pid);
          if (!p) continue;
          result.push({
            cmd: p.cmdline.length ? p.cmdline : processName(p.stat.comm, p.cmdline),
            user: username(h, p),
            status: processStatus(p.stat.state),
            pid,
            create_time: createTime(h, p.stat),
            cpu: cpuTimes(h, p.stat),
            mem: (await memoryInfo(h, pid)) ?? {},
          });
        }
        return result;
      },
    }),
    pgrep: defineFunction({
      doc:
        'Return the pids of the processes whose name (or full command line, with full=True) contains\n' +
        '`pattern` (or matches it as a regular expression, with pattern_is_regex=True), owned by `user` when\n' +
        'given; None when there are none. Raises SaltInvocationError for an invalid regular expression.',
      example: "salt '*' ps.pgrep bash user=tom",
      args: [...PATTERN_ARGS, FULL_ARG, { name: 'pattern_is_regex', type: 'boolean', default: false, doc: 'Treat pattern as a regular expression, as pgrep(1) does.' }],
      async run(ctx, { pattern, user, full, pattern_is_regex }) {
        const found = await matching(ctx, pattern, user, full, pattern_is_regex);
        return found.length ? found : null;
      },
    }),
    pkill: defineFunction({
      doc:
        'Send `signal` to the processes whose name (or full command line, with full=True) contains `pattern`,\n' +
        "owned by `user` when given. Returns `{killed: [pids]}`, or None when no process matched. Raises\n" +
        'CommandExecutionError when a matching process may not be signalled (another user\'s), SaltInvocationError for a bad signal.',
      example: "salt '*' ps.pkill httpd signal=1",
      args: [...PATTERN_ARGS, { name: 'signal', type: 'integer', default: 15, doc: 'Signal number, e.g. 1 (HUP), 9 (KILL). Default: 15 (TERM).' }, FULL_ARG],
      async run(ctx, { pattern, user, signal, full }) {
        if (signal < 1 || signal > 64) throw new SaltInvocationError(`Invalid signal ${signal}: use a number from 1 to 64`);
        const killed: number[] = [];
        for (const pid of await matching(ctx, pattern, user, full, false)) {
          try {
            process.kill(pid, signal);
            killed.push(pid);
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'EPERM') throw new CommandExecutionError(`Permission denied to signal process ${pid} (pid=${pid})`);
            if (code !== 'ESRCH') throw new CommandExecutionError(`Cannot signal process ${pid}: ${errorMessage(err)}`);
          }
        }
        return killed.length ? { killed } : null;
      },
    }),
    proc_info: defineFunction({
      doc:
        'Return information about process `pid` as psutil\'s as_dict: by default every attribute brine reads\n' +
        `(${Object.keys(ATTRS).join(', ')}), or only those in \`attrs\`. Tuples are lists in psutil's order:\n` +
        'uids/gids [real, effective, saved], cpu_times [user, system, children_user, children_system, iowait]\n' +
        '(seconds), memory_info [rss, vms, shared, text, lib, data, dirty] (bytes), num_ctx_switches\n' +
        "[voluntary, involuntary]. An attribute that cannot be read (another user's cwd) is None.\n" +
        'Raises CommandExecutionError "process PID not found (pid=N)" for a missing process, SaltInvocationError\n' +
        "\"invalid attr name 'x'\" for an attribute brine does not read.",
      example: 'salt \'*\' ps.proc_info 2322 attrs=\'["pid", "name"]\'',
      args: [
        { name: 'pid', type: 'integer', required: true, doc: 'Process id.' },
        { name: 'attrs', type: 'list', items: 'string', doc: 'Attribute names to return. Default: all.' },
      ],
      async run(ctx, { pid, attrs }) {
        const names = attrs ?? Object.keys(ATTRS);
        const invalid = names.filter((n) => !Object.hasOwn(ATTRS, n));
        if (invalid.length) throw new SaltInvocationError(`invalid attr name${invalid.length > 1 ? 's' : ''} ${invalid.map((n) => `'${n}'`).join(', ')}`);
        const p = await readProcess(pid);
        if (!p) throw new CommandExecutionError(`process PID not found (pid=${pid})`);
        const h = await host(ctx);
        const entries = await Promise.all(names.map(async (n) => [n, await ATTRS[n](h, p)] as const));
        return Object.fromEntries(entries);
      },
    }),
  },
});
