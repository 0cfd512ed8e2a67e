import { CommandExecutionError } from '@brine/core/errors';
import { defineFunction, defineModule } from '@brine/core/loader/define';
import { Loader } from '@brine/core/loader/loader';
import { allGroups, existingGroup, existingUser, groupInfo, userInfo } from '@brine/modules/lib/accounts';
import { execContext, makeHarness, type Harness } from '../../helpers/exec-context';

let h: Harness;
beforeEach(() => (h = makeHarness()));
afterEach(() => h.cleanup());

const MISSING = 'brine-no-such-account';

describe('account lookups through user.info and group.info', () => {
  it('read an account by name or id', async () => {
    await expect(userInfo(h.ctx, 'root')).resolves.toMatchObject({ name: 'root', uid: 0, gid: 0, groups: expect.arrayContaining(['root']) });
    await expect(userInfo(h.ctx, 0)).resolves.toMatchObject({ name: 'root' });
    await expect(groupInfo(h.ctx, 0)).resolves.toMatchObject({ name: 'root', gid: 0, members: expect.any(Array) });
    await expect(existingGroup(h.ctx, 'root')).resolves.toMatchObject({ gid: 0 });
    expect((await allGroups(h.ctx)).map((g) => g.name)).toContain('root');
  });

  it("answer undefined for Salt's {} (no such account), or refuse it when it must exist", async () => {
    await expect(userInfo(h.ctx, MISSING)).resolves.toBeUndefined();
    await expect(groupInfo(h.ctx, MISSING)).resolves.toBeUndefined();
    await expect(existingUser(h.ctx, MISSING)).rejects.toThrow(new CommandExecutionError(`User '${MISSING}' does not exist`));
    await expect(existingGroup(h.ctx, MISSING)).rejects.toThrow(new CommandExecutionError(`Group '${MISSING}' does not exist`));
  });

  it('refuse an answer of another shape', async () => {
    const odd = defineModule({
      name: 'oddusers',
      virtualName: 'user',
      doc: 'A user module that answers oddly.',
      functions: { info: defineFunction({ doc: 'Answer oddly.', example: "salt '*' user.info root", args: [{ name: 'name', type: 'string', required: true, doc: 'The user.' }], run: (_ctx, a) => ({ name: a.name }) }) },
    });
    const ctx = execContext(new Loader([odd], h.ctx.opts, {}), h.ctx);
    await expect(userInfo(ctx, 'root')).rejects.toThrow(new CommandExecutionError('user.info returned {"name":"root"}, not an account'));
  });
});
