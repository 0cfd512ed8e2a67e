/**
 * One bootstrap for everything that acts as a minion (the salt-minion daemon
 * and salt-call): check the id, load the keys, collect the grains, connect to
 * the master's request port, and build the sealed channel, the file client
 * (remote, or the local file_roots under `file_client: local`), the pillar
 * and the loader. What differs is only how authentication is driven: the
 * daemon retries until accepted and keeps a session, salt-call tries once.
 */
import type * as zmq from 'zeromq';
import type { MinionConfig } from '@brine/core/config/minion';
import { loadOrCreateKeys, type KeyPair } from '@brine/core/crypto/keys';
import { LocalFileClient } from '@brine/core/fileclient/local';
import { AuthenticationError, SaltConfigurationError } from '@brine/core/errors';
import type { FileClient, FunctionSet, Grains, MasterEvents, MineAccess, MinionRuntime, ModuleDef, Pillar } from '@brine/core/loader/define';
import { extmodsDir } from '@brine/core/loader/extmods';
import { Loader, type LoaderOptions } from '@brine/core/loader/loader';
import type { Logger } from '@brine/core/log';
import { ensureDir, isValidMinionId } from '@brine/core/paths';
import type { ClientOf } from '@brine/core/protocol/v1/channel';
import type { REQUEST_PORT_COMMANDS } from '@brine/core/protocol/v1/request-port';
import { REQUEST_PORT } from '@brine/core/protocol/v1/runtime';
import { tcpEndpoint } from '@brine/core/transport/endpoint';
import { RequestClient } from '@brine/core/transport/request-client';
import { MODULES } from '@brine/modules/index';
import { stateModule } from '@brine/states/exec/state';
import { STATES } from '@brine/states/index';
import { authenticateOnce, type AuthResult } from './auth';
import { masterChannel, type Credentials, type MasterChannel } from './channel';
import type { ExecEnv } from './executor';
import { customGrains, keepPinned, loadGrainsModules, loadModules } from './extmods';
import { RemoteFileClient } from './fileclient';
import { collectGrains } from './grains/core';

/** Milliseconds to wait for the master's pillar. */
const PILLAR_TIMEOUT_MS = 60_000;

/** Options of {@link connectMinion}; a real minion uses none (scripts/swarm.ts runs many minions in one process). */
export interface MinionLinkOptions {
  /** zeromq context for this minion's sockets (one context holds at most its maxSockets). */
  context?: zmq.Context;
  /** Grains to use instead of collecting them. */
  grains?: Grains;
  /** The runner modules of this installation, for `sys.list_runners` (the CLI passes its registry; called only when asked). */
  runners?: () => FunctionSet<unknown>[];
}

/** Reconnection delays of this minion's sockets, in milliseconds. */
export interface Reconnect {
  interval: number;
  max: number;
}

/** A minion's link to its master's request port (connected on first use), with what jobs run with. */
export interface MinionLink {
  id: string;
  /** The sealed requests to the master (returns, pillar, files). */
  channel: MasterChannel;
  files: FileClient;
  loader: Loader;
  /** Reconnection delays (Salt's recon_default, recon_max, recon_randomize), for the daemon's publish socket too. */
  reconnect: Reconnect;
  /**
   * One authentication attempt (the minion's keys are loaded, or created in pki_dir, on the first); when accepted,
   * the channel seals with the new shared key.
   * @throws AuthenticationError, SaltReqTimeoutError as authenticateOnce; Error when the keys cannot be read or created
   */
  authenticate(): Promise<AuthResult>;
  /**
   * Fetch this minion's pillar (the request also reports its grains to the master).
   * @param timeoutMs how long to wait for the master (default 60 s)
   */
  refreshPillar(timeoutMs?: number): Promise<Pillar>;
  /** Collect the grains again (custom grains modules included) and report them with a pillar refresh. @returns the new grains */
  refreshGrains(): Promise<Grains>;
  /** Load the execution and state modules again, custom ones from the extension folder included (after saltutil.sync_*). */
  reloadModules(): void;
  /** The grains and pillar now. */
  facts(): { grains: Grains; pillar: Pillar };
  /** What a job runs with; `runtime` is the running daemon (absent under salt-call). */
  env(runtime?: MinionRuntime): ExecEnv;
  /**
   * Who authenticates again when the master refuses a sealed request as unauthenticated (it restarted, or
   * dropped this authentication's ticket): by default one more {@link authenticate}; the daemon hands it to
   * its session, which also learns the new session key.
   */
  onRefused(reauthenticate: () => Promise<void>): void;
  /** Close the connection to the master. */
  close(): void;
}

/**
 * The execution modules a minion loads: the built-ins, then the custom modules synced into the
 * extension folder (replacing a built-in of the same name, as Salt, except saltutil.sync_* and
 * refresh_modules: see {@link keepPinned}), and the `state` module over the built-in and custom state modules.
 */
