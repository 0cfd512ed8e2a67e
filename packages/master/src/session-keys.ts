/**
 * The master's session key (Salt's AES session key) and its rotation: a new
 * key when an accepted minion key is deleted or rejected, announced on the
 * publish port so minions re-authenticate to fetch it, and the removed
 * minion can no longer read jobs.
 */
import { newSessionKey, type SessionKey } from '@brine/core/crypto/session';
import type { Logger } from '@brine/core/log';
import type { JobPublisher } from './publish';

/** Holds the current session key. */
export class SessionKeys {
  private key: SessionKey = newSessionKey();

  constructor(
    private readonly publisher: JobPublisher,
    private readonly log: Logger,
  ) {}

  /** The key jobs are sealed with now. */
  current(): SessionKey {
    return this.key;
  }

  /** Replace the key and announce its new generation. @param why for the log */
  async rotate(why: string): Promise<void> {
    this.key = newSessionKey(this.key);
    await this.publisher.announceRotation(this.key);
    this.log.info(`Session key rotated after ${why}`);
  }
}
