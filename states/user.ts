/**
 * Salt's `user` state module: local accounts present with the given ids,
 * home, shell, full name and groups, or absent, through the `user`, `group`
 * and `file` execution modules. Comments and changes follow Salt 3006.
 */
import fs from 'node:fs';
import { CommandExecutionError } from '@brine/core/errors';
import type { ArgsOf, ArgSpec, ExecContext } from '@brine/core/loader/define';
import { defineStateFunction, defineStateModule, stateReturn, type StateReturn } from '@brine/core/state/define';
import type { UserInfo } from '@brine/modules/useradd';
import { existingUser, groupInfo, userInfo } from '@brine/modules/lib/accounts';
import { attributesComment } from './lib/attributes';

const PRESENT_ARGS = [
  { name: 'name', type: 'string', required: true, doc: 'The login name.' },
  { name: 'uid', type: 'integer', doc: 'User id.' },
  { name: 'gid', type: 'string', doc: 'Primary group, as a name or gid (it must exist).' },
  { name: 'groups', type: 'list', items: 'string', doc: 'Exactly these supplementary groups (the user leaves any other); they must exist.' },
  { name: 'home', type: 'string', doc: 'Home directory.' },
  { name: 'shell', type: 'string', doc: 'Login shell.' },
  { name: 'fullname', type: 'string', doc: 'Full name (GECOS).' },
  { name: 'createhome', type: 'boolean', default: true, doc: 'Create the home directory when missing.' },
  { name: 'system', type: 'boolean', default: false, doc: 'Create a system account (only when the user is created).' },
] as const satisfies readonly ArgSpec[];

/** The bound arguments of user.present. */
type PresentArgs = ArgsOf<typeof PRESENT_ARGS>;

const ABSENT_ARGS = [
  { name: 'name', type: 'string', required: true, doc: 'The login name.' },
  { name: 'purge', type: 'boolean', default: false, doc: 'Also remove the home directory and mail spool.' },
  { name: 'force', type: 'boolean', default: false, doc: 'Remove even while the user is logged in.' },
] as const satisfies readonly ArgSpec[];

/** What user.present still has to change (Salt's `_changes`), with the wanted values, in the order they apply. */
type UserChanges = {
  uid?: number;
  gid?: number;
  home?: string;
  shell?: string;
  fullname?: string;
  groups?: string[];
  /** The home directory to create. */
  homeDoesNotExist?: string;
};

/** The user.ch* function that sets each attribute. */
const SETTERS: Record<string, string> = { uid: 'user.chuid', gid: 'user.chgid', home: 'user.chhome', shell: 'user.chshell', fullname: 'user.chfullname', groups: 'user.chgroups' };

/** @throws CommandExecutionError "The following group(s) are not present: a,b", as Salt, when some groups do not exist */
async function requireGroups(ctx: ExecContext, groups: string[]): Promise<void> {
  const missing: string[] = [];
  for (const g of groups) if (!(await groupInfo(ctx, g))) missing.push(g);
  if (missing.length) throw new CommandExecutionError(`The following group(s) are not present: ${missing.join(',')}`);
}

/** The supplementary groups wanted or held: sorted, unique, without the primary group. */
function supplementary(groups: string[], primary: string | undefined): string[] {
  return [...new Set(groups)].filter((g) => g !== primary).sort();
}

/**
 * Salt's `_changes`: the attributes of `info` that differ from the state's arguments, with
 * the wanted values (`homeDoesNotExist` when createhome is set and the home is missing).
 */
async function changesFor(ctx: ExecContext, a: PresentArgs, info: UserInfo): Promise<UserChanges> {
  const changes: UserChanges = {};
  if (a.uid !== undefined && info.uid !== a.uid) changes.uid = a.uid;
  if (a.gid !== undefined) {
    const gid = (await groupInfo(ctx, a.gid))?.gid;
    if (info.gid !== gid) changes.gid = gid;
  }
  for (const key of ['home', 'shell', 'fullname'] as const) {
    const want = a[key];
    if (want !== undefined && info[key] !== want) changes[key] = want;
  }
  if (a.groups !== undefined) {
    const primary = (await groupInfo(ctx, changes.gid ?? info.gid))?.name;
    const wanted = supplementary(a.groups, primary);
    if (wanted.join(',') !== supplementary(info.groups, primary).join(',')) changes.groups = wanted;
  }
  const home = a.home ?? info.home;
  if (a.createhome && !fs.existsSync(home)) changes.homeDoesNotExist = home;
  return changes;
}

