import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SaltInvocationError } from '@brine/core/errors';
import { parseAptUpdate, parseTargets, parseUpgradable, upgradeArgv } from '@brine/modules/aptpkg';
import { makeHarness, type Harness } from '../helpers/exec-context';

/** Nothing here installs or removes a package. */
const withDpkg = fs.existsSync('/var/lib/dpkg/status') ? describe : describe.skip;
const MISSING = 'brine-no-such-package';
const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, '../../fixtures/apt', name), 'utf8');

describe('apt output', () => {
  it("parses apt-get update as Salt's refresh_db reports it", () => {
    expect(parseAptUpdate(fixture('apt-get-update.txt'))).toEqual({
      sources: {
        'http://deb.debian.org/debian bookworm InRelease': null,
        'http://deb.debian.org/debian bookworm-updates InRelease': true,
        'http://deb.debian.org/debian-security bookworm-security InRelease': true,
        'http://deb.debian.org/debian-security bookworm-security/main amd64 Packages': true,
        'http://apt.example.com/repo stable InRelease': false,
        'http://apt.example.com/repo stable Release': false,
      },
      errors: ['http://apt.example.com/repo stable Release'],
    });
  });

  it('parses the upgrades of a simulated dist-upgrade (apt-get --just-print on Debian 12)', () => {
    const up = parseUpgradable(fixture('just-print-dist-upgrade.txt'));
    expect(Object.keys(up)).toHaveLength(106);
    expect(up.bash).toBe('5.2.15-2+b13');
    expect(up['libssl3']).toMatch(/^3\./);
    expect(parseUpgradable('Reading package lists...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n')).toEqual({});
  });

  it("builds Salt's upgrade command", () => {
    const base = { dist_upgrade: false, force_conf_new: false, download_only: false, allow_downgrades: false, skip_verify: false };
    expect(upgradeArgv(base)).toEqual(['apt-get', '-q', '-y', '-o', 'DPkg::Options::=--force-confold', '-o', 'DPkg::Options::=--force-confdef', 'upgrade']);
    expect(upgradeArgv({ ...base, dist_upgrade: true, force_conf_new: true, download_only: true })).toEqual([
      'apt-get', '-q', '-y', '-o', 'DPkg::Options::=--force-confnew', '--download-only', 'dist-upgrade',
    ]);
  });
});

describe('parseTargets', () => {
  it.each([
    [['vim', null, null], [['vim', undefined]]],
    [['vim', null, '2:9.0-1'], [['vim', '2:9.0-1']]],
    [['ignored ID', ['curl', { vim: '1.0' }], null], [['curl', undefined], ['vim', '1.0']]],
    [['libc6:amd64', [], undefined], [['libc6:amd64', undefined]]],
  ])('%j -> %j', (args, expected) => {
    expect([...parseTargets(...(args as [unknown, unknown, unknown]))]).toEqual(expected);
  });

  it.each([
    [[null, null, null], 'No package given: pass a name or pkgs'],
    [['Bad Name', null, null], 'Invalid package name "Bad Name"'],
    [['vim', null, '1.0; rm -rf /'], 'Invalid version "1.0; rm -rf /" for package vim'],
    [['x', [{ a: '1', b: '2' }], null], 'Invalid pkgs entry {"a":"1","b":"2"}: use a name or {name: version}'],
  ])('refuses %j', (args, message) => {
    expect(() => parseTargets(...(args as [unknown, unknown, unknown]))).toThrow(new SaltInvocationError(message));
  });
});

withDpkg('pkg module (apt)', () => {
  // apt-cache and dpkg-query take seconds on a loaded machine (CI runs the suite on 2 cores).
  jest.setTimeout(30000);
  let h: Harness;
  beforeAll(() => (h = makeHarness()));
  afterAll(() => h.cleanup());

  it('lists installed packages and their versions', async () => {
    const pkgs = (await h.call('pkg.list_pkgs')) as Record<string, string>;
    expect(pkgs.dpkg).toMatch(/^\d/);
    await expect(h.call('pkg.version', 'dpkg')).resolves.toBe(pkgs.dpkg);
    await expect(h.call('pkg.version', 'dpkg', MISSING)).resolves.toEqual({ dpkg: pkgs.dpkg, [MISSING]: '' });
  });

  it('latest_version is empty for an unknown package, and is the candidate of an upgradable one', async () => {
    await expect(h.call('pkg.latest_version', MISSING, 'refresh=False')).resolves.toBe('');
    const policy = execFileSync('apt-cache', ['policy', 'dpkg'], { encoding: 'utf8' });
    const [, installed, candidate] = /Installed: (\S+)\s+Candidate: (\S+)/.exec(policy)!;
    await expect(h.call('pkg.latest_version', 'dpkg', 'refresh=False')).resolves.toBe(candidate === installed ? '' : candidate);
    await expect(h.call('pkg.latest_version', 'dpkg', 'nope=1')).rejects.toThrow(SaltInvocationError);
    await expect(h.call('pkg.latest_version')).rejects.toThrow('At least one package name is required');
  });

  it('list_upgrades (read-only, refresh=False) agrees with apt-cache policy', async () => {
    const up = (await h.call('pkg.list_upgrades', 'refresh=False')) as Record<string, string>;
    for (const [name, version] of Object.entries(up).slice(0, 3)) {
      const policy = execFileSync('apt-cache', ['policy', name], { encoding: 'utf8' });
      expect(policy).toContain(`Candidate: ${version}`);
    }
  }, 30000);

  it('remove skips packages that are not installed', async () => {
    await expect(h.call('pkg.remove', MISSING)).resolves.toEqual({});
  });

  it('install refuses invalid names before running apt', async () => {
    await expect(h.call('pkg.install', 'pkgs=["ok", "not ok"]')).rejects.toThrow('Invalid package name "not ok"');
  });
});
