/**
 * Parsers for a process's files under /proc/<pid> (stat, status, statm,
 * cmdline), giving the figures psutil derives from them, which Salt's ps
 * module reports. Pure: each takes the file's content.
 */

/** The fields of /proc/<pid>/stat that ps reads (clock ticks are left as ticks). */
export interface PidStat {
  pid: number;
  /** The command name, up to 15 characters (may hold spaces and parentheses). */
  comm: string;
  /** One letter: R, S, D, Z, T, t, X, I... */
  state: string;
  ppid: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
  nice: number;
  numThreads: number;
  /** Start time, in clock ticks after boot. */
  starttime: number;
  /** The CPU it last ran on. */
  processor: number;
  /** Ticks spent waiting for block I/O (delayacct_blkio_ticks). */
  blkioTicks: number;
}

/**
 * Parse /proc/<pid>/stat. The name sits between the first '(' and the last ')', so one holding spaces or
 * parentheses is read whole; the fields after it are numbered from 3 (state) as in proc(5).
 * @returns undefined when the text is not a stat line
 */
export function parsePidStat(text: string): PidStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const f = text.slice(close + 2).trim().split(/\s+/);
  /** Field `n` of proc(5) (1-based, 3 = state), as a number. */
  const num = (n: number) => Number(f[n - 3] ?? NaN);
  const stat: PidStat = {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: f[0] ?? '',
    ppid: num(4),
    utime: num(14),
    stime: num(15),
    cutime: num(16),
    cstime: num(17),
    nice: num(19),
    numThreads: num(20),
    starttime: num(22),
    processor: num(39),
    blkioTicks: num(42),
  };
  return Number.isInteger(stat.pid) && Number.isFinite(stat.starttime) ? stat : undefined;
}

/** What ps reads of /proc/<pid>/status. */
export interface PidStatus {
  /** Real, effective and saved uid. */
  uids: [number, number, number];
  gids: [number, number, number];
  voluntaryCtxtSwitches: number;
  involuntaryCtxtSwitches: number;
}

/** Parse /proc/<pid>/status: Uid, Gid and the context switch counts (0 when a line is missing). */
export function parsePidStatus(text: string): PidStatus {
  const field = (key: string) => new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(text)?.[1].trim().split(/\s+/).map(Number) ?? [];
  const triple = (key: string): [number, number, number] => {
    const [real = 0, effective = real, saved = effective] = field(key);
    return [real, effective, saved];
  };
  return {
    uids: triple('Uid'),
    gids: triple('Gid'),
    voluntaryCtxtSwitches: field('voluntary_ctxt_switches')[0] ?? 0,
    involuntaryCtxtSwitches: field('nonvoluntary_ctxt_switches')[0] ?? 0,
  };
}

/** psutil's memory_info on Linux, in bytes, from /proc/<pid>/statm (pages). */
export interface MemoryInfo {
  rss: number;
  vms: number;
  shared: number;
  text: number;
  lib: number;
  data: number;
  dirty: number;
}

/** Parse /proc/<pid>/statm (size resident shared text lib data dirty, in pages) into bytes, as psutil. */
export function parseStatm(text: string, pageSize: number): MemoryInfo {
  const [vms = 0, rss = 0, shared = 0, txt = 0, lib = 0, data = 0, dirty = 0] = text.trim().split(/\s+/).map((n) => Number(n) * pageSize);
  return { rss, vms, shared, text: txt, lib, data, dirty };
}

/** Parse /proc/<pid>/cmdline: NUL-separated words, the trailing NUL dropped; [] for a kernel thread or zombie. */
export function parseCmdline(text: string): string[] {
  if (text === '') return [];
  const words = text.split('\0');
  if (words[words.length - 1] === '') words.pop();
  return words;
}

/**
 * psutil's process name: `comm`, unless it was cut at 15 characters and the basename of the first word of
 * the command line starts with it, then that basename.
 */
export function processName(comm: string, cmdline: string[]): string {
  if (comm.length < 15 || cmdline.length === 0) return comm;
  const base = cmdline[0].split('/').pop() ?? '';
  return base.startsWith(comm) ? base : comm;
}

/** psutil's status names for the state letters of /proc/<pid>/stat. */
const STATUS: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  T: 'stopped',
  t: 'tracing-stop',
  Z: 'zombie',
  X: 'dead',
  x: 'dead',
  K: 'wake-kill',
  W: 'waking',
  I: 'idle',
  P: 'parked',
};

/** psutil's status for a state letter ('S' gives 'sleeping'); an unknown letter is returned as it is. */
export function processStatus(state: string): string {
  return STATUS[state] ?? state;
}