function moduleSet(config: MinionConfig, log: Logger, runners: MinionLinkOptions['runners']): [ModuleDef[], LoaderOptions] {
  const dir = extmodsDir(config);
  const modules = loadModules(dir, 'modules', log);
  const states = loadModules(dir, 'states', log);
  const allStates = [...STATES, ...states.defs];
  return [[...MODULES, stateModule(allStates), ...keepPinned(modules.defs, MODULES)], { broken: modules.broken, states: allStates, runners }];
}

/**
 * This host's grains: the core grains, overlaid with what the custom grains modules synced into the
 * extension folder return, then again with the config's `grains:` and the persisted custom grains,
 * which win (Salt's order).
 */
async function hostGrains(config: MinionConfig, log: Logger): Promise<Grains> {
  const core = await collectGrains(config);
  const { defs } = loadGrainsModules(extmodsDir(config), log);
  if (defs.length === 0) return core;
  const custom = await customGrains(defs, { opts: config, grains: core, log });
  // Collected again with the custom grains under the config's, so the config and the persisted grains win over them.
  return collectGrains({ ...config, grains: { ...custom, ...config.grains } });
}

/**
 * Set a minion up to talk to its master: nothing is connected, sent or written (keys included) until the first
 * authentication or request, so salt-call --local needs neither a master nor a pki_dir.
 * @throws SaltConfigurationError for an invalid minion id
 */
export async function connectMinion(config: MinionConfig, log: Logger, options: MinionLinkOptions = {}): Promise<MinionLink> {
  const { id } = config;
  if (!isValidMinionId(id)) throw new SaltConfigurationError(`Invalid minion id ${JSON.stringify(id)}: it may not contain /, \\, .. or NUL`, config.conf_file);
  let keys: KeyPair | undefined;
  let grains = options.grains ?? (await hostGrains(config, log));
  let pillar: Pillar = {};
  let credentials: Credentials | undefined;
  // Salt's recon_randomize: each minion waits between recon_default and recon_default + recon_max before reconnecting.
  const reconnect: Reconnect = {
    interval: config.recon_randomize ? config.recon_default + Math.floor(Math.random() * config.recon_max) : config.recon_default,
    max: config.recon_max,
  };
  // Connected on first use, so salt-call --local (file_client: local) never contacts a master.
  let client: RequestClient | undefined;
  let port: ClientOf<typeof REQUEST_PORT_COMMANDS> | undefined;
  const requestPort = () => {
    client ??= new RequestClient(tcpEndpoint(config.master, config.master_port), {
      log,
      context: options.context,
      reconnectInterval: reconnect.interval,
      reconnectMaxInterval: reconnect.max,
    });
    return (port ??= client.channel(REQUEST_PORT));
  };
  const authenticate = async (): Promise<AuthResult> => {
    if (!keys) {
      ensureDir(config.pki_dir);
      keys = loadOrCreateKeys(config.pki_dir, 'minion');
    }
    const r = await authenticateOnce({ id, keys, pkiDir: config.pki_dir, requestPort: requestPort(), log, timeout: config.auth_timeout, masterFinger: config.master_finger });
    if (r.status === 'accepted') credentials = { shared: r.master.shared, ticket: r.session.ticket };
    return r;
  };
  let reauthenticate = async (): Promise<void> => {
    const r = await authenticate();
    if (r.status !== 'accepted') throw new AuthenticationError(`The master has not accepted this minion's key (${r.status})`);
  };
  const channel = masterChannel(requestPort, id, () => credentials, () => reauthenticate());
  const files = config.file_client === 'local' ? new LocalFileClient(config.file_roots) : new RemoteFileClient(channel, config.cachedir);
  const [defs, loaderOptions] = moduleSet(config, log, options.runners);
  const loader = new Loader(defs, config, grains, loaderOptions);
  // Salt keeps the mine of a masterless minion in its own datastore; brine has no mine without a master.
  const mine: MineAccess | undefined =
    config.file_client === 'local'
      ? undefined
      : {
          store: (data, clear) => channel._mine({ data, clear }),
          delete: (fun) => channel._mine_delete(fun === undefined ? {} : { fun }),
          get: (tgt, fun, tgtType) => channel._mine_get({ tgt, fun, tgt_type: tgtType }),
        };
  // Salt's masterless minion fires on its own local bus; brine has none, so no events without a master.
  const events: MasterEvents | undefined =
    config.file_client === 'local' ? undefined : { fire: (tag, data, preload) => channel._minion_event({ tag, data, ...(preload ? { preload } : {}) }) };

  const refreshPillar = async (timeoutMs = PILLAR_TIMEOUT_MS): Promise<Pillar> => {
    pillar = await channel._pillar({ grains }, { timeoutMs });
    return pillar;
  };
  return {
    id,
    channel,
    files,
    loader,
    reconnect,
    authenticate,
    refreshPillar,
    async refreshGrains() {
      grains = await hostGrains(config, log);
      await refreshPillar();
      return grains;
    },
    reloadModules() {
      const [next, nextOptions] = moduleSet(config, log, options.runners);
      loader.reload(next, config, grains, nextOptions);
    },
    facts: () => ({ grains, pillar }),
    env: (runtime) => ({ id, opts: config, grains, pillar, files, mine, events, log, runtime }),
    onRefused: (f) => (reauthenticate = f),
    close: () => client?.close(),
  };
}
