/**
 * The checks and channels of protocol v1 as running code uses them, built
 * from the compiled checks (compiled.ts) with their types from the schema
 * declarations. Daemons and CLIs import values from here (and from
 * constants.ts), and only types from the declaration files, so they never
 * load TypeBox.
 */
import { Channel, commandKey, type CommandChecks, type Commands } from './channel';
import { Checker } from './checker';
import { COMPILED } from './compiled';
import type { ReplyFrame, RequestFrame } from './envelope';
import type { JobLoad } from './loads';
import type { LOCAL_CLIENT_COMMANDS } from './local-client';
import type { MINION_REQUESTS_COMMANDS, TaggedCall, TaggedOutcome } from './minion-requests';
import type { PubBody, PublicationFrame, RotateBody } from './publish-port';
import type { AuthReplyBody, REQUEST_PORT_COMMANDS, SessionGrant } from './request-port';

/**
 * The checker of the message `key` (messages.ts), named `name` in errors.
 * @throws Error when compiled.ts lacks it (it is stale: `npm run build` regenerates it)
 */
function compiled<T>(key: string, name = key): Checker<T> {
  const test = COMPILED[key];
  if (!test) throw new Error(`protocol v1: no compiled check for '${key}'; run npm run build`);
  return new Checker<T>(name, test, (value) => {
    // Loaded on the failure path only: it loads the schemas and TypeBox, once per process.
    const { explain } = require('./explain') as typeof import('./explain');
    return explain(key, value);
  });
}

/** The channel `name` with the compiled checks of each of its commands. */
function channel<C extends Commands>(name: string): Channel<C> {
  const checks = new Map<string, CommandChecks>();
  const prefix = `${name}/`;
  for (const key of Object.keys(COMPILED)) {
    if (!key.startsWith(prefix) || key.endsWith(' reply')) continue;
    const cmd = key.slice(prefix.length);
    checks.set(cmd, { request: compiled(key, cmd), reply: compiled(commandKey(name, cmd, true), `${cmd} reply`) });
  }
  return new Channel<C>(name, checks);
}

/** A request frame, on every request/reply socket. */
export const REQUEST_FRAME = compiled<RequestFrame>('request');
/** A reply frame. */
export const REPLY_FRAME = compiled<ReplyFrame>('reply');
/** A sealed call, once opened by the master. */
export const TAGGED_CALL = compiled<TaggedCall>('sealed request');
/** A sealed outcome, once opened by the minion. */
export const TAGGED_OUTCOME = compiled<TaggedOutcome>('sealed reply');
/** A publication frame on the publish port. */
export const PUBLICATION_FRAME = compiled<PublicationFrame>('publication');
/** The body of a job publication. */
export const PUB_BODY = compiled<PubBody>('pub body');
/** The body of a rotation notice. */
export const ROTATE_BODY = compiled<RotateBody>('rotate body');
/** A job, once opened with the session key. */
export const JOB_LOAD = compiled<JobLoad>('job load');
/** The signed body of an authentication reply. */
export const AUTH_REPLY_BODY = compiled<AuthReplyBody>('auth reply body');
/** A session key grant, once opened by the minion. */
export const SESSION_GRANT = compiled<SessionGrant>('session grant');

/** The request port (request-port.ts). */
export const REQUEST_PORT = channel<typeof REQUEST_PORT_COMMANDS>('request port');
/** The sealed minion requests (minion-requests.ts). */
export const MINION_REQUESTS = channel<typeof MINION_REQUESTS_COMMANDS>('minion requests');
/** The local client channel (local-client.ts). */
export const LOCAL_CLIENT = channel<typeof LOCAL_CLIENT_COMMANDS>('local client');
