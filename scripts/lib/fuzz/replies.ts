/**
 * What the master answered a fuzzed frame: `ok`, or the code of its error
 * (`invalid`, `auth`, `denied`, `not_found`, `failed`, `internal`, ...).
 * For a sealed request answered `ok`, the outcome inside the sealed reply
 * (opened with the impersonated minion's key) is what counts: `sealed:ok`,
 * `sealed:invalid`... The error's message is kept as a sample; an
 * `internal` error means a handler threw something unexpected.
 */
import { open } from '@brine/core/crypto/secretbox';
import { unpack } from '@brine/core/protocol/frame';
import type { Classify } from './zmq-sink';

/** An outcome `{ok, error?}` as a name, and the error's message. */
function outcomeOf(value: unknown, prefix: string): { outcome: string; message?: string } {
  const o = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (typeof o !== 'object' || o === null) return { outcome: `${prefix}malformed` };
  if (o.ok === true) return { outcome: `${prefix}ok` };
  const code = String(o.error?.code ?? 'malformed');
  return { outcome: `${prefix}${code}`, message: String(o.error?.message) };
}

/** Classify a reply frame of the request port or the local socket. */
export const classifyReply: Classify = (reply) => {
  try {
    return outcomeOf(unpack(reply), '');
  } catch {
    return { outcome: 'malformed' };
  }
};

/** Classify replies to sealed requests, opening the `ok` ones with `shared`. */
export function classifySealed(shared: Uint8Array): Classify {
  return (reply) => {
    try {
      const frame = unpack(reply) as { ok?: unknown; rep?: { nonce: Uint8Array; box: Uint8Array } };
      if (frame.ok !== true || !frame.rep) return outcomeOf(frame, '');
      return outcomeOf(unpack(open(shared, frame.rep)), 'sealed:');
    } catch {
      return { outcome: 'malformed' };
    }
  };
}
