import { execFileSync } from 'node:child_process';
import { makeHarness, type Harness } from '../helpers/exec-context';

/** Real groups are created and deleted here, so these tests need root. */
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;
/** A throwaway name, unique to this run; afterAll removes it whatever happened. */
const GROUP = `brinemg${process.pid}`;

let h: Harness;
beforeAll(() => (h = makeHarness()));
afterAll(() => {
  h.cleanup();
  if (process.getuid?.() === 0) execFileSync('sh', ['-c', `groupdel ${GROUP} 2>/dev/null; true`]);
});

describe('group module', () => {
  it('reads groups, by name or gid', async () => {
    await expect(h.call('group.info', 'root')).resolves.toMatchObject({ name: 'root', gid: 0, members: expect.any(Array) });
    await expect(h.call('group.info', '0')).resolves.toMatchObject({ name: 'root' });
    await expect(h.call('group.info', 'brine-no-such-group')).resolves.toEqual({});
    const all = (await h.call('group.getent')) as Array<{ name: string }>;
    expect(all.map((g) => g.name)).toContain('root');
  });

  it('refuses invalid names', async () => {
    await expect(h.call('group.info', '$(reboot)')).rejects.toThrow('Invalid group name "$(reboot)"');
  });

  asRoot('changing groups (as root)', () => {
    it('adds a group, manages its members and deletes it', async () => {
      await expect(h.call('group.add', GROUP)).resolves.toBe(true);
      await expect(h.call('group.info', GROUP)).resolves.toMatchObject({ name: GROUP, members: [] });
      await expect(h.call('group.adduser', GROUP, 'nobody')).resolves.toBe(true);
      await expect(h.call('group.members', GROUP, 'root,nobody')).resolves.toBe(true);
      await expect(h.call('group.info', GROUP)).resolves.toMatchObject({ members: ['root', 'nobody'] });
      await expect(h.call('group.deluser', GROUP, 'root')).resolves.toBe(true);
      await expect(h.call('group.deluser', GROUP, 'root')).resolves.toBe(true);
      await expect(h.call('group.members', GROUP, '[]')).resolves.toBe(true);
      await expect(h.call('group.info', GROUP)).resolves.toMatchObject({ members: [] });
      await expect(h.call('group.delete', GROUP)).resolves.toBe(true);
      await expect(h.call('group.info', GROUP)).resolves.toEqual({});
      await expect(h.call('group.delete', GROUP)).rejects.toThrow(`groupdel ${GROUP} failed`);
    });
  });
});
