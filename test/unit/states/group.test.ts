import { execFileSync } from 'node:child_process';
import { makeStateHarness, type StateHarness } from './harness';

/** Real groups are created and deleted here, so these tests need root. */
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

/** A throwaway name, unique to this run; afterAll removes it whatever happened. */
const GROUP = `brinestg${process.pid}`;

let h: StateHarness;
beforeAll(() => {
  h = makeStateHarness();
});
afterAll(() => {
  h.cleanup();
  if (process.getuid?.() === 0) execFileSync('sh', ['-c', `groupdel ${GROUP} 2>/dev/null; true`]);
});

/** A gid no group has. */
function freeGid(): number {
  const used = new Set(execFileSync('getent', ['group'], { encoding: 'utf8' }).split('\n').map((l) => Number(l.split(':')[2])));
  let gid = 42000;
  while (used.has(gid)) gid++;
  return gid;
}

asRoot('group states (real groups)', () => {
  it('absent: a missing group is not present', async () => {
    await expect(h.run('group.absent', { name: GROUP })).resolves.toEqual({ name: GROUP, result: true, comment: 'Group not present', changes: {} });
  });

  it('present under test=True adds nothing', async () => {
    await expect(h.run('group.present', { name: GROUP }, true)).resolves.toEqual({ name: GROUP, result: null, comment: `Group ${GROUP} set to be added`, changes: {} });
    await expect(h.call('group.info', [GROUP])).resolves.toEqual({});
  });

  it('present refuses a gid another group has', async () => {
    await expect(h.run('group.present', { name: GROUP, gid: 0 })).resolves.toMatchObject({
      result: false,
      comment: `Group ${GROUP} is not present but gid 0 is already taken by group root`,
    });
  });

  it('present creates the group with members, then finds it up to date', async () => {
    const gid = freeGid();
    await expect(h.run('group.present', { name: GROUP, gid, members: ['root'] })).resolves.toEqual({
      name: GROUP,
      result: true,
      comment: `New group ${GROUP} created`,
      changes: { name: GROUP, passwd: 'x', gid, members: ['root'] },
    });
    await expect(h.run('group.present', { name: GROUP, gid, members: ['root'] })).resolves.toMatchObject({
      result: true,
      comment: `Group ${GROUP} is present and up to date`,
      changes: {},
    });
  });

  it('present reports, then applies, member changes', async () => {
    const args = { name: GROUP, addusers: ['nobody'], delusers: ['root'] };
    const comment = "The following group attributes are set to be changed:\naddusers: ['nobody']\ndelusers: ['root']\n";
    await expect(h.run('group.present', args, true)).resolves.toEqual({ name: GROUP, result: null, comment, changes: {} });
    await expect(h.run('group.present', args)).resolves.toEqual({ name: GROUP, result: true, comment, changes: { Final: 'All changes applied successfully' } });
    await expect(h.call('group.info', [GROUP])).resolves.toMatchObject({ members: ['nobody'] });
  });

  it('absent under test=True removes nothing, then removes the group', async () => {
    await expect(h.run('group.absent', { name: GROUP }, true)).resolves.toEqual({ name: GROUP, result: null, comment: `Group ${GROUP} is set for removal`, changes: {} });
    await expect(h.run('group.absent', { name: GROUP })).resolves.toEqual({ name: GROUP, result: true, comment: `Removed group ${GROUP}`, changes: { [GROUP]: '' } });
    await expect(h.call('group.info', [GROUP])).resolves.toEqual({});
  });
});
