/**
 * The publish port (PUB, 4505). A job is sealed once with the session key and
 * signed once by the master, whatever the number of minions; each minion
 * verifies, decrypts and decides from the target whether the job is its own.
 */
import * as zmq from 'zeromq';
import { sign, type KeyPair } from '@brine/core/crypto/keys';
import type { SessionKey } from '@brine/core/crypto/session';
import { seal } from '@brine/core/protocol/envelope';
import { encodeFrame, pack } from '@brine/core/protocol/frame';
import type { JobLoad, PubBody, RotateBody } from '@brine/core/protocol/messages';

/** Signs and broadcasts publications. */
export class JobPublisher {
  private readonly socket = new zmq.Publisher({ linger: 0, sendHighWaterMark: 100000 });

  constructor(private readonly keys: KeyPair) {}

  /** Bind (`tcp://127.0.0.1:*` picks a free port). @returns the bound endpoint */
  async bind(endpoint: string): Promise<string> {
    await this.socket.bind(endpoint);
    return this.socket.lastEndpoint ?? endpoint;
  }

  private async send(cmd: 'pub' | 'rotate', body: PubBody | RotateBody): Promise<void> {
    const bytes = pack(body);
    await this.socket.send(encodeFrame({ cmd, body: bytes, sig: sign(this.keys.signer, cmd, bytes) }));
  }

  /** Publish a job to every connected minion: one seal, one signature. */
  publish(load: JobLoad, session: SessionKey): Promise<void> {
    const { nonce, box } = seal(session.key, pack(load));
    return this.send('pub', { gen: session.gen, nonce, box });
  }

  /** Tell minions the session key changed, so they re-authenticate (with jitter) to fetch the new one. */
  announceRotation(session: SessionKey): Promise<void> {
    return this.send('rotate', { gen: session.gen });
  }

  /** Close the socket. */
  close(): void {
    this.socket.close();
  }
}
