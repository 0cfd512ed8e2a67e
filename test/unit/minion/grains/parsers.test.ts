/** The grain parsers on fixture text (test/fixtures/grains: /proc and /etc snapshots, tool output). */
import fs from 'node:fs';
import path from 'node:path';
import { serverId } from '@brine/minion/grains/core';
import { parseResolv } from '@brine/minion/grains/dns';
import { dpkgArchitecture, distributionGrains, deriveOs, osFamily, parseOsRelease, releaseGrains } from '@brine/minion/grains/os';
import { parseCpuinfo, parseLspci, parseMeminfo } from '@brine/minion/grains/hardware';
import { canonicalIPv6, hexIPv4, sortAddresses } from '@brine/minion/grains/ip';
import { addressGrains, interfaceTable } from '@brine/minion/grains/network';
import { gatewayGrains } from '@brine/minion/grains/routes';
import { localeInfo, saltVersionInfo, versionInfo } from '@brine/minion/grains/runtime';
import { parseKernelParams, parseSystemctlVersion } from '@brine/minion/grains/system';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, '../../../fixtures/grains', name), 'utf8');

describe('distribution grains (os-release, lsb-release)', () => {
  it('Debian 12 without /etc/lsb-release: the lsb grains come from os-release, in Salt order', () => {
    const g = distributionGrains(fixture('os-release-debian12'), undefined);
    expect(Object.entries(g)).toEqual([
      ['os', 'Debian'], ['os_family', 'Debian'], ['oscodename', 'bookworm'], ['osfullname', 'Debian GNU/Linux'],
      ['lsb_distrib_id', 'Debian GNU/Linux'], ['lsb_distrib_release', '12'], ['lsb_distrib_codename', 'bookworm'], ['osrelease', '12'],
    ]);
    expect(releaseGrains('Debian', 'Debian GNU/Linux', '12')).toEqual({ osrelease_info: [12], osmajorrelease: 12, osfinger: 'Debian-12' });
  });

  it('Ubuntu with /etc/lsb-release', () => {
    const g = distributionGrains(fixture('os-release-ubuntu2204'), fixture('lsb-release-ubuntu2204'));
    expect(g).toEqual({
      lsb_distrib_id: 'Ubuntu', lsb_distrib_release: '22.04', lsb_distrib_codename: 'jammy', lsb_distrib_description: 'Ubuntu 22.04.3 LTS',
      os: 'Ubuntu', os_family: 'Debian', oscodename: 'jammy', osfullname: 'Ubuntu', osrelease: '22.04',
    });
    expect(releaseGrains('Ubuntu', 'Ubuntu', '22.04')).toEqual({ osrelease_info: [22, 4], osmajorrelease: 22, osfinger: 'Ubuntu-22.04' });
  });

  it('Rocky 9: the codename from the brackets of PRETTY_NAME, osfinger from the full name', () => {
    expect(distributionGrains(fixture('os-release-rocky9'), undefined)).toMatchObject({
      os: 'Rocky', os_family: 'RedHat', oscodename: 'Blue Onyx', osfullname: 'Rocky Linux', osrelease: '9.3', lsb_distrib_codename: 'Blue Onyx',
    });
    expect(releaseGrains('Rocky', 'Rocky Linux', '9.3')).toEqual({ osrelease_info: [9, 3], osmajorrelease: 9, osfinger: 'Rocky Linux-9' });
  });

  it('openSUSE Leap: os SUSE and osfullname Leap from CPE_NAME', () => {
    expect(distributionGrains(fixture('os-release-leap155'), undefined)).toMatchObject({ os: 'SUSE', os_family: 'Suse', osfullname: 'Leap', osrelease: '15.5' });
  });

  it('parses os-release as Python: quotes, escapes, defaults', () => {
    expect(parseOsRelease('NAME="A \\"B\\" \\$C"\nID=x\nbad line\n')).toEqual({ NAME: 'A "B" $C', ID: 'x', PRETTY_NAME: 'Linux' });
  });

  it.each([
    ['Debian GNU/Linux', undefined, 'Debian', 'Debian'],
    ['Linux Mint', undefined, 'Mint', 'Debian'],
    ['Red Hat Enterprise Linux', undefined, 'RedHat', 'RedHat'],
    ['CentOS Stream', undefined, 'CentOS Stream', 'RedHat'],
    ['Fedora Linux', undefined, 'Fedora', 'RedHat'],
    ['Amazon Linux', undefined, 'Amazon', 'RedHat'],
    ['Arch Linux', undefined, 'Arch', 'Arch'],
    ['Alpine Linux', undefined, 'Alpine', 'Alpine'],
    ['Pop!_OS', 'pop', 'Pop', 'Debian'],
  ])('%s gives os %s', (fullname, id, osName, family) => {
    expect(deriveOs(fullname, id)).toBe(osName);
    expect(osFamily(osName)).toBe(family);
  });

  it('releaseGrains keeps a non-numeric release as text', () => {
    expect(releaseGrains('Arch', 'Arch Linux', 'rolling')).toEqual({ osrelease_info: ['rolling'], osfinger: 'Arch Linux-rolling' });
  });

  it("osarch is dpkg's own architecture, else Debian's name of the machine type", () => {
    expect(dpkgArchitecture('Package: apt\nArchitecture: amd64\n\nPackage: dpkg\nStatus: install ok installed\nArchitecture: arm64\n', 'x86_64')).toBe('arm64');
    expect(dpkgArchitecture(undefined, 'x86_64')).toBe('amd64');
    expect(dpkgArchitecture(undefined, 'mystery')).toBe('mystery');
  });
});

