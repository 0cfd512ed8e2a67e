/**
 * The publish port (PUB, 4505). A job is sealed once with the session key and
 * signed once by the master, whatever the number of minions; each minion
 * verifies, decrypts and decides from the target whether the job is its own.
 */
import type { KeyPair } from '@brine/core/crypto/keys';
import type { SessionKey } from '@brine/core/crypto/session';
import type { Logger } from '@brine/core/log';
import type { JobLoad } from '@brine/core/protocol/v1/loads';
import type { AcceptedBody } from '@brine/core/protocol/v1/publish-port';
import { sealJob, signPublication } from '@brine/core/protocol/v1/secure';
import { Publisher } from '@brine/core/transport/publisher';

/** Bytes of publications waiting for one minion past which its connection is closed (a job is about 1 KB). */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** Signs and broadcasts publications. */
export class JobPublisher {
  private readonly socket: Publisher;

  constructor(
    private readonly keys: KeyPair,
    log: Logger,
  ) {
    // One hello for the master's life, signed once: a replayed hello only makes a minion ask what it missed.
    this.socket = new Publisher({ maxQueuedBytes: MAX_QUEUED_BYTES, hello: signPublication(keys.signer, { cmd: 'hello', body: {} }), log });
  }

  /** Bind (`tcp://127.0.0.1:*` picks a free port). @returns the bound endpoint */
  bind(endpoint: string): Promise<string> {
    return this.socket.bind(endpoint);
  }

  /** Publish a job to every connected minion: one seal, one signature. */
  publish(load: JobLoad, session: SessionKey): Promise<void> {
    return this.socket.send(signPublication(this.keys.signer, { cmd: 'pub', body: sealJob(session, load) }));
  }

  /** Tell minions the session key changed, so they re-authenticate (with jitter) to fetch the new one. */
  announceRotation(session: SessionKey): Promise<void> {
    return this.socket.send(signPublication(this.keys.signer, { cmd: 'rotate', body: { gen: session.gen } }));
  }

  /** Tell waiting minions that salt-key accepted keys, so they authenticate now (acceptance.ts). */
  announceAccepted(body: AcceptedBody): Promise<void> {
    return this.socket.send(signPublication(this.keys.signer, { cmd: 'accepted', body }));
  }

  /** Close the socket. */
  close(): Promise<void> {
    return this.socket.close();
  }
}