/** Apply Salt's `_changes` to user `name` with the user.ch* functions (and file.mkdir for a missing home). */
async function apply(ctx: ExecContext, name: string, changes: UserChanges): Promise<void> {
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'homeDoesNotExist') {
      const info = await existingUser(ctx, name);
      await ctx.salt.call('file.mkdir', [value], { user: name, group: String(info.gid), mode: '0755' });
    } else {
      await ctx.salt.call(SETTERS[key], [name, value]);
    }
  }
}

/** Salt's user.present. */
async function present(ctx: ExecContext, a: PresentArgs): Promise<StateReturn> {
  await requireGroups(ctx, [...(a.gid !== undefined ? [a.gid] : []), ...(a.groups ?? [])]);
  const info = await userInfo(ctx, a.name);
  if (!info) {
    if (ctx.test) return stateReturn(a.name, null, `User ${a.name} set to be added`);
    const { uid, gid, groups, home, shell, fullname, createhome, system } = a;
    await ctx.salt.call('user.add', [a.name], { uid, gid, groups, home, shell, fullname, createhome, system });
    return stateReturn(a.name, true, `New user ${a.name} created`, { ...(await userInfo(ctx, a.name)) });
  }
  const changes = await changesFor(ctx, a, info);
  if (Object.keys(changes).length === 0) return stateReturn(a.name, true, `User ${a.name} is present and up to date`);
  if (ctx.test) return stateReturn(a.name, null, attributesComment('user', changes));
  await apply(ctx, a.name, changes);
  const left = await changesFor(ctx, a, await existingUser(ctx, a.name));
  if (Object.keys(left).length) return stateReturn(a.name, false, `These values could not be changed: ${JSON.stringify(left)}`, changes);
  return stateReturn(a.name, true, `Updated user ${a.name}`, changes);
}

/** Salt's user.absent: the changes also name the groups that went with the user ("<g> group": "removed"). */
async function absent(ctx: ExecContext, a: ArgsOf<typeof ABSENT_ARGS>): Promise<StateReturn> {
  const info = await userInfo(ctx, a.name);
  if (!info) return stateReturn(a.name, true, `User ${a.name} is not present`);
  if (ctx.test) return stateReturn(a.name, null, `User ${a.name} set for removal`);
  await ctx.salt.call('user.delete', [a.name], { remove: a.purge, force: a.force });
  const changes: Record<string, string> = {};
  for (const g of info.groups) if (!(await groupInfo(ctx, g))) changes[`${g} group`] = 'removed';
  changes[a.name] = 'removed';
  return stateReturn(a.name, true, `Removed user ${a.name}`, changes);
}

export default defineStateModule({
  name: 'user',
  doc: `Keep local user accounts present or absent, as Salt's user states (needs a minion running as root).`,
  functions: {
    present: defineStateFunction({
      doc: `Make sure a user exists with the given attributes; only those given are managed.
A new user reports its user.info as changes ("New user <name> created"); an existing one reports the attributes
changed ("Updated user <name>"), or "User <name> is present and up to date". Fails when a group is missing
("The following group(s) are not present: ...").`,
      example: "salt '*' state.single user.present deploy shell=/bin/bash groups='[adm]'",
      args: PRESENT_ARGS,
      run: present,
    }),
    absent: defineStateFunction({
      doc: `Make sure a user does not exist. Changes: {<name>: 'removed'} and "<group> group": "removed" for its private group.
Comments: "Removed user <name>", "User <name> is not present".`,
      example: "salt '*' state.single user.absent olduser purge=True",
      args: ABSENT_ARGS,
      run: absent,
    }),
  },
});
