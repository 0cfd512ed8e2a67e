/**
 * What a minion does with a frame from the publish port before running
 * anything: check the master's signature, decode, open the job with the
 * session key, and refuse a jid it has already run or one older than its
 * replay horizon (Salt's replay flaw, CVE-2022-22936).
 */
import type crypto from 'node:crypto';
import { verify } from '@brine/core/crypto/keys';
import { ProtocolError } from '@brine/core/errors';
import { open } from '@brine/core/protocol/envelope';
import { checkShape, decodeFrame, unpack } from '@brine/core/protocol/frame';
import type { JobLoad, PubBody, Publication, RotateBody } from '@brine/core/protocol/messages';

/** A verified publication: a job still sealed under session key `gen`, or a rotation notice. */
export type Verified = { cmd: 'pub'; body: PubBody } | { cmd: 'rotate'; body: RotateBody };

/**
 * Decode a publish frame and check the master's signature over its body.
 * @throws ProtocolError for a malformed frame or a bad signature
 */
export function verifyPublication(bytes: Uint8Array, master: crypto.KeyObject): Verified {
  const pub = decodeFrame<Publication>(bytes, ['pub', 'rotate']);
  if (!verify(master, pub.cmd, pub.body, pub.sig)) throw new ProtocolError('publication signature does not verify');
  const raw = unpack(pub.body);
  return pub.cmd === 'pub'
    ? { cmd: 'pub', body: checkShape<PubBody>('pub_body', raw) }
    : { cmd: 'rotate', body: checkShape<RotateBody>('rotate_body', raw) };
}

/**
 * Open a job with the session key.
 * @throws ProtocolError when it fails to decrypt or its load is malformed
 */
export function openJob(body: PubBody, key: Uint8Array): JobLoad {
  return checkShape<JobLoad>('job_load', unpack(open(key, body)));
}

/**
 * Remembers which jids ran. A jid is admitted once, and only if it is newer than
 * the horizon: the master's clock at first authentication, raised as old
 * entries are forgotten, so memory stays bounded without readmitting old jids.
 */
export class ReplayGuard {
  private readonly seen = new Set<string>();

  /**
   * @param horizon a jid-format time; jids at or before it are refused
   * @param capacity how many jids to remember before the oldest are forgotten
   */
  constructor(private horizon: string, private readonly capacity = 100000) {}

  /** True (and remembered) the first time a jid newer than the horizon is seen; false otherwise. */
  admit(jid: string): boolean {
    if (jid <= this.horizon || this.seen.has(jid)) return false;
    this.seen.add(jid);
    if (this.seen.size > this.capacity) {
      const sorted = [...this.seen].sort();
      const drop = sorted.slice(0, sorted.length - Math.floor(this.capacity / 2));
      for (const j of drop) this.seen.delete(j);
      this.horizon = drop[drop.length - 1];
    }
    return true;
  }
}
