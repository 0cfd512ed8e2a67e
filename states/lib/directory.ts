/**
 * Salt's `file.directory`: make a directory exist with a given owner and mode.
 * Also used by `file.recurse` for each directory it fills, as Salt's recurse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError } from '@brine/core/errors';
import type { ExecContext } from '@brine/core/loader/define';
import { stateReturn, type StateReturn } from '@brine/core/state/define';
import { requireAbsolute } from './paths';
import { checkPerms, type Perms } from './perms';

/** Arguments of {@link directory}, as the state declares them. */
export interface DirectoryArgs extends Perms {
  name: string;
  makedirs?: boolean;
}

/** Salt's test-mode comment: one "path: key - value" line per pending change. */
function pending(name: string, changes: Record<string, string>): string {
  return `The following files will be changed:\n${Object.entries(changes).map(([k, v]) => `${name}: ${k} - ${v}\n`).join('')}`;
}

/**
 * Salt's file.directory. A new directory reports `{<name>: {directory: 'new'}}` and
 * an empty comment (as Salt 3006); an existing one that needed a new `user`, `group`
 * or `mode` reports them twice, as Salt 3006 does: under `<name>` (what its check
 * found) and at the top level (what `file.check_perms` set), with "Directory <name>
 * updated". Under test=True: result None with Salt's "The following files will be
 * changed:" comment and `{<name>: {...}}`; nothing is touched. A directory in the
 * right state says "The directory <name> is in the correct state" in both modes.
 * @throws CommandExecutionError when a file is in the way, or the parent is missing without makedirs
 */
export async function directory(ctx: ExecContext, a: DirectoryArgs): Promise<StateReturn> {
  requireAbsolute(a.name);
  const st = fs.statSync(a.name, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new CommandExecutionError(`Specified location ${a.name} exists and is a file`);
  if (!st) {
    const changes = { [a.name]: { directory: 'new' } };
    if (ctx.test) return stateReturn(a.name, null, pending(a.name, { directory: 'new' }), changes);
    if (!a.makedirs && !fs.existsSync(path.dirname(a.name))) throw new CommandExecutionError(`No directory to create ${a.name} in`);
    await ctx.salt.call('file.mkdir', [a.name], { user: a.user, group: a.group, mode: a.mode });
    return stateReturn(a.name, true, '', changes);
  }
  const perms = await checkPerms(ctx, a.name, a);
  if (Object.keys(perms).length === 0) return stateReturn(a.name, true, `The directory ${a.name} is in the correct state`);
  if (ctx.test) return stateReturn(a.name, null, pending(a.name, perms), { [a.name]: perms });
  return stateReturn(a.name, true, `Directory ${a.name} updated`, { [a.name]: perms, ...perms });
}
