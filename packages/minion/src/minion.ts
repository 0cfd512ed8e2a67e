/**
 * The salt-minion daemon, wiring only: the bootstrap shared with salt-call
 * (connect.ts), the publish subscription, the master session (authentication
 * and job admission), the job runner, and the runtime that saltutil acts on.
 */
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import type { MinionConfig } from '@brine/core/config/minion';
import { errorMessage } from '@brine/core/errors';
import type { MinionRuntime } from '@brine/core/loader/define';
import type { Logger } from '@brine/core/log';
import { ensureDir } from '@brine/core/paths';
import type { JobLoad } from '@brine/core/protocol/v1/loads';
import { tcpEndpoint } from '@brine/core/transport/endpoint';
import { Subscriber } from '@brine/core/transport/subscriber';
import { connectMinion, type MinionLinkOptions } from './connect';
import { runJob } from './executor';
import { JobRunner } from './jobs';
import { MinionPublisherAcl } from './publisher-acl';
import { ReturnSpool } from './return-spool';
import { ReturnerDispatch } from './returner-dispatch';
import { MasterSession, type PublicationVerifier } from './session';
import { announceStart } from './start-event';
import { minionScheduler } from './schedule/minion-scheduler';
import { SlotClient, slotPolicy } from './schedule/governor';

/** How often returns left in the spool are sent again, in ms, besides each reconnection. */
const SPOOL_RETRY_MS = 60_000;

/** A running minion. */
export interface RunningMinion {
  id: string;
  /** Resolves once the master has accepted this minion the first time (and its pillar arrived or failed). */
  authenticated: Promise<void>;
  /** Stop: abort running jobs and wait for them (their process groups killed), close sockets. */
  stop(): Promise<void>;
}

/**
 * Knobs for running many minions in one process (scripts/swarm.ts). A real
 * minion uses none of them; none changes what goes over the wire.
 */
export interface MinionOptions extends MinionLinkOptions {
  /** Publication signature check shared between minions. */
  verify?: PublicationVerifier;
  /** Called before each admitted job runs: resolve false to drop it (a silent minion), or later to delay it. */
  beforeJob?: (job: JobLoad) => Promise<boolean>;
}

/**
 * Start a minion: it connects and authenticates in the background.
 * @throws SaltConfigurationError for an invalid minion id or minion_publisher_acl
 */
export async function startMinion(config: MinionConfig, log: Logger, options: MinionOptions = {}): Promise<RunningMinion> {
  // Compiled before anything connects: a malformed list stops the minion instead of letting jobs through.
  const publisherAcl = MinionPublisherAcl.fromConfig(config);
  const link = await connectMinion(config, log, options);
  ensureDir(config.cachedir);
  const stopping = new AbortController();
  // Every job and every return waiting to be sent again listens for the stop: many at once is expected.
  setMaxListeners(Infinity, stopping.signal);
  const sub = new Subscriber(tcpEndpoint(config.master, config.publish_port), {
    log,
    context: options.context,
    reconnectInterval: link.reconnect.interval,
    reconnectMaxInterval: link.reconnect.max,
  });
  // The schedule follows the pillar: it is planned again after each refresh.
  const runtime: MinionRuntime = {
    running: () => runner.list(),
    kill: (jid) => runner.kill(jid),
    refreshGrains: () => link.refreshGrains().finally(() => scheduler.replan()),
    refreshPillar: () => link.refreshPillar().finally(() => scheduler.replan()),
    refreshModules: async () => link.reloadModules(),
    get schedule() {
      return schedule.runtime;
    },
  };
  const spool = new ReturnSpool(path.join(config.cachedir, 'spool', 'returns'), config.return_spool_max, log);
  let mineSent = false;
  const returners = new ReturnerDispatch(config, log);
  const runner = new JobRunner(link.loader, () => link.env(runtime), link.channel, spool, config, log, stopping.signal, returners, publisherAcl);
  // Entries with a concurrency_group wait for a slot of the fleet-wide cap before each run (schedule/governor.ts).
  const slots = new SlotClient({ channel: link.channel, ...slotPolicy(config), log, signal: stopping.signal });
  const schedule = minionScheduler({ id: link.id, config, pillar: () => link.facts().pillar, runner, log, beforeRun: slots.beforeRun });
  const { scheduler } = schedule;

  const started = new Date();
  let startSent = false;
  const session: MasterSession = new MasterSession({
    config,
    authenticate: () => link.authenticate(),
    log,
    signal: stopping.signal,
    verify: options.verify,
    missedJobs: (after) => link.channel._missed_jobs(after === undefined ? {} : { after }),
    facts: () => ({ id: link.id, ...link.facts() }),
    onSessionStart: async () => {
      try {
        await link.refreshPillar();
      } catch (err) {
        log.warning(`Could not fetch the pillar: ${errorMessage(err)}`);
      }
      // The schedule of the config and the pillar runs from the first session on (and is re-read at each).
      scheduler.start();
      // Once per process, as Salt's minion fires its start events once connected.
      if (!startSent) {
        startSent = true;
        void announceStart(link.channel, link.id, started, log);
      }
      // As Salt's __mine_interval schedule with run_on_start: the mine_functions of config and pillar go to the
      // master once the minion starts (the scheduler runs the job every mine_interval minutes after that).
      if (!mineSent && config.mine_enabled) {
        mineSent = true;
        void runJob(link.loader, { jid: '', fun: 'mine.update', arg: [], kwarg: {} }, link.env(runtime), stopping.signal).then((r) => {
          if (!r.success) log.warning(`mine.update at start failed: ${String(r.return)}`);
          else if (r.return === true) log.info('Mine data sent to the master (mine_functions)');
        });
      }
    },
    // Back on the publish port (the master restarted, or the network came back): returns it missed meanwhile go.
    onReconnect: () => void runner.flush(),
    onJob: (job) => {
      const before = options.beforeJob;
      if (!before) return void runner.execute(job);
      void before(job).then((run) => {
        if (run) void runner.execute(job);
      });
    },
  });

  link.onRefused(() => session.refused());
  const subDone = sub.receive((frame) => session.receive(frame));
  // Returns spooled by an earlier run of this minion go once it is accepted; any left over are tried every minute.
  const authenticated = session.authenticate().then(() => void runner.flush());
  const retry = setInterval(() => void runner.flush(), SPOOL_RETRY_MS).unref();
  log.info(`Minion ${link.id} started; master ${config.master}:${config.master_port}`);

  return {
    id: link.id,
    authenticated,
    async stop() {
      clearInterval(retry);
      scheduler.stop();
      stopping.abort();
      await runner.killAll();
      returners.close();
      sub.close();
      link.close();
      await subDone;
    },
  };
}
