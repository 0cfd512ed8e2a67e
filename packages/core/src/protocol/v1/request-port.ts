/**
 * The request port (ROUTER, 4506), minion to master. Two commands cross it:
 * - `auth` in clear, public keys only: the master answers with a reply signed
 *   by its key that echoes the minion's random token (secure.ts signs and
 *   verifies it), and carries the session key sealed to the minion;
 * - `req`: a {@link MINION_REQUESTS} call sealed with the minion/master shared
 *   box key (which also proves who sent it), answered sealed the same way.
 *
 * Remote clients (a key pair registered with `salt-key --client`, bound to a
 * user) use two commands of their own, the same exchange: `client_auth`
 * (the grant carries a ticket, never the session key) and `client_req`, a
 * local client call (local-client.ts) sealed as a minion's. Their `id` is the
 * client's name, looked up among registered clients only: a minion id and a
 * client name never stand for each other, whatever they spell.
 */
import { AUTH_STATUSES } from './constants';
import { Bytes, Type, type Commands, type Static } from './schema';

export type { AuthStatus } from './constants';

/** A sealed payload: a 24-byte nonce and the secret box. */
export const Sealed = Type.Object({ nonce: Bytes(24), box: Bytes() });
/** See {@link Sealed}. */
export type Sealed = Static<typeof Sealed>;

/** An authentication request: the minion's id and public keys, and a random token the signed reply must echo. */
export const AuthRequest = Type.Object({ id: Type.String(), box: Bytes(32), sign: Bytes(32), token: Bytes(16) });
/** See {@link AuthRequest}. */
export type AuthRequest = Static<typeof AuthRequest>;

/** A signed authentication reply: `body` is the msgpack of an {@link AuthReplyBody}, `sig` its Ed25519 signature by the master. */
export const AuthReply = Type.Object({ body: Bytes(), sig: Bytes(64) });
/** See {@link AuthReply}. */
export type AuthReply = Static<typeof AuthReply>;

/** The signed part of an auth reply; `session` (when accepted) opens with the shared key to a {@link SessionGrant}. */
export const AuthReplyBody = Type.Object({
  token: Bytes(16),
  status: Type.Union(AUTH_STATUSES.map((s) => Type.Literal(s))),
  master_box: Bytes(32),
  master_sign: Bytes(32),
  session: Type.Optional(Sealed),
});
/** See {@link AuthReplyBody}. */
export type AuthReplyBody = Static<typeof AuthReplyBody>;

/**
 * The session key grant: key generation, the 32-byte key, the master's clock (a jid) for replay bounds, and
 * the ticket this authentication opened, which the minion's sealed requests carry (see TaggedCall).
 */
export const SessionGrant = Type.Object({
  gen: Type.Number(),
  key: Bytes(32),
  now: Type.String(),
  ticket: Bytes(16),
  /**
   * False when the master held no job within its delivery window as it granted the session (catch-up.ts), so a
   * minion starting its session has missed none published before; absent means it may have.
   */
  open: Type.Optional(Type.Boolean()),
});
/** See {@link SessionGrant}. */
export type SessionGrant = Static<typeof SessionGrant>;

/**
 * What a remote client's accepted authentication grants, sealed to its shared key: the ticket its sealed requests
 * carry and the master's clock (a jid). No session key: a client reads jobs through the master, never the publish port.
 */
export const ClientGrant = Type.Object({ now: Type.String(), ticket: Bytes(16) });
/** See {@link ClientGrant}. */
export type ClientGrant = Static<typeof ClientGrant>;

/** A sealed request from minion `id`. */
export const SealedRequest = Type.Composite([Type.Object({ id: Type.String() }), Sealed]);
/** See {@link SealedRequest}. */
export type SealedRequest = Static<typeof SealedRequest>;

/** The request port's commands. */
export const REQUEST_PORT_COMMANDS = {
  auth: { request: AuthRequest, reply: AuthReply, doc: 'Authenticate a minion by its public keys (Salt _auth).' },
  req: { request: SealedRequest, reply: Sealed, doc: 'A sealed minion request (returns, files, pillar).' },
  client_auth: {
    request: AuthRequest,
    reply: AuthReply,
    doc: 'Authenticate a remote client (`id`: its name) by the public keys salt-key --client registered; the grant is a ClientGrant.',
  },
  client_req: { request: SealedRequest, reply: Sealed, doc: 'A local client command sealed by remote client `id`, judged for the user it is bound to.' },
} satisfies Commands;
