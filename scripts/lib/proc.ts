/**
 * What a process costs, read from Linux's /proc: CPU time, resident memory
 * (split into anonymous and file-backed pages) and open file descriptors.
 * The benchmark, the fuzzer and the soak sample the master with it.
 */
import fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** One reading of a process; memory in bytes, CPU in seconds. */
export interface ProcStats {
  /** User plus system CPU time since the process started, in seconds. */
  cpu: number;
  /** Resident set (VmRSS), in bytes. */
  rss: number;
  /** Its anonymous part (RssAnon: heaps, stacks, libzmq buffers), in bytes. */
  rssAnon: number;
  /** Its file-backed part (RssFile: code, and the job cache's mapped LMDB pages), in bytes. */
  rssFile: number;
  /** Peak resident set since the process started (VmHWM), in bytes. */
  hwm: number;
  /** Open file descriptors (entries of /proc/<pid>/fd). */
  fds: number;
}

/** A `Name:  N kB` field of /proc/<pid>/status, in bytes (0 when absent). */
function statusKb(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * Read CPU time, memory and open descriptors of process `pid`.
 * @throws Error (ENOENT) when the process does not exist; reading another user's fds needs the rights to
 */
export function procStats(pid: number): ProcStats {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces and parentheses): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    rss: statusKb(status, 'VmRSS'),
    rssAnon: statusKb(status, 'RssAnon'),
    rssFile: statusKb(status, 'RssFile'),
    hwm: statusKb(status, 'VmHWM'),
    fds: fs.readdirSync(`/proc/${pid}/fd`).length,
  };
}

/** Bytes as mebibytes with one decimal, for tables. */
export function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
