/**
 * Typed channels. A channel is a map from command name to the schemas of its
 * request and its reply (declared with the channel's messages, e.g.
 * local-client.ts); from that one declaration come the server's handler
 * types ({@link Handlers}), the dispatch that checks every request before a
 * handler sees it ({@link Channel.dispatch}), and a client whose methods are
 * derived from the map and check every reply ({@link channelClient}). Adding
 * a command to a channel is one schema entry plus one handler.
 *
 * Errors cross as `{code, message, hint}` and the client rethrows them as the
 * class their code stands for (errors.ts).
 */
import type { Static } from '@sinclair/typebox';
import { errorCode, errorFromWire, errorMessage, ProtocolError, SaltError } from '../../errors';
import type { Checker } from './checker';
import type { Call, Outcome } from './envelope';
import type { Commands } from './schema';

export type { Commands };

/** The request type of command `K`. */
export type RequestOf<C extends Commands, K extends keyof C> = Static<C[K]['request']>;
/** The reply type of command `K`. */
export type ReplyOf<C extends Commands, K extends keyof C> = Static<C[K]['reply']>;

/** The server side: one handler per command, given the checked request and the caller's context. */
export type Handlers<C extends Commands, Ctx> = {
  [K in keyof C]: (req: RequestOf<C, K>, ctx: Ctx) => Promise<ReplyOf<C, K>> | ReplyOf<C, K>;
};

/** Per-call options of a client method; the transport decides what they mean (a timeout in ms). */
export interface CallOptions {
  timeoutMs?: number;
}

/** The client side: one method per command, resolving to the checked reply, rejecting with the rebuilt error. */
export type ClientOf<C extends Commands> = {
  [K in keyof C]: (req: RequestOf<C, K>, opts?: CallOptions) => Promise<ReplyOf<C, K>>;
};

/** Sends one call and resolves to the peer's (unchecked) outcome. */
export type Transport = (call: Call, opts: CallOptions) => Promise<Outcome>;

/** The checks of one command. */
export interface CommandChecks {
  request: Checker<unknown>;
  reply: Checker<unknown>;
}

/** The key of a command's request (`reply` false) or reply among the protocol's messages: `<channel>/<command>[ reply]`. */
export function commandKey(channel: string, cmd: string, reply: boolean): string {
  return `${channel}/${cmd}${reply ? ' reply' : ''}`;
}

/** The error half of an {@link Outcome} for a thrown value. */
export function failure(err: unknown): Outcome {
  const hint = err instanceof SaltError ? err.hint : undefined;
  return { ok: false, error: { code: errorCode(err), message: errorMessage(err), ...(hint === undefined ? {} : { hint }) } };
}

/** A named set of commands with their checks; `C` is their declaration (types only). */
export class Channel<C extends Commands> {
  /** The declared commands, for types only (`typeof X.commands`): nothing is stored at run time. */
  declare readonly commands: C;

  /**
   * @param name the channel's name, for messages ('request port', 'local client')
   * @param checks the checks of each command, by name
   */
  constructor(
    readonly name: string,
    private readonly checks: ReadonlyMap<string, CommandChecks>,
  ) {}

  /** The commands' names. */
  names(): Array<Extract<keyof C, string>> {
    return [...this.checks.keys()].filter((cmd): cmd is Extract<keyof C, string> => this.has(cmd));
  }

  /** True when `cmd` is one of this channel's commands (own names only, never a prototype's). */
  has(cmd: string): cmd is Extract<keyof C, string> {
    return this.checks.has(cmd);
  }

  /**
   * The request of `cmd`, checked against its schema.
   * @throws ProtocolError for an unknown command or a request of the wrong shape
   */
  request<K extends Extract<keyof C, string>>(cmd: K, req: unknown): RequestOf<C, K> {
    const checks = this.checks.get(cmd);
    if (!checks) throw new ProtocolError(`unknown command ${JSON.stringify(cmd)}`);
    return checks.request.check(req) as RequestOf<C, K>;
  }

  /**
   * A reply to `cmd`, checked against its schema.
   * @throws ProtocolError for a reply of the wrong shape
   */
  reply<K extends Extract<keyof C, string>>(cmd: K, rep: unknown): ReplyOf<C, K> {
    return this.checks.get(cmd)!.reply.check(rep) as ReplyOf<C, K>;
  }

  /**
   * Check a call and run its handler. Never throws: an unknown command, a bad
   * request or a handler's error comes back as `{ok: false, error}` and is
   * passed to `onError` (for the log) with the command it concerned.
   */
  async dispatch<Ctx>(handlers: Handlers<C, Ctx>, call: Call, ctx: Ctx, onError: (err: unknown, cmd: string) => void): Promise<Outcome> {
    try {
      if (!this.has(call.cmd)) throw new ProtocolError(`unknown command ${JSON.stringify(call.cmd)}`);
      const cmd = call.cmd;
      const handler = handlers[cmd] as (req: unknown, ctx: Ctx) => unknown;
      return { ok: true, rep: await handler(this.request(cmd, call.req), ctx) };
    } catch (err) {
      onError(err, call.cmd);
      return failure(err);
    }
  }
}

/**
 * A client for `channel` over `send`: a method per command that sends the
 * call, checks the reply against the command's schema, and rejects with the
 * peer's error rebuilt as its class (AuthenticationError for `auth`, ...).
 * @throws (from each method) what `send` throws; ProtocolError for a reply of the wrong shape
 */
export function channelClient<C extends Commands>(channel: Channel<C>, send: Transport): ClientOf<C> {
  const client: Partial<Record<string, (req: unknown, opts?: CallOptions) => Promise<unknown>>> = {};
  for (const cmd of channel.names()) {
    client[cmd] = async (req, opts = {}) => {
      const outcome = await send({ cmd, req }, opts);
      if (!outcome.ok) throw errorFromWire(outcome.error);
      return channel.reply(cmd, outcome.rep);
    };
  }
  return client as ClientOf<C>;
}
