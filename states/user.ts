/**
 * Salt's `user` state module: local accounts present with the given ids,
 * home, shell, full name and groups, or absent, through the `user`, `group`
 * and `file` execution modules. Comments and changes follow Salt 3006.
 */
import fs from 'node:fs';
import { CommandExecutionError } from '@brine/core/errors';
import type { BoundArgs, ExecContext } from '@brine/core/loader/define';
import { defineStateModule, stateReturn, type StateReturn } from '@brine/core/state/define';
import type { UserInfo } from '@brine/modules/useradd';
import { groupInfo, userInfo } from './lib/accounts';
import { attributesComment } from './lib/attributes';

/** @throws CommandExecutionError "The following group(s) are not present: a,b", as Salt, when some groups do not exist */
async function requireGroups(ctx: ExecContext, groups: Array<string | number>): Promise<void> {
  const missing: string[] = [];
  for (const g of groups) if (!(await groupInfo(ctx, g))) missing.push(String(g));
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
async function changesFor(ctx: ExecContext, a: BoundArgs, info: UserInfo): Promise<Record<string, unknown>> {
  const changes: Record<string, unknown> = {};
  if (a.uid != null && info.uid !== a.uid) changes.uid = a.uid;
  if (a.gid != null) {
    const gid = (await groupInfo(ctx, a.gid))?.gid;
    if (info.gid !== gid) changes.gid = gid;
  }
  for (const key of ['home', 'shell', 'fullname'] as const) if (a[key] != null && info[key] !== a[key]) changes[key] = a[key];
  if (a.groups != null) {
    const primary = (await groupInfo(ctx, (changes.gid as number | undefined) ?? info.gid))?.name;
    const wanted = supplementary(a.groups, primary);
    if (wanted.join(',') !== supplementary(info.groups, primary).join(',')) changes.groups = wanted;
  }
  const home = (a.home as string | null) ?? info.home;
  if (a.createhome && !fs.existsSync(home)) changes.homeDoesNotExist = home;
  return changes;
}

/** Apply Salt's `_changes` to user `name` with the user.ch* functions (and file.mkdir for a missing home). */
async function apply(ctx: ExecContext, name: string, changes: Record<string, unknown>): Promise<void> {
  const setters: Record<string, string> = { uid: 'user.chuid', gid: 'user.chgid', home: 'user.chhome', shell: 'user.chshell', fullname: 'user.chfullname', groups: 'user.chgroups' };
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'homeDoesNotExist') {
      const info = (await userInfo(ctx, name)) as UserInfo;
      await ctx.salt.call('file.mkdir', [value], { user: name, group: String(info.gid), mode: '0755' });
    } else {
      await ctx.salt.call(setters[key], [name, value]);
    }
  }
}

/** Salt's user.present. */
async function present(ctx: ExecContext, a: BoundArgs): Promise<StateReturn> {
  await requireGroups(ctx, [...(a.gid != null ? [a.gid] : []), ...(a.groups ?? [])]);
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
  const left = await changesFor(ctx, a, (await userInfo(ctx, a.name)) as UserInfo);
  if (Object.keys(left).length) return stateReturn(a.name, false, `These values could not be changed: ${JSON.stringify(left)}`, changes);
  return stateReturn(a.name, true, `Updated user ${a.name}`, changes);
}

/** Salt's user.absent: the changes also name the groups that went with the user ("<g> group": "removed"). */
async function absent(ctx: ExecContext, a: BoundArgs): Promise<StateReturn> {
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
    present: {
      doc: `Make sure a user exists with the given attributes; only those given are managed.
A new user reports its user.info as changes ("New user <name> created"); an existing one reports the attributes
changed ("Updated user <name>"), or "User <name> is present and up to date". Fails when a group is missing
("The following group(s) are not present: ...").`,
      example: "salt '*' state.single user.present deploy shell=/bin/bash groups='[adm]'",
      args: [
        { name: 'name', type: 'string', required: true, doc: 'The login name.' },
        { name: 'uid', type: 'integer', doc: 'User id.' },
        { name: 'gid', type: 'string', doc: 'Primary group, as a name or gid (it must exist).' },
        { name: 'groups', type: 'list', doc: 'Exactly these supplementary groups (the user leaves any other); they must exist.' },
        { name: 'home', type: 'string', doc: 'Home directory.' },
        { name: 'shell', type: 'string', doc: 'Login shell.' },
        { name: 'fullname', type: 'string', doc: 'Full name (GECOS).' },
        { name: 'createhome', type: 'boolean', default: true, doc: 'Create the home directory when missing.' },
        { name: 'system', type: 'boolean', default: false, doc: 'Create a system account (only when the user is created).' },
      ],
      run: present,
    },
    absent: {
      doc: `Make sure a user does not exist. Changes: {<name>: 'removed'} and "<group> group": "removed" for its private group.
Comments: "Removed user <name>", "User <name> is not present".`,
      example: "salt '*' state.single user.absent olduser purge=True",
      args: [
        { name: 'name', type: 'string', required: true, doc: 'The login name.' },
        { name: 'purge', type: 'boolean', default: false, doc: 'Also remove the home directory and mail spool.' },
        { name: 'force', type: 'boolean', default: false, doc: 'Remove even while the user is logged in.' },
      ],
      run: absent,
    },
  },
});
