/**
 * The security layers of protocol v1, composed once: the daemons call these
 * and never seal, sign or verify by hand.
 * - Requests: a call is sealed with the minion/master shared box key together
 *   with a random tag; the sealed reply must echo the tag.
 * - Publications: signed by the master (Ed25519, domain-separated by kind), a
 *   job sealed once with the session key for every minion.
 * - Authentication: the reply is signed by the master and the session key
 *   inside it sealed to the minion's shared key; a remote client's reply is
 *   signed as another kind of message, its grant (a ticket) sealed the same way.
 * Everything opened here is shape-checked before it is returned.
 */
import crypto, { type KeyObject } from 'node:crypto';
import { sign, verify } from '../../crypto/keys';
import type { SessionKey } from '../../crypto/session';
import { open, seal } from '../../crypto/secretbox';
import { ProtocolError } from '../../errors';
import { pack, unpack } from '../frame';
import { PROTOCOL_VERSION } from './constants';
import type { Call, Outcome } from './envelope';
import type { JobLoad } from './loads';
import type { TaggedCall } from './minion-requests';
import type { Publication, PubBody } from './publish-port';
import type { AuthReply, AuthReplyBody, ClientGrant, Sealed, SessionGrant } from './request-port';
import { ACCEPTED_BODY, AUTH_REPLY_BODY, CLIENT_GRANT, HELLO_BODY, JOB_LOAD, PUB_BODY, PUBLICATION_FRAME, ROTATE_BODY, SESSION_GRANT, TAGGED_CALL, TAGGED_OUTCOME } from './runtime';

/** Open `sealed` under `key` and decode it. @throws ProtocolError when it does not open or is not msgpack */
function openPacked(key: Uint8Array, sealed: Sealed): unknown {
  return unpack(open(key, sealed));
}

// ---- requests on the request port ----

/** What makes a sealed call fresh: the session ticket granted at authentication, and the call's number under it. */
export interface Freshness {
  ticket: Uint8Array;
  /** 1 for the first call under the ticket, one more for each next call. */
  seq: number;
}

/**
 * Seal a call for the master with the shared box key, adding a fresh random tag and the call's freshness.
 * @returns the sealed payload and the tag its reply must echo
 */
export function sealRequest(shared: Uint8Array, call: Call, fresh: Freshness): { sealed: Sealed; tag: Uint8Array } {
  const tag = crypto.randomBytes(16);
  return { sealed: seal(shared, pack({ ...call, tag, ticket: fresh.ticket, seq: fresh.seq })), tag };
}

/**
 * Open a sealed call (master side).
 * @throws ProtocolError when it does not open under `shared` or is not a tagged call
 */
export function openRequest(shared: Uint8Array, sealed: Sealed): TaggedCall {
  return TAGGED_CALL.check(openPacked(shared, sealed));
}

/** Seal the outcome of a call, echoing its tag (master side). */
export function sealOutcome(shared: Uint8Array, tag: Uint8Array, outcome: Outcome): Sealed {
  return seal(shared, pack({ ...outcome, tag }));
}

/**
 * Open a sealed outcome and check that it answers the call tagged `tag` (minion side).
 * @throws ProtocolError when it does not open, is malformed, or answers another call
 */
export function openOutcome(shared: Uint8Array, sealed: Sealed, tag: Uint8Array): Outcome {
  const { tag: echoed, ...outcome } = TAGGED_OUTCOME.check(openPacked(shared, sealed));
  if (!Buffer.from(tag).equals(echoed)) throw new ProtocolError('The sealed reply answers another request; refused');
  return outcome;
}

// ---- publications on the publish port ----

/** A publication frame: the body packed and signed by the master as a message of its kind. */
export function signPublication(signer: KeyObject, publication: Publication): Buffer {
  const body = pack(publication.body);
  return pack({ v: PROTOCOL_VERSION, cmd: publication.cmd, body, sig: sign(signer, publication.cmd, body) });
}

/**
 * Decode a publication frame and check the master's signature over its body.
 * @throws ProtocolError for a malformed frame or body, or a signature that does not verify
 */
export function verifyPublication(frame: Uint8Array, master: KeyObject): Publication {
  const pub = PUBLICATION_FRAME.check(unpack(frame));
  if (!verify(master, pub.cmd, pub.body, pub.sig)) throw new ProtocolError('publication signature does not verify');
  const raw = unpack(pub.body);
  switch (pub.cmd) {
    case 'pub':
      return { cmd: 'pub', body: PUB_BODY.check(raw) };
    case 'rotate':
      return { cmd: 'rotate', body: ROTATE_BODY.check(raw) };
    case 'hello':
      return { cmd: 'hello', body: HELLO_BODY.check(raw) };
    case 'accepted':
      return { cmd: 'accepted', body: ACCEPTED_BODY.check(raw) };
  }
}

/** Seal a job once, for every minion, with the session key. */
export function sealJob(session: SessionKey, load: JobLoad): PubBody {
  return { gen: session.gen, ...seal(session.key, pack(load)) };
}

/**
 * Open a job with the session key.
 * @throws ProtocolError when it fails to decrypt or its load is malformed
 */
export function openJob(body: PubBody, key: Uint8Array): JobLoad {
  return JOB_LOAD.check(openPacked(key, body));
}

// ---- authentication ----

/**
 * Who an authentication reply answers, signed as its own kind of message: a minion (`auth_reply`) or a remote
 * client (`client_auth_reply`), so a reply to one never verifies as a reply to the other.
 */
export type AuthReplyKind = 'auth_reply' | 'client_auth_reply';

/** Sign an authentication reply body with the master's key, as a reply to a minion unless `kind` says otherwise. */
export function signAuthReply(signer: KeyObject, body: AuthReplyBody, kind: AuthReplyKind = 'auth_reply'): AuthReply {
  const bytes = pack(body);
  return { body: bytes, sig: sign(signer, kind, bytes) };
}

/**
 * The body of an authentication reply, checked but not yet verified: the
 * minion reads the master keys it presents, compares them with the pinned
 * ones, then calls {@link verifyAuthReply}.
 * @throws ProtocolError for a malformed body
 */
export function readAuthReply(reply: AuthReply): AuthReplyBody {
  return AUTH_REPLY_BODY.check(unpack(reply.body));
}

/** True when `reply` is signed by `master` as an authentication reply of `kind` (to a minion by default). */
export function verifyAuthReply(reply: AuthReply, master: KeyObject, kind: AuthReplyKind = 'auth_reply'): boolean {
  return verify(master, kind, reply.body, reply.sig);
}

/** Seal a grant to a minion's (a session key grant) or a remote client's shared key. */
export function sealGrant(shared: Uint8Array, grant: SessionGrant | ClientGrant): Sealed {
  return seal(shared, pack(grant));
}

/**
 * Open a session key grant.
 * @throws ProtocolError when it does not open under `shared` or is malformed
 */
export function openGrant(shared: Uint8Array, sealed: Sealed): SessionGrant {
  return SESSION_GRANT.check(openPacked(shared, sealed));
}

/**
 * Open a remote client's grant.
 * @throws ProtocolError when it does not open under `shared` or is malformed
 */
export function openClientGrant(shared: Uint8Array, sealed: Sealed): ClientGrant {
  return CLIENT_GRANT.check(openPacked(shared, sealed));
}
