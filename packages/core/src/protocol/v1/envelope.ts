/**
 * The v1 envelopes every request/reply channel shares. A request frame is
 * `{v: 1, rid, cmd, req, key?, sudo_user?}`: the protocol version, a request id the reply
 * echoes, the command, its request (checked against the command's schema), an
 * optional credential (the local client's root or user key) and, with the root
 * key, the user who ran the command through sudo (Salt's SUDO_USER). A reply frame is
 * `{v: 1, rid, ok: true, rep}` or `{v: 1, rid, ok: false, error: {code,
 * message, hint?}}`, the code from a closed set (errors.ts).
 */
import { ERROR_CODES } from '../../errors';
import { PROTOCOL_VERSION } from './constants';
import { Type, type Static } from './schema';

/** An error as it crosses the wire: a code from {@link ERROR_CODES}, a message and an optional hint for the user. */
export const WireError = Type.Object({
  code: Type.Union(ERROR_CODES.map((c) => Type.Literal(c))),
  message: Type.String(),
  hint: Type.Optional(Type.String()),
});
/** See {@link WireError}. */
export type WireError = Static<typeof WireError>;

/** A command and its request, as dispatched (the part of a request frame a channel reads). */
export const Call = Type.Object({ cmd: Type.String(), req: Type.Unknown() });
/** See {@link Call}. */
export type Call = Static<typeof Call>;

/** A request frame. */
export const RequestFrame = Type.Object({
  v: Type.Literal(PROTOCOL_VERSION),
  rid: Type.Number(),
  cmd: Type.String(),
  req: Type.Unknown(),
  key: Type.Optional(Type.String()),
  /** A claim the master weighs only with the root key: the user who ran the CLI through sudo. */
  sudo_user: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
/** See {@link RequestFrame}. */
export type RequestFrame = Static<typeof RequestFrame>;

/** A reply as a channel produces it: the command's reply, or an error. */
export const Outcome = Type.Union([Type.Object({ ok: Type.Literal(true), rep: Type.Unknown() }), Type.Object({ ok: Type.Literal(false), error: WireError })]);
/** See {@link Outcome}. */
export type Outcome = Static<typeof Outcome>;

/** A reply frame: an {@link Outcome} with the version and the request's rid. */
export const ReplyFrame = Type.Intersect([Type.Object({ v: Type.Literal(PROTOCOL_VERSION), rid: Type.Number() }), Outcome]);
/** See {@link ReplyFrame}. */
export type ReplyFrame = Static<typeof ReplyFrame>;
