/**
 * Targeting and publication of jobs, as Salt's LocalClient does on the master:
 * expand nodegroups (minions do not know them), compute the minions a target
 * expects from the accepted keys and the cached grains and pillar, assign a
 * jid, store the load in the job cache, then publish it sealed with the
 * current session key. Minions not connected at that moment get it later
 * through catch-up.ts.
 */
import os from 'node:os';
import { errorMessage, SaltClientError, SaltInvocationError } from '@brine/core/errors';
import { isJid, jidToTime, newJid } from '@brine/core/jid';
import type { Logger } from '@brine/core/log';
import { resolveNodegroups, type Nodegroups } from '@brine/core/matchers/nodegroup';
import type { JobAcl, JobLoad, PublishRequest, Target, TargetType } from '@brine/core/protocol/v1/loads';
import type { Published } from '@brine/core/protocol/v1/local-client';
import { expectedMinions } from './ck-minions';
import type { JobCache } from './job-cache';
import type { MinionData } from './minion-data';
import type { AcceptedKeys } from './accepted-keys';
import type { CatchUp } from './catch-up';
import type { JobPublisher } from './publish';
import type { SessionKeys } from './session-keys';
import type { EventBus } from './events/bus';
import { fireJobPublished } from './events/job-events';
import { fireRunNew, fireRunRet, type RunEnd, type RunStart } from './events/run-events';

/** A function name as Salt accepts it: `module.function`, each part an identifier. */
export const FUNCTION_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/;

/**
 * Check what salt-run says of a run.
 * @throws SaltInvocationError for a malformed jid or function name, or a user name with control characters (they
 *   would reach jobs.list_jobs' output and the events)
 */
function checkRun(req: RunStart): void {
  if (!isJid(req.jid)) throw new SaltInvocationError(`Invalid jid ${JSON.stringify(req.jid)}`);
  if (!FUNCTION_NAME.test(req.fun)) throw new SaltInvocationError(`Invalid function name ${JSON.stringify(req.fun)}`);
  if (/[\x00-\x1f\x7f]/.test(req.user)) throw new SaltInvocationError('Invalid user name: it holds control characters');
}

/** What {@link Jobs} works with. */
export interface JobsDeps {
  accepted: AcceptedKeys;
  minionData: MinionData;
  cache: JobCache;
  publisher: JobPublisher;
  session: SessionKeys;
  catchUp: CatchUp;
  nodegroups: Nodegroups;
  /** Where the job's `<jid>` and `salt/job/<jid>/new` events go. */
  events: Pick<EventBus, 'fire'>;
  log: Logger;
}

/** A target with nodegroups expanded, and the minions it expects. */
export interface Resolved {
  tgt: string | string[];
  tgtType: TargetType;
  minions: string[];
}

/** How {@link Jobs.publish} publishes a job (see there). */
export interface PublishOptions {
  resolved?: Resolved;
  acl?: JobAcl;
  beforeStore?: (jid: string | null) => void;
}

/** Targets and publishes jobs. */
export class Jobs {
  constructor(private readonly deps: JobsDeps) {}

  /**
   * The target with nodegroups expanded and the accepted minions it expects.
   * @throws TargetError for a malformed target or an unknown nodegroup
   */
  target(req: Target): Resolved {
    const { accepted, minionData, nodegroups } = this.deps;
    const { tgt, tgtType } = resolveNodegroups(req.tgt, req.tgt_type, nodegroups);
    // list() reads the accepted keys again if they changed: a key removed behind the master's back rotates the
    // session key before this job is sealed with it.
    const minions = expectedMinions(tgt, tgtType, accepted.list(), (id) => minionData.facts(id), { delimiter: req.delimiter, nodegroups });
    return { tgt, tgtType, minions };
  }

  /**
   * Whether the target of a published job may select `id`, judged on its id alone: grain, pillar and
   * address tests count as passed (Salt's greedy matching), because the minion that ran the job matched them
   * with its own current facts, which the master's cache may not have seen yet. A target that excludes `id`
   * by its id (a glob, a list, a regular expression) does not select it.
   * @throws TargetError for a malformed target (not for a load the master stored itself)
   */
  selects(job: JobLoad, id: string): boolean {
    const { nodegroups } = this.deps;
    return expectedMinions(job.tgt, job.tgt_type, [id], () => undefined, { delimiter: job.delimiter, nodegroups }).length === 1;
  }

