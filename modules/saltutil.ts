/**
 * The `saltutil` execution module: the minion's running jobs and data
 * refreshes, as Salt's saltutil.running, find_job, kill_job, refresh_grains
 * and refresh_pillar. These act on the running minion; under salt-call,
 * where no minion runs, they say so.
 */
import { CommandExecutionError } from '@brine/core/errors';
import { defineFunction, defineModule, type ExecContext, type MinionRuntime } from '@brine/core/loader/define';

function runtime(ctx: ExecContext): MinionRuntime {
  if (!ctx.runtime) throw new CommandExecutionError('This function needs a running salt-minion; it is not available under salt-call');
  return ctx.runtime;
}

export default defineModule({
  name: 'saltutil',
  doc: "Inspect and control the minion's own jobs, and refresh its grains and pillar.",
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
      doc: 'Stop a running job: its work is aborted (a command it runs is killed with its process group). Returns a sentence saying what happened; raises an error when no such job runs.',
      example: "salt '*' saltutil.kill_job 20261121162312416306",
      args: [{ name: 'jid', type: 'string', required: true, doc: 'The 20-digit job id.' }],
      run: (ctx, a) => {
        if (!runtime(ctx).kill(a.jid)) throw new CommandExecutionError(`Job ${a.jid} is not running on this minion`);
        return `Signal 9 sent to job ${a.jid}`;
      },
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
  },
});
