/**
 * Minion authentication, as Salt's master `_auth`: file a new key as pending
 * (or accept it under auto_accept), answer accepted minions with the session
 * key sealed to their box key, refuse a changed key for an accepted id (filed
 * under minions_denied). Every reply is signed with the master's key, and
 * echoes the minion's random token so a captured reply cannot be replayed
 * (CVE-2022-22935). An accepted authentication opens a ticket (tickets.ts)
 * that the minion's sealed requests then carry.
 */
import type { EventBus } from './events/bus';
import { fireAuth } from './events/key-events';
import { fingerprint, formatPublicKeys, parsePublicKeys, sameKeys, sharedKey, type KeyPair, type PublicKeys } from '@brine/core/crypto/keys';
import type { SessionKey } from '@brine/core/crypto/session';
import { AuthenticationError, SaltInvocationError } from '@brine/core/errors';
import { formatJid } from '@brine/core/jid';
import type { Logger } from '@brine/core/log';
import { WarningLimiter } from '@brine/core/warning-limiter';
import { isValidMinionId } from '@brine/core/paths';
import type { AuthReply, AuthReplyBody, AuthRequest, AuthStatus } from '@brine/core/protocol/v1/request-port';
import { sealGrant, signAuthReply } from '@brine/core/protocol/v1/secure';
import type { AcceptedKeys } from './accepted-keys';
import type { PendingCap } from './pending-cap';
import type { Pki } from './pki';
import { Tickets } from './tickets';

/** An accepted minion as the master caches it: its public keys, the derived shared box key, and what it was read from. */
export interface Peer {
  pub: PublicKeys;
  shared: Uint8Array;
  /** The identity of the key file it was read from (Pki.identity). */
  identity: string;
  /** The accepted folder's stamp when the key file was last checked (AcceptedKeys.stamp). */
  checked: string;
  /** The tickets of its authentications, which its sealed requests must carry (dropped with the peer). */
  tickets: Tickets;
}

/** Authenticates minions and caches accepted peers' shared keys. */
export class Auth {
  private readonly peers = new Map<string, Peer>();
  /** Refused attempts are logged rate-limited per minion id (and invalid ids all under one key). */
  private readonly warnings = new WarningLimiter();

  /**
   * @param pendingCap whether the key of a new minion may be filed as pending (max_minions_pre)
   * @param session returns the current session key
   * @param openJobs whether some job is still within its delivery window (CatchUp.anyOpen): the grant tells the
   *   minion, which skips asking for missed jobs when none is
   * @param autoAccept accept unknown keys without salt-key (Salt's auto_accept)
   */
  constructor(
    private readonly pki: Pki,
    private readonly accepted: AcceptedKeys,
    private readonly pendingCap: PendingCap,
    private readonly keys: KeyPair,
    private readonly session: () => SessionKey,
    private readonly openJobs: () => boolean,
    private readonly autoAccept: boolean,
    private readonly events: Pick<EventBus, 'fire'>,
    private readonly log: Logger,
    /** Whether `pub` are the keys of a registered remote client (client-keys.ts), which never act as a minion. */
    private readonly isClientKey: (pub: PublicKeys) => boolean,
  ) {}

  /**
   * The accepted peer `id`, with its shared key derived once and cached, or
   * undefined when `id` is invalid or not accepted. A cached peer is checked
   * against its key file whenever the accepted folder changed (seen with at
   * most one stat every 100 ms, AcceptedKeys.recentStamp), so a key deleted,
   * rejected or replaced behind the master's back stops working within 100 ms
   * (at once when salt-key tells the master).
   */
  peer(id: string): Peer | undefined {
    const cached = this.peers.get(id);
    if (cached) {
      const stamp = this.accepted.recentStamp();
      if (cached.checked === stamp) return cached;
      this.accepted.settleSoon();
      if (this.pki.identity('accepted', id) === cached.identity) {
        cached.checked = stamp;
        return cached;
      }
      this.peers.delete(id);
    }
    if (!isValidMinionId(id)) return undefined;
    const checked = this.accepted.stamp();
    const identity = this.pki.identity('accepted', id);
    const text = this.pki.read('accepted', id);
    if (text === undefined || identity === undefined) return undefined;
    let pub: PublicKeys;
    try {
      pub = parsePublicKeys(text, `accepted key of ${id}`);
    } catch (err) {
      this.log.error((err as Error).message);
      return undefined;
    }
    const peer = { pub, shared: sharedKey(this.keys, pub.box), identity, checked, tickets: new Tickets() };
    this.peers.set(id, peer);
    return peer;
  }

