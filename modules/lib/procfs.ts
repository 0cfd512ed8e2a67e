/**
 * Parsers for the system-wide files of /proc that Salt's status module
 * reads (meminfo, cpuinfo, uptime, mounts, stat), in Salt's shapes. Pure:
 * each takes the file's text, so tests give them snapshots and grains can
 * use them on files they read themselves.
 */

/** One /proc/meminfo line: the value as text, and its unit when the line has one. */
export interface MeminfoEntry {
  value: string;
  unit?: string;
}

/** Parse /proc/meminfo as Salt's status.meminfo: `{MemTotal: {value: '16316028', unit: 'kB'}, HugePages_Total: {value: '0'}}`. */
export function parseMeminfo(text: string): Record<string, MeminfoEntry> {
  const ret: Record<string, MeminfoEntry> = {};
  for (const line of text.split('\n')) {
    const comps = line.trim().split(/\s+/);
    if (comps.length < 2) continue;
    const key = comps[0].replace(/:/g, '');
    ret[key] = comps.length > 2 ? { value: comps[1], unit: comps[2] } : { value: comps[1] };
  }
  return ret;
}

/**
 * Parse /proc/cpuinfo as Salt's status.cpuinfo on Linux: one flat dict, each key taking the value of its
 * last line (so the last processor's), `flags` split into a list. As in Salt, a value ends at its next
 * colon; lines without a colon are skipped.
 */
export function parseCpuinfo(text: string): Record<string, string | string[]> {
  const ret: Record<string, string | string[]> = {};
  for (const line of text.split('\n')) {
    const comps = line.split(':');
    if (comps.length < 2) continue;
    const key = comps[0].trim();
    ret[key] = key === 'flags' ? comps[1].trim().split(/\s+/).filter(Boolean) : comps[1].trim();
  }
  return ret;
}

/**
 * Seconds since boot from /proc/uptime, truncated as Salt's `int(float(first field))`.
 * @returns undefined when the text does not start with a number
 */
export function parseUptime(text: string): number | undefined {
  const seconds = parseFloat(text.trim().split(/\s+/)[0]);
  return Number.isFinite(seconds) ? Math.trunc(seconds) : undefined;
}

/** One /proc/mounts line: the mount point (octal escapes such as \040 decoded) and the file system type. */
export interface Mount {
  mountpoint: string;
  fstype: string;
}

/** Parse /proc/mounts (or /proc/self/mounts): every line with at least three fields. */
export function parseMounts(text: string): Mount[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((comps) => comps.length >= 3)
    .map((comps) => ({ mountpoint: unescape(comps[1]), fstype: comps[2] }));
}

/** The boot time, in seconds since the epoch, from /proc/stat's `btime` line. @returns undefined when absent */
export function parseBootTime(text: string): number | undefined {
  const m = /^btime\s+(\d+)$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}