  /**
   * Record a salt-run that finished, as Salt's master keeps runner jobs: under the jid the run took when
   * it started, `runner.<fun>`, no arguments, target `<host>_master` (list), no minions, so jobs.list_jobs
   * shows it; then fire `salt/run/<jid>/ret` with its return. A jid the cache already holds is refused, so a run
   * cannot overwrite a job.
   * @throws SaltInvocationError for a malformed jid or function name, a user name with control characters
   *   (they would reach jobs.list_jobs' output), or a jid in use; JobCacheWriteError
   *   when the cache cannot store it
   */
  async recordRunner(req: RunEnd): Promise<null> {
    checkRun(req);
    if (this.deps.cache.load(req.jid)) throw new SaltInvocationError(`Job ${req.jid} already exists`);
    const load = { fun: `runner.${req.fun}`, arg: [], kwarg: {}, tgt: `${os.hostname()}_master`, tgt_type: 'list' as const, user: req.user, jid: req.jid };
    await this.deps.cache.saveLoad({ ...load, started: jidToTime(req.jid), minions: [] });
    fireRunRet(this.deps.events, req);
    return null;
  }

  /**
   * A salt-run starts: fire `salt/run/<jid>/new` (its record waits for its end, recordRunner).
   * @throws SaltInvocationError as recordRunner, for a malformed jid, function name or user name
   */
  runnerStarted(req: RunStart): null {
    checkRun(req);
    fireRunNew(this.deps.events, req);
    return null;
  }

  /**
   * Publish a job to the minions its target expects; nothing is stored or sent when it expects none.
   * @param opts.resolved the target already resolved (the minions the local channel's access check judged), so the
   *   job goes to exactly those; resolved now without it
   * @param opts.acl the master's authorization, signed into the load for the minions (minion_publisher_acl logs it);
   *   an `acl` the request carries is never copied
   * @param opts.beforeStore called with the jid taken (null when no minion matched) before anything is stored: what
   *   it throws (the audit log that cannot be written) stops the job
   * @returns the jid (null when no minion matched) and the expected minions
   * @throws SaltInvocationError for a malformed function name; TargetError for a malformed target;
   *   SaltClientError (code `unavailable`) when the job cache cannot store the job, which is then not published;
   *   what beforeStore throws
   */
  async publish(req: PublishRequest, opts: PublishOptions = {}): Promise<Published> {
    if (!FUNCTION_NAME.test(req.fun)) throw new SaltInvocationError(`Invalid function name ${JSON.stringify(req.fun)}`);
    const { tgt, tgtType, minions } = opts.resolved ?? this.target(req);
    if (minions.length === 0) {
      opts.beforeStore?.(null);
      return { jid: null, minions };
    }
    // A jid the cache holds is a minion's scheduled job dated ahead (returns.ts): publishing under it would overwrite its record.
    let jid = newJid();
    while (this.deps.cache.hasJob(jid)) jid = newJid();
    opts.beforeStore?.(jid);
    // The schema lets unknown fields through: an `acl` the client sent must not be signed as the master's.
    const { acl: _claimed, ...asked } = req as PublishRequest & { acl?: unknown };
    const load: JobLoad = { ...asked, tgt, tgt_type: tgtType, jid, ...(opts.acl ? { acl: opts.acl } : {}) };
    const record = { ...load, started: Date.now(), minions };
    try {
      await this.deps.cache.saveLoad(record);
    } catch (err) {
      this.deps.log.error(`Cannot store job ${load.jid} (${load.fun}) in the job cache, so it was not published: ${errorMessage(err)}`);
      throw new SaltClientError(`The master cannot store the job in its job cache, so it was not published: ${errorMessage(err)}`);
    }
    this.deps.catchUp.opened(record);
    fireJobPublished(this.deps.events, load, minions);
    await this.deps.publisher.publish(load, this.deps.session.current());
    this.deps.log.info(`Published job ${load.jid} ${load.fun} to ${minions.length} minion(s)`);
    return { jid: load.jid, minions };
  }
}
