/**
 * Path preconditions shared by the file states, with Salt's messages: the
 * target must be absolute, and its directory must exist unless `makedirs`
 * asks to create it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import type { ExecContext } from '@brine/core/loader/define';

/** @throws SaltInvocationError "Specified file <name> is not an absolute path", as Salt's file states */
export function requireAbsolute(name: string): void {
  if (!path.isAbsolute(name)) throw new SaltInvocationError(`Specified file ${name} is not an absolute path`);
}

/**
 * Make sure the directory holding `name` exists: create it (and its parents) with
 * `file.mkdir` when `makedirs`, else fail with `missing`.
 * @throws CommandExecutionError `missing` when the directory is absent and makedirs is false
 */
export async function ensureParent(ctx: ExecContext, name: string, makedirs: boolean, missing: string): Promise<void> {
  const dir = path.dirname(name);
  if (fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return;
  if (!makedirs) throw new CommandExecutionError(missing);
  await ctx.salt.call('file.mkdir', [dir]);
}
