/**
 * Which returns the master stores: a minion's return is kept only for a job
 * whose target selects it, once, and only when the job cache can write it.
 *
 * - Authorized: the minion must be in the job's expected set, the minions the
 *   master computed at publish time. A minion outside it is still accepted
 *   when the job's target does not exclude it by its id (Jobs.selects): a
 *   key accepted after the publish, or a grain or pillar target the master
 *   judged from stale or missing cached facts (Salt's greedy targets; the
 *   minion ran the job because its own facts matched). It is then added to
 *   the expected set. Anything else is refused and logged: a minion cannot
 *   add a return to a job whose target excludes its id.
 * - Once: a return already stored for the jid and minion is acknowledged
 *   without a second write, so a retry whose acknowledgement was lost, or a
 *   replay, changes nothing.
 * - Announced: a CLI's job_returns request held for the job (return-watch.ts)
 *   is woken once the return is committed.
 * - Fired: a stored return fires `salt/job/<jid>/ret/<id>` on the event bus, once.
 * - Scheduled: a return carrying `schedule` is a job the minion's scheduler
 *   ran under a jid the minion made (Salt's standalone jobs). The master
 *   creates its record from the return: the sending minion's id as the only
 *   target and expected minion, `fun_args` as its arguments, Salt's user
 *   `root`, and the schedule's name. Such a jid must not be a job the master
 *   published, nor another minion's or another schedule job's: those are
 *   refused, and so are a jid dated more than SCHEDULED_JID_MAX_AHEAD_MS
 *   ahead of the master's clock (a minion's jid is in its local time, so up
 *   to a day ahead is a time zone; further, the record would outlive
 *   keep_jobs and head jobs.list_jobs) and a `fun` that is no function name. Only returns that carry `schedule` take this path, so a plain
 *   return costs nothing more.
 * - Durable: when the job cache cannot write, the return is refused with code
 *   `unavailable`, never acknowledged, so the minion keeps it and sends it
 *   again later.
 */
import { AuthorizationError, errorMessage, NotFoundError, SaltClientError } from '@brine/core/errors';
import { formatJid, isJid } from '@brine/core/jid';
import type { Logger } from '@brine/core/log';
import { SCHEDULE_USER } from '@brine/core/protocol/v1/constants';
import type { JobRecord, ReturnLoad } from '@brine/core/protocol/v1/loads';
import type { JobCache } from './job-cache';
import { FUNCTION_NAME, type Jobs } from './jobs';
import type { ReturnWatch } from './return-watch';
import type { EventBus } from './events/bus';
import { fireReturn } from './events/job-events';

/**
 * How far ahead of the master's clock a scheduled job's jid may be dated, in ms: 26 hours, the widest gap between
 * two time zones' local times (UTC-12 to UTC+14), since a minion makes the jid in its own local time.
 */
export const SCHEDULED_JID_MAX_AHEAD_MS = 26 * 3600 * 1000;

/** Admits and stores minion returns (see the module note). */
export class Returns {
  /** The last job whose user a return event needed. */
  private lastJob?: { jid: string; user: string | undefined };

  constructor(
    private readonly cache: JobCache,
    private readonly jobs: Pick<Jobs, 'selects'>,
    private readonly watch: Pick<ReturnWatch, 'landed'>,
    private readonly events: Pick<EventBus, 'fire'>,
    private readonly log: Logger,
  ) {}

  /**
   * Store the return `load` sent (sealed) by the authenticated minion `id`.
   * @returns true once it is stored, by this call or an earlier one
   * @throws AuthorizationError when the return names another minion or the job did not target `id`;
   *   NotFoundError for a jid this master did not publish (or already removed); SaltClientError (code
   *   `unavailable`) when the job cache refuses the write
   */
  async accept(id: string, load: ReturnLoad): Promise<true> {
    if (load.id !== id) throw new AuthorizationError(`return names minion ${JSON.stringify(load.id)} but was sent by ${id}`);
    const unknown = () => new NotFoundError(`return for unknown jid ${JSON.stringify(load.jid)}`);
    if (!isJid(load.jid)) throw unknown();
    if (load.schedule !== undefined) await this.admitScheduled(id, load, load.schedule);
    // An expected entry is written with its job's load and removed with it: only a return outside the
    // expected set needs the job looked up.
    if (!this.cache.isExpected(load.jid, id)) {
      if (!this.cache.hasJob(load.jid)) throw unknown();
      await this.admitLate(load.jid, id);
    }
    let stored: boolean;
    try {
      stored = await this.cache.saveReturn({ ...load, stamp: Date.now() });
    } catch (err) {
      this.log.error(`Cannot store the return of ${id} for job ${load.jid}: ${errorMessage(err)}`);
      throw new SaltClientError(`the master cannot store the return now: ${errorMessage(err)}`);
    }
    if (stored) {
      this.watch.landed(load.jid);
      fireReturn(this.events, load, () => this.userOf(load.jid));
    }
    return true;
  }

  /**
   * Create the record of a scheduled job the minion `id` ran (see the module note), unless it exists already (a
   * retry). @throws AuthorizationError when the jid is a job of the master, another minion or another schedule job,
   *   is dated too far ahead, or `fun` is no function name;
   *   SaltClientError when the job cache cannot write
   */
  private async admitScheduled(id: string, load: ReturnLoad, schedule: string): Promise<void> {
    if (!FUNCTION_NAME.test(load.fun)) throw new AuthorizationError(`Invalid function name ${JSON.stringify(load.fun)}`);
    if (load.jid > formatJid(new Date(Date.now() + SCHEDULED_JID_MAX_AHEAD_MS))) {
      throw new AuthorizationError(`scheduled job ${load.jid} is dated ahead of the master's clock`);
    }
    const job = this.cache.load(load.jid);
    if (job) {
      if (job.schedule !== schedule || job.tgt !== id) throw new AuthorizationError(`job ${load.jid} is not schedule job ${schedule} of ${id}`);
      return;
    }
    const record: JobRecord = {
      jid: load.jid, tgt: id, tgt_type: 'glob', fun: load.fun, arg: load.fun_args, kwarg: {}, user: SCHEDULE_USER,
      started: load.started, minions: [id], schedule,
    };
    try {
      await this.cache.saveLoad(record);
    } catch (err) {
      throw new SaltClientError(`the master cannot store the return now: ${errorMessage(err)}`);
    }
  }

  /**
   * The user who published `jid`, for its return events: the job's load is read once per job, not per return
   * (a job's returns arrive together).
   */
  private userOf(jid: string): string | undefined {
    if (this.lastJob?.jid !== jid) this.lastJob = { jid, user: this.cache.load(jid)?.user };
    return this.lastJob.user;
  }

  /**
   * Admit a minion the job did not list when it was published, if its target selects it now.
   * @throws AuthorizationError when it does not
   */
  private async admitLate(jid: string, id: string): Promise<void> {
    const job = this.cache.load(jid);
    if (!job || !this.jobs.selects(job, id)) {
      throw new AuthorizationError(`job ${jid} did not target ${id}`);
    }
    this.log.info(`Job ${jid} accepts a return from ${id}, which its target selects but which was not expected at publish time`);
    try {
      await this.cache.expect(jid, id);
    } catch (err) {
      throw new SaltClientError(`the master cannot store the return now: ${errorMessage(err)}`);
    }
  }
}
