/**
 * The local client channel (protocol/v1/local-client.ts): an ipc socket in
 * sock_dir, over which salt, salt-key and salt-run talk to the master: they
 * publish, and read job returns, the job list, presence and events, since
 * only the master opens its caches. Every request carries the root key from
 * `cachedir/.root_key` (0600), or the key of a user publisher_acl names
 * (`cachedir/.<user>_key`, acl/user-keys.ts), as Salt's local client; the
 * master knows the caller from it (acl/identify.ts) and judges each command
 * for that caller before its handler runs (acl/authorize.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { SaltInvocationError } from '@brine/core/errors';
import { isJid } from '@brine/core/jid';
import { rootKeyPath } from '@brine/core/local-client-files';
import { isValidMinionId, writeFileAtomic } from '@brine/core/paths';
import type { MinionCacheKind } from '@brine/core/protocol/v1/local-client';
import type { Target } from '@brine/core/protocol/v1/loads';
import type { Auth } from './auth';
import type { AcceptedKeys } from './accepted-keys';
import type { JobCache } from './job-cache';
import type { MinionData } from './minion-data';
import type { Jobs } from './jobs';
import type { EventBus } from './events/bus';
import type { Governor } from './governor';
import { fireKeys, type KeyAct } from './events/key-events';
import { MAX_HOLD_MS, type ReturnWatch } from './return-watch';
import type { Pki } from './pki';
import { listAllKeys, wheelKey } from './reactor/wheel-key';
import { decide, type JudgedHandlers, type JudgeEnv } from './acl/authorize';
import type { Caller } from './acl/decision';
import { auditVerifyHandler } from './acl/audit-verify-handler';

/** Create the root key (hex, 0600) if missing and return it. */
export function ensureRootKey(cachedir: string): string {
  const file = rootKeyPath(cachedir);
  if (!fs.existsSync(file)) writeFileAtomic(file, crypto.randomBytes(32).toString('hex'), 0o600);
  return fs.readFileSync(file, 'utf8').trim();
}

/** What the channel's handlers act on. */
export interface ClientDeps {
  jobs: Jobs;
  cache: JobCache;
  /** The grains, pillar and mine cached per minion (the cache runner reads them). */
  minionData: MinionData;
  /** Wakes job_returns requests held for a job when one of its returns lands. */
  watch: Pick<ReturnWatch, 'next'>;
  /** The master's event bus: `events` subscribers read it, salt-key's word fires `salt/key` on it. */
  events: Pick<EventBus, 'poll' | 'fire'>;
  auth: Auth;
  accepted: AcceptedKeys;
  /** Accepted minions connected to the publish port (presence detection). */
  present: () => string[];
  /** Tell waiting minions which of `ids`, whose keys salt-key changed, are now accepted (acceptance.ts). */
  announceAccepted: (ids: string[]) => void;
  /** The concurrency cap's slot table (`salt-run governor.status`). */
  governor: Pick<Governor, 'status'>;
  /** The master's cachedir (audit_verify reads its audit log). */
  cachedir: string;
  /** The key store salt-key's wheel functions act on for a caller who cannot read pki_dir. */
  pki: Pki;
  /** How commands are judged (acl_check judges a named user with it). */
  acl: JudgeEnv;
  /** The caller `user` names, for acl_check: root, or that user with its groups. */
  callerNamed: (user: string) => Caller;
}

/**
 * The master's handling of keys changed in pki_dir (by salt-key, or the reactor's wheel.key): forget their
 * cached authentications, look at pki_dir now (rotating the session key when an accepted key went away),
 * fire `salt/key` for each when `act` is given, and wake the minions now accepted.
 */
export function keysChanged(d: Pick<ClientDeps, 'auth' | 'accepted' | 'events' | 'announceAccepted'>, ids: string[], act?: KeyAct): void {
  d.auth.forget(ids);
  d.accepted.settle();
  if (act) fireKeys(d.events, act, ids);
  d.announceAccepted(ids);
}

/**
 * The cached `kind` of data of the minions `target` selects, as Salt's MasterPillarUtil reads it: {id: data}
 * for each minion holding some (non-empty grains or pillar; any mine), sorted by id; every such minion
 * without a target. A mine target lists each selected minion, with {} when it sent nothing.
 * @throws TargetError for a malformed target
 */