describe('hardware', () => {
  it('reads /proc/cpuinfo as Salt (x86 and ARM)', () => {
    const x86 = parseCpuinfo(fixture('cpuinfo-x86'));
    expect(x86).toMatchObject({ num_cpus: 2, cpu_model: 'AMD EPYC' });
    expect(x86.cpu_flags).toEqual(expect.arrayContaining(['fpu', 'sse2']));
    expect(parseCpuinfo(fixture('cpuinfo-arm'))).toEqual({ num_cpus: 1, cpu_model: 'ARMv6', cpu_flags: ['swp', 'half', 'thumb', 'fastmult', 'vfp', 'edsp', 'java', 'tls'] });
    expect(parseCpuinfo(undefined)).toEqual({ num_cpus: 0, cpu_model: 'Unknown', cpu_flags: [] });
  });

  it('reads /proc/meminfo in MiB, rounded down', () => {
    const kib = Number(/^MemTotal:\s+(\d+)/m.exec(fixture('meminfo'))![1]);
    expect(parseMeminfo(fixture('meminfo'))).toEqual({ mem_total: Math.floor(kib / 1024), swap_total: 0 });
    expect(parseMeminfo('MemTotal: 2048 kB\nSwapTotal: 1048576 kB\n')).toEqual({ mem_total: 2, swap_total: 1024 });
  });

  it('finds GPUs in lspci -vmm output', () => {
    expect(parseLspci(fixture('lspci-vmm'))).toEqual({
      num_gpus: 2,
      gpus: [{ vendor: 'nvidia', model: 'GP107GL [Quadro P400]' }, { vendor: 'matrox', model: 'MGA G200e [Pilot] ServerEngines (SEP1)' }],
    });
  });

  it("server_id is Salt's: SHA-256 of the id modulo 2^31 (values from the captures)", () => {
    expect(serverId('minion1')).toBe(156412900);
    expect(serverId('callminion')).toBe(832021268);
  });
});

