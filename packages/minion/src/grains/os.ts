/**
 * Operating system grains as Salt derives them: `os`, `os_family`,
 * `osfullname`, `osrelease`, `osrelease_info`, `osmajorrelease`, `oscodename`
 * from os-release(5), and `kernel`, `kernelrelease`, `kernelversion` from uname.
 */
import os from 'node:os';
import { parseEnv } from 'node:util';
import type { Grains } from '@brine/core/loader/define';
import { readFirst } from './read';

/** Salt's `os` for distributions whose name does not shorten to it (keyed by the first ten letters, lowercased, no spaces). */
const OS_NAME: Record<string, string> = {
  redhatente: 'RedHat',
  linuxmint: 'Mint',
  amazonami: 'Amazon',
  oracleserv: 'OEL',
  cloudlinux: 'CloudLinux',
  almalinux: 'AlmaLinux',
  sles: 'SUSE',
  scientific: 'ScientificLinux',
  archarm: 'Arch ARM',
};

/** Salt's `os_family` of each `os`; any other `os` is its own family. */
const OS_FAMILY: Record<string, string> = {
  Ubuntu: 'Debian', Mint: 'Debian', Raspbian: 'Debian', Devuan: 'Debian', Kali: 'Debian', Pop: 'Debian', 'KDE neon': 'Debian',
  Fedora: 'RedHat', CentOS: 'RedHat', 'CentOS Stream': 'RedHat', Rocky: 'RedHat', AlmaLinux: 'RedHat', Amazon: 'RedHat',
  CloudLinux: 'RedHat', OEL: 'RedHat', ScientificLinux: 'RedHat', 'VMware Photon OS': 'RedHat',
  SUSE: 'Suse', SLES: 'Suse', 'SUSE Enterprise Server': 'Suse', openSUSE: 'Suse', 'openSUSE Leap': 'Suse', 'openSUSE Tumbleweed': 'Suse',
  Manjaro: 'Arch', 'Arch ARM': 'Arch', Funtoo: 'Gentoo',
};

/**
 * Salt's `os` grain from `osfullname` (os-release NAME): drop a trailing
 * '(GNU/)Linux' word, then map known long names ('Red Hat Enterprise' → 'RedHat').
 * @example deriveOs('Debian GNU/Linux') === 'Debian'; deriveOs('Rocky Linux') === 'Rocky'
 */
export function deriveOs(fullname: string): string {
  const distro = fullname.replace(/\W(?:gnu\/)?linux/gi, '').trim();
  return OS_NAME[distro.replace(/ /g, '').toLowerCase().slice(0, 10)] ?? distro;
}

/** Salt's `os_family` of an `os` grain ('Ubuntu' → 'Debian'). */
export function osFamily(osName: string): string {
  return OS_FAMILY[osName] ?? osName;
}

/**
 * Release grains from an os-release VERSION_ID: `osrelease_info` splits it on
 * dots with numeric parts as numbers ('22.04' → [22, 4]); `osmajorrelease` is
 * its first part when numeric.
 */
export function releaseGrains(osrelease: string): Grains {
  const info = osrelease.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return { osrelease, osrelease_info: info, ...(typeof info[0] === 'number' ? { osmajorrelease: info[0] } : {}) };
}

/**
 * OS and kernel grains of this host. os-release fields that are missing leave
 * their grains out; with no os-release at all, `os` falls back to the kernel name.
 */
export function osGrains(): Grains {
  const rel = parseEnv(readFirst('/etc/os-release', '/usr/lib/os-release') ?? '');
  const fullname = rel.NAME?.trim() || os.type();
  const osName = deriveOs(fullname);
  return {
    kernel: os.type(),
    kernelrelease: os.release(),
    kernelversion: os.version(),
    os: osName,
    os_family: osFamily(osName),
    osfullname: fullname,
    ...(rel.VERSION_ID ? releaseGrains(rel.VERSION_ID) : {}),
    ...(rel.VERSION_CODENAME ? { oscodename: rel.VERSION_CODENAME } : {}),
  };
}
