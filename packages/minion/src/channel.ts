/**
 * Sealed requests from a minion to its master over the request port: a typed
 * client of the minion requests (protocol/v1/minion-requests.ts) whose calls
 * are sealed with the minion/master shared box key, which also proves to the
 * master who is asking; the answer comes back sealed the same way and must
 * echo the call's random tag.
 */
import { AuthenticationError, errorCode, errorMessage } from '@brine/core/errors';
import { channelClient, type ClientOf } from '@brine/core/protocol/v1/channel';
import type { MINION_REQUESTS_COMMANDS } from '@brine/core/protocol/v1/minion-requests';
import type { REQUEST_PORT_COMMANDS } from '@brine/core/protocol/v1/request-port';
import { MINION_REQUESTS } from '@brine/core/protocol/v1/runtime';
import { openOutcome, sealRequest } from '@brine/core/protocol/v1/secure';

/**
 * The minion requests, one method each (`_return`, `_pillar`, `_file_list`, `_file_hash`, `_serve_file`).
 * Each rejects with AuthenticationError when not authenticated or when the master refuses the sealed request
 * (it no longer knows this minion), with the master's answer to the request rebuilt by its code otherwise,
 * and with SaltReqTimeoutError on timeout.
 */
export type MasterChannel = ClientOf<typeof MINION_REQUESTS_COMMANDS>;

/**
 * The sealed channel of minion `id` over the master's request port.
 * @param requestPort returns the request port's client (connecting it on first use)
 * @param shared returns the current shared box key with the master (undefined before authentication)
 */
export function masterChannel(requestPort: () => ClientOf<typeof REQUEST_PORT_COMMANDS>, id: string, shared: () => Uint8Array | undefined): MasterChannel {
  return channelClient(MINION_REQUESTS, async (call, opts) => {
    const key = shared();
    if (!key) throw new AuthenticationError('Not authenticated with the master');
    const { sealed, tag } = sealRequest(key, call);
    let reply;
    try {
      reply = await requestPort().req({ id, ...sealed }, opts);
    } catch (err) {
      // The outer reply travels in clear, so its error code is not trusted: only a timeout stays what it is.
      if (errorCode(err) === 'unavailable') throw err;
      throw new AuthenticationError(`The master refused the request: ${errorMessage(err)}`);
    }
    return openOutcome(key, reply, tag);
  });
}
