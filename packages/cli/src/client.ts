/**
 * The CLIs' side of the local client channel (protocol/v1/local-client.ts):
 * connect to the master's ipc socket in sock_dir and authenticate with the
 * root key from cachedir. The client has one method per command of the
 * channel (`publish`, `check_minions`, `job_returns`, ...), derived from its
 * schemas, so a new command needs no code here.
 */
import fs from 'node:fs';
import { loadConfig } from '@brine/core/config/load';
import { MASTER_SCHEMA, type MasterConfig } from '@brine/core/config/master';
import { errorMessage, SaltClientError } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import { channelClient, type ClientOf } from '@brine/core/protocol/v1/channel';
import type { LOCAL_CLIENT_COMMANDS } from '@brine/core/protocol/v1/local-client';
import type { ReturnRecord } from '@brine/core/protocol/v1/loads';
import { LOCAL_CLIENT } from '@brine/core/protocol/v1/runtime';
import { RequestClient } from '@brine/core/transport/request-client';
import { clientSocketPath, rootKeyPath } from '@brine/core/local-client-files';

/** The user a command runs for, as Salt names it in job loads: the one who ran sudo, else USER, else root. */
export function callerUser(): string {
  return process.env.SUDO_USER || process.env.USER || 'root';
}

/** Load the master configuration for a CLI (`-c` directory); warnings go to stderr only with a verbose log level. */
export function loadMasterConfig(configDir: string): MasterConfig {
  return loadConfig(MASTER_SCHEMA, configDir, 'master').config;
}

/** A connection to the local master: a method per local client command, and `close`. */
export type LocalClient = ClientOf<typeof LOCAL_CLIENT_COMMANDS> & { close(): void };

/**
 * Connect to the master of `config`. A master that does not answer within
 * `timeoutMs` fails the call with SaltClientError ("The master is not
 * responding"); a refusal comes back as its class (SaltInvocationError for a
 * malformed target, AuthenticationError for a wrong root key, ...).
 * @throws SaltClientError when the master's socket is absent or the root key unreadable
 */
export function connectLocal(config: MasterConfig, timeoutMs = 10000): LocalClient {
  const sock = clientSocketPath(config.sock_dir);
  if (!fs.existsSync(sock)) {
    throw new SaltClientError(`The salt master could not be contacted. Is master running? (no socket at ${sock})`);
  }
  let key: string;
  try {
    key = fs.readFileSync(rootKeyPath(config.cachedir), 'utf8').trim();
  } catch (err) {
    throw new SaltClientError(`Cannot read the master's root key: ${errorMessage(err)}`, 'Run the command as the user the master runs as.');
  }
  const transport = new RequestClient(`ipc://${sock}`, { log: consoleLogger('quiet'), key, timeoutMs });
  const api = channelClient(LOCAL_CLIENT, async (call, opts) => {
    try {
      return await transport.call(call, opts);
    } catch (err) {
      throw new SaltClientError(`Salt request timed out. The master is not responding. (${errorMessage(err)})`);
    }
  });
  return { ...api, close: () => transport.close() };
}

/**
 * Connect to the master of `config`, run `f`, and close the connection however `f` ends.
 * @throws SaltClientError as {@link connectLocal}, and what `f` throws
 */
export async function withLocalClient<T>(config: MasterConfig, f: (client: LocalClient) => Promise<T>): Promise<T> {
  const client = connectLocal(config);
  try {
    return await f(client);
  } finally {
    client.close();
  }
}

/** Every return of `jid` stored so far, by minion id (Salt's jobs.lookup_jid). */
export async function returnsById(client: Pick<LocalClient, 'job_returns'>, jid: string): Promise<Map<string, ReturnRecord>> {
  const { returns } = await client.job_returns({ jid });
  return new Map(returns.map((r) => [r.id, r]));
}
