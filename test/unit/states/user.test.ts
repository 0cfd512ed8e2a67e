import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { makeStateHarness, type StateHarness } from './harness';

/** Real accounts are created and deleted here, so these tests need root. */
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

/** Throwaway names, unique to this run; afterAll removes them whatever happened. */
const USER = `brinestu${process.pid}`;
const GROUP = `brinestx${process.pid}`;
const HOME = `/tmp/${USER}-home`;

let h: StateHarness;
beforeAll(() => {
  h = makeStateHarness();
});
afterAll(() => {
  h.cleanup();
  if (process.getuid?.() !== 0) return;
  execFileSync('sh', ['-c', `userdel -r ${USER} 2>/dev/null; groupdel ${USER} 2>/dev/null; groupdel ${GROUP} 2>/dev/null; rm -rf ${HOME}; true`]);
});

asRoot('user states (real accounts)', () => {
  beforeAll(() => execFileSync('groupadd', [GROUP]));

  it('absent: a missing user is not present', async () => {
    await expect(h.run('user.absent', { name: USER })).resolves.toEqual({ name: USER, result: true, comment: `User ${USER} is not present`, changes: {} });
  });

  it('present under test=True adds nothing', async () => {
    await expect(h.run('user.present', { name: USER }, true)).resolves.toEqual({ name: USER, result: null, comment: `User ${USER} set to be added`, changes: {} });
    await expect(h.call('user.info', [USER])).resolves.toEqual({});
  });

  it('present creates the user with its attributes, then finds it up to date', async () => {
    const args = { name: USER, shell: '/bin/sh', home: HOME, fullname: 'Brine Test', groups: [GROUP] };
    const ret = await h.run('user.present', args);
    expect(ret).toMatchObject({ result: true, comment: `New user ${USER} created` });
    expect(ret.changes).toMatchObject({ name: USER, shell: '/bin/sh', home: HOME, fullname: 'Brine Test', groups: [USER, GROUP].sort() });
    expect(fs.statSync(HOME).isDirectory()).toBe(true);
    await expect(h.run('user.present', args)).resolves.toEqual({ name: USER, result: true, comment: `User ${USER} is present and up to date`, changes: {} });
  });

  it('present reports, then applies, changed attributes', async () => {
    const args = { name: USER, shell: '/bin/bash', groups: [] };
    await expect(h.run('user.present', args, true)).resolves.toEqual({
      name: USER,
      result: null,
      comment: 'The following user attributes are set to be changed:\nshell: /bin/bash\ngroups: []\n',
      changes: {},
    });
    await expect(h.run('user.present', args)).resolves.toEqual({ name: USER, result: true, comment: `Updated user ${USER}`, changes: { shell: '/bin/bash', groups: [] } });
    await expect(h.call('user.info', [USER])).resolves.toMatchObject({ shell: '/bin/bash', groups: [USER] });
  });

  it('present fails for a group that does not exist', async () => {
    await expect(h.run('user.present', { name: USER, groups: ['brine-no-such-group'] })).resolves.toMatchObject({
      result: false,
      comment: 'The following group(s) are not present: brine-no-such-group',
    });
  });

  it('absent under test=True removes nothing, then removes the user and its private group', async () => {
    await expect(h.run('user.absent', { name: USER }, true)).resolves.toEqual({ name: USER, result: null, comment: `User ${USER} set for removal`, changes: {} });
    await expect(h.run('user.absent', { name: USER, purge: true })).resolves.toEqual({
      name: USER,
      result: true,
      comment: `Removed user ${USER}`,
      changes: { [`${USER} group`]: 'removed', [USER]: 'removed' },
    });
    await expect(h.call('user.info', [USER])).resolves.toEqual({});
    expect(fs.existsSync(HOME)).toBe(false);
  });
});
