/**
 * The checks and channels of protocol v1 as running code uses them, built
 * from the compiled checks (compiled.ts) with their types from the schema
 * declarations. Daemons and CLIs import values from here (and from
 * constants.ts), and only types from the declaration files, so they never
 * load TypeBox.
 */
import { Channel, commandKey, type CommandChecks } from './channel';
import { Checker } from './checker';
import { COMPILED } from './compiled';
import type { CHANNELS, ChannelName, MESSAGES, MessageKey } from './messages';
import type { Static } from './schema';

/**
 * The checker of the message `key` (messages.ts), named `name` in errors.
 * @throws Error when compiled.ts lacks it (it is stale: `npm run build` regenerates it)
 */
function compiled<T>(key: string, name: string): Checker<T> {
  const test = COMPILED[key];
  if (!test) throw new Error(`protocol v1: no compiled check for '${key}'; run npm run build`);
  return new Checker<T>(name, test, (value) => {
    // Loaded on the failure path only: it loads the schemas and TypeBox, once per process.
    const { explain } = require('./explain') as typeof import('./explain');
    return explain(key, value);
  });
}

/** The checker of the message `key` of {@link MESSAGES}, its type that of the message's schema. */
function message<K extends MessageKey>(key: K): Checker<Static<(typeof MESSAGES)[K]['schema']>> {
  return compiled(key, key);
}

/**
 * The channel `name` of {@link CHANNELS}, with the compiled checks of each of its commands.
 * @throws Error when compiled.ts has no command of it (it is stale)
 */
function channel<N extends ChannelName>(name: N): Channel<(typeof CHANNELS)[N]> {
  const checks = new Map<string, CommandChecks>();
  const prefix = `${name}/`;
  for (const key of Object.keys(COMPILED)) {
    if (!key.startsWith(prefix) || key.endsWith(' reply')) continue;
    const cmd = key.slice(prefix.length);
    checks.set(cmd, { request: compiled(key, cmd), reply: compiled(commandKey(name, cmd, true), `${cmd} reply`) });
  }
  if (checks.size === 0) throw new Error(`protocol v1: no compiled checks for channel '${name}'; run npm run build`);
  return new Channel(name, checks);
}

/** A request frame, on every request/reply socket. */
export const REQUEST_FRAME = message('request');
/** A reply frame. */
export const REPLY_FRAME = message('reply');
/** A sealed call, once opened by the master. */
export const TAGGED_CALL = message('sealed request');
/** A sealed outcome, once opened by the minion. */
export const TAGGED_OUTCOME = message('sealed reply');
/** A publication frame on the publish port. */
export const PUBLICATION_FRAME = message('publication');
/** The body of a job publication. */
export const PUB_BODY = message('pub body');
/** The body of a rotation notice. */
export const ROTATE_BODY = message('rotate body');
/** The body of a hello. */
export const HELLO_BODY = message('hello body');
/** The body of an acceptance notice. */
export const ACCEPTED_BODY = message('accepted body');
/** A job, once opened with the session key. */
export const JOB_LOAD = message('job load');
/** The signed body of an authentication reply. */
export const AUTH_REPLY_BODY = message('auth reply body');
/** A session key grant, once opened by the minion. */
export const SESSION_GRANT = message('session grant');
/** A remote client's grant, once opened by the client. */
export const CLIENT_GRANT = message('client grant');

/** The request port (request-port.ts). */
export const REQUEST_PORT = channel('request port');
/** The sealed minion requests (minion-requests.ts). */
export const MINION_REQUESTS = channel('minion requests');
/** The local client channel (local-client.ts). */
export const LOCAL_CLIENT = channel('local client');
