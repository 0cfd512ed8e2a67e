/**
 * The salt-minion daemon, wiring only: keys, grains, loader, the request
 * channel and publish subscription, authentication (waiting while the key is
 * pending, re-authenticating after a session-key rotation or a master restart),
 * and running each admitted job concurrently.
 */
import * as zmq from 'zeromq';
import type { MinionConfig } from '@brine/core/config/minion';
import { loadOrCreateKeys } from '@brine/core/crypto/keys';
import { LocalFileClient } from '@brine/core/fileclient/local';
import { errorMessage, SaltConfigurationError } from '@brine/core/errors';
import { Loader } from '@brine/core/loader/loader';
import type { Logger } from '@brine/core/log';
import { matchTarget } from '@brine/core/matchers/index';
import { ensureDir, isValidMinionId } from '@brine/core/paths';
import { MAX_FRAME_BYTES, type JobLoad, type PubBody, type SessionGrant } from '@brine/core/protocol/messages';
import { RequestClient } from '@brine/core/transport/request-client';
import { MODULES } from '@brine/modules/index';
import { authenticateOnce, type TrustedMaster } from './auth';
import { MasterChannel } from './channel';
import { runJob, type ExecEnv } from './executor';
import { RemoteFileClient } from './fileclient';
import { collectGrains } from './grains/core';
import { openJob, ReplayGuard, verifyPublication } from './job-filter';

/** A running minion. */
export interface RunningMinion {
  id: string;
  /** Resolves once the master has accepted this minion the first time. */
  authenticated: Promise<void>;
  /** Stop: abort running jobs, close sockets. */
  stop(): Promise<void>;
}

/** Publications held while re-authenticating for a newer session key, at most. */
const MAX_HELD = 1000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Start a minion: it connects and authenticates in the background.
 * @throws SaltConfigurationError for an invalid minion id
 */
