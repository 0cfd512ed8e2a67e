/**
 * Remote clients on the request port: a key pair registered with
 * `salt-key --client` (client-keys.ts) authenticates as a minion does
 * (`client_auth`: the reply signed by the master, echoing the client's token,
 * a ticket sealed to the client's shared key), then sends local client
 * commands sealed as a minion's requests (`client_req`: the shared key proves
 * the sender, the ticket and number make each call served once). Each call is
 * dispatched to the local channel's own guarded handlers (acl/authorize.ts
 * guardHandlers) for the user the client is bound to, `via: 'remote'`, so
 * publisher_acl, the policies and the audit log judge it as they judge a
 * local caller. A client deleted or registered again with another key stops
 * working at its next request.
 */
import { sameKeys, sharedKey, type KeyPair } from '@brine/core/crypto/keys';
import { AuthenticationError, errorCode, errorMessage } from '@brine/core/errors';
import { formatJid } from '@brine/core/jid';
import type { Logger } from '@brine/core/log';
import type { Handlers } from '@brine/core/protocol/v1/channel';
import type { LOCAL_CLIENT_COMMANDS } from '@brine/core/protocol/v1/local-client';
import type { AuthReply, AuthRequest, Sealed, SealedRequest } from '@brine/core/protocol/v1/request-port';
import { LOCAL_CLIENT } from '@brine/core/protocol/v1/runtime';
import { openRequest, sealGrant, sealOutcome, signAuthReply } from '@brine/core/protocol/v1/secure';
import { WarningLimiter } from '@brine/core/warning-limiter';
import type { ClientContext } from './acl/authorize';
import type { Caller } from './acl/decision';
import type { ClientKeys, RegisteredClient } from './client-keys';
import { Tickets } from './tickets';

/** A registered client as the master caches it: who it acts as, its shared key, and the tickets of its authentications. */
interface ClientPeer {
  client: RegisteredClient;
  caller: Caller;
  shared: Uint8Array;
  /** The identity of the file it was read from (ClientKeys.identity). */
  identity: string;
  tickets: Tickets;
}

/** What a remote client is told when it is refused: the same whether it is unknown or presents another key. */
const MSG_NOT_REGISTERED = 'is not a registered client, or presents another key';
const HINT_REGISTER = "Register the client's public key on the master: salt-key --client NAME --user USER --pub FILE";

/** Serves `client_auth` and `client_req` on the request port. */
export class RemoteClients {
  /** Keyed by registered names only (a peer is cached once its file is read), so bounded by the registrations. */
  private readonly peers = new Map<string, ClientPeer>();
  /** Refusals logged per client name (invalid ones all under one key) and error code, rate-limited. */
  private readonly warnings = new WarningLimiter();

  /**
   * @param handlers the local channel's guarded handlers (guardHandlers(clientHandlers(...))), the very ones the ipc socket serves
   * @param groupsOf a user's groups (accounts.ts), for the policies
   */
  constructor(
    private readonly clients: ClientKeys,
    private readonly keys: KeyPair,
    private readonly handlers: Handlers<typeof LOCAL_CLIENT_COMMANDS, ClientContext>,
    private readonly groupsOf: (user: string) => string[],
    private readonly log: Logger,
  ) {}

  /** The registered client `name`, its file checked on every call (one stat), or undefined. */
  private peer(name: string): ClientPeer | undefined {
    const identity = this.clients.identity(name);
    const cached = this.peers.get(name);
    if (cached && cached.identity === identity) return cached;
    this.peers.delete(name);
    if (identity === undefined) return undefined;
    const client = this.clients.read(name, (message) => this.log.error(message));
    if (!client) return undefined;
    const caller: Caller = { user: client.user, groups: this.groupsOf(client.user), via: 'remote' };
    const peer = { client, caller, shared: sharedKey(this.keys, client.pub.box), identity, tickets: new Tickets() };
    this.peers.set(name, peer);
    return peer;
  }

  /** Log a refusal of client `name`, rate-limited, the name quoted (it is the peer's text). */
  private refused(name: string, code: string, message: string): void {
    const key = this.clients.identity(name) === undefined ? 'unknown' : name;
    this.warnings.log(this.log, 'warning', `${key}:${code}`, `Remote client ${JSON.stringify(name)} refused: ${message}`);
  }

  /**
   * Answer a client's authentication: for a registered client presenting its registered keys, a reply signed as
   * `client_auth_reply` echoing its token, with a new ticket sealed to it.
   * @throws AuthenticationError for a name that is not registered, or other keys (answered in clear)
   */
  auth(req: AuthRequest): AuthReply {
    const peer = this.peer(req.id);
    if (!peer || !sameKeys(peer.client.pub, { box: req.box, sign: req.sign })) {
      this.refused(req.id, 'auth', 'authentication with an unregistered name or another key');
      throw new AuthenticationError(`Remote client ${JSON.stringify(req.id)} ${MSG_NOT_REGISTERED}`, HINT_REGISTER);
    }
    this.log.info(`Remote client ${req.id} authenticated (user ${peer.client.user})`);
    const session = sealGrant(peer.shared, { now: formatJid(new Date()), ticket: peer.tickets.issue() });
    return signAuthReply(this.keys.signer, { token: req.token, status: 'accepted', master_box: this.keys.pub.box, master_sign: this.keys.pub.sign, session }, 'client_auth_reply');
  }

  /**
   * Open one sealed local client command, run it through the guarded handlers as the client's user, seal the outcome.
   * @throws AuthenticationError when `id` is not a registered client or the ticket is not one it holds now;
   *   ProtocolError when the box does not open under its key, holds no well-formed call, or replays one (answered in clear)
   */
  async handle(req: SealedRequest): Promise<Sealed> {
    const peer = this.peer(req.id);
    if (!peer) {
      this.refused(req.id, 'auth', 'a request from an unregistered name');
      throw new AuthenticationError(`Remote client ${JSON.stringify(req.id)} ${MSG_NOT_REGISTERED}`, HINT_REGISTER);
    }
    const { tag, ticket, seq, ...call } = openRequest(peer.shared, req);
    peer.tickets.admit({ ticket, seq });
    const ctx: ClientContext = { caller: peer.caller, peer: `client ${peer.client.name}` };
    const outcome = await LOCAL_CLIENT.dispatch(this.handlers, call, ctx, (err, cmd) =>
      this.refused(req.id, errorCode(err), `request ${JSON.stringify(cmd)}: ${errorMessage(err)}`),
    );
    return sealOutcome(peer.shared, tag, outcome);
  }
}
