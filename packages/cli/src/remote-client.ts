/**
 * A remote client of the master (brine's groundwork for a REST API): the
 * local channel's commands (publish, job_returns, list_jobs, ...) sent from
 * another host to the master's request port, by a key pair registered on the
 * master with `salt-key --client NAME --user USER --pub NAME.pub`. It
 * authenticates as a minion does (minion/auth.ts, `client_auth`: the reply
 * must be signed by the master and echo our token; the master's key is
 * pinned on first use beside the client's key), then seals every command as
 * a minion seals its requests (minion/channel.ts, `client_req`). The master
 * judges each command for the user the client is bound to, as it judges a
 * local caller. The client has the {@link LocalClient} shape, so `salt
 * --remote` runs the very code `salt` runs locally.
 */
import path from 'node:path';
import { loadKeys, type KeyPair } from '@brine/core/crypto/keys';
import { AuthenticationError, errorCode, errorMessage, SaltClientError } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import { LOCAL_CLIENT, REQUEST_PORT } from '@brine/core/protocol/v1/runtime';
import { openClientGrant } from '@brine/core/protocol/v1/secure';
import { RequestClient } from '@brine/core/transport/request-client';
import { authenticateWith } from '@brine/minion/auth';
import { sealedChannel, type Credentials } from '@brine/minion/channel';
import type { LocalClient } from './client';

/** Where and as whom a remote client connects. */
export interface RemoteOptions {
  /** The master's request port: `tcp://HOST:PORT` (4506 by default on the master). */
  endpoint: string;
  /** The client's private key file, `NAME.pem` from `salt-key --gen-keys NAME`: NAME is the client's registered name. */
  keyFile: string;
  /** Milliseconds a call waits for the master (default 10 s; job_returns is held at most 5 s). */
  timeoutMs?: number;
  /** The master's expected fingerprint (`salt-key -F master` on the master); '' trusts the first key seen and pins it. */
  masterFinger?: string;
}

/** The client's name: its key file's name without `.pem`. */
export function clientName(keyFile: string): string {
  return path.basename(keyFile).replace(/\.pem$/, '');
}

/** Where a client pins its master's public keys: beside its key, `NAME_master.pub`. */
export function pinnedMasterOf(keyFile: string): string {
  return path.join(path.dirname(keyFile), `${clientName(keyFile)}_master.pub`);
}

/**
 * Connect to the master at `o.endpoint` with the key `o.keyFile`, and authenticate.
 * @returns a client with a method per local client command, and `close`
 * @throws SaltClientError when the key cannot be read or the master does not answer the authentication; AuthenticationError when the
 *   master refuses the client (not registered, or registered with another key) or its reply is not signed by the
 *   pinned master key
 */
export async function connectRemote(o: RemoteOptions): Promise<LocalClient> {
  let keys: KeyPair;
  try {
    keys = loadKeys(o.keyFile);
  } catch (err) {
    throw new SaltClientError(`Cannot read the client key: ${errorMessage(err)}`, 'Create one with salt-key --gen-keys NAME --gen-keys-dir DIR, and register DIR/NAME.pub on the master with salt-key --client.');
  }
  const name = clientName(o.keyFile);
  const log = consoleLogger('quiet');
  const timeoutMs = o.timeoutMs ?? 10000;
  const transport = new RequestClient(o.endpoint, { log, timeoutMs });
  const port = transport.channel(REQUEST_PORT);
  let credentials: Credentials | undefined;
  const authenticate = async (): Promise<void> => {
    const exchange = { ask: port.client_auth, kind: 'client_auth_reply' as const, openGrant: openClientGrant, pinFile: pinnedMasterOf(o.keyFile) };
    const r = await authenticateWith({ id: name, keys, log, timeout: timeoutMs / 1000, masterFinger: o.masterFinger ?? '' }, exchange);
    if (r.status !== 'accepted') throw new AuthenticationError(`The master did not accept remote client ${name} (${r.status})`);
    credentials = { shared: r.master.shared, ticket: r.session.ticket };
  };
  try {
    await authenticate();
  } catch (err) {
    transport.close();
    if (errorCode(err) !== 'unavailable') throw err;
    throw new SaltClientError(`Salt request timed out. The master at ${o.endpoint} is not responding. (${errorMessage(err)})`);
  }
  const api = sealedChannel(LOCAL_CLIENT, (sealed, opts) => port.client_req({ id: name, ...sealed }, opts), () => credentials, authenticate);
  return { ...api, close: () => transport.close() };
}
