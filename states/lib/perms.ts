/**
 * `file.check_perms` for the file states: make a path have the state's
 * user, group and mode (only report it under test=True), and read back what
 * changed.
 */
import type { ExecContext } from '@brine/core/loader/define';
import { expectResult } from '@brine/core/loader/expect';
import { isStringMap } from '@brine/core/traverse';

/** The ownership and mode a state asks for; unset ones are left as they are. */
export interface Perms {
  user?: string;
  group?: string;
  mode?: string;
}

/**
 * Run `file.check_perms` on `name` (in test mode when the state is).
 * @returns what changed (or would change): {user, group, mode}, only the keys that differed, with the wanted values
 * @throws CommandExecutionError from the file module (missing path, unknown user or group), or for an answer of another shape
 */
export async function checkPerms(ctx: ExecContext, name: string, perms: Perms): Promise<Record<string, string>> {
  const { user, group, mode } = perms;
  const changes = await ctx.salt.call('file.check_perms', [name], { user, group, mode, test: ctx.test });
  return expectResult('file.check_perms', changes, isStringMap, '{user, group, mode}');
}
