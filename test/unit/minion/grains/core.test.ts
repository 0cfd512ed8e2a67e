import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectGrains } from '@brine/minion/grains/core';
import { deriveOs, osFamily, releaseGrains } from '@brine/minion/grains/os';

/** /etc/os-release as a map, read the simplest way. */
function osRelease(): Record<string, string> {
  const lines = fs.readFileSync('/etc/os-release', 'utf8').split('\n').filter((l) => l.includes('='));
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]));
}

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-grains-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('collectGrains on this host', () => {
  it('reports the OS from /etc/os-release', async () => {
    const rel = osRelease();
    const g = await collectGrains({ id: 'm1', cachedir: dir });
    expect(g).toMatchObject({ osfullname: rel.NAME, osrelease: rel.VERSION_ID, oscodename: rel.VERSION_CODENAME });
    expect(g.os).toBe(rel.NAME.split(' ')[0]);
    expect(g.osmajorrelease).toBe(Number(rel.VERSION_ID.split('.')[0]));
    expect(g.kernel).toBe('Linux');
    expect(g.kernelrelease).toBe(fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
  });

  it('reports identity, hardware and process facts', async () => {
    const g = await collectGrains({ id: 'm1', cachedir: dir });
    const memKiB = Number(/^MemTotal:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))![1]);
    expect(g).toMatchObject({ id: 'm1', nodename: os.hostname(), pid: process.pid, uid: process.geteuid!(), path: process.env.PATH });
    expect(g.fqdn).toBe(g.domain ? `${g.host}.${g.domain}` : g.host);
    expect(Math.abs(Number(g.mem_total) - memKiB / 1024)).toBeLessThan(1);
    expect(g.num_cpus).toBe(fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm)!.length);
    expect(g.cpuarch).toBe(fs.readFileSync('/proc/sys/kernel/arch', 'utf8').trim());
    if (fs.existsSync('/etc/machine-id')) expect(g.machine_id).toBe(fs.readFileSync('/etc/machine-id', 'utf8').trim());
  });

  it('reports addresses, including loopback', async () => {
    const g = await collectGrains({ id: 'm1', cachedir: dir });
    expect(g.ipv4).toContain('127.0.0.1');
    expect((g.ip4_interfaces as Record<string, string[]>).lo).toEqual(['127.0.0.1']);
    expect((g.hwaddr_interfaces as Record<string, string>).lo).toBe('00:00:00:00:00:00');
  });

  it('reports brine, Node and libzmq versions', async () => {
    const root = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as { version: string };
    const g = await collectGrains({ id: 'm1', cachedir: dir });
    expect(g).toMatchObject({ saltversion: root.version, nodeversion: process.versions.node });
    expect(g.zmqversion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('lets config grains override core grains, and persisted grains override both', async () => {
    fs.writeFileSync(path.join(dir, 'grains'), 'roles: [db]\nrack: 7\n');
    const g = await collectGrains({ id: 'm1', cachedir: dir, grains: { os: 'Custom', roles: ['web'] } });
    expect(g).toMatchObject({ os: 'Custom', roles: ['db'], rack: 7 });
  });

  it.each([['roles: [db\n'], ['- a list\n']])('ignores a malformed grains file %j', async (text) => {
    fs.writeFileSync(path.join(dir, 'grains'), text);
    const g = await collectGrains({ id: 'm1', cachedir: dir });
    expect(g.roles).toBeUndefined();
    expect(g.id).toBe('m1');
  });
});

describe('OS name derivation', () => {
  it.each([
    ['Debian GNU/Linux', 'Debian', 'Debian'],
    ['Ubuntu', 'Ubuntu', 'Debian'],
    ['Linux Mint', 'Mint', 'Debian'],
    ['Red Hat Enterprise Linux', 'RedHat', 'RedHat'],
    ['Rocky Linux', 'Rocky', 'RedHat'],
    ['AlmaLinux', 'AlmaLinux', 'RedHat'],
    ['CentOS Stream', 'CentOS Stream', 'RedHat'],
    ['Fedora Linux', 'Fedora', 'RedHat'],
    ['Amazon Linux', 'Amazon', 'RedHat'],
    ['SLES', 'SUSE', 'Suse'],
    ['Arch Linux', 'Arch', 'Arch'],
    ['Alpine Linux', 'Alpine', 'Alpine'],
  ])('%s gives os %s, os_family %s', (fullname, osName, family) => {
    expect(deriveOs(fullname)).toBe(osName);
    expect(osFamily(osName)).toBe(family);
  });

  it.each([
    ['12', { osrelease: '12', osrelease_info: [12], osmajorrelease: 12 }],
    ['22.04', { osrelease: '22.04', osrelease_info: [22, 4], osmajorrelease: 22 }],
    ['rolling', { osrelease: 'rolling', osrelease_info: ['rolling'] }],
  ])('release %s', (version, expected) => {
    expect(releaseGrains(version)).toEqual(expected);
  });
});
