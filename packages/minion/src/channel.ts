/**
 * Sealed requests from a minion to its master over the request port: a typed
 * client of the minion requests (protocol/v1/minion-requests.ts) whose calls
 * are sealed with the minion/master shared box key, which also proves to the
 * master who is asking; the answer comes back sealed the same way and must
 * echo the call's random tag. Each call also carries the ticket of the
 * current authentication and its number under it, so the master serves it
 * once (master/tickets.ts).
 */
import { AuthenticationError, errorCode, errorMessage, type ErrorCode } from '@brine/core/errors';
import { channelClient, type CallOptions, type Channel, type ClientOf, type Commands } from '@brine/core/protocol/v1/channel';
import type { Call, Outcome } from '@brine/core/protocol/v1/envelope';
import type { MINION_REQUESTS_COMMANDS } from '@brine/core/protocol/v1/minion-requests';
import type { REQUEST_PORT_COMMANDS, Sealed } from '@brine/core/protocol/v1/request-port';
import { MINION_REQUESTS } from '@brine/core/protocol/v1/runtime';
import { openOutcome, sealRequest } from '@brine/core/protocol/v1/secure';

/**
 * The minion requests, one method each (`_return`, `_pillar`, `_file_list`, `_file_hash`, `_serve_file`).
 * Each rejects with AuthenticationError when not authenticated or when the master refuses the sealed request
 * (it no longer knows this minion), with the master's answer to the request rebuilt by its code otherwise,
 * and with SaltReqTimeoutError on timeout.
 */
export type MasterChannel = ClientOf<typeof MINION_REQUESTS_COMMANDS>;

/** The master refused a sealed request in clear; `outer` is the code it gave, a hint only (it is not sealed). */
class Refusal extends AuthenticationError {
  constructor(
    readonly outer: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What seals this minion's requests now: the shared box key with the master and the current authentication's ticket. */
export interface Credentials {
  shared: Uint8Array;
  ticket: Uint8Array;
}

/**
 * The sealed channel of minion `id` over the master's request port. Calls are numbered from 1 under each
 * ticket. When the master refuses a call as unauthenticated (it restarted, or no longer holds the ticket),
 * the channel authenticates again through `reauthenticate` and sends the call once more, sealed afresh.
 * @param requestPort returns the request port's client (connecting it on first use)
 * @param credentials returns the current credentials (undefined before authentication)
 * @param reauthenticate authenticates again, updating what `credentials` returns; rejects when not accepted
 */
export function masterChannel(
  requestPort: () => ClientOf<typeof REQUEST_PORT_COMMANDS>,
  id: string,
  credentials: () => Credentials | undefined,
  reauthenticate: () => Promise<void>,
): MasterChannel {
  return sealedChannel(MINION_REQUESTS, (sealed, opts) => requestPort().req({ id, ...sealed }, opts), credentials, reauthenticate);
}

/**
 * A client of `channel` whose calls are sealed as a minion's (numbered under the current ticket, tagged, answered
 * sealed), sent by `post`: the minion's channel ({@link masterChannel}) and a remote client's (the salt CLI's
 * remote-client.ts, `client_req`). A refusal in clear as unauthenticated makes it authenticate again and resend once.
 * @param post sends one sealed call and resolves to the sealed answer
 */
export function sealedChannel<C extends Commands>(
  channel: Channel<C>,
  post: (sealed: Sealed, opts: CallOptions) => Promise<Sealed>,
  credentials: () => Credentials | undefined,
  reauthenticate: () => Promise<void>,
): ClientOf<C> {
  let numbered: Uint8Array | undefined;
  let seq = 0;
  const send = async (call: Call, opts: CallOptions): Promise<Outcome> => {
    const cred = credentials();
    if (!cred) throw new AuthenticationError('Not authenticated with the master');
    if (cred.ticket !== numbered) {
      numbered = cred.ticket;
      seq = 0;
    }
    const { sealed, tag } = sealRequest(cred.shared, call, { ticket: cred.ticket, seq: ++seq });
    let reply;
    try {
      reply = await post(sealed, opts);
    } catch (err) {
      // The outer reply travels in clear, so its error code is not trusted: only a timeout stays what it is.
      if (errorCode(err) === 'unavailable') throw err;
      throw new Refusal(errorCode(err), `The master refused the request: ${errorMessage(err)}`);
    }
    return openOutcome(cred.shared, reply, tag);
  };
  return channelClient(channel, async (call, opts) => {
    try {
      return await send(call, opts);
    } catch (err) {
      // A forged 'auth' refusal costs one authentication, nothing more.
      if (!(err instanceof Refusal && err.outer === 'auth')) throw err;
      await reauthenticate();
      return send(call, opts);
    }
  });
}
