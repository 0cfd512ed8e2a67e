/**
 * The salt-master daemon, wiring only: keys, the session key, the caches, the
 * publish port, the request port (minions, and remote clients judged as local callers), the event bus and its log, the reactor, the local client channel with its users'
 * keys and access check (salt-key's word also wakes the minions it accepted), presence events, and the keep_jobs cleanup.
 * `startMaster` returns once every socket is bound.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MasterConfig } from '@brine/core/config/master';
import { underRoot } from '@brine/core/config/load';
import { loadOrCreateKeys } from '@brine/core/crypto/keys';
import { errorMessage } from '@brine/core/errors';
import { formatJid } from '@brine/core/jid';
import type { Logger } from '@brine/core/log';
import { ensureDir, writeFileAtomic } from '@brine/core/paths';
import type { PillarLoad } from '@brine/core/protocol/v1/minion-requests';
import { LOCAL_CLIENT, REQUEST_PORT } from '@brine/core/protocol/v1/runtime';
import { portOf, tcpEndpoint } from '@brine/core/transport/endpoint';
import { RequestServer } from '@brine/core/transport/request-server';
import { AcceptedKeys } from './accepted-keys';
import { announceAccepted } from './acceptance';
import { Auth } from './auth';
import { CatchUp } from './catch-up';
import { EventBus } from './events/bus';
import { EventReturn } from './events/event-return';
import { EventLog } from './events/event-log';
import { startPresenceEvents } from './events/presence-events';
import { clientSocketPath } from '@brine/core/local-client-files';
import { clientHandlers, ensureRootKey, keysChanged } from './client-channel';
import { groupsOf, systemUsers } from './acl/accounts';
import { AuditLog } from './acl/audit-log';
import { guardHandlers, type JudgeEnv } from './acl/authorize';
import type { Caller } from './acl/decision';
import { CallerKeys } from './acl/identify';
import { ClientKeys } from './client-keys';
import { inTargetOf } from './acl/in-target';
import { PolicySet } from './acl/policy';
import { openToUsers, writeUserKeys } from './acl/user-keys';
import { FileServer } from './fileserver';
import { configuredLimits, Governor } from './governor';
import { JobCache } from './job-cache';
import { Jobs } from './jobs';
import { MinionData } from './minion-data';
import { MinionRequests } from './minion-requests';
import { Mine } from './mine';
import { PillarCompiler } from './pillar';
import { RemoteClients } from './remote-clients';
import { Returns } from './returns';
import { ReturnWatch } from './return-watch';
import { revoke } from './revocation';
import { PendingCap } from './pending-cap';
import { Reactor } from './reactor/reactor';
import { Pki } from './pki';
import { presentMinions } from './presence';
import { JobPublisher } from './publish';
import { SessionKeys } from './session-keys';

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

const HOUR_MS = 3600 * 1000;

/**
 * Start a master.
 * @throws Error when a port cannot be bound or pki_dir/cachedir cannot be written
 */
