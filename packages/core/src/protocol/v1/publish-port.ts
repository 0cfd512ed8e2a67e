/**
 * The publish port (PUB, 4505), master to minions. Every frame is a signed
 * publication `{v: 1, cmd, body, sig}`: `body` is the msgpack of the kind's
 * body and `sig` the master's Ed25519 signature over it (secure.ts):
 * - `pub`: a job, sealed once with the session key of generation `gen` for every minion;
 * - `rotate`: the session key changed to generation `gen`; minions re-authenticate to fetch it;
 * - `hello`: sent to one subscriber when its connection opens (the same bytes for as long as the master key
 *   stays: a replayed hello only makes a minion ask what it missed); the minion
 *   learns that its publish connection is (back) up and asks for the jobs it missed meanwhile;
 * - `accepted`: salt-key accepted the keys of `ids` (or, for a batch too large to name, of some minions:
 *   `ids` absent); a waiting minion named there authenticates now, within `splay` ms, instead of after
 *   acceptance_wait_time. It only wakes the minion's next authentication attempt, which is verified as
 *   any other; a minion acts on at most one per acceptance_wait_time (master/acceptance.ts, minion/acceptance-wait.ts).
 */
import { PROTOCOL_VERSION } from './constants';
import { Bytes, StringList, Type, type Static } from './schema';

/** Body of a job publication: the session key generation and the sealed job load. */
export const PubBody = Type.Object({ gen: Type.Number(), nonce: Bytes(24), box: Bytes() });
/** See {@link PubBody}. */
export type PubBody = Static<typeof PubBody>;

/** Body of a rotation notice: the new session key generation. */
export const RotateBody = Type.Object({ gen: Type.Number() });
/** See {@link RotateBody}. */
export type RotateBody = Static<typeof RotateBody>;

/** Body of a hello: nothing (the kind says it all). */
export const HelloBody = Type.Object({});
/** See {@link HelloBody}. */
export type HelloBody = Static<typeof HelloBody>;

/** Body of an acceptance notice: the accepted minion ids (absent: too many to name), and the splay in ms. */
export const AcceptedBody = Type.Object({ ids: Type.Optional(StringList()), splay: Type.Number({ minimum: 0 }) });
/** See {@link AcceptedBody}. */
export type AcceptedBody = Static<typeof AcceptedBody>;

/** A publication frame as it crosses the port. */
export const PublicationFrame = Type.Object({
  v: Type.Literal(PROTOCOL_VERSION),
  cmd: Type.Union([Type.Literal('pub'), Type.Literal('rotate'), Type.Literal('hello'), Type.Literal('accepted')]),
  body: Bytes(),
  sig: Bytes(64),
});
/** See {@link PublicationFrame}. */
export type PublicationFrame = Static<typeof PublicationFrame>;

/** A publication once verified: a job still sealed under session key `gen`, a rotation notice, a hello, or an acceptance notice. */
export type Publication =
  | { cmd: 'pub'; body: PubBody }
  | { cmd: 'rotate'; body: RotateBody }
  | { cmd: 'hello'; body: HelloBody }
  | { cmd: 'accepted'; body: AcceptedBody };
