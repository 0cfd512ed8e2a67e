/**
 * Operating system grains as Salt 3006 derives them on Linux (salt/grains/core.py
 * `_linux_distribution_data` and `_legacy_linux_distribution_data`): `os`,
 * `os_family`, `oscodename`, `osfullname`, `osrelease`, the `lsb_distrib_*`
 * grains, and from `osrelease` the `osrelease_info`, `osmajorrelease` and
 * `osfinger` grains; `osarch` as `dpkg --print-architecture` prints it.
 *
 * brine has no Python `lsb_release` module, so it takes the path Salt takes
 * when that import fails (as on Debian 12, where lsb-release has no Python
 * module): `/etc/lsb-release` when present, else the os-release fields.
 */
import type { Grains } from '@brine/core/loader/define';
import { readFirst, readText } from './read';

/** Salt's `_OS_NAME_MAP`: the first ten letters of `osfullname` (no spaces, lowercased) to the `os` grain. */
const OS_NAME: Record<string, string> = {
  redhatente: 'RedHat', gentoobase: 'Gentoo', archarm: 'Arch ARM', arch: 'Arch', debian: 'Debian', Junos: 'Junos',
  raspbian: 'Raspbian', fedoraremi: 'Fedora', chapeau: 'Chapeau', korora: 'Korora', amazonami: 'Amazon', alt: 'ALT',
  enterprise: 'OEL', oracleserv: 'OEL', cloudserve: 'CloudLinux', cloudlinux: 'CloudLinux', almalinux: 'AlmaLinux',
  pidora: 'Fedora', scientific: 'ScientificLinux', synology: 'Synology', nilrt: 'NILinuxRT', poky: 'Poky',
  manjaro: 'Manjaro', manjarolin: 'Manjaro', univention: 'Univention', antergos: 'Antergos', sles: 'SUSE', void: 'Void',
  slesexpand: 'RES', linuxmint: 'Mint', neon: 'KDE neon', pop: 'Pop', rocky: 'Rocky', alibabaclo: 'Alinux', mendel: 'Mendel',
};

/** Salt's `_ID_AND_NAME_TO_OS_NAME_MAP`: (os-release ID, NAME) pairs with a historic `os` grain. */
const ID_AND_NAME: Record<string, string> = {
  'astra\0Astra Linux (Orel)': 'AstraLinuxCE',
  'astra\0Astra Linux (Smolensk)': 'AstraLinuxSE',
  'pop\0Pop!_OS': 'Pop',
};

/** Salt's `_OS_FAMILY_MAP`: the `os_family` of each `os`; any other `os` is its own family. */
const OS_FAMILY: Record<string, string> = {
  Ubuntu: 'Debian', Fedora: 'RedHat', Chapeau: 'RedHat', Korora: 'RedHat', FedBerry: 'RedHat', CentOS: 'RedHat',
  'CentOS Stream': 'RedHat', GoOSe: 'RedHat', Scientific: 'RedHat', Amazon: 'RedHat', CloudLinux: 'RedHat',
  AlmaLinux: 'RedHat', OVS: 'RedHat', OEL: 'RedHat', XCP: 'RedHat', 'XCP-ng': 'RedHat', XenServer: 'RedHat',
  RES: 'RedHat', Sangoma: 'RedHat', 'VMware Photon OS': 'RedHat', Mandrake: 'Mandriva', Mint: 'Debian',
  VMwareESX: 'VMware', Bluewhite64: 'Bluewhite', Slamd64: 'Slackware', SLES: 'Suse', 'SUSE Enterprise Server': 'Suse',
  'SUSE  Enterprise Server': 'Suse', SLED: 'Suse', openSUSE: 'Suse', SUSE: 'Suse', 'openSUSE Leap': 'Suse',
  'openSUSE Tumbleweed': 'Suse', SLES_SAP: 'Suse', 'Arch ARM': 'Arch', Manjaro: 'Arch', 'Manjaro ARM': 'Arch',
  Antergos: 'Arch', EndeavourOS: 'Arch', ALT: 'RedHat', Trisquel: 'Debian', GCEL: 'Debian', Linaro: 'Debian',
  'elementary OS': 'Debian', elementary: 'Debian', Univention: 'Debian', ScientificLinux: 'RedHat', Raspbian: 'Debian',
  Devuan: 'Debian', antiX: 'Debian', Kali: 'Debian', 'Parrot OS': 'Debian', neon: 'Debian', Cumulus: 'Debian',
  Deepin: 'Debian', NILinuxRT: 'NILinuxRT', 'KDE neon': 'Debian', Void: 'Void', IDMS: 'Debian', Funtoo: 'Gentoo',
  TurnKey: 'Debian', Pop: 'Debian', Rocky: 'RedHat', AstraLinuxCE: 'Debian', AstraLinuxSE: 'Debian', Alinux: 'RedHat',
  Mendel: 'Debian', OSMC: 'Debian',
};

