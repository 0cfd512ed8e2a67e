/**
 * The salt-master daemon, wiring only: keys, session key, job cache, the
 * publish port, the request port, the local client channel, and the keep_jobs
 * cleanup. `startMaster` returns once every socket is bound.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MasterConfig } from '@brine/core/config/master';
import { loadOrCreateKeys } from '@brine/core/crypto/keys';
import { newSessionKey, type SessionKey } from '@brine/core/crypto/session';
import { errorMessage } from '@brine/core/errors';
import { resolveNodegroups } from '@brine/core/matchers/nodegroup';
import { formatJid, newJid } from '@brine/core/jid';
import type { Logger } from '@brine/core/log';
import { ensureDir, writeFileAtomic } from '@brine/core/paths';
import type { AuthRequest, ClientRequest, JobLoad, PillarLoad, PublishRequest, SealedRequest, TargetRequest, TargetType } from '@brine/core/protocol/messages';
import { RequestServer } from '@brine/core/transport/request-server';
import { Auth } from './auth';
import { expectedMinions } from './ck-minions';
import { MinionData } from './minion-data';
import { PillarCompiler } from './pillar';
import { clientHandler, clientSocketPath, ensureRootKey } from './client-channel';
import { FileServer } from './fileserver';
import { JobCache } from './job-cache';
import { MinionRequests } from './minion-requests';
import { Pki } from './pki';
import { presentMinions } from './presence';
import { JobPublisher } from './publish';

/** A running master: its bound ports and how to stop it. */
export interface RunningMaster {
  publishPort: number;
  retPort: number;
  /** Close every socket and the job cache, and remove sock_dir files. */
  stop(): Promise<void>;
}

/** Path of the file in sock_dir that reports the bound ports as JSON `{publish_port, ret_port}`. */
function portsFile(sockDir: string): string {
  return path.join(sockDir, 'ports.json');
}

