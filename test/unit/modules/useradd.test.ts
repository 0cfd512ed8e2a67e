import { execFileSync } from 'node:child_process';
import { makeHarness, type Harness } from '../helpers/exec-context';

/** Real accounts are created and deleted here, so these tests need root. */
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;
/** A throwaway name, unique to this run; afterAll removes it whatever happened. */
const USER = `brinemu${process.pid}`;

let h: Harness;
beforeAll(() => (h = makeHarness()));
afterAll(() => {
  h.cleanup();
  if (process.getuid?.() === 0) execFileSync('sh', ['-c', `userdel -r ${USER} 2>/dev/null; groupdel ${USER} 2>/dev/null; true`]);
});

describe('user module', () => {
  it('reads an existing user, by name or uid', async () => {
    const root = { name: 'root', uid: 0, gid: 0, home: '/root' };
    await expect(h.call('user.info', 'root')).resolves.toMatchObject(root);
    await expect(h.call('user.info', '0')).resolves.toMatchObject(root);
    await expect(h.call('user.info', 'brine-no-such-user')).resolves.toEqual({});
    await expect(h.call('user.list_users')).resolves.toContain('root');
  });

  it('refuses invalid names', async () => {
    await expect(h.call('user.info', 'a b')).rejects.toThrow('Invalid user name "a b"');
    await expect(h.call('user.chshell', 'brine-no-such-user', '/bin/sh')).rejects.toThrow("User 'brine-no-such-user' does not exist");
  });

  asRoot('changing accounts (as root)', () => {
    it('adds, changes and deletes a user', async () => {
      await expect(h.call('user.add', USER, 'shell=/bin/sh', 'fullname=Brine Test, Room 1', 'createhome=False')).resolves.toBe(true);
      await expect(h.call('user.info', USER)).resolves.toMatchObject({ name: USER, shell: '/bin/sh', fullname: 'Brine Test', roomnumber: ' Room 1', groups: [USER] });
      await expect(h.call('user.add', USER)).rejects.toThrow(`useradd ${USER} failed`);
      await expect(h.call('user.chshell', USER, '/bin/bash')).resolves.toBe(true);
      await expect(h.call('user.chfullname', USER, "O'Brien")).resolves.toBe(true);
      await expect(h.call('user.info', USER)).resolves.toMatchObject({ shell: '/bin/bash', fullname: "O'Brien", roomnumber: ' Room 1' });
      await expect(h.call('user.chgroups', USER, 'nogroup')).resolves.toBe(true);
      await expect(h.call('user.list_groups', USER)).resolves.toEqual(['nogroup', USER].sort());
      await expect(h.call('user.chgroups', USER, '[]')).resolves.toBe(true);
      await expect(h.call('user.list_groups', USER)).resolves.toEqual([USER]);
      await expect(h.call('user.delete', USER)).resolves.toBe(true);
      await expect(h.call('user.info', USER)).resolves.toEqual({});
    });
  });
});
