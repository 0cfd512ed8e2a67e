/**
 * The `jobs` runner: read the master's job cache (over the local client
 * channel), as Salt's jobs.list_jobs, lookup_jid, list_job, print_job and
 * exit_success, and ask the minions which jobs they are running (jobs.active).
 */
import { packedArgs } from '@brine/core/loader/args';
import { SaltInvocationError } from '@brine/core/errors';
import { isJid } from '@brine/core/jid';
import { isDict } from '@brine/core/python';
import { truthy } from '@brine/core/jinja/runtime/values';
import type { JobRecord, ReturnRecord } from '@brine/core/protocol/v1/loads';
import { returnsById, withLocalClient } from '../client';
import { defineRunner, defineRunnerFunction, type RunnerContext } from './define';
import { gather } from './lib/gather';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A jid as Salt's jid_to_time prints it: `2026, Nov 21 16:23:12.416306`. */
function jidToStartTime(jid: string): string {
  const p = (a: number, b: number) => jid.slice(a, b);
  return `${p(0, 4)}, ${MONTHS[Number(p(4, 6)) - 1]} ${p(6, 8)} ${p(8, 10)}:${p(10, 12)}:${p(12, 14)}.${p(14, 20)}`;
}

/** One job as list_jobs shows it. */
function summary(job: JobRecord): Record<string, unknown> {
  const args = packedArgs(job.arg, job.kwarg);
  return { Arguments: args, Function: job.fun, StartTime: jidToStartTime(job.jid), Target: job.tgt, 'Target-type': job.tgt_type, User: job.user };
}

/** A return as Salt's job cache gives it back (local_cache get_jid): the return, retcode, success, and out when set. */
function cachedReturn(r: ReturnRecord): Record<string, unknown> {
  return { return: r.return, retcode: r.retcode, success: r.success, ...(r.out ? { out: r.out } : {}) };
}

/**
 * One job with its returns, as Salt's jobs.list_job (and print_job under its jid): the job's summary, the
 * minions it expected (`Minions`), and `Result`, {minion: {return, retcode, success}}. A jid the cache does
 * not hold gives Salt's `Error` entry, its StartTime and an empty Result.
 * @throws SaltInvocationError for a malformed jid
 */
async function jobWithResult(ctx: RunnerContext, jid: string): Promise<Record<string, unknown>> {
  if (!isJid(jid)) throw new SaltInvocationError(`A jid is required: a 20-digit job id, not ${JSON.stringify(jid)}`);
  return withLocalClient(ctx.config, async (client) => {
    const job = await client.job_load({ jid });
    const head = job ? { ...summary(job), Minions: job.minions } : { Error: 'Cannot contact returner or no job with this jid', StartTime: jidToStartTime(jid) };
    const Result = Object.fromEntries([...(await returnsById(client, jid))].map(([id, r]) => [id, cachedReturn(r)]));
    return { ...head, Result };
  });
}

export default defineRunner({
  name: 'jobs',
  doc: "Read the master's job cache and see which jobs the minions are running, as Salt's jobs runner.",
  functions: {
    list_jobs: defineRunnerFunction({
      doc: 'List the jobs in the job cache, oldest first: {jid: {Arguments, Function, StartTime, Target, Target-type, User}}. Optional count=N keeps the newest N.',
      example: 'salt-run jobs.list_jobs count=10',
      args: [{ name: 'count', type: 'integer', doc: 'Keep only the newest N jobs (N >= 0). Default: all of them.' }],
      run: (ctx, { count }) =>
        withLocalClient(ctx.config, async (client) => {
          if (count !== undefined && count < 0) throw new SaltInvocationError(`count must be a number, not ${JSON.stringify(count)}`);
          return Object.fromEntries((await client.list_jobs(count === undefined ? {} : { limit: count })).map((j) => [j.jid, summary(j)]));
        }),
    }),
    active: defineRunnerFunction({
      doc: 'Jobs running now on any minion (asked with saltutil.running): {jid: {Function, Arguments, Target, Target-type, User, StartTime, Running: [{minion: pid}], Returned: [minion]}}.',
      example: 'salt-run jobs.active',
      args: [],
      run: async (ctx) => {
        const answers = await gather(ctx, 'saltutil.running');
        const active: Record<string, Record<string, unknown> & { Running: Array<Record<string, number>> }> = {};
        for (const [id, ret] of answers) {
          for (const job of Array.isArray(ret.return) ? ret.return.filter(isDict) : []) {
            const jid = String(job.jid);
            active[jid] ??= { Function: job.fun, Arguments: job.arg, Target: job.tgt, 'Target-type': job.tgt_type, User: job.user, StartTime: jidToStartTime(jid), Running: [], Returned: [] };
            active[jid].Running.push({ [id]: Number(job.pid) });
          }
        }
        await withLocalClient(ctx.config, async (client) => {
          for (const [jid, job] of Object.entries(active)) job.Returned = [...(await returnsById(client, jid)).keys()];
        });
        return active;
      },
    }),
    lookup_jid: defineRunnerFunction({
      doc: 'The returns of one job: {minion: return}. Usage: salt-run jobs.lookup_jid JID',
      example: 'salt-run jobs.lookup_jid 20261121162312416306',
      args: [{ name: 'jid', type: 'string', required: true, doc: 'The 20-digit job id, as salt prints it.' }],
      run: (ctx, { jid }) => {
        if (!isJid(jid)) throw new SaltInvocationError(`A jid is required: salt-run jobs.lookup_jid <20-digit jid>`);
        return withLocalClient(ctx.config, async (client) => Object.fromEntries([...(await returnsById(client, jid))].map(([id, r]) => [id, r.return])));
      },
    }),
    list_job: defineRunnerFunction({
      doc:
        'One job with its returns, as Salt\'s jobs.list_job: {jid, Arguments, Function, Minions, Result: {minion: ' +
        '{return, retcode, success}}, StartTime, Target, Target-type, User}.',
      example: 'salt-run jobs.list_job 20261121162312416306',
      args: [{ name: 'jid', type: 'string', required: true, doc: 'The 20-digit job id, as salt prints it.' }],
      run: async (ctx, { jid }) => ({ jid, ...(await jobWithResult(ctx, jid)) }),
    }),
    print_job: defineRunnerFunction({
      doc:
        'Print one job with its returns, as Salt\'s jobs.print_job: {jid: {Arguments, Function, Minions, Result: ' +
        '{minion: {return, retcode, success}}, StartTime, Target, Target-type, User}}. An unknown jid gives an Error entry.',
      example: 'salt-run jobs.print_job 20261121162312416306',
      args: [{ name: 'jid', type: 'string', required: true, doc: 'The 20-digit job id, as salt prints it.' }],
      run: async (ctx, { jid }) => ({ [jid]: await jobWithResult(ctx, jid) }),
    }),
    exit_success: defineRunnerFunction({
      doc:
        'Whether each minion of a job returned a true value, as Salt\'s jobs.exit_success: {minion: True|False}; an ' +
        'expected minion without a return is False.',
      example: 'salt-run jobs.exit_success 20261121162312416306',
      args: [{ name: 'jid', type: 'string', required: true, doc: 'The 20-digit job id, as salt prints it.' }],
      run: async (ctx, { jid }) => {
        const job = await jobWithResult(ctx, jid);
        const result = job.Result as Record<string, { return: unknown }>;
        const minions = Array.isArray(job.Minions) ? (job.Minions as string[]) : [];
        const out: Record<string, boolean> = {};
        for (const id of [...minions, ...Object.keys(result)]) out[id] = id in result && truthy(result[id].return);
        return out;
      },
    }),
  },
});
