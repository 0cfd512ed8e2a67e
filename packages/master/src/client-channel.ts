/**
 * The local client channel: an ipc socket in sock_dir (a 0700 folder, so only
 * the master's user reaches it), over which salt, salt-key and salt-run talk to
 * the master: they publish, and read job returns, the job list and presence,
 * since only the master opens its caches. Every request carries the root key
 * from `cachedir/.root_key` (0600), as Salt's local client uses its root key.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SaltInvocationError } from '@brine/core/errors';
import { isJid } from '@brine/core/jid';
import type { Logger } from '@brine/core/log';
import { isValidMinionId, writeFileAtomic } from '@brine/core/paths';
import { checkShape } from '@brine/core/protocol/frame';
import type { ClientRequest, PublishRequest, TargetRequest } from '@brine/core/protocol/messages';
import type { Reply } from '@brine/core/transport/request-server';
import type { JobRecord, NewReturns } from './job-cache';

/** Path of the local client socket in sock_dir. */
export function clientSocketPath(sockDir: string): string {
  return path.join(sockDir, 'master_client.ipc');
}

/** Path of the root key file in cachedir. */
export function rootKeyPath(cachedir: string): string {
  return path.join(cachedir, '.root_key');
}

/** Create the root key (hex, 0600) if missing and return it. */
export function ensureRootKey(cachedir: string): string {
  const file = rootKeyPath(cachedir);
  if (!fs.existsSync(file)) writeFileAtomic(file, crypto.randomBytes(32).toString('hex'), 0o600);
  return fs.readFileSync(file, 'utf8').trim();
}

/** What the channel asks of the master. */
export interface ClientActions {
  /** Publish a job. @returns the jid (null when no minion matched) and the expected minions */
  publish(load: PublishRequest): Promise<{ jid: string | null; minions: string[] }>;
  /** The minions a target expects (nodegroups resolved), without publishing anything. @throws TargetError */
  checkMinions(target: TargetRequest): string[];
  /** salt-key changed keys of `ids`; `rotate` when an accepted key was deleted or rejected. */
  keysChanged(act: 'accept' | 'delete' | 'reject', ids: string[], rotate: boolean): Promise<void>;
  /** Returns of `jid` stored after `cursor` (all without one), in arrival order. */
  jobReturns(jid: string, cursor?: string): NewReturns;
  /** The newest `limit` jobs of the job cache, oldest first. */
  listJobs(limit?: number): JobRecord[];
  /** Accepted minions connected to the publish port (presence detection). */
  present(): string[];
}

/** Build the channel's request handler: checks the root key, then dispatches. */
export function clientHandler(rootKey: string, actions: ClientActions, log: Logger) {
  const want = Buffer.from(rootKey);
  return async (req: ClientRequest): Promise<Reply> => {
    const given = Buffer.from(String(req.key));
    if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) {
      log.warning(`Local client request ${req.cmd} with a wrong root key`);
      return { cmd: 'error', error: 'Authentication failure: the root key does not match (run as the master user)' };
    }
    switch (req.cmd) {
      case 'ping':
        return { cmd: 'ok' };
      case 'publish': {
        const load = checkShape<PublishRequest>('publish_request', req.load);
        if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(load.fun)) throw new SaltInvocationError(`Invalid function name ${JSON.stringify(load.fun)}`);
        const { jid, minions } = await actions.publish(load);
        return { cmd: 'published', jid, minions };
      }
      case 'check_minions': {
        const minions = actions.checkMinions(checkShape<TargetRequest>('target_request', req.load));
        return { cmd: 'published', jid: null, minions };
      }
      case 'key_event': {
        if (!['accept', 'delete', 'reject'].includes(req.act) || !req.ids.every(isValidMinionId)) throw new SaltInvocationError('Invalid key event');
        await actions.keysChanged(req.act, req.ids, req.rotate);
        return { cmd: 'ok' };
      }
      case 'job_returns':
        if (!isJid(req.jid)) throw new SaltInvocationError(`Invalid jid ${JSON.stringify(req.jid)}`);
        return { cmd: 'data', data: actions.jobReturns(req.jid, req.after) };
      case 'list_jobs':
        return { cmd: 'data', data: actions.listJobs(req.limit) };
      case 'present':
        return { cmd: 'data', data: actions.present() };
    }
  };
}