export async function startMaster(config: MasterConfig, log: Logger): Promise<RunningMaster> {
  for (const dir of [config.pki_dir, config.cachedir, config.sock_dir]) ensureDir(dir);
  const keys = loadOrCreateKeys(config.pki_dir, 'master');
  const pki = new Pki(config.pki_dir);
  const cache = JobCache.open(config.cachedir);
  const minionData = MinionData.open(config.cachedir);
  const publisher = new JobPublisher(keys, log.child({ component: 'publish' }));
  const session = new SessionKeys(publisher, log);
  // Keys removed while the master was down leave no cached data behind; their session key died with the old process.
  await minionData.prune(new Set(pki.listAll()));
  const accepted: AcceptedKeys = new AcceptedKeys(pki, (ids) => revoke({ pki, auth, minionData, session, log }, ids));
  // Jobs published before a restart still reach minions that reconnect within the jobs' delivery windows.
  const catchUp = new CatchUp(cache, config);
  catchUp.restore();
  const eventsLog = log.child({ component: 'events' });
  const eventLog = config.event_log ? EventLog.open(path.join(config.cachedir, 'events'), eventsLog, { maxBytes: config.event_log_max_bytes }) : undefined;
  const events = new EventBus(eventsLog, eventLog);
  /** What a request fired is on disk before its reply acknowledges it (see event-log.ts). */
  const flushEvents = () => eventLog?.flush();
  const eventReturn = EventReturn.start(config, events, log.child({ component: 'event_return' }));
  const jobs = new Jobs({ accepted, minionData, cache, publisher, session, catchUp, nodegroups: config.nodegroups, events, log });
  const clientKeys = new ClientKeys(config.pki_dir);
  const auth = new Auth(pki, accepted, new PendingCap(pki, config.max_minions_pre, log), keys, () => session.current(), () => catchUp.anyOpen(), config.auto_accept, events, log.child({ component: 'auth' }), (pub) => clientKeys.holding(pub) !== undefined);
  const pillars = new PillarCompiler(config.pillar_roots, { nodegroups: config.nodegroups, idOnly: config.pillar_minion_id_only }, config.renderer);
  const pillarLog = log.child({ component: 'pillar' });
  // A pillar request carries the minion's grains (sealed): cache both for targeting, in one write.
  const compilePillar = async (id: string, load: PillarLoad) => {
    const pillar = await pillars.compile(id, load.grains, load.saltenv);
    // The minion sees `_errors`; the operator who can fix the pillar tree sees them here, once per compile (as Salt logs them).
    if (Array.isArray(pillar._errors)) pillarLog.error(`Pillar of ${id} compiled with errors: ${pillar._errors.join('; ')}`);
    await minionData.set(id, load.grains, pillar);
    return pillar;
  };
  const watch = new ReturnWatch();
  const returns = new Returns(cache, jobs, watch, events, log.child({ component: 'returns' }));
  const mine = new Mine(minionData, (target) => jobs.target(target).minions, config.mine_get);
  const governor = new Governor(configuredLimits(config.concurrency_groups), log.child({ component: 'governor' }));
  const minionRequests = new MinionRequests(auth, returns, new FileServer(config.file_roots), catchUp, compilePillar, mine, events, governor, log.child({ component: 'requests' }));

  const pubEndpoint = await publisher.bind(tcpEndpoint(config.interface, config.publish_port));
  const publishPort = portOf(pubEndpoint);
  const present = () => presentMinions(accepted.list(), minionData, publishPort);
  const clientLog = log.child({ component: 'client' });
  const keysLog = log.child({ component: 'keys' });
  const announce = (ids: string[]) => announceAccepted({ pki, accepted, publisher, log: keysLog }, ids);
  const reactor = Reactor.start({
    config,
    events,
    positionFile: eventLog ? path.join(config.cachedir, 'reactor', 'position.json') : undefined,
    publish: (req) => jobs.publish(req),
    pki,
    keysChanged: (ids, act) => keysChanged({ auth, accepted, events, announceAccepted: announce }, ids, act),
    log: log.child({ component: 'reactor' }),
  });
  const aclLog = log.child({ component: 'acl' });
  const userKeys = writeUserKeys({ cachedir: config.cachedir, publisherAcl: config.publisher_acl, users: systemUsers(), log: aclLog });
  const callerKeys = new CallerKeys(ensureRootKey(config.cachedir), userKeys, (user) => groupsOf(user));
  const audit = config.audit_log ? AuditLog.open(config.cachedir, aclLog, { maxBytes: config.audit_log_max_bytes, backupCount: config.audit_log_backup_count }) : undefined;
  const acl: JudgeEnv = {
    config,
    inTarget: inTargetOf(() => accepted.list(), (id) => minionData.facts(id), config.nodegroups),
    resolve: (target) => jobs.target(target),
    jobUser: (jid) => cache.load(jid)?.user,
    policies: PolicySet.load(config.policy_dir && underRoot(config.root_dir, config.policy_dir), aclLog, config.nodegroups),
    audit,
    log: aclLog,
  };
  const callerNamed = (user: string): Caller => ({ user, groups: groupsOf(user), via: user === 'root' ? 'root' : 'user' });
  // One set of guarded handlers for both channels: a remote client's commands are judged and audited as a local caller's.
  const guarded = guardHandlers(clientHandlers({
      jobs,
      cache,
      minionData,
      watch,
      events,
      auth,
      accepted,
      present,
      announceAccepted: announce,
      governor,
      cachedir: config.cachedir,
      pki,
      acl,
      callerNamed,
    }), acl);
  const clientServer = new RequestServer({
    log: clientLog,
    channel: LOCAL_CLIENT,
    authenticate: (key, claim) => callerKeys.authenticate(key, claim),
    beforeReply: flushEvents,
    handlers: guarded,
  });
  const remoteClients = new RemoteClients(clientKeys, keys, guarded, (user) => groupsOf(user), log.child({ component: 'remote' }));
  const retServer = new RequestServer({
    log: log.child({ component: 'ret' }),
    channel: REQUEST_PORT,
    handlers: {
      auth: (req) => auth.handle(req),
      req: (req) => minionRequests.handle(req),
      client_auth: (req) => remoteClients.auth(req),
      client_req: (req) => remoteClients.handle(req),
    },
    beforeReply: flushEvents,
  });
  const retEndpoint = await retServer.bind(tcpEndpoint(config.interface, config.ret_port));
  const retPort = portOf(retEndpoint);
  const sock = clientSocketPath(config.sock_dir);
  fs.rmSync(sock, { force: true });
  await clientServer.bind(`ipc://${sock}`);

  writeFileAtomic(portsFile(config.sock_dir), JSON.stringify({ publish_port: publishPort, ret_port: retPort }) + '\n', 0o644);
  // Last, once every file the master keeps directly in cachedir and sock_dir exists, so each is closed to others.
  openToUsers({ rootDir: config.root_dir, cachedir: config.cachedir, sockDir: config.sock_dir, socket: sock, users: [...userKeys.keys()], log: aclLog });
  log.info(`Master listening: publish ${pubEndpoint}, requests ${retEndpoint}, local clients ipc://${sock}`);

  const stopPresence = config.presence_events ? startPresenceEvents(events, present, Math.max(1, config.loop_interval) * 1000) : undefined;

  const clean = () => {
    const cutoff = formatJid(new Date(Date.now() - config.keep_jobs * HOUR_MS));
    cache.removeBefore(cutoff).then(
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
      await reactor?.stop();
      stopPresence?.();
      accepted.close();
      // Held job_returns requests answer now, while the job cache is open.
      watch.close();
      events.close();
      await eventReturn?.close();
      governor.close();
      await Promise.all([publisher.close(), retServer.close(), clientServer.close()]);
      eventLog?.close();
      audit?.close();
      await Promise.all([cache.close(), minionData.close()]);
      fs.rmSync(sock, { force: true });
      fs.rmSync(portsFile(config.sock_dir), { force: true });
    },
  };
}
