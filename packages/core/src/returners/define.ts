/**
 * The returner contract. A returner, as Salt's, receives a copy of each job
 * return on the minion (`salt --return NAME`, a schedule entry's `returner`)
 * and, when it has `eventReturn`, the master's events (`event_return`).
 * Returners are plug-ins like execution modules: one file each under
 * returners/, listed in returners/index.ts.
 *
 * A returner throws when it could not deliver: the caller (the minion's
 * returner-dispatch.ts, the master's events/event-return.ts) keeps what it
 * was given in a bounded spool and tries again, so a returner need not retry.
 */
import path from 'node:path';
import type { Logger } from '../log';

/** One minion's return as a returner receives it: Salt's `ret` dict (with `ret_config`/`ret_kwargs` when the job named them). */
export interface JobReturn {
  jid: string;
  id: string;
  fun: string;
  fun_args: unknown[];
  return: unknown;
  retcode: number;
  success: boolean;
  out?: string;
  /** `--return_config`: the profile prefix of the returner's options (`PROFILE.NAME.attr`). */
  ret_config?: string;
  /** `--return_kwargs`: options that win over the configured ones. */
  ret_kwargs?: Record<string, unknown>;
}

/** One master event as `event_return` receives it: Salt's `{tag, data}`. */
export interface ReturnerEvent {
  tag: string;
  data: Record<string, unknown>;
}

/** What a returner is called with besides the data. */
export interface ReturnerContext {
  /** The daemon's configuration (the minion's or the master's), returner option keys included. */
  readonly opts: Readonly<Record<string, unknown>>;
  readonly log: Logger;
  /** The daemon's log directory (the folder of its `log_file`): where a returner's default file goes. */
  readonly logDir: string;
}

/** A returner: its name (the file's), its docs, and what it does with a return and, optionally, with events. */
export interface Returner {
  readonly name: string;
  /** For users: what it writes where, its options (`NAME.attr` keys) and their defaults. */
  readonly doc: string;
  /** Deliver one job return. @throws when it could not (the caller spools it and retries) */
  returner(ret: JobReturn, ctx: ReturnerContext): void | Promise<void>;
  /** Deliver a batch of master events, in order. @throws when it could not (the caller spools them and retries) */
  eventReturn?(events: ReturnerEvent[], ctx: ReturnerContext): void | Promise<void>;
}

/** Declare a returner (typed identity, as defineModule). */
export function defineReturner(r: Returner): Returner {
  return r;
}

/** The context a daemon gives its returners: its config (with the returner option keys the loader kept), its logger, and its log folder. */
export function returnerContext(config: object, log: Logger): ReturnerContext {
  const opts = config as Readonly<Record<string, unknown>>;
  const logFile = typeof opts.log_file === 'string' ? opts.log_file : '/var/log/salt/minion';
  return { opts, log, logDir: path.dirname(logFile) };
}

/** A plain mapping, or an empty one. */
function dict(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * A returner's options, as Salt's `salt.returners.get_returner_options`: each attr is read from `NAME.attr`
 * or the nested `NAME: {attr: ...}` in the daemon's config; with `ret.ret_config` (PROFILE), from
 * `PROFILE.NAME.attr` or `PROFILE.NAME: {attr: ...}` first; an empty value falls back to `defaults`; and
 * `ret.ret_kwargs` wins over all.
 * @param name the returner's name
 * @param attrs the option names it reads
 * @param defaults the values of options not configured
 * @param ret the return (for ret_config / ret_kwargs); absent for events
 */
export function returnerOptions(
  name: string,
  attrs: readonly string[],
  defaults: Record<string, unknown>,
  opts: Readonly<Record<string, unknown>>,
  ret?: Pick<JobReturn, 'ret_config' | 'ret_kwargs'>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const profile = ret?.ret_config ? String(ret.ret_config) : '';
  for (const attr of attrs) {
    let value: unknown;
    if (profile) value = dict(opts[`${profile}.${name}`])[attr] ?? opts[`${profile}.${name}.${attr}`];
    if (!value) value = opts[`${name}.${attr}`] ?? dict(opts[name])[attr];
    if (value) out[attr] = value;
    else if (attr in defaults) out[attr] = defaults[attr];
  }
  return { ...out, ...dict(ret?.ret_kwargs) };
}
