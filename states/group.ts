/**
 * Salt's `group` state module: local groups present with a gid and members,
 * or absent, through the `group` execution module. Comments and changes
 * follow Salt 3006.
 */
import type { BoundArgs, ExecContext } from '@brine/core/loader/define';
import { defineStateModule, stateReturn, type StateReturn } from '@brine/core/state/define';
import type { GroupInfo } from '@brine/modules/groupadd';
import { groupInfo } from './lib/accounts';
import { attributesComment } from './lib/attributes';

/** True when the two lists hold the same names, in any order. */
function sameSet(a: string[], b: string[]): boolean {
  const norm = (names: string[]): string => [...new Set(names)].sort().join(',');
  return norm(a) === norm(b);
}

/**
 * Salt's `_changes` of group.present: gid, `members` (the exact list; an empty list
 * becomes `delusers` of everyone), `addusers` and `delusers` still to apply.
 */
function changesFor(a: BoundArgs, info: GroupInfo): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (a.gid != null && info.gid !== a.gid) changes.gid = a.gid;
  const members = a.members as string[] | null;
  if (members && members.length === 0 && info.members.length) changes.delusers = info.members;
  else if (members?.length && !sameSet(members, info.members)) changes.members = members;
  const add = ((a.addusers as string[] | null) ?? []).filter((u) => !info.members.includes(u));
  if (add.length) changes.addusers = add;
  const del = ((a.delusers as string[] | null) ?? []).filter((u) => info.members.includes(u));
  if (del.length) changes.delusers = del;
  return changes;
}

/** Apply `changes` from {@link changesFor} with group.chgid, group.members, group.adduser and group.deluser. */
async function apply(ctx: ExecContext, name: string, changes: Record<string, unknown>): Promise<void> {
  if (changes.gid !== undefined) await ctx.salt.call('group.chgid', [name, changes.gid]);
  if (changes.members) await ctx.salt.call('group.members', [name, changes.members]);
  for (const user of (changes.addusers as string[] | undefined) ?? []) await ctx.salt.call('group.adduser', [name, user]);
  for (const user of (changes.delusers as string[] | undefined) ?? []) await ctx.salt.call('group.deluser', [name, user]);
}

/** Salt's group.present. */
async function present(ctx: ExecContext, a: BoundArgs): Promise<StateReturn> {
  const info = await groupInfo(ctx, a.name);
  if (info) {
    const changes = changesFor(a, info);
    if (Object.keys(changes).length === 0) return stateReturn(a.name, true, `Group ${a.name} is present and up to date`);
    const comment = attributesComment('group', changes);
    if (ctx.test) return stateReturn(a.name, null, comment);
    await apply(ctx, a.name, changes);
    const left = changesFor(a, (await groupInfo(ctx, a.name)) as GroupInfo);
    if (Object.keys(left).length) return stateReturn(a.name, false, `${comment}Some changes could not be applied`, { Failed: left });
    return stateReturn(a.name, true, comment, { Final: 'All changes applied successfully' });
  }
  if (ctx.test) return stateReturn(a.name, null, `Group ${a.name} set to be added`);
  if (a.gid != null) {
    const taken = (await ctx.salt.call('group.getent')) as GroupInfo[];
    const owner = taken.find((g) => g.gid === a.gid);
    if (owner) return stateReturn(a.name, false, `Group ${a.name} is not present but gid ${a.gid} is already taken by group ${owner.name}`);
  }
  await ctx.salt.call('group.add', [a.name], { gid: a.gid, system: a.system });
  const members = [...((a.members as string[] | null) ?? []), ...((a.addusers as string[] | null) ?? [])];
  if (members.length) await ctx.salt.call('group.members', [a.name, members]);
  const created = (await groupInfo(ctx, a.name)) as GroupInfo;
  const left = changesFor(a, created);
  if (Object.keys(left).length) {
    return stateReturn(a.name, false, `Group ${a.name} has been created but, some changes could not be applied`, { Failed: left });
  }
  return stateReturn(a.name, true, `New group ${a.name} created`, { ...created });
}

/** Salt's group.absent. */
async function absent(ctx: ExecContext, a: BoundArgs): Promise<StateReturn> {
  if (!(await groupInfo(ctx, a.name))) return stateReturn(a.name, true, 'Group not present');
  if (ctx.test) return stateReturn(a.name, null, `Group ${a.name} is set for removal`);
  await ctx.salt.call('group.delete', [a.name]);
  return stateReturn(a.name, true, `Removed group ${a.name}`, { [a.name]: '' });
}

const USERS = (doc: string) => ({ type: 'list' as const, doc: `${doc} As a list or a comma-separated string.` });

export default defineStateModule({
  name: 'group',
  doc: `Keep local groups present or absent, as Salt's group states (needs a minion running as root).`,
  functions: {
    present: {
      doc: `Make sure a group exists with the given gid and members; only what is given is managed.
A new group reports its group.info as changes ("New group <name> created"); an existing one that changed reports
{Final: 'All changes applied successfully'} with the list of attributes changed; else "Group <name> is present and up to date".`,
      example: "salt '*' state.single group.present deploy gid=2001 members='[alice, bob]'",
      args: [
        { name: 'name', type: 'string', required: true, doc: 'The group name.' },
        { name: 'gid', type: 'integer', doc: 'Group id; creating fails when another group has it.' },
        { name: 'members', ...USERS('Exactly these members (an empty list removes all); not with addusers or delusers.') },
        { name: 'addusers', ...USERS('Users to add; other members stay.') },
        { name: 'delusers', ...USERS('Users to remove; other members stay.') },
        { name: 'system', type: 'boolean', default: false, doc: 'Create a system group (only when the group is created).' },
      ],
      run: present,
    },
    absent: {
      doc: 'Make sure a group does not exist. Changes: {<name>: ""}. Comments: "Removed group <name>", "Group not present".',
      example: "salt '*' state.single group.absent oldgroup",
      args: [{ name: 'name', type: 'string', required: true, doc: 'The group name.' }],
      run: absent,
    },
  },
});