function portOf(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

const HOUR_MS = 3600 * 1000;

/**
 * Start a master.
 * @throws Error when a port cannot be bound or pki_dir/cachedir cannot be written
 */
export async function startMaster(config: MasterConfig, log: Logger): Promise<RunningMaster> {
  for (const dir of [config.pki_dir, config.cachedir, config.sock_dir]) ensureDir(dir);
  fs.chmodSync(config.sock_dir, 0o700);
  const keys = loadOrCreateKeys(config.pki_dir, 'master');
  const pki = new Pki(config.pki_dir);
  const jobs = JobCache.open(config.cachedir);
  const rootKey = ensureRootKey(config.cachedir);
  let session: SessionKey = newSessionKey();

  const minionData = MinionData.open(config.cachedir);
  const auth = new Auth(pki, keys, () => session, config.auto_accept, log.child({ component: 'auth' }));
  const pillars = new PillarCompiler(config.pillar_roots, { nodegroups: config.nodegroups });
  // A pillar request carries the minion's grains (sealed): cache both for targeting, in one write.
  const compilePillar = async (id: string, load: PillarLoad) => {
    const pillar = await pillars.compile(id, load.grains, load.saltenv);
    await minionData.set(id, load.grains, pillar);
    return pillar;
  };
  const minionRequests = new MinionRequests(auth, jobs, new FileServer(config.file_roots), compilePillar, log.child({ component: 'requests' }));
  const publisher = new JobPublisher(keys);

  /** The target with nodegroups expanded (minions do not know them, as Salt's LocalClient) and the minions it expects. */
  function target(req: TargetRequest): { tgt: string | string[]; tgtType: TargetType; minions: string[] } {
    const { tgt, tgtType } = resolveNodegroups(req.tgt, req.tgt_type, config.nodegroups);
    const minions = expectedMinions(tgt, tgtType, pki.list('accepted'), (id) => minionData.facts(id), { delimiter: req.delimiter, nodegroups: config.nodegroups });
    return { tgt, tgtType, minions };
  }

  async function publish(req: PublishRequest): Promise<{ jid: string | null; minions: string[] }> {
    const { tgt, tgtType, minions } = target(req);
    if (minions.length === 0) return { jid: null, minions };
    const load: JobLoad = { ...req, tgt, tgt_type: tgtType, jid: newJid() };
    await jobs.saveLoad({ ...load, started: Date.now(), minions });
    await publisher.publish(load, session);
    log.info(`Published job ${load.jid} ${load.fun} to ${minions.length} minion(s)`);
    return { jid: load.jid, minions };
  }

  async function keysChanged(act: string, ids: string[], rotate: boolean): Promise<void> {
    auth.forget(ids);
    if (act === 'delete') await Promise.all(ids.map((id) => minionData.remove(id)));
    // Only removing an accepted key rotates: every minion then re-authenticates, so pending keys must not.
    if (rotate && (act === 'delete' || act === 'reject')) {
      session = newSessionKey(session);
      await publisher.announceRotation(session);
      log.info(`Session key rotated after salt-key ${act} of ${ids.join(', ')}`);
    }
  }

  const host = config.interface.includes(':') ? `[${config.interface}]` : config.interface;
  const ep = (port: number) => `tcp://${host}:${port === 0 ? '*' : port}`;
  const pubEndpoint = await publisher.bind(ep(config.publish_port));
  const retServer = new RequestServer({
    log: log.child({ component: 'ret' }),
    requests: ['auth', 'req'],
    handler: (req) => (req.cmd === 'auth' ? auth.handle(req as unknown as AuthRequest) : minionRequests.handle(req as unknown as SealedRequest)),
  });
  const retEndpoint = await retServer.bind(ep(config.ret_port));
  const publishPort = portOf(pubEndpoint);
  const retPort = portOf(retEndpoint);
  // Frames reaching a handler passed decodeFrame's shape check for their cmd, so the casts below are sound.
  const clientLog = log.child({ component: 'client' });
  const serveClient = clientHandler(
    rootKey,
    {
      publish,
      checkMinions: (req) => target(req).minions,
      keysChanged,
      jobReturns: (jid, cursor) => jobs.returnsAfter(jid, cursor),
      listJobs: (limit) => jobs.listJobs(limit),
      present: () => presentMinions(pki.list('accepted'), minionData, publishPort),
    },
    clientLog,
  );
  const clientServer = new RequestServer({
    log: clientLog,
    requests: ['publish', 'check_minions', 'key_event', 'ping', 'job_returns', 'list_jobs', 'present'],
    handler: (req) => serveClient(req as unknown as ClientRequest),
  });
  const sock = clientSocketPath(config.sock_dir);
  fs.rmSync(sock, { force: true });
  await clientServer.bind(`ipc://${sock}`);

  writeFileAtomic(portsFile(config.sock_dir), JSON.stringify({ publish_port: publishPort, ret_port: retPort }) + '\n', 0o644);
  log.info(`Master listening: publish ${pubEndpoint}, requests ${retEndpoint}, local clients ipc://${sock}`);

  const clean = () => {
    const cutoff = formatJid(new Date(Date.now() - config.keep_jobs * HOUR_MS));
    jobs.removeBefore(cutoff).then(
      (n) => n && log.info(`Removed ${n} job(s) older than keep_jobs (${config.keep_jobs} h)`),
      (err) => log.error(`Job cache cleanup failed: ${errorMessage(err)}`),
    );
  };
  clean();
  const cleaner = setInterval(clean, HOUR_MS);
  cleaner.unref();

  return {
    publishPort,
    retPort,
    async stop() {
      clearInterval(cleaner);
      publisher.close();
      await Promise.all([retServer.close(), clientServer.close()]);
      await Promise.all([jobs.close(), minionData.close()]);
      fs.rmSync(sock, { force: true });
      fs.rmSync(portsFile(config.sock_dir), { force: true });
    },
  };
}
