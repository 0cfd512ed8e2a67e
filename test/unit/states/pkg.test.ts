import fs from 'node:fs';
import { makeStateHarness, type StateHarness } from './harness';

/** These tests never install or remove a package: real mode only meets packages already in the wanted state. */
const withDpkg = fs.existsSync('/var/lib/dpkg/status') ? describe : describe.skip;

let h: StateHarness;
let versions: Record<string, string>;
beforeAll(async () => {
  h = makeStateHarness();
  if (withDpkg === describe) versions = (await h.call('pkg.list_pkgs')) as Record<string, string>;
});
afterAll(() => h.cleanup());

const MISSING = 'brine-no-such-package';

withDpkg('pkg.installed', () => {
  it('is satisfied by an installed package, in both modes', async () => {
    for (const test of [false, true]) {
      await expect(h.run('pkg.installed', { name: 'dpkg' }, test)).resolves.toEqual({
        name: 'dpkg',
        result: true,
        comment: 'All specified packages are already installed',
        changes: {},
      });
    }
  });

  it('checks a pinned version and a list of pkgs', async () => {
    await expect(h.run('pkg.installed', { name: 'dpkg', version: versions.dpkg })).resolves.toMatchObject({
      result: true,
      comment: 'All specified packages are already installed and are at the desired version',
    });
    await expect(h.run('pkg.installed', { name: 'base', pkgs: ['dpkg', { bash: versions.bash }] })).resolves.toMatchObject({
      result: true,
      comment: 'All specified packages are already installed and are at the desired version',
    });
  });

  it('under test=True names what it would install, with pins', async () => {
    await expect(h.run('pkg.installed', { name: 'base', pkgs: ['dpkg', MISSING, { bash: '0.0-1' }] }, true)).resolves.toEqual({
      name: 'base',
      result: null,
      comment: `The following packages would be installed/updated: ${MISSING}, bash=0.0-1`,
      changes: { [MISSING]: { new: 'installed', old: '' }, bash: { new: 'installed', old: '' } },
    });
  });

  it('refuses an invalid package name', async () => {
    await expect(h.run('pkg.installed', { name: 'Bad Name' }, true)).resolves.toMatchObject({ result: false, comment: 'Invalid package name "Bad Name"' });
  });
});

withDpkg('pkg.removed', () => {
  it('is satisfied when the package is not installed', async () => {
    await expect(h.run('pkg.removed', { name: MISSING })).resolves.toEqual({
      name: MISSING,
      result: true,
      comment: 'None of the targeted packages are installed',
      changes: {},
    });
  });

  it('under test=True names what it would remove, and removes nothing', async () => {
    await expect(h.run('pkg.removed', { name: 'x', pkgs: ['dpkg', MISSING] }, true)).resolves.toEqual({
      name: 'x',
      result: null,
      comment: 'The following packages will be removed: dpkg.',
      changes: { dpkg: { new: 'removed', old: '' } },
    });
    await expect(h.run('pkg.installed', { name: 'dpkg' })).resolves.toMatchObject({ result: true });
  });
});

withDpkg('pkg.latest', () => {
  it('under test=True agrees with pkg.latest_version', async () => {
    const candidate = await h.call('pkg.latest_version', ['dpkg']);
    const ret = await h.run('pkg.latest', { name: 'dpkg' }, true);
    if (candidate === '') expect(ret).toMatchObject({ result: true, comment: 'Package dpkg is already up-to-date', changes: {} });
    else {
      expect(ret).toMatchObject({
        result: null,
        comment: 'The following packages would be installed/upgraded: dpkg',
        changes: { dpkg: { old: versions.dpkg, new: candidate } },
      });
    }
  });

  it('fails for a package apt does not know', async () => {
    await expect(h.run('pkg.latest', { name: MISSING })).resolves.toMatchObject({ result: false, comment: `No information found for '${MISSING}'.` });
  });
});
