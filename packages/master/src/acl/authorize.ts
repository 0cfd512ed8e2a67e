/**
 * The access check of the local channel: what each command asks of a caller
 * ({@link COMMAND_NEEDS}), the one function that judges an {@link AclRequest}
 * for a {@link Caller} ({@link authorize}), and the wrapper every handler of
 * the channel runs in ({@link guardHandlers}), so that no command reaches its
 * handler unjudged and a refused one does nothing (nothing stored, nothing
 * published).
 *
 * Order, as Salt's master.publish: publisher_acl_blacklist first (it wins,
 * root included), then root (and a sudo user without sudo_acl) is allowed
 * everything, then publisher_acl judges any other user. Then, once policy_dir
 * holds a policy, the policies judge what those allowed, root's commands too
 * (policy.ts), except what a caller needs to follow its own commands: reading
 * its own jobs, the minions a target expects (check_minions), the salt CLI's
 * saltutil.find_job, and acl.check about itself.
 *
 * Audit: the commands that act (publish, runner_new, key_event, wheel,
 * acl_check, audit_verify) are written to the audit log when allowed, a
 * publish with its jid before it is stored; every refusal of any command is
 * written too. The reads a CLI polls (job_returns, events, ...) are not, when
 * allowed: a salt run makes dozens.
 */
