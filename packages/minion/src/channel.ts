/**
 * Sealed requests from a minion to its master over the request port: the
 * payload is sealed with the minion/master shared box key, which also proves
 * to the master who is asking; the answer comes back sealed the same way and
 * must echo the request's random tag.
 */
import crypto from 'node:crypto';
import { AuthenticationError, CommandExecutionError, ProtocolError } from '@brine/core/errors';
import { open, seal } from '@brine/core/protocol/envelope';
import { checkShape, pack, unpack } from '@brine/core/protocol/frame';
import type { ErrorReply, MinionRequest, ReplyContent, SealedReply } from '@brine/core/protocol/messages';
import type { RequestClient } from '@brine/core/transport/request-client';

/** Sends sealed requests for one minion id. */
export class MasterChannel {
  /** @param shared returns the current shared box key with the master (undefined before authentication) */
  constructor(
    private readonly client: RequestClient,
    private readonly id: string,
    private readonly shared: () => Uint8Array | undefined,
  ) {}

  /**
   * Send one request and wait for its answer.
   * @param timeout seconds
   * @returns the master's `data`
   * @throws AuthenticationError when not authenticated or the master no longer knows this minion;
   *   CommandExecutionError when the master refuses the request; SaltReqTimeoutError on timeout
   */
  async request(req: MinionRequest, timeout: number): Promise<unknown> {
    const key = this.shared();
    if (!key) throw new AuthenticationError('Not authenticated with the master');
    const tag = crypto.randomBytes(16);
    const sealed = seal(key, pack({ ...req, tag }));
    const reply = await this.client.request<SealedReply | ErrorReply>({ cmd: 'req', id: this.id, nonce: sealed.nonce, box: sealed.box }, timeout * 1000);
    if (reply.cmd === 'error') throw new AuthenticationError(`The master refused the request: ${(reply as ErrorReply).error}`);
    const content = checkShape<ReplyContent>('reply_content', unpack(open(key, reply as SealedReply)));
    if (!tag.equals(content.tag)) throw new ProtocolError('The sealed reply answers another request; refused');
    if (!content.ok) throw new CommandExecutionError(content.error);
    return content.data;
  }
}
