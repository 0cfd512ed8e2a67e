/**
 * Account lookups through the `user` and `group` execution modules, for other
 * modules and for states: `user.info` and `group.info` answer {} for a
 * missing account; these answer undefined, and check what they got.
 */
import { CommandExecutionError } from '@brine/core/errors';
import type { ExecContext } from '@brine/core/loader/define';
import { expectResult } from '@brine/core/loader/expect';
import { isDict } from '@brine/core/python';
import type { GroupInfo } from '../groupadd';
import type { UserInfo } from '../useradd';

/** The text fields of a {@link UserInfo}. */
const USER_TEXT = ['name', 'passwd', 'fullname', 'roomnumber', 'workphone', 'homephone', 'other', 'home', 'shell'] as const;

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function isUserInfo(v: unknown): v is UserInfo {
  return isDict(v) && typeof v.uid === 'number' && typeof v.gid === 'number' && USER_TEXT.every((k) => typeof v[k] === 'string') && isStringList(v.groups);
}

function isGroupInfo(v: unknown): v is GroupInfo {
  return isDict(v) && typeof v.name === 'string' && typeof v.passwd === 'string' && typeof v.gid === 'number' && isStringList(v.members);
}

/**
 * Call `fun` ('user.info') for `key` and check its answer.
 * @returns the account, or undefined for Salt's {} (no such account)
 * @throws CommandExecutionError when the answer is neither
 */
async function lookup<T>(ctx: ExecContext, fun: string, key: string, is: (v: unknown) => v is T): Promise<T | undefined> {
  const info = await ctx.salt.call(fun, [key]);
  if (isDict(info) && Object.keys(info).length === 0) return undefined;
  return expectResult(fun, info, is, 'an account');
}

/** user.info of a user name or uid, or undefined when there is no such user. */
export function userInfo(ctx: ExecContext, user: string | number): Promise<UserInfo | undefined> {
  return lookup(ctx, 'user.info', String(user), isUserInfo);
}

/** group.info of a group name or gid, or undefined when there is no such group. */
export function groupInfo(ctx: ExecContext, group: string | number): Promise<GroupInfo | undefined> {
  return lookup(ctx, 'group.info', String(group), isGroupInfo);
}

/** user.info of a user that must exist (one just created or changed). @throws CommandExecutionError "User 'x' does not exist" */
export async function existingUser(ctx: ExecContext, user: string): Promise<UserInfo> {
  const info = await userInfo(ctx, user);
  if (!info) throw new CommandExecutionError(`User '${user}' does not exist`);
  return info;
}

/** group.info of a group that must exist (one just created or changed). @throws CommandExecutionError "Group 'x' does not exist" */
export async function existingGroup(ctx: ExecContext, group: string): Promise<GroupInfo> {
  const info = await groupInfo(ctx, group);
  if (!info) throw new CommandExecutionError(`Group '${group}' does not exist`);
  return info;
}

/** Every group, from group.getent. */
export async function allGroups(ctx: ExecContext): Promise<GroupInfo[]> {
  const isGroupList = (v: unknown): v is GroupInfo[] => Array.isArray(v) && v.every(isGroupInfo);
  return expectResult('group.getent', await ctx.salt.call('group.getent'), isGroupList, 'a list of groups');
}
