/**
 * The salt-minion daemon, wiring only: keys, grains, loader, the request
 * channel and publish subscription, the master session (authentication and
 * job admission), pillar, the job runner, and the runtime that saltutil acts on.
 */
import * as zmq from 'zeromq';
import type { MinionConfig } from '@brine/core/config/minion';
import { loadOrCreateKeys } from '@brine/core/crypto/keys';
import { LocalFileClient } from '@brine/core/fileclient/local';
import { errorMessage, SaltConfigurationError } from '@brine/core/errors';
import type { Grains, MinionRuntime, Pillar } from '@brine/core/loader/define';
import { Loader } from '@brine/core/loader/loader';
import type { Logger } from '@brine/core/log';
import { ensureDir, isValidMinionId } from '@brine/core/paths';
import { MAX_FRAME_BYTES, type JobLoad } from '@brine/core/protocol/messages';
import { RequestClient } from '@brine/core/transport/request-client';
import { MODULES } from '@brine/modules/index';
import { stateModule } from '@brine/states/exec/state';
import { STATES } from '@brine/states/index';
import { MasterChannel } from './channel';
import type { ExecEnv } from './executor';
import { RemoteFileClient } from './fileclient';
import { collectGrains } from './grains/core';
import { JobRunner } from './jobs';
import { MasterSession, type PublicationVerifier } from './session';

/** A running minion. */
export interface RunningMinion {
  id: string;
  /** Resolves once the master has accepted this minion the first time (and its pillar arrived or failed). */
  authenticated: Promise<void>;
  /** Stop: abort running jobs, close sockets. */
  stop(): Promise<void>;
}

/**
 * Knobs for running many minions in one process (scripts/swarm.ts). A real
 * minion uses none of them; none changes what goes over the wire.
 */
export interface MinionOptions {
  /** zeromq context for this minion's sockets (one context holds at most its maxSockets). */
  context?: zmq.Context;
  /** Grains to use instead of collecting them. */
  grains?: Grains;
  /** Publication signature check shared between minions. */
  verify?: PublicationVerifier;
  /** Called before each admitted job runs: resolve false to drop it (a silent minion), or later to delay it. */
  beforeJob?: (job: JobLoad) => Promise<boolean>;
}

/** Seconds to wait for the master's pillar. */
const PILLAR_TIMEOUT = 60;

/**
 * Start a minion: it connects and authenticates in the background.
 * @throws SaltConfigurationError for an invalid minion id
 */
export async function startMinion(config: MinionConfig, log: Logger, options: MinionOptions = {}): Promise<RunningMinion> {
  const id = config.id;
  if (!isValidMinionId(id)) throw new SaltConfigurationError(`Invalid minion id ${JSON.stringify(id)}: it may not contain /, \\, .. or NUL`, config.conf_file);
  ensureDir(config.pki_dir);
  ensureDir(config.cachedir);
  const keys = loadOrCreateKeys(config.pki_dir, 'minion');
  const opts = config;
  let grains = options.grains ?? (await collectGrains(opts));
  let pillar: Pillar = {};
  const loader = new Loader([...MODULES, stateModule(STATES)], opts, grains);
  const stopping = new AbortController();
  const ctx = options.context ? { context: options.context } : {};
  // Salt's recon_randomize: each minion waits between recon_default and recon_default + recon_max before reconnecting.
  const reconnectInterval = config.recon_randomize ? config.recon_default + Math.floor(Math.random() * config.recon_max) : config.recon_default;

  const host = config.master.includes(':') ? `[${config.master}]` : config.master;
  const client = new RequestClient(`tcp://${host}:${config.master_port}`, {
    ...ctx,
    log,
    replies: ['auth_reply', 'rep', 'error'],
    reconnectInterval,
    reconnectMaxInterval: config.recon_max,
  });
  const sub = new zmq.Subscriber({ ...ctx, linger: 0, maxMessageSize: MAX_FRAME_BYTES, reconnectInterval, reconnectMaxInterval: config.recon_max });
  sub.connect(`tcp://${host}:${config.publish_port}`);
  sub.subscribe();

  // The channel seals with the session's shared key; the session fetches pillar over the channel.
  const channel = new MasterChannel(client, id, () => session.shared());
  const files = config.file_client === 'local' ? new LocalFileClient(config.file_roots) : new RemoteFileClient(channel, config.cachedir);

  async function refreshPillar(): Promise<Pillar> {
    pillar = (await channel.request({ cmd: '_pillar', load: { grains } }, PILLAR_TIMEOUT)) as Pillar;
    return pillar;
  }
  const runtime: MinionRuntime = {
    running: () => runner.list(),
    kill: (jid) => runner.kill(jid),
    refreshGrains: async () => {
      grains = await collectGrains(opts);
      await refreshPillar();
      return grains;
    },
    refreshPillar,
  };
  const env = (): ExecEnv => ({ id, opts, grains, pillar, files, log, runtime });
  const runner = new JobRunner(loader, env, channel, config, log, stopping.signal);

  const session: MasterSession = new MasterSession({
    config,
    keys,
    client,
    log,
    signal: stopping.signal,
    verify: options.verify,
    facts: () => ({ id, grains, pillar }),
    onSessionStart: async () => {
      try {
        await refreshPillar();
      } catch (err) {
        log.warning(`Could not fetch the pillar: ${errorMessage(err)}`);
      }
    },
    onJob: (job) => {
      const before = options.beforeJob;
      if (!before) return void runner.execute(job);
      void before(job).then((run) => {
        if (run) void runner.execute(job);
      });
    },
  });

  const subDone = (async () => {
    try {
      for await (const [frame] of sub) session.receive(frame);
    } catch (err) {
      if (!stopping.signal.aborted) log.error(`Publish socket failed: ${errorMessage(err)}`);
    }
  })();
  const authenticated = session.authenticate();
  log.info(`Minion ${id} started; master ${config.master}:${config.master_port}`);

  return {
    id,
    authenticated,
    async stop() {
      stopping.abort();
      runner.killAll();
      sub.close();
      client.close();
      await subDone;
    },
  };
}
