/**
 * Authentication with the master, as Salt's minion: send our id and public
 * keys, wait while the key is pending, and on acceptance open the session key.
 * The master's keys are pinned in `pki_dir/minion_master.pub` on first
 * acceptance (and checked against master_finger when set); afterwards a reply
 * that is unsigned, signed by another key, or for another request is refused
 * (CVE-2022-22935).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fingerprint, formatPublicKeys, parsePublicKeys, sameKeys, sharedKey, verifierFor, type KeyPair, type PublicKeys } from '@brine/core/crypto/keys';
import { AuthenticationError, errorMessage, SaltError } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { writeFileAtomic } from '@brine/core/paths';
import type { CallOptions, ClientOf } from '@brine/core/protocol/v1/channel';
import type { AuthReply, AuthRequest, AuthStatus, REQUEST_PORT_COMMANDS, Sealed, SessionGrant } from '@brine/core/protocol/v1/request-port';
import { openGrant, readAuthReply, verifyAuthReply, type AuthReplyKind } from '@brine/core/protocol/v1/secure';

/** The master as this minion trusts it: public keys, a verifier for its signatures, and our shared box key. */
export interface TrustedMaster {
  pub: PublicKeys;
  verifier: crypto.KeyObject;
  shared: Uint8Array;
}

/**
 * The outcome of one authentication attempt. When not accepted, `verifier` checks signatures of the master
 * that signed the answer (its pinned key, or on first contact the key it presented): a waiting minion
 * verifies the master's acceptance notices with it (acceptance-wait.ts).
 */
export type AuthResult = AuthOutcome<SessionGrant>;

/** Settings of {@link authenticateOnce}. */
export interface AuthOptions {
  id: string;
  keys: KeyPair;
  pkiDir: string;
  /** The master's request port. */
  requestPort: ClientOf<typeof REQUEST_PORT_COMMANDS>;
  log: Logger;
  /** Seconds to wait for the master's answer. */
  timeout: number;
  /** Expected fingerprint of the master's public key file ('' to trust on first use). */
  masterFinger: string;
}

/** Path of the pinned master key. */
export function pinnedMasterPath(pkiDir: string): string {
  return path.join(pkiDir, 'minion_master.pub');
}

function readPinned(file: string): PublicKeys | undefined {
  return fs.existsSync(file) ? parsePublicKeys(fs.readFileSync(file, 'utf8'), file) : undefined;
}

/** The last master signing key seen and its verifier: a minion asks one master again and again while pending. */
let lastVerifier: { sign: Buffer; verifier: crypto.KeyObject } | undefined;

/** A verifier for the master signing key `sign`, reused while the key stays the same (creating one costs ~50 µs). */
function masterVerifier(sign: Uint8Array): crypto.KeyObject {
  if (!lastVerifier?.sign.equals(sign)) lastVerifier = { sign: Buffer.from(sign), verifier: verifierFor(sign) };
  return lastVerifier.verifier;
}

/** What differs between a minion's authentication and a remote client's (`brine` CLI's remote-client.ts). */
export interface AuthExchange<G> {
  /** Send the request (`auth`, or `client_auth`). */
  ask: (req: AuthRequest, opts: CallOptions) => Promise<AuthReply>;
  /** The kind of message the master signs its reply as. */
  kind: AuthReplyKind;
  /** Open the grant sealed in an accepted reply. @throws ProtocolError when it does not open or is malformed */
  openGrant: (shared: Uint8Array, sealed: Sealed) => G;
  /** Where the master's public keys are pinned on first acceptance. */
  pinFile: string;
}

/** The outcome of one authentication whose grant is a `G`. */
export type AuthOutcome<G> =
  | { status: 'accepted'; master: TrustedMaster; session: G }
  | { status: Exclude<AuthStatus, 'accepted'>; verifier: crypto.KeyObject };

/**
 * Send one authentication request and check the signed answer.
 * @throws AuthenticationError for an unsigned or wrongly signed reply, a changed master key, or a refusal by the master
 * @throws SaltReqTimeoutError when the master does not answer in time
 */
export function authenticateOnce(o: AuthOptions): Promise<AuthResult> {
  return authenticateWith(o, { ask: (req, opts) => o.requestPort.auth(req, opts), kind: 'auth_reply', openGrant, pinFile: pinnedMasterPath(o.pkiDir) });
}

/**
 * One authentication as {@link authenticateOnce}, by the means of `x`: a minion's, or a remote client's (the same
 * checks of the master's signature, of the token, and of the pinned key or master_finger).
 * @throws as {@link authenticateOnce}
 */
export async function authenticateWith<G>(o: Omit<AuthOptions, 'pkiDir' | 'requestPort'>, x: AuthExchange<G>): Promise<AuthOutcome<G>> {
  const token = crypto.randomBytes(16);
  let reply;
  try {
    reply = await x.ask({ id: o.id, box: o.keys.pub.box, sign: o.keys.pub.sign, token }, { timeoutMs: o.timeout * 1000 });
  } catch (err) {
    if (err instanceof SaltError && err.code !== 'unavailable') throw new AuthenticationError(`The master refused authentication: ${err.message}`);
    throw err;
  }
  const content = readAuthReply(reply);
  const presented: PublicKeys = { box: content.master_box, sign: content.master_sign };
  const pinned = readPinned(x.pinFile);
  if (pinned && !sameKeys(pinned, presented)) {
    throw new AuthenticationError("The master key has changed, the salt master could have been subverted, verify salt master's public key");
  }
  const verifier = masterVerifier(presented.sign);
  if (!verifyAuthReply(reply, verifier, x.kind)) throw new AuthenticationError('The authentication reply is not signed by the master key; refused');
  if (!Buffer.from(content.token).equals(token)) throw new AuthenticationError('The authentication reply answers another request; refused');
  const text = formatPublicKeys(presented);
  if (!pinned && o.masterFinger && fingerprint(text) !== o.masterFinger) {
    throw new AuthenticationError(`The master's fingerprint ${fingerprint(text)} does not match master_finger; refused`);
  }
  if (content.status !== 'accepted') return { status: content.status, verifier };
  if (!content.session) throw new AuthenticationError('The master accepted the key but sent no session key');
  const shared = sharedKey(o.keys, presented.box);
  let session: G;
  try {
    session = x.openGrant(shared, content.session);
  } catch (err) {
    throw new AuthenticationError(`Cannot open the session key: ${errorMessage(err)}`);
  }
  if (!pinned) {
    writeFileAtomic(x.pinFile, text, 0o644);
    o.log.info(`Pinned the master key (${fingerprint(text)})`);
  }
  return { status: 'accepted', master: { pub: presented, verifier, shared }, session };
}
