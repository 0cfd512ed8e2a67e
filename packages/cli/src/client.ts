/**
 * The CLIs' side of the local client channel (protocol/v1/local-client.ts):
 * connect to the master's ipc socket in sock_dir and authenticate with the
 * root key from cachedir (root, or the master's user; under sudo, naming the
 * sudo user), or else with the key the master wrote for this user
 * (`cachedir/.<user>_key`, for the users publisher_acl names). The client has one method per command of the
 * channel (`publish`, `check_minions`, `job_returns`, ...), derived from its
 * schemas, so a new command needs no code here.
 */
import fs from 'node:fs';
import os from 'node:os';
import { loadConfig } from '@brine/core/config/load';
import { MASTER_SCHEMA, type MasterConfig } from '@brine/core/config/master';
import { errorMessage, SaltClientError } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import { channelClient, type ClientOf } from '@brine/core/protocol/v1/channel';
import type { LOCAL_CLIENT_COMMANDS } from '@brine/core/protocol/v1/local-client';
import type { ReturnRecord } from '@brine/core/protocol/v1/loads';
import { LOCAL_CLIENT } from '@brine/core/protocol/v1/runtime';
import { RequestClient } from '@brine/core/transport/request-client';
import { clientSocketPath, rootKeyPath, userKeyPath } from '@brine/core/local-client-files';

/** The user a command runs for, as Salt names it in job loads: the one who ran sudo, else USER, else root. */
export function callerUser(): string {
  return process.env.SUDO_USER || process.env.USER || 'root';
}

/** The credential this process presents on the local channel. */
export interface LocalCredential {
  key: string;
  /** With the root key: the user who ran the command through sudo (SUDO_USER). */
  sudoUser?: string;
  /** False with a user's key: the master judges this user by publisher_acl, and pki_dir is not theirs to read. */
  root: boolean;
}

/** The name of this process's user (its uid's passwd entry), or USER when it has none. */
function processUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? String(process.getuid?.());
  }
}

/**
 * The key this process authenticates with, as Salt's local client picks it: the root key when it can read it (as
 * root, or as the user the master runs as), sent as root, or under sudo (uid 0 with SUDO_USER) with SUDO_USER as the
 * sudo_user claim; else the key the master wrote for this user.
 * @throws SaltClientError naming the user's key file when neither can be read (publisher_acl must name the user)
 */
export function localCredential(config: Pick<MasterConfig, 'cachedir'>): LocalCredential {
  try {
    const key = fs.readFileSync(rootKeyPath(config.cachedir), 'utf8').trim();
    const sudo = process.getuid?.() === 0 ? process.env.SUDO_USER : undefined;
    return { key, root: true, ...(sudo ? { sudoUser: sudo } : {}) };
  } catch (err) {
    if (process.getuid?.() === 0) throw new SaltClientError(`Cannot read the master's root key: ${errorMessage(err)}`, "Is -c the master's configuration folder, and has the master started?");
  }
  const user = processUser();
  const file = userKeyPath(config.cachedir, user);
  try {
    return { key: fs.readFileSync(file, 'utf8').trim(), root: false };
  } catch (err) {
    throw new SaltClientError(
      `Cannot read the key of user ${user} (${file}): ${errorMessage(err)}`,
      `publisher_acl in the master's configuration must name user ${user} (the master writes the key when it starts), or run the command as root.`,
    );
  }
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
 * malformed target, AuthenticationError for a wrong key, AuthorizationError for a command the caller may not run, ...).
 * @throws SaltClientError when the master's socket is absent or no key is readable ({@link localCredential})
 */
export function connectLocal(config: MasterConfig, timeoutMs = 10000): LocalClient {
  const sock = clientSocketPath(config.sock_dir);
  if (!fs.existsSync(sock)) {
    throw new SaltClientError(`The salt master could not be contacted. Is master running? (no socket at ${sock})`);
  }
  const { key, sudoUser } = localCredential(config);
  const transport = new RequestClient(`ipc://${sock}`, { log: consoleLogger('quiet'), key, sudoUser, timeoutMs });
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
