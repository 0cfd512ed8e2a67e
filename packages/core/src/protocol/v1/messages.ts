/**
 * Every message of protocol v1 that is checked when it arrives, by the name
 * its errors use: the envelopes, the bodies inside sealed and signed
 * payloads, and each command of each channel (its request under the
 * command's name, its reply as `<command> reply`). generate.ts compiles this
 * list into compiled.ts; explain.ts reads it to say why a message failed.
 */
import { commandKey } from './channel';
import { ReplyFrame, RequestFrame } from './envelope';
import { JobLoad } from './loads';
import { LOCAL_CLIENT_COMMANDS } from './local-client';
import { MINION_REQUESTS_COMMANDS, TaggedCall, TaggedOutcome } from './minion-requests';
import { AcceptedBody, HelloBody, PubBody, PublicationFrame, RotateBody } from './publish-port';
import { AuthReplyBody, ClientGrant, REQUEST_PORT_COMMANDS, SessionGrant } from './request-port';
import type { Commands, TSchema } from './schema';

/** A message to check: the name errors give it, and its schema. */
export interface Message {
  name: string;
  schema: TSchema;
}

/** The messages checked outside any channel, by key. */
export const MESSAGES = {
  request: { name: 'request', schema: RequestFrame },
  reply: { name: 'reply', schema: ReplyFrame },
  'sealed request': { name: 'sealed request', schema: TaggedCall },
  'sealed reply': { name: 'sealed reply', schema: TaggedOutcome },
  publication: { name: 'publication', schema: PublicationFrame },
  'pub body': { name: 'pub body', schema: PubBody },
  'rotate body': { name: 'rotate body', schema: RotateBody },
  'hello body': { name: 'hello body', schema: HelloBody },
  'accepted body': { name: 'accepted body', schema: AcceptedBody },
  'job load': { name: 'job load', schema: JobLoad },
  'auth reply body': { name: 'auth reply body', schema: AuthReplyBody },
  'session grant': { name: 'session grant', schema: SessionGrant },
  'client grant': { name: 'client grant', schema: ClientGrant },
} as const satisfies Record<string, Message>;

/** The channels, by name. */
export const CHANNELS = {
  'request port': REQUEST_PORT_COMMANDS,
  'minion requests': MINION_REQUESTS_COMMANDS,
  'local client': LOCAL_CLIENT_COMMANDS,
} as const satisfies Record<string, Commands>;

/** The key of a message checked outside any channel. */
export type MessageKey = keyof typeof MESSAGES;
/** The name of a channel. */
export type ChannelName = keyof typeof CHANNELS;

/** Every checked message by key: {@link MESSAGES}, and each command's request and reply. */
export function allMessages(): Map<string, Message> {
  const all = new Map<string, Message>(Object.entries(MESSAGES));
  for (const [channel, commands] of Object.entries<Commands>(CHANNELS)) {
    for (const [cmd, { request, reply }] of Object.entries(commands)) {
      all.set(commandKey(channel, cmd, false), { name: cmd, schema: request });
      all.set(commandKey(channel, cmd, true), { name: `${cmd} reply`, schema: reply });
    }
  }
  return all;
}
