/**
 * Salt's `group` state module: local groups present with a gid and members,
 * or absent, through the `group` execution module. Comments and changes
 * follow Salt 3006.
 */
import { arg, type ArgsOf, type ArgSpec, type ExecContext } from '@brine/core/loader/define';
import { defineStateFunction, defineStateModule, stateReturn, type StateReturn } from '@brine/core/state/define';
import type { GroupInfo } from '@brine/modules/groupadd';
import { allGroups, existingGroup, groupInfo } from '@brine/modules/lib/accounts';
import { attributesComment } from './lib/attributes';

const NAME = arg({ name: 'name', type: 'string', required: true, doc: 'The group name.' });

/** A list of user names. */
const users = <const N extends string>(name: N, doc: string) => arg({ name, type: 'list', items: 'string', doc: `${doc} As a list or a comma-separated string.` });

const PRESENT_ARGS = [
  NAME,
  { name: 'gid', type: 'integer', doc: 'Group id; creating fails when another group has it.' },
  users('members', 'Exactly these members (an empty list removes all); not with addusers or delusers.'),
  users('addusers', 'Users to add; other members stay.'),
  users('delusers', 'Users to remove; other members stay.'),
  { name: 'system', type: 'boolean', default: false, doc: 'Create a system group (only when the group is created).' },
] as const satisfies readonly ArgSpec[];

/** The bound arguments of group.present. */
type PresentArgs = ArgsOf<typeof PRESENT_ARGS>;

/** What group.present still has to change (Salt's `_changes`), with the wanted values. */
type GroupChanges = { gid?: number; members?: string[]; addusers?: string[]; delusers?: string[] };

/** True when the two lists hold the same names, in any order. */
function sameSet(a: string[], b: string[]): boolean {
  const norm = (names: string[]): string => [...new Set(names)].sort().join(',');
  return norm(a) === norm(b);
}

/**
 * Salt's `_changes` of group.present: gid, `members` (the exact list; an empty list
 * becomes `delusers` of everyone), `addusers` and `delusers` still to apply.
 */
function changesFor(a: PresentArgs, info: GroupInfo): GroupChanges {
  const changes: GroupChanges = {};
  if (a.gid !== undefined && info.gid !== a.gid) changes.gid = a.gid;
  const { members } = a;
  if (members && members.length === 0 && info.members.length) changes.delusers = info.members;
  else if (members?.length && !sameSet(members, info.members)) changes.members = members;
  const add = (a.addusers ?? []).filter((u) => !info.members.includes(u));
  if (add.length) changes.addusers = add;
  const del = (a.delusers ?? []).filter((u) => info.members.includes(u));
  if (del.length) changes.delusers = del;
  return changes;
}

/** Apply `changes` from {@link changesFor} with group.chgid, group.members, group.adduser and group.deluser. */
async function apply(ctx: ExecContext, name: string, changes: GroupChanges): Promise<void> {
  if (changes.gid !== undefined) await ctx.salt.call('group.chgid', [name, changes.gid]);
  if (changes.members) await ctx.salt.call('group.members', [name, changes.members]);
  for (const user of changes.addusers ?? []) await ctx.salt.call('group.adduser', [name, user]);
  for (const user of changes.delusers ?? []) await ctx.salt.call('group.deluser', [name, user]);
}

/** Salt's group.present. */
async function present(ctx: ExecContext, a: PresentArgs): Promise<StateReturn> {
  const info = await groupInfo(ctx, a.name);
  if (info) {
    const changes = changesFor(a, info);
    if (Object.keys(changes).length === 0) return stateReturn(a.name, true, `Group ${a.name} is present and up to date`);
    const comment = attributesComment('group', changes);
    if (ctx.test) return stateReturn(a.name, null, comment);
    await apply(ctx, a.name, changes);
    const left = changesFor(a, await existingGroup(ctx, a.name));
    if (Object.keys(left).length) return stateReturn(a.name, false, `${comment}Some changes could not be applied`, { Failed: left });
    return stateReturn(a.name, true, comment, { Final: 'All changes applied successfully' });
  }
  if (ctx.test) return stateReturn(a.name, null, `Group ${a.name} set to be added`);
  if (a.gid !== undefined) {
    const owner = (await allGroups(ctx)).find((g) => g.gid === a.gid);
    if (owner) return stateReturn(a.name, false, `Group ${a.name} is not present but gid ${a.gid} is already taken by group ${owner.name}`);
  }
  await ctx.salt.call('group.add', [a.name], { gid: a.gid, system: a.system });
  const members = [...(a.members ?? []), ...(a.addusers ?? [])];
  if (members.length) await ctx.salt.call('group.members', [a.name, members]);
  const created = await existingGroup(ctx, a.name);
  const left = changesFor(a, created);
  if (Object.keys(left).length) {
    return stateReturn(a.name, false, `Group ${a.name} has been created but, some changes could not be applied`, { Failed: left });
  }
  return stateReturn(a.name, true, `New group ${a.name} created`, { ...created });
}

/** Salt's group.absent. */
async function absent(ctx: ExecContext, a: { name: string }): Promise<StateReturn> {
  if (!(await groupInfo(ctx, a.name))) return stateReturn(a.name, true, 'Group not present');
  if (ctx.test) return stateReturn(a.name, null, `Group ${a.name} is set for removal`);
  await ctx.salt.call('group.delete', [a.name]);
  return stateReturn(a.name, true, `Removed group ${a.name}`, { [a.name]: '' });
}


export default defineStateModule({
  name: 'group',
  doc: `Keep local groups present or absent, as Salt's group states (needs a minion running as root).`,
  functions: {
    present: defineStateFunction({
      doc: `Make sure a group exists with the given gid and members; only what is given is managed.
A new group reports its group.info as changes ("New group <name> created"); an existing one that changed reports
{Final: 'All changes applied successfully'} with the list of attributes changed; else "Group <name> is present and up to date".`,
      example: "salt '*' state.single group.present deploy gid=2001 members='[alice, bob]'",
      args: PRESENT_ARGS,
      run: present,
    }),
    absent: defineStateFunction({
      doc: 'Make sure a group does not exist. Changes: {<name>: ""}. Comments: "Removed group <name>", "Group not present".',
      example: "salt '*' state.single group.absent oldgroup",
      args: [NAME],
      run: absent,
    }),
  },
});
