/**
 * Account lookups for the user and group states: `user.info` and
 * `group.info` answer {} for a missing account; these answer undefined.
 */
import type { ExecContext } from '@brine/core/loader/define';
import type { GroupInfo } from '@brine/modules/groupadd';
import type { UserInfo } from '@brine/modules/useradd';

/** user.info of `name`, or undefined when there is no such user. */
export async function userInfo(ctx: ExecContext, name: string): Promise<UserInfo | undefined> {
  const info = (await ctx.salt.call('user.info', [name])) as Partial<UserInfo>;
  return info.name === undefined ? undefined : (info as UserInfo);
}

/** group.info of a group name or gid, or undefined when there is no such group. */
export async function groupInfo(ctx: ExecContext, group: string | number): Promise<GroupInfo | undefined> {
  const info = (await ctx.salt.call('group.info', [String(group)])) as Partial<GroupInfo>;
  return info.name === undefined ? undefined : (info as GroupInfo);
}