export async function startMinion(config: MinionConfig, log: Logger): Promise<RunningMinion> {
  const id = config.id;
  if (!isValidMinionId(id)) throw new SaltConfigurationError(`Invalid minion id ${JSON.stringify(id)}: it may not contain /, \\, .. or NUL`, config.conf_file);
  ensureDir(config.pki_dir);
  ensureDir(config.cachedir);
  const keys = loadOrCreateKeys(config.pki_dir, 'minion');
  const opts = config as unknown as Record<string, unknown>;
  const grains = await collectGrains(opts);
  const loader = new Loader(MODULES, opts, grains);
  const stopping = new AbortController();
  const running = new Map<string, AbortController>();

  const host = config.master.includes(':') ? `[${config.master}]` : config.master;
  const client = new RequestClient(`tcp://${host}:${config.master_port}`, {
    log,
    replies: ['auth_reply', 'rep', 'error'],
    reconnectInterval: config.recon_default,
    reconnectMaxInterval: config.recon_max,
  });
  const sub = new zmq.Subscriber({ linger: 0, maxMessageSize: MAX_FRAME_BYTES, reconnectInterval: config.recon_default, reconnectMaxInterval: config.recon_max });
  sub.connect(`tcp://${host}:${config.publish_port}`);
  sub.subscribe();

  let master: TrustedMaster | undefined;
  let session: SessionGrant | undefined;
  let guard: ReplayGuard | undefined;
  const channel = new MasterChannel(client, id, () => master?.shared);
  const files = config.file_client === 'local' ? new LocalFileClient(config.file_roots) : new RemoteFileClient(channel, config.cachedir);
  const env: ExecEnv = { id, opts, grains, pillar: {}, files, log };
  const held: PubBody[] = [];

  /** One attempt; true when accepted. Errors and refusals are logged. */
  async function tryAuth(): Promise<boolean> {
    try {
      const r = await authenticateOnce({ id, keys, pkiDir: config.pki_dir, client, log, timeout: config.auth_timeout, masterFinger: config.master_finger, grains });
      if (r.status === 'accepted') {
        master = r.master;
        session = r.session;
        guard ??= new ReplayGuard(r.session.now);
        log.info(`Authenticated with the master; session key generation ${r.session.gen}`);
        return true;
      }
      if (r.status === 'pending') log.info(`Waiting for the master to accept this minion's key (salt-key -a ${id})`);
      else log.error(`The Salt Master has ${r.status} this minion's public key; retrying in ${config.acceptance_wait_time} s`);
    } catch (err) {
      log.warning(`Authentication failed: ${errorMessage(err)}`);
    }
    return false;
  }

  /** Authenticate until accepted (or stopped), waiting acceptance_wait_time seconds between attempts. */
  async function authLoop(): Promise<void> {
    while (!stopping.signal.aborted && !(await tryAuth())) await sleep(config.acceptance_wait_time * 1000, stopping.signal);
  }

  let reauthing: Promise<void> | undefined;
  /** Re-authenticate once (after `delayMs`), then run held jobs of the new key; if refused, drop them and wait for acceptance. */
  function reauth(delayMs = 0): Promise<void> {
    reauthing ??= (async () => {
      await sleep(delayMs, stopping.signal);
      if (await tryAuth()) {
        for (const body of held.splice(0)) handleJob(body);
      } else {
        held.length = 0;
        await authLoop();
      }
    })().finally(() => (reauthing = undefined));
    return reauthing;
  }

  function handleJob(body: PubBody): void {
    if (!session || body.gen < session.gen) return log.debug(`Dropping a publication under an old session key (${body.gen})`);
    if (body.gen > session.gen) {
      if (held.length < MAX_HELD) held.push(body);
      void reauth();
      return;
    }
    let job: JobLoad;
    try {
      job = openJob(body, session.key);
    } catch (err) {
      return log.warning(`Dropping a publication that fails to open: ${errorMessage(err)}`);
    }
    let mine: boolean;
    try {
      mine = matchTarget(job.tgt, job.tgt_type, { id, grains, pillar: env.pillar });
    } catch (err) {
      return log.warning(`Job ${job.jid}: bad target: ${errorMessage(err)}`);
    }
    if (!mine) return;
    if (!guard!.admit(job.jid)) return log.warning(`Dropping job ${job.jid}: already run or older than this session (replay)`);
    void execute(job);
  }

  async function execute(job: JobLoad): Promise<void> {
    const ctl = new AbortController();
    running.set(job.jid, ctl);
    log.info(`Executing job ${job.jid}: ${job.fun}`);
    const ret = await runJob(loader, job, env, ctl.signal);
    running.delete(job.jid);
    for (let attempt = 1; attempt <= config.return_retry_tries && !stopping.signal.aborted; attempt++) {
      try {
        await channel.request({ cmd: '_return', load: ret }, config.return_retry_timer);
        return;
      } catch (err) {
        log.warning(`Return of job ${job.jid} failed (attempt ${attempt}/${config.return_retry_tries}): ${errorMessage(err)}`);
      }
    }
  }

  async function subLoop(): Promise<void> {
    try {
      for await (const [frame] of sub) {
        if (!master) continue;
        try {
          const pub = verifyPublication(frame, master.verifier);
          if (pub.cmd === 'pub') handleJob(pub.body);
          else if (session && pub.body.gen > session.gen) void reauth(Math.random() * config.random_reauth_delay * 1000);
        } catch (err) {
          log.warning(`Dropping a publication: ${errorMessage(err)}`);
        }
      }
    } catch (err) {
      if (!stopping.signal.aborted) log.error(`Publish socket failed: ${errorMessage(err)}`);
    }
  }

  const authenticated = authLoop();
  const subDone = subLoop();
  log.info(`Minion ${id} started; master ${config.master}:${config.master_port}`);

  return {
    id,
    authenticated,
    async stop() {
      stopping.abort();
      for (const ctl of running.values()) ctl.abort();
      sub.close();
      client.close();
      await subDone;
    },
  };
}
