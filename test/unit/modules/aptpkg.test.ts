import fs from 'node:fs';
import { SaltInvocationError } from '@brine/core/errors';
import { parseTargets } from '@brine/modules/aptpkg';
import { makeHarness, type Harness } from '../helpers/exec-context';

/** Nothing here installs or removes a package. */
const withDpkg = fs.existsSync('/var/lib/dpkg/status') ? describe : describe.skip;
const MISSING = 'brine-no-such-package';

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
  let h: Harness;
  beforeAll(() => (h = makeHarness()));
  afterAll(() => h.cleanup());

  it('lists installed packages and their versions', async () => {
    const pkgs = (await h.call('pkg.list_pkgs')) as Record<string, string>;
    expect(pkgs.dpkg).toMatch(/^\d/);
    await expect(h.call('pkg.version', 'dpkg')).resolves.toBe(pkgs.dpkg);
    await expect(h.call('pkg.version', 'dpkg', MISSING)).resolves.toEqual({ dpkg: pkgs.dpkg, [MISSING]: '' });
  });

  it('latest_version is empty for an unknown package', async () => {
    await expect(h.call('pkg.latest_version', MISSING)).resolves.toBe('');
    await expect(h.call('pkg.latest_version')).rejects.toThrow('At least one package name is required');
  });

  it('remove skips packages that are not installed', async () => {
    await expect(h.call('pkg.remove', MISSING)).resolves.toEqual({});
  });

  it('install refuses invalid names before running apt', async () => {
    await expect(h.call('pkg.install', 'pkgs=["ok", "not ok"]')).rejects.toThrow('Invalid package name "not ok"');
  });
});
