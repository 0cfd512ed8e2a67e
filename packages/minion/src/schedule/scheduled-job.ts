/**
 * A schedule job's run as the minion's job path runs it (jobs.ts), after
 * Salt 3006's `Schedule.handle_func`: a jid made on the minion (Salt's
 * gen_jid), the minion's own id as target, Salt's default user `root`, the
 * returner in the job's `ret` field (so a scheduled run reaches returners as
 * `salt --return` does), and the return's extra fields: `schedule` (the job's
 * name), `pid`, `fun_args` as Salt lists them for a scheduled job (the args,
 * then the kwargs dict, without `__kwarg__`), and `metadata` when set.
 */
import { newJid } from '@brine/core/jid';
import { SCHEDULE_USER } from '@brine/core/protocol/v1/constants';
import type { JobLoad, ReturnLoad } from '@brine/core/protocol/v1/loads';
import type { ScheduleEntry } from './entry';

/** A scheduled run, ready for JobRunner.executeScheduled. */
export interface ScheduledJob {
  job: JobLoad;
  /** The schedule job's name. */
  schedule: string;
  /** Fields the return carries besides the executor's. */
  returnFields: Pick<ReturnLoad, 'schedule' | 'pid' | 'fun_args' | 'metadata'>;
  /** Send the return to the master (Salt's `return_job`, default True). */
  returnJob: boolean;
}

/** The run of `entry` on minion `id`, with a new jid. */
export function scheduledJob(entry: ScheduleEntry, id: string): ScheduledJob {
  const job: JobLoad = {
    jid: newJid(),
    tgt: id,
    tgt_type: 'glob',
    fun: entry.function,
    arg: entry.args,
    kwarg: entry.kwargs,
    user: SCHEDULE_USER,
    ...(entry.returner ? { ret: entry.returner } : {}),
  };
  const funArgs = Object.keys(entry.kwargs).length ? [...entry.args, entry.kwargs] : [...entry.args];
  return {
    job,
    schedule: entry.name,
    returnFields: { schedule: entry.name, pid: process.pid, fun_args: funArgs, ...(entry.metadata ? { metadata: entry.metadata } : {}) },
    returnJob: entry.returnJob,
  };
}