import { AuthorizationError, errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import type { Handlers, RequestOf, ReplyOf } from '@brine/core/protocol/v1/channel';
import type { LOCAL_CLIENT_COMMANDS } from '@brine/core/protocol/v1/local-client';
import type { Target } from '@brine/core/protocol/v1/loads';
import type { Peer } from '@brine/core/transport/request-server';
import type { MasterConfig } from '@brine/core/config/master';
import type { Resolved } from '../jobs';
import type { AuditLog } from './audit-log';
import type { AclKind, AclRequest, Caller, Decision } from './decision';
import type { CallerContext } from './identify';
import type { InTarget } from './in-target';
import type { PolicySet } from './policy';
import { ALWAYS_ALLOWED, blacklistDecision, mayPublish, publisherAclDecision } from './publisher-acl';

type LC = typeof LOCAL_CLIENT_COMMANDS;

/** The master's access settings. */
export type AclConfig = Pick<MasterConfig, 'publisher_acl' | 'publisher_acl_blacklist' | 'sudo_acl'>;

/**
 * Whether `caller` is judged as root: root itself, or a user who ran the CLI through sudo (the root key) unless
 * sudo_acl is set and publisher_acl is not empty, as Salt's LoadAuth.
 */
export function judgedAsRoot(caller: Caller, config: AclConfig): boolean {
  if (caller.via === 'root') return true;
  return caller.via === 'sudo' && !(config.sudo_acl && Object.keys(config.publisher_acl).length > 0);
}

/**
 * Judge `request` for `caller`: publisher_acl_blacklist, then root, then publisher_acl (publisher-acl.ts).
 * @param inTarget the accepted minions a compound target selects (for `{target: [functions]}` entries)
 * @returns the decision, with its rule and reason
 */
export function authorize(caller: Caller, request: AclRequest, config: AclConfig, inTarget: InTarget): Decision {
  const blacklisted = blacklistDecision(config.publisher_acl_blacklist, caller, request);
  if (blacklisted) return blacklisted;
  if (judgedAsRoot(caller, config)) {
    const who = caller.via === 'sudo' ? `${caller.user} runs as root through sudo (sudo_acl is off)` : 'root may run anything';
    return { allowed: true, rule: 'root', reason: who };
  }
  return publisherAclDecision(config.publisher_acl, caller, request, inTarget);
}

/**
 * What a command asks of a caller: the request judged (a publish, a runner or a wheel function), and, for the
 * commands that read jobs, that a refused caller may still read its own jobs (`own`: the job's jid, or `list`).
 * `publisher`: allowed to a user publisher_acl gives something to publish, whatever the request's function.
 * `self`: allowed anyway, as it only explains the caller's own decisions (acl.check about oneself).
 */
export interface Need {
  request: AclRequest;
  own?: { jid: string } | 'list';
  publisher?: true;
  self?: true;
}

/** A runner or wheel function request. */
function spec(kind: Exclude<AclKind, 'publish'>, fun: string, arg: unknown[] = [], kwarg: Record<string, unknown> = {}): Need {
  return { request: { kind, fun, arg, kwarg } };
}

/** A run of salt-run announced or recorded: `@runner` for its function; acl.check's own run is open to all (acl_check judges what it explains). */
function run(fun: string, funArgs: unknown[]): Need {
  return fun === 'acl.check' ? { ...spec('runner', fun, funArgs), self: true } : spec('runner', fun, funArgs);
}

/**
 * What every command of the local channel asks of a caller other than root: a publish is judged by publisher_acl
 * on the minions its target resolves to; salt-run's record of a run by `@runner` for that function; salt-key's
 * work by `@wheel`; reading jobs by `@runner jobs.*`, or the caller's own jobs; the runners' reads by `@runner`
 * for the runner that makes them (state.event, cache.*, manage.*, governor.status, audit.verify); acl_check by
 * `@runner acl.check`, or about the caller itself.
 */
export const COMMAND_NEEDS: { [K in keyof LC]: (req: RequestOf<LC, K>, caller: Caller) => Need } = {
  publish: (req) => ({
    request: { kind: 'publish', fun: req.fun, arg: req.arg, kwarg: req.kwarg, tgt: req.tgt, tgt_type: req.tgt_type, forceAll: req.force_all, ...(req.ret_kwargs ? { retKwargs: req.ret_kwargs } : {}) },
  }),
  check_minions: (req) => ({ request: { kind: 'publish', fun: 'check_minions', arg: [], kwarg: {}, tgt: req.tgt, tgt_type: req.tgt_type }, publisher: true }),
  key_event: ({ act }) => spec('wheel', `key.${act ?? 'list_all'}`),
  job_returns: ({ jid }) => ({ ...spec('runner', 'jobs.lookup_jid', [jid]), own: { jid } }),
  runner_new: ({ fun, fun_args }) => run(fun, fun_args),
  runner_job: ({ fun, fun_args }) => run(fun, fun_args),
  list_jobs: () => ({ ...spec('runner', 'jobs.list_jobs'), own: 'list' }),
  present: () => spec('runner', 'manage.present'),
  job_load: ({ jid }) => ({ ...spec('runner', 'jobs.print_job', [jid]), own: { jid } }),
  minion_cache: ({ kind }) => spec('runner', `cache.${kind}`),
  alived: () => spec('runner', 'manage.alived'),
  events: () => spec('runner', 'state.event'),
  governor_status: () => spec('runner', 'governor.status'),
  acl_check: (req, caller) => ({ ...spec('runner', 'acl.check', [], { ...req }), ...(req.user === caller.user ? { self: true as const } : {}) }),
  wheel: ({ fun, arg, kwarg }) => spec('wheel', fun, arg, kwarg),
  audit_verify: () => spec('runner', 'audit.verify'),
};

/** What judging a command needs of the master. */
export interface JudgeEnv {
  config: AclConfig;
  inTarget: InTarget;
  /** The target with nodegroups expanded and the accepted minions it selects. @throws TargetError for a malformed target */
  resolve: (target: Target) => Resolved;
  /** The user who published job `jid` (its load's `user`), or undefined when the job cache has no such job. */
  jobUser: (jid: string) => string | undefined;
  /** The policies of policy_dir, when it holds any (deny by default, root included). */
  policies?: Pick<PolicySet, 'decide'>;
  /** The audit log (audit_log: True). */
  audit?: Pick<AuditLog, 'record'>;
  log: Logger;
}

/** A command judged: the decision, the request it was made on, and what the handler acts within. */
export interface Judged {
  decision: Decision;
  request: AclRequest;
  /** A publish's target, resolved once: the minions judged are the minions published to. */
  resolved?: Resolved;
  /** False when the caller may read only its own jobs (list_jobs keeps those). */
  allJobs: boolean;
}

/** A judged command as its handler gets it: a publish writes its audit line with its jid, before the job is stored. */
export interface JudgedCommand extends Judged {
  /** Write the command's audit line (a no-op without audit_log). @throws SaltClientError when it cannot be written */
  record: (jid: string | null) => void;
}

/**
 * The decision on `request` for `caller`: {@link authorize}, then what `need` admits besides (a refused job read of
 * the caller's own job, a refused check_minions by a user who may publish something, acl.check about oneself);
 * publisher_acl_blacklist admits nothing. Every command of the local channel, and acl.check's explanation, is
 * decided here.
 * @returns the decision, and whether the caller may read every job (else only its own)
 */
export function decide(
  caller: Caller,
  request: AclRequest,
  env: Pick<JudgeEnv, 'config' | 'inTarget' | 'jobUser' | 'policies'>,
  need: Omit<Need, 'request'> = {},
): { decision: Decision; allJobs: boolean } {
  let decision = authorize(caller, request, env.config, env.inTarget);
  if (decision.allowed && env.policies && !followsOwnCommand(request)) decision = env.policies.decide(caller, request, env.inTarget);
  if (decision.allowed || decision.rule.startsWith('publisher_acl_blacklist')) return { decision, allJobs: decision.allowed };
  if (need.publisher && mayPublish(env.config.publisher_acl, caller)) {
    return { decision: { allowed: true, rule: decision.rule, reason: `publisher_acl gives ${caller.user} functions to publish` }, allJobs: false };
  }
  if (need.self) {
    return { decision: { allowed: true, rule: 'own-decision', reason: `${caller.user} may ask how their own commands are judged` }, allJobs: false };
  }
  if (need.own === 'list') {
    return { decision: { allowed: true, rule: 'own-jobs', reason: `${caller.user} sees only their own jobs (${decision.reason})` }, allJobs: false };
  }
  if (need.own && env.jobUser(need.own.jid) === caller.user) {
    return { decision: { allowed: true, rule: 'own-jobs', reason: `job ${need.own.jid} is ${caller.user}'s own` }, allJobs: false };
  }
  return { decision, allJobs: false };
}

/**
 * Whether `request` only follows a command the caller made (the policies do not judge it): check_minions, and the
 * functions publisher_acl allows every user (saltutil.find_job).
 */
function followsOwnCommand(request: AclRequest): boolean {
  return request.kind === 'publish' && (request.fun === 'check_minions' || ALWAYS_ALLOWED.includes(request.fun));
}

/** The commands that act, written to the audit log when allowed (every refusal is written). */
const AUDITED: ReadonlySet<keyof LC> = new Set<keyof LC>(['publish', 'runner_new', 'key_event', 'wheel', 'acl_check', 'audit_verify']);

/**
 * Judge command `cmd` for `caller`: build its request ({@link COMMAND_NEEDS}; a publish's target resolved), then
 * {@link decide} on it.
 * @throws TargetError for a malformed target of a publish
 */
export function judgeCommand<K extends keyof LC>(cmd: K, req: RequestOf<LC, K>, caller: Caller, env: JudgeEnv): Judged {
  const { request: asked, ...need } = COMMAND_NEEDS[cmd](req, caller);
  const resolved = cmd === 'publish' ? env.resolve(req as Target) : undefined;
  const request: AclRequest = resolved ? { ...asked, tgt: resolved.tgt, tgt_type: resolved.tgtType, minions: resolved.minions } : asked;
  return { ...decide(caller, request, env, need), request, resolved };
}

/** What `salt` prints, as Salt's master answers a refused publication. */
export const AUTHORIZATION_ERROR = 'Authorization error occurred.';

/**
 * The error a refused command fails with: Salt's AuthorizationError message, and brine's reason (the rule, and for
 * a target the minions outside the allowed set) as its hint, which the CLIs print on stderr.
 */
export function refusal(decision: Decision): AuthorizationError {
  return new AuthorizationError(AUTHORIZATION_ERROR, `${decision.reason} [rule ${decision.rule}]`);
}

/** The context of a local channel handler. */
export type ClientContext = Peer & CallerContext;

/** The local channel's handlers, each given the judgement of its request. */
export type JudgedHandlers = {
  [K in keyof LC]: (req: RequestOf<LC, K>, ctx: ClientContext, judged: JudgedCommand) => Promise<ReplyOf<LC, K>> | ReplyOf<LC, K>;
};

/**
 * {@link judgeCommand}, with a request it cannot judge (a malformed target, one whose regular expressions run past
 * the time limit) written to the audit log as refused (rule `invalid`), as every refusal is.
 * @throws what judgeCommand throws, once it is recorded
 */
function judgeOrRecord<K extends keyof LC>(cmd: K, req: RequestOf<LC, K>, caller: Caller, env: JudgeEnv): Judged {
  try {
    return judgeCommand(cmd, req, caller, env);
  } catch (err) {
    const decision: Decision = { allowed: false, rule: 'invalid', reason: `The request cannot be judged: ${errorMessage(err)}` };
    env.audit?.record({ caller, command: String(cmd), request: COMMAND_NEEDS[cmd](req, caller).request, decision, jid: null });
    throw err;
  }
}

/**
 * The handlers of the local channel, each behind {@link judgeCommand}: every command received passes here once,
 * is judged for its caller, and either runs with its judgement or fails with {@link refusal} (logged with the
 * caller and the reason, as Salt's master logs a refused publication).
 */
export function guardHandlers(handlers: JudgedHandlers, env: JudgeEnv): Handlers<LC, ClientContext> {
  const guard = <K extends keyof LC>(cmd: K) => (req: RequestOf<LC, K>, ctx: ClientContext) => {
    const judged = judgeOrRecord(cmd, req, ctx.caller, env);
    const record = (jid: string | null) => env.audit?.record({ caller: ctx.caller, command: String(cmd), request: judged.request, decision: judged.decision, jid });
    if (!judged.decision.allowed) {
      const { user, via } = ctx.caller;
      // The reason quotes the caller's text (the function): quoted again, so it cannot forge a log line.
      env.log.warning(`Refused ${String(cmd)} for ${user} (${via}): ${JSON.stringify(judged.decision.reason)} [rule ${judged.decision.rule}]`);
      record(null);
      throw refusal(judged.decision);
    }
    // A publish writes its line itself, with the jid it takes (client-channel.ts); salt-run's start names its own.
    if (AUDITED.has(cmd) && cmd !== 'publish') record(cmd === 'runner_new' ? (req as RequestOf<LC, 'runner_new'>).jid : null);
    return handlers[cmd](req, ctx, { ...judged, record });
  };
  const guarded: Partial<Handlers<LC, ClientContext>> = {};
  for (const cmd of Object.keys(handlers) as Array<keyof LC>) (guarded as Record<keyof LC, unknown>)[cmd] = guard(cmd);
  return guarded as Handlers<LC, ClientContext>;
}