describe('network', () => {
  it('finds the default gateways in the kernel route tables', () => {
    expect(gatewayGrains(fixture('route'), fixture('ipv6_route'))).toEqual({ ip_gw: true, ip4_gw: '192.0.2.1', ip6_gw: 'fd00::1' });
    expect(gatewayGrains(fixture('route-nogw'), undefined)).toEqual({ ip_gw: false, ip4_gw: false, ip6_gw: false });
    const devOnly = 'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n ppp0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\n';
    expect(gatewayGrains(devOnly, undefined)).toEqual({ ip_gw: true, ip4_gw: true, ip6_gw: false });
  });

  it('parses resolv.conf as Salt', () => {
    expect(parseResolv(fixture('resolv.conf'))).toEqual({
      nameservers: ['10.255.255.53', '2001:4860::8888'],
      ip4_nameservers: ['10.255.255.53'],
      ip6_nameservers: ['2001:4860::8888'],
      sortlist: ['130.155.160.0/255.255.240.0', '130.155.0.0/255.255.0.0'],
      domain: 'example.org',
      search: ['example.com', 'corp.example.com'],
      options: ['ndots:2', 'rotate'],
    });
  });

  it('lists interfaces in ifindex order, with secondary IPv4 addresses after IPv6 in ip_interfaces', () => {
    const v4 = (address: string, prefix: number) => ({ address, family: 'IPv4', cidr: `${address}/${prefix}`, netmask: '', mac: '', internal: false }) as const;
    const v6 = (address: string) => ({ address, family: 'IPv6', cidr: `${address}/64`, netmask: '', mac: '', internal: false, scopeid: 0 }) as const;
    const table = interfaceTable(
      [{ name: 'eth0', index: 2, mac: '02:00:00:00:00:01' }, { name: 'lo', index: 1, mac: '00:00:00:00:00:00' }, { name: 'tun0', index: 3, mac: '' }],
      { eth0: [v4('192.0.2.2', 24), v6('fd00::2'), v4('192.0.2.9', 24), v4('198.51.100.1', 24)], lo: [v4('127.0.0.1', 8), v6('::1')] },
    );
    expect(addressGrains(table)).toEqual({
      hwaddr_interfaces: { lo: '00:00:00:00:00:00', eth0: '02:00:00:00:00:01' },
      ip4_interfaces: { lo: ['127.0.0.1'], eth0: ['192.0.2.2', '198.51.100.1', '192.0.2.9'], tun0: [] },
      ip6_interfaces: { lo: ['::1'], eth0: ['fd00::2'], tun0: [] },
      ipv4: ['127.0.0.1', '192.0.2.2', '192.0.2.9', '198.51.100.1'],
      ipv6: ['::1', 'fd00::2'],
      ip_interfaces: { lo: ['127.0.0.1', '::1'], eth0: ['192.0.2.2', '198.51.100.1', 'fd00::2', '192.0.2.9'], tun0: [] },
    });
    expect(Object.keys(addressGrains(table).ip_interfaces as object)).toEqual(['lo', 'eth0', 'tun0']);
  });

  it('prints and orders addresses as Python', () => {
    expect(canonicalIPv6('FE80:0000:0000:0000:00FC:00FF:FE00:0001')).toBe('fe80::fc:ff:fe00:1');
    expect(canonicalIPv6('1:0:1:0:0:0:1:0')).toBe('1:0:1::1:0');
    expect(hexIPv4('010200C0')).toBe('192.0.2.1');
    expect(sortAddresses(['10.0.0.2', '9.0.0.1', '10.0.0.2'])).toEqual(['9.0.0.1', '10.0.0.2']);
    expect(sortAddresses(['fe80::1', '::1', 'fd00::2', '2001:db8::10', '2001:db8::9'])).toEqual(['::1', '2001:db8::9', '2001:db8::10', 'fd00::2', 'fe80::1']);
  });
});

describe('system and runtime', () => {
  it('splits the kernel command line as Salt', () => {
    expect(parseKernelParams(fixture('cmdline'))).toEqual([
      ['mitigations', 'auto'], ['quiet', null], ['root', '/dev/vda1'], ['a', null], ['--', null], ['--addr', null], ['0.0.0.0:2024', null],
    ]);
  });

  it('reads systemctl --version', () => {
    const { version, features } = parseSystemctlVersion(fixture('systemctl-version'));
    expect(version).toMatch(/^\d+$/);
    expect(features).toMatch(/^[+-]PAM /);
  });

  it.each([
    [{ LANG: 'C.UTF-8' }, 'en_US', 'UTF-8'],
    [{}, 'en_US', 'UTF-8'],
    [{ LANG: 'de_DE.utf8' }, 'de_DE', 'UTF-8'],
    [{ LANG: 'C.UTF-8', LC_ALL: 'fr_FR.ISO-8859-15' }, 'fr_FR', 'ISO-8859-15'],
  ])('locale_info of %j', (env, language, encoding) => {
    expect(localeInfo(env)).toEqual({ locale_info: { defaultlanguage: language, defaultencoding: encoding, detectedencoding: encoding.toLowerCase(), timezone: 'unknown' } });
  });

  it('gives versions in Python shapes', () => {
    expect(versionInfo('20.11.1')).toEqual([20, 11, 1, 'final', 0]);
    expect(saltVersionInfo('3006.10')).toEqual([3006, 10]);
    expect(saltVersionInfo('0.4.0-rc1')).toEqual([0, 4, 0]);
  });
});