  /** Drop cached peers (all when `ids` is omitted), after salt-key changed their keys. */
  forget(ids?: string[]): void {
    if (!ids) this.peers.clear();
    else for (const id of ids) this.peers.delete(id);
  }

  /**
   * Answer one authentication request with a signed reply. The key of a new minion is filed as pending
   * unless max_minions_pre pending keys are already filed (PendingCap); it is answered as pending either way.
   * A remote client's key is answered as rejected, and never filed.
   * @throws SaltInvocationError for an invalid minion id (nothing is written)
   */
  handle(req: AuthRequest): AuthReply {
    const { id } = req;
    if (!isValidMinionId(id)) {
      this.warnings.log(this.log, 'warning', 'invalid-id', `Authentication attempt with an invalid minion id ${JSON.stringify(id)}`);
      throw new SaltInvocationError('Invalid minion id');
    }
    const presented: PublicKeys = { box: req.box, sign: req.sign };
    const text = formatPublicKeys(presented);
    const known = this.peer(id);
    if (known) return sameKeys(known.pub, presented) ? this.reply(req, 'accepted') : this.deny(req, text);
    if (this.pki.read('rejected', id) !== undefined || this.isClientKey(presented)) {
      this.warnings.log(this.log, 'info', `rejected:${id}`, `Public key of ${id} is rejected`);
      return this.reply(req, 'rejected');
    }
    const pending = this.pki.read('pending', id);
    if (pending !== undefined && !sameKeys(parsePublicKeys(pending, `pending key of ${id}`), presented)) return this.deny(req, text);
    if (this.autoAccept) {
      this.pki.write('accepted', id, text);
      this.pki.remove('pending', id);
      this.log.info(`Auto-accepted the key of ${id} (${fingerprint(text)})`);
      return this.reply(req, 'accepted');
    }
    if (pending === undefined) {
      // Answered as pending either way: a minion whose key was not filed asks again and is filed once there is room.
      if (!this.pendingCap.admit()) return this.reply(req, 'pending');
      this.pki.write('pending', id, text);
      this.pendingCap.filed();
      this.log.info(`New minion key ${id} is pending acceptance (${fingerprint(text)})`);
    }
    return this.reply(req, 'pending');
  }

  private deny(req: AuthRequest, text: string): AuthReply {
    this.pki.write('denied', req.id, text);
    this.warnings.log(
      this.log,
      'error',
      `denied:${req.id}`,
      `Authentication attempt from ${req.id} failed, the public keys did not match. This may be an attempt to compromise the Salt cluster.`,
    );
    return this.reply(req, 'denied');
  }

  /** @throws AuthenticationError when an accepted key vanished while the reply was built */
  private reply(req: AuthRequest, status: AuthStatus): AuthReply {
    fireAuth(this.events, req.id, status, () => formatPublicKeys({ box: req.box, sign: req.sign }));
    const body: AuthReplyBody = { token: req.token, status, master_box: this.keys.pub.box, master_sign: this.keys.pub.sign };
    if (status === 'accepted') {
      const peer = this.peer(req.id);
      if (!peer) throw new AuthenticationError('Key vanished during authentication');
      const { gen, key } = this.session();
      body.session = sealGrant(peer.shared, { gen, key, now: formatJid(new Date()), ticket: peer.tickets.issue(), open: this.openJobs() });
    }
    return signAuthReply(this.keys.signer, body);
  }
}