/** os-release(5) fields, as Python's `platform.freedesktop_os_release()`: NAME, ID and PRETTY_NAME default to Linux. */
export type OsRelease = Record<string, string>;

/**
 * Parse os-release text as Python 3.11's `platform.freedesktop_os_release`:
 * `KEY=value` lines, the value optionally in matching quotes, with `\\`,
 * `\$`, `\"`, `\'` and `` \` `` unescaped; other lines are ignored.
 */
export function parseOsRelease(text: string): OsRelease {
  const info: OsRelease = { NAME: 'Linux', ID: 'linux', PRETTY_NAME: 'Linux' };
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z0-9_]+)=(["']?)(.*)\2$/.exec(line);
    if (m) info[m[1]] = m[3].replace(/\\([\\$"'`])/g, '$1');
  }
  return info;
}

/**
 * Salt's `os` grain from an os-release NAME (and ID): a known (ID, NAME) pair,
 * else NAME without a '(GNU/)Linux' word, mapped through Salt's table of long names.
 * @example deriveOs('Debian GNU/Linux') === 'Debian'; deriveOs('Red Hat Enterprise Linux') === 'RedHat'
 */
export function deriveOs(fullname: string, id?: string): string {
  const known = id === undefined ? undefined : ID_AND_NAME[`${id}\0${fullname}`];
  if (known) return known;
  const distro = fullname.replace(/\W(?:gnu\/)?linux/gi, '').trim();
  return OS_NAME[distro.replace(/ /g, '').toLowerCase().slice(0, 10)] ?? distro;
}

/** Salt's `os_family` of an `os` grain ('Ubuntu' → 'Debian'). */
export function osFamily(osName: string): string {
  return OS_FAMILY[osName] ?? osName;
}

/** The lsb_distrib_* grains of /etc/lsb-release text, as Salt's `_parse_lsb_release` (its regex, values right-trimmed). */
export function parseLsbRelease(text: string): Grains {
  const out: Grains = {};
  for (const line of text.split('\n')) {
    const m = /^(DISTRIB_(?:ID|RELEASE|CODENAME|DESCRIPTION))=(?:'|")?([\w\s.\-_]+)(?:'|")?/.exec(line);
    if (m) out[`lsb_${m[1].toLowerCase()}`] = m[2].trimEnd();
  }
  return out;
}

/**
 * The distribution grains from os-release and lsb-release texts, in the order
 * Salt adds them: lsb grains, then os, os_family, oscodename, osfullname, then
 * lsb grains taken from os-release, then osrelease (and os_family again).
 * @param osRelease os-release text, or undefined when there is none
 * @param lsbRelease /etc/lsb-release text, or undefined when there is none
 */
export function distributionGrains(osRelease: string | undefined, lsbRelease: string | undefined): Grains {
  const g: Grains = lsbRelease === undefined ? {} : parseLsbRelease(lsbRelease);
  const rel = osRelease === undefined ? undefined : parseOsRelease(osRelease);
  if (rel) {
    g.os = deriveOs(rel.NAME, rel.ID);
    g.os_family = '';
    g.oscodename = '';
    g.osfullname = rel.NAME.trim();
    if (!('lsb_distrib_id' in g)) {
      g.lsb_distrib_id = rel.NAME.trim();
      if ('VERSION_ID' in rel) g.lsb_distrib_release = rel.VERSION_ID;
      if ('VERSION_CODENAME' in rel) g.lsb_distrib_codename = rel.VERSION_CODENAME;
      else if ('PRETTY_NAME' in rel) g.lsb_distrib_codename = rel.PRETTY_NAME;
      suseQuirks(g, rel);
      if (rel.ID.trim() === 'mendel') {
        const words = rel.PRETTY_NAME.split(/\s+/).filter(Boolean);
        if (words.length >= 3) g.lsb_distrib_release = words[2];
      }
    }
  }
  // What Python's `distro` package reports when lsb data is missing: os-release ID, VERSION_ID, VERSION_CODENAME.
  const distro = { name: rel?.ID ?? '', release: rel?.VERSION_ID ?? '', codename: rel?.VERSION_CODENAME ?? '' };
  if (!('osfullname' in g)) g.osfullname = String(g.lsb_distrib_id ?? distro.name).trim();
  g.osrelease = String(g.lsb_distrib_release ?? distro.release).trim();
  const osName = String(g.os ?? deriveOs(String(g.osfullname)));
  if (typeof g.lsb_distrib_codename === 'string' && ['Rocky', 'AlmaLinux', 'AstraLinuxSE'].some((n) => osName.includes(n))) {
    const inner = g.lsb_distrib_codename.split('(');
    if (inner.length >= 2) {
      const word = inner.slice(1).join('(').split(')')[0];
      g.lsb_distrib_codename = osName === 'AstraLinuxSE' ? word.split(/\s+/)[0].toLowerCase() : word;
    }
  }
  g.oscodename = String(g.lsb_distrib_codename ?? '').trim() || distro.codename;
  if (String(g.oscodename).includes('Red Hat')) g.oscodename = distro.codename;
  g.os = osName;
  g.os_family = osFamily(osName);
  return g;
}

/** Salt's handling of a SUSE CPE_NAME in os-release: `os` is SUSE, openSUSE's `osfullname` and release come from it. */
function suseQuirks(g: Grains, rel: OsRelease): void {
  const cpe = (rel.CPE_NAME ?? '').split(':');
  if (cpe.length <= 4 || cpe[0] !== 'cpe') return;
  const [vendor, version] = cpe[1].startsWith('/') ? [cpe[2], cpe[4]] : [cpe[3], cpe[5]];
  if (!['suse', 'opensuse'].includes((vendor ?? '').toLowerCase())) return;
  g.os = 'SUSE';
  if (rel.NAME === 'openSUSE Leap') g.osfullname = 'Leap';
  else if (rel.VERSION === 'Tumbleweed') g.osfullname = rel.VERSION;
  if (version && version !== '*' && vendor === 'opensuse') g.lsb_distrib_release = version;
}

/**
 * Salt's `_osrelease_data`: `osrelease_info` splits `osrelease` on dots, digit
 * parts as numbers ('22.04' → [22, 4]); `osmajorrelease` is its first part
 * when numeric; `osfinger` is `<os>-<major>` for Debian, Raspbian and the BSDs,
 * `<os>-<osrelease>` for Ubuntu and Pop, else `<osfullname>-<major>`.
 */
export function releaseGrains(osName: string, osfullname: string, osrelease: string): Grains {
  const info = osrelease.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const major = typeof info[0] === 'number' ? info[0] : /^\s*[+-]?\d+\s*$/.test(info[0]) ? Number(info[0]) : undefined;
  const name = ['Debian', 'FreeBSD', 'OpenBSD', 'NetBSD', 'Mac', 'Raspbian'].includes(osName) ? osName : osfullname;
  return {
    osrelease_info: info,
    ...(major === undefined ? {} : { osmajorrelease: major }),
    osfinger: `${name}-${['Ubuntu', 'Pop'].includes(osName) ? osrelease : info[0]}`,
  };
}

/** Debian's name of each kernel machine type, for a host where dpkg's own record cannot be read. */
const DPKG_ARCH: Record<string, string> = {
  x86_64: 'amd64', aarch64: 'arm64', i386: 'i386', i486: 'i386', i586: 'i386', i686: 'i386', armv7l: 'armhf',
  armv6l: 'armel', ppc64le: 'ppc64el', s390x: 's390x', riscv64: 'riscv64', mips64: 'mips64el', loongarch64: 'loong64',
};

/**
 * dpkg's native architecture, as `dpkg --print-architecture` prints it, without
 * running dpkg: the Architecture of the dpkg package itself in dpkg's status
 * database (dpkg is always built for the native architecture).
 * @param status the text of /var/lib/dpkg/status, or undefined
 * @param cpuarch the kernel's machine type, the fallback (mapped to Debian's name)
 */
export function dpkgArchitecture(status: string | undefined, cpuarch: string): string {
  const stanza = status?.split(/\n\n+/).find((s) => /^Package: dpkg$/m.test(s));
  const arch = stanza && /^Architecture: (\S+)$/m.exec(stanza)?.[1];
  return arch || DPKG_ARCH[cpuarch] || cpuarch;
}

/**
 * Salt's `osarch`: dpkg's architecture on the Debian family, else the CPU
 * architecture (Salt asks rpm on RedHat and Suse, which reports the same
 * machine type for native packages).
 */
export function osArch(family: string, cpuarch: string): string {
  return family === 'Debian' ? dpkgArchitecture(readText('/var/lib/dpkg/status'), cpuarch) : cpuarch;
}

/** This host's distribution grains (see {@link distributionGrains}). */
export function hostDistribution(): Grains {
  return distributionGrains(readFirst('/etc/os-release', '/usr/lib/os-release'), readText('/etc/lsb-release'));
}
