/**
 * How this Linux host is run, as Salt 3006 reports it: `init` (Salt's
 * `_linux_init_system`), `systemd` {version, features} (from `systemctl
 * --version`, when systemctl and localectl are installed), `selinux`
 * {enabled, enforced} (when selinuxenabled is installed), `kernelparams`,
 * `efi`, `efi-secure-boot`, `transactional` and `ps`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Grains } from '@brine/core/loader/define';
import { shlexSplit } from '@brine/core/shlex';
import { runTool } from './command';
import { exists, listDir, readText, which } from './read';

/** The init systems Salt looks for in the init binary's bytes, in its order. */
const INITS = ['upstart', 'sysvinit', 'systemd'];
/** How much of the init binary is read at a time (Salt's file_buffer_size default). */
const CHUNK = 262144;

/** The first of Salt's init names found in binary `file` (lowercased bytes), or undefined. */
function initInBinary(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(CHUNK);
    let edge = '';
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) {
      const text = edge + buf.subarray(0, n).toString('latin1').toLowerCase();
      const found = INITS.find((item) => text.includes(item));
      if (found) return found;
      edge = text.slice(-(Math.max(...INITS.map((i) => i.length)) - 1));
    }
  } catch {
    // unreadable: unknown, as Salt after logging
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return undefined;
}

/**
 * Salt's `init` grain: 'systemd' when /run/systemd/system exists; else from
 * pid 1's command line: an init binary ending in bin/init is searched for
 * upstart/sysvinit/systemd, and supervisord, dumb-init, tini, runit and
 * my_init are recognized; otherwise 'unknown'.
 */
export function initSystem(): string {
  if (exists('/run/systemd/system')) return 'systemd';
  const cmdline = readText('/proc/1/cmdline');
  if (cmdline === undefined) return 'unknown';
  const words = cmdline.replace(/\0/g, ' ').split(/\s+/).filter(Boolean);
  const bin = words[0] === undefined ? undefined : which(words[0]);
  if (bin?.endsWith('bin/init')) return initInBinary(bin) ?? 'unknown';
  const listed = (name: string): boolean => {
    const p = which(name);
    return p !== undefined && words.includes(p);
  };
  if (listed('supervisord')) return 'supervisord';
  if (listed('dumb-init')) return 'dumb-init';
  if (listed('tini')) return 'tini';
  if (words.length === 1 && words[0] === 'runit') return 'runit';
  if (words.includes('/sbin/my_init')) return 'runit';
  return 'unknown';
}

/** Salt's `systemd` grain from `systemctl --version`: the second word of its first line, and its second line. */
export function parseSystemctlVersion(out: string): { version: string; features: string } {
  const lines = out.split('\n');
  return { version: lines[0]?.split(/\s+/)[1] ?? '', features: lines[1] ?? '' };
}

/** The `systemd` grain when systemctl and localectl are installed (Salt's condition), else none. */
export async function systemdGrains(): Promise<Grains> {
  if (!which('systemctl') || !which('localectl')) return {};
  const res = await runTool('systemctl', ['--version']);
  return res ? { systemd: parseSystemctlVersion(res.stdout) } : {};
}

/**
 * The `selinux` grain when selinuxenabled is installed: `enabled` as its exit
 * code would say (selinuxfs mounted with an enforce file) and, when getenforce
 * is installed, `enforced` as it prints it (Enforcing, Permissive or Disabled).
 */
export function selinuxGrains(): Grains {
  if (!which('selinuxenabled')) return {};
  const enforce = readText('/sys/fs/selinux/enforce')?.trim();
  const enabled = enforce !== undefined;
  const enforced = !enabled ? 'Disabled' : enforce === '1' ? 'Enforcing' : 'Permissive';
  return { selinux: { enabled, ...(which('getenforce') ? { enforced } : {}) } };
}

/**
 * Salt's `kernelparams`: the kernel command line split as shlex does, each
 * word split at '=' into [name, value], value null unless there was exactly
 * one '=' (its double quotes stripped).
 */
export function parseKernelParams(cmdline: string): [string, string | null][] {
  return shlexSplit(cmdline).map((word) => {
    const parts = word.split('=');
    return [parts[0], parts.length === 2 ? parts[1].replace(/^"+|"+$/g, '') : null];
  });
}

/** The `kernelparams` grain of this host, none when /proc/cmdline cannot be read or split. */
export function kernelParamsGrains(): Grains {
  const text = readText('/proc/cmdline');
  if (text === undefined) return {};
  try {
    return { kernelparams: parseKernelParams(text) };
  } catch {
    return {};
  }
}

/**
 * Salt's `efi` (an EFI variables directory exists) and `efi-secure-boot` (its
 * SecureBoot variable's last byte is 1; unreadable counts as off).
 */
export function efiGrains(): Grains {
  const dir = ['/sys/firmware/efi/efivars', '/sys/firmware/efi/vars'].find(exists);
  let secure = false;
  if (dir) {
    const vars = listDir(dir).filter((n) => n.startsWith('SecureBoot-'));
    if (vars.length === 1) {
      const file = path.join(dir, vars[0], dir.endsWith('/vars') ? 'data' : '');
      try {
        const data = fs.readFileSync(file);
        secure = data.length > 0 && data[data.length - 1] === 1;
      } catch {
        secure = false;
      }
    }
  }
  return { efi: dir !== undefined, 'efi-secure-boot': secure };
}

/** Salt's `transactional`: true on hosts with transactional-update (openSUSE MicroOS, SLE Micro). */
export function transactional(): boolean {
  return which('transactional-update') !== undefined;
}