function cachedData(d: Pick<ClientDeps, 'jobs' | 'minionData'>, kind: MinionCacheKind, target?: Target): Record<string, unknown> {
  const m = d.minionData;
  const read = { grains: (id: string) => m.grains(id), pillar: (id: string) => m.pillar(id), mine: (id: string) => m.mine(id) }[kind];
  const ids = target ? d.jobs.target(target).minions.sort() : kind === 'mine' ? m.mineIds() : m.ids();
  const out: Record<string, unknown> = {};
  for (const id of ids) {
    const data = read(id);
    if (kind === 'mine' && target) out[id] = data ?? {};
    else if (data && Object.keys(data).length > 0) out[id] = data;
  }
  return out;
}

/**
 * The user a job or run is recorded under: the caller's name, whatever the request says, but for the root key,
 * whose holder may name any user anyway (a sudo_user claim): there the request's (the reactor's `Reactor`, which its
 * loop guard knows its own jobs by; the salt CLI's USER), as Salt's load `user`.
 */
function recordedUser(claimed: string, caller: Caller): string {
  return caller.via === 'root' ? claimed : caller.user;
}

/**
 * The handlers of the local client channel, each given its command's judgement (acl/authorize.ts guardHandlers
 * runs them): a publish goes to the minions it was judged on, under the caller's user name, as does a salt-run's
 * record; a caller who may read only its own jobs lists only those.
 */
export function clientHandlers(d: ClientDeps): JudgedHandlers {
  return {
    publish: (req, { caller }, { resolved, decision, record }) =>
      d.jobs.publish({ ...req, user: recordedUser(req.user, caller) }, { resolved, acl: { rule: decision.rule }, beforeStore: record }),
    check_minions: (req) => d.jobs.target(req).minions,
    // The master reads pki_dir itself (accepted-keys.ts); salt-key's word only makes it look at once, and
    // wake the minions it accepted.
    key_event: ({ ids, act }) => {
      if (!ids.every(isValidMinionId)) throw new SaltInvocationError('Invalid key event: a minion id is not valid');
      keysChanged(d, ids, act);
      return null;
    },
    // Long polling: with nothing new, the request is held until a return of the job lands (return-watch.ts).
    // Nothing is committed between the read and the hold, both in one turn, so no return is missed.
    job_returns: async ({ jid, after, wait }) => {
      if (!isJid(jid)) throw new SaltInvocationError(`Invalid jid ${JSON.stringify(jid)}`);
      const page = d.cache.returnsAfter(jid, after);
      if (page.returns.length > 0 || !wait) return page;
      await d.watch.next(jid, Math.min(wait, MAX_HOLD_MS));
      return d.cache.returnsAfter(jid, page.cursor);
    },
    runner_new: (req, { caller }) => d.jobs.runnerStarted({ ...req, user: recordedUser(req.user, caller) }),
    runner_job: (req, { caller }) => d.jobs.recordRunner({ ...req, user: recordedUser(req.user, caller) }),
    list_jobs: ({ limit }, { caller }, { allJobs }) => {
      if (allJobs) return d.cache.listJobs(limit);
      const own = d.cache.listJobs().filter((j) => j.user === caller.user);
      return limit === undefined ? own : own.slice(Math.max(0, own.length - limit));
    },
    present: () => d.present(),
    job_load: ({ jid }) => {
      if (!isJid(jid)) throw new SaltInvocationError(`Invalid jid ${JSON.stringify(jid)}`);
      return d.cache.load(jid) ?? null;
    },
    minion_cache: ({ kind, target }) => cachedData(d, kind, target),
    events: ({ after, wait }) => d.events.poll(after, wait),
    alived: ({ subset }) => d.present().filter((id) => !subset || subset.includes(id)),
    governor_status: () => d.governor.status(),
    acl_check: ({ user, fun, kind = 'publish', tgt = '*', tgt_type = 'glob', arg = [], kwarg = {} }) => {
      const resolved = kind === 'publish' ? d.acl.resolve({ tgt, tgt_type }) : undefined;
      const request = { kind, fun, arg, kwarg, ...(resolved ? { tgt: resolved.tgt, tgt_type: resolved.tgtType, minions: resolved.minions } : {}) };
      return { ...decide(d.callerNamed(user), request, d.acl).decision, minions: resolved?.minions ?? [] };
    },
    wheel: ({ fun, arg, kwarg }) => {
      if (fun === 'key.list_all') return listAllKeys(d.pki);
      return wheelKey({ pki: d.pki, changed: (ids, act) => keysChanged(d, ids, act) }, fun, arg, kwarg);
    },
    audit_verify: auditVerifyHandler(d.cachedir),
  };
}
