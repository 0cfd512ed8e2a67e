/**
 * saltutil.sync_*: what they share. Which saltenvs to sync (the argument, else
 * the environments the top file assigns this minion, else base, as Salt's
 * `_get_top_file_envs`), the sync of one type through the minion's file
 * client, and the module refresh after it.
 */
import { CommandExecutionError, errorMessage, SaltRenderError } from '@brine/core/errors';
import { arg, type ArgsOf, type ExecContext } from '@brine/core/loader/define';
import { extmodFilter, extmodsDir, syncExtmods, type ExtmodType } from '@brine/core/loader/extmods';
import { compileTop } from '@brine/core/state/top';

/** The arguments every sync function takes (Salt's, with `refresh` where it has an effect). */
export const SYNC_ARGS = [
  arg({
    name: 'saltenv',
    type: 'any',
    doc: "File server environment(s) to sync from: a name, a comma-separated list ('base,dev') or a list. Default: every environment the top file assigns this minion, else 'base'.",
  }),
  arg({
    name: 'refresh',
    type: 'boolean',
    default: true,
    doc: 'Load the modules again after syncing, even when nothing changed (needs a running salt-minion; salt-call loads them at its next start).',
  }),
  arg({ name: 'extmod_whitelist', type: 'any', doc: "Only these modules: a comma-separated list of names, or a dict {type: [names]} ('modules': ['hello'])." }),
  arg({ name: 'extmod_blacklist', type: 'any', doc: 'Not these modules: a comma-separated list of names, or a dict {type: [names]}.' }),
] as const;

/** The bound {@link SYNC_ARGS}. */
export type SyncArgs = ArgsOf<typeof SYNC_ARGS>;

/**
 * The saltenvs to sync: `saltenv` as given, else the top file's environments for this minion, else base.
 * @throws CommandExecutionError "Unable to render top file(s): ..." (Salt's message) when the top file does not render
 */
async function saltenvs(ctx: ExecContext, saltenv: unknown): Promise<string[]> {
  if (typeof saltenv === 'string' && saltenv !== '') return saltenv.split(',');
  if (Array.isArray(saltenv) && saltenv.length) return saltenv.map(String);
  try {
    const me = { id: ctx.opts.id, grains: ctx.grains, pillar: ctx.pillar };
    const envs = Object.keys(await compileTop({ files: ctx.files, salt: ctx.salt, grains: ctx.grains, pillar: ctx.pillar, opts: ctx.opts }, me));
    return envs.length ? envs : ['base'];
  } catch (err) {
    if (err instanceof SaltRenderError) throw new CommandExecutionError(`Unable to render top file(s): ${errorMessage(err)}`);
    throw err;
  }
}

/**
 * Sync the custom modules of `types` from `salt://_<type>/` into the extension folder (see core/loader/extmods.ts).
 * @returns per type, Salt's list of '<type>.<name>' added or changed
 */
export async function syncTypes<T extends ExtmodType>(ctx: ExecContext, types: readonly T[], a: SyncArgs): Promise<Record<T, string[]>> {
  const envs = await saltenvs(ctx, a.saltenv);
  const changed = {} as Record<T, string[]>;
  for (const type of types) {
    const req = { saltenvs: envs, whitelist: extmodFilter(a.extmod_whitelist, type, 'extmod_whitelist'), blacklist: extmodFilter(a.extmod_blacklist, type, 'extmod_blacklist') };
    changed[type] = await syncExtmods(ctx.files, type, extmodsDir(ctx.opts), req, ctx.opts.clean_dynamic_modules);
  }
  return changed;
}

/**
 * After a sync with `refresh`, on a running minion: collect the grains again and refresh the
 * pillar when `grains` (custom grains may have changed, as Salt's refresh_pillar after
 * sync_grains), then load the modules again. Under salt-call nothing is done: its next run loads them.
 */
export async function refreshAfterSync(ctx: ExecContext, refresh: boolean, grains: boolean): Promise<void> {
  if (!refresh || !ctx.runtime) return;
  if (grains) await ctx.runtime.refreshGrains();
  await ctx.runtime.refreshModules();
}
