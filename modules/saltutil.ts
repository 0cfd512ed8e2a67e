/**
 * The `saltutil` execution module: the minion's running jobs and data
 * refreshes, as Salt's saltutil.running, find_job, kill_job, term_job, refresh_grains
 * and refresh_pillar, and the sync of custom modules from the master
 * (sync_all, sync_modules, sync_states, sync_grains). The job and refresh
 * functions act on the running minion; under salt-call, where no minion
 * runs, they say so.
 */
import { CommandExecutionError } from '@brine/core/errors';
import { defineFunction, defineModule, type ExecContext, type MinionRuntime } from '@brine/core/loader/define';
import { EXTMOD_TYPES, LOADED_EXTMOD_TYPES, type ExtmodType } from '@brine/core/loader/extmods';
import { refreshAfterSync, SYNC_ARGS, syncTypes } from './lib/sync';

function runtime(ctx: ExecContext): MinionRuntime {
  if (!ctx.runtime) throw new CommandExecutionError('This function needs a running salt-minion; it is not available under salt-call');
  return ctx.runtime;
}

/**
 * Abort job `jid` (a command's process group gets SIGTERM, then SIGKILL after the grace period, whichever signal
 * Salt's function names). @returns Salt's "Signal <n> sent to job <jid>" @throws CommandExecutionError when it does not run
 */
function stopJob(ctx: ExecContext, jid: string, signal: 9 | 15): string {
  if (!runtime(ctx).kill(jid)) throw new CommandExecutionError(`Job ${jid} is not running on this minion`);
  return `Signal ${signal} sent to job ${jid}`;
}

export default defineModule({
  name: 'saltutil',
  doc: "Inspect and control the minion's own jobs, refresh its grains and pillar, and sync custom modules from the master.",
  functions: {
    running: defineFunction({
      doc: "List the jobs running on this minion, the newest first. Returns a list of {arg, fun, jid, pid, ret, tgt, tgt_type, user}, as Salt's: `pid` is the minion's process id and `ret` the returner the job asked for ('' for the job cache). The job asking is not listed.",
      example: "salt '*' saltutil.running",
      args: [],
      run: (ctx) => runtime(ctx).running().filter((j) => j.jid !== ctx.jid),
    }),
    find_job: defineFunction({
      doc: 'Return the running job with the given jid as saltutil.running lists it, or an empty dict when this minion is not running it. The salt CLI uses this to tell a slow minion from a silent one.',
      example: "salt '*' saltutil.find_job 20261121162312416306",
      args: [{ name: 'jid', type: 'string', required: true, doc: 'The 20-digit job id.' }],
      run: (ctx, a) => runtime(ctx).running().find((j) => j.jid === a.jid) ?? {},
    }),
    kill_job: defineFunction({
      doc: 'Stop a running job (a scheduled one too): its work is aborted (a command it runs is killed with its process group). Returns a sentence saying what happened; raises an error when no such job runs.',
      example: "salt '*' saltutil.kill_job 20261121162312416306",
      args: [{ name: 'jid', type: 'string', required: true, doc: 'The 20-digit job id.' }],
      run: (ctx, a) => stopJob(ctx, a.jid, 9),
    }),
    term_job: defineFunction({
      doc: "Ask a running job (a scheduled one too) to terminate, as Salt's term_job: its work is aborted, and a command it runs gets SIGTERM, then SIGKILL if its process group outlives the grace period. Returns 'Signal 15 sent to job <jid>'; raises an error when no such job runs.",
      example: "salt '*' saltutil.term_job 20261121162312416306",
      args: [{ name: 'jid', type: 'string', required: true, doc: 'The 20-digit job id.' }],
      run: (ctx, a) => stopJob(ctx, a.jid, 15),
    }),
    refresh_grains: defineFunction({
      doc: 'Collect the grains again and report them to the master, so grain targets see changes. Returns True.',
      example: "salt '*' saltutil.refresh_grains",
      args: [],
      run: async (ctx) => {
        await runtime(ctx).refreshGrains();
        return true;
      },
    }),
    refresh_pillar: defineFunction({
      doc: "Fetch this minion's pillar from the master again (render errors come back under the `_errors` key). Returns True.",
      example: "salt '*' saltutil.refresh_pillar",
      args: [],
      run: async (ctx) => {
        await runtime(ctx).refreshPillar();
        return true;
      },
    }),
    refresh_modules: defineFunction({
      doc: 'Load the execution and state modules again, custom modules from the extension folder included (what saltutil.sync_* does after syncing). Returns True.',
      example: "salt '*' saltutil.refresh_modules",
      args: [],
      run: async (ctx) => {
        await runtime(ctx).refreshModules();
        return true;
      },
    }),
    sync_modules: defineFunction({
      doc:
        "Sync custom execution modules from salt://_modules (the .js files, each a defineModule) into the minion's extension folder\n" +
        "(<cachedir>/extmods/modules) and load them; a custom module replaces a built-in of the same name, and with clean_dynamic_modules\n" +
        "(the default) one no longer on the master is removed. Returns the list of modules added or changed, as\n" +
        "['modules.hello']. A file that fails to load is logged; calling it answers \"'hello' __virtual__ returned False: <why>\".",
      example: "salt '*' saltutil.sync_modules saltenv=base,dev",
      args: SYNC_ARGS,
      run: async (ctx, a) => {
        const { modules } = await syncTypes(ctx, ['modules'], a);
        await refreshAfterSync(ctx, a.refresh, false);
        return modules;
      },
    }),
    sync_states: defineFunction({
      doc: "Sync custom state modules from salt://_states (the .js files, each a defineStateModule) and load them, as sync_modules. Returns the list of state modules added or changed, as ['states.site'].",
      example: "salt '*' saltutil.sync_states",
      args: SYNC_ARGS,
      run: async (ctx, a) => {
        const { states } = await syncTypes(ctx, ['states'], a);
        await refreshAfterSync(ctx, a.refresh, false);
        return states;
      },
    }),
    sync_grains: defineFunction({
      doc: "Sync custom grains modules from salt://_grains (the .js files, each a defineGrainsModule), then collect the grains again and refresh the pillar. Returns the list of grains modules added or changed, as ['grains.roles'].",
      example: "salt '*' saltutil.sync_grains",
      args: SYNC_ARGS,
      run: async (ctx, a) => {
        const { grains } = await syncTypes(ctx, ['grains'], a);
        await refreshAfterSync(ctx, a.refresh, true);
        return grains;
      },
    }),
    sync_all: defineFunction({
      doc:
        'Sync every type of custom module brine loads (salt://_grains, _modules, _states), then refresh grains, pillar and modules.\n' +
        "Returns Salt's dict of every type ({beacons, clouds, engines, executors, grains, log_handlers, matchers, modules, output,\n" +
        "proxymodules, renderers, returners, sdb, serializers, states, thorium, utils}), each the list of '<type>.<name>' added or changed;\n" +
        'the types brine has no loader for are not synced and are always empty.',
      example: "salt '*' saltutil.sync_all",
      args: SYNC_ARGS,
      run: async (ctx, a) => {
        const synced: Partial<Record<ExtmodType, string[]>> = await syncTypes(ctx, LOADED_EXTMOD_TYPES, a);
        await refreshAfterSync(ctx, a.refresh, true);
        return Object.fromEntries(EXTMOD_TYPES.map((t) => [t, synced[t] ?? []]));
      },
    }),
  },
});
