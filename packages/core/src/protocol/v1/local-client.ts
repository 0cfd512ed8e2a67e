/**
 * The local client channel: an ipc socket in the master's sock_dir over which
 * salt, salt-key and salt-run ask the master to publish jobs and read its
 * caches (only the master opens them). Every request carries a key from the
 * master's cachedir as its credential (envelope.ts `key`): the root key, or
 * the key of a user publisher_acl names, and the master judges each command
 * for that caller (master/acl/authorize.ts).
 */
import { JobRecord, NewReturns, PublishRequest, Target } from './loads';
import { Nullable, PlainMap, StringList, Type, type Commands, type Static } from './schema';

/** What the master caches per minion: its grains and pillar (minion-data.ts) and its mine. */
export const MinionCacheKind = Type.Union([Type.Literal('grains'), Type.Literal('pillar'), Type.Literal('mine')]);
/** See {@link MinionCacheKind}. */
export type MinionCacheKind = Static<typeof MinionCacheKind>;

/** What a publication started: its jid (null when no minion matched) and the minions expected to answer. */
export const Published = Type.Object({ jid: Nullable(Type.String()), minions: StringList() });
/** See {@link Published}. */
export type Published = Static<typeof Published>;

/** One event of the master's event bus: Salt's tag and data (the data carries `_stamp`). */
export const BusEvent = Type.Object({ tag: Type.String(), data: PlainMap() });
/** See {@link BusEvent}. */
export type BusEvent = Static<typeof BusEvent>;

/** Events after a cursor, the cursor to pass next time, and how many events the subscriber missed since its cursor. */
export const NewEvents = Type.Object({
  events: Type.Array(BusEvent),
  cursor: Type.Integer({ minimum: 0 }),
  missed: Type.Integer({ minimum: 0 }),
});
/** See {@link NewEvents}. */
export type NewEvents = Static<typeof NewEvents>;

/** An access decision (master/acl/decision.ts) and the minions the target resolved to (none for a runner or wheel function). */
export const AclVerdict = Type.Object({ allowed: Type.Boolean(), rule: Type.String(), reason: Type.String(), minions: StringList() });
/** See {@link AclVerdict}. */
export type AclVerdict = Static<typeof AclVerdict>;
/**
 * What `salt-run audit.verify` shows of the audit log's hash chain: `result` (every line links to the one before
 * it), `lines` (checked: all, or up to the first bad one), and when it broke, the `file` (audit.log or a rotated
 * audit.log.N), the number of the `first_bad_line` in it (from 1) and the `problem`.
 */
export const AuditVerification = Type.Object({
  result: Type.Boolean(),
  lines: Type.Integer({ minimum: 0 }),
  file: Type.Optional(Type.String()),
  first_bad_line: Type.Optional(Type.Integer({ minimum: 1 })),
  problem: Type.Optional(Type.String()),
});
/** See {@link AuditVerification}. */
export type AuditVerification = Static<typeof AuditVerification>;

/** The local client channel's commands. */
export const LOCAL_CLIENT_COMMANDS = {
  publish: {
    request: PublishRequest,
    reply: Published,
    doc: 'Publish a job to the minions a target selects (nodegroups expanded), after storing its load.',
  },
  check_minions: {
    request: Target,
    reply: StringList(),
    doc: 'The accepted minions a target expects, without publishing anything (batch mode).',
  },
  key_event: {
    request: Type.Object({ ids: StringList(), act: Type.Optional(Type.Union([Type.Literal('accept'), Type.Literal('reject'), Type.Literal('delete')])) }),
    reply: Type.Null(),
    doc:
      'salt-key changed the keys of these minions: read pki_dir now (a removed accepted key rotates the session key). ' +
      'With `act`, what it did to them: the master fires `salt/key` for each.',
  },
  job_returns: {
    request: Type.Object({ jid: Type.String(), after: Type.Optional(Type.String()), wait: Type.Optional(Type.Integer({ minimum: 0 })) }),
    reply: NewReturns,
    doc:
      'Returns of a job stored after a cursor, in arrival order (all of them without one). With `wait` (milliseconds), ' +
      'a request that finds nothing new is held until a return of the job lands or `wait` passes (long polling; the ' +
      'master holds a request at most 5 s, MAX_HOLD_MS in master/return-watch.ts).',
  },
  runner_new: {
    request: Type.Object({ jid: Type.String(), fun: Type.String(), fun_args: Type.Array(Type.Unknown()), user: Type.String() }),
    reply: Type.Null(),
    doc: "A salt-run starts: fire Salt's `salt/run/<jid>/new` {fun: runner.<fun>, jid, user, fun_args}.",
  },
  runner_job: {
    request: Type.Object({
      jid: Type.String(), fun: Type.String(), user: Type.String(), fun_args: Type.Array(Type.Unknown()), return: Type.Unknown(), success: Type.Boolean(),
    }),
    reply: Type.Null(),
    doc:
      "Record a finished salt-run in the job cache, as Salt's: under the jid salt-run took when it started, " +
      'function `runner.<fun>`, no arguments, target `<host>_master` (a list target), no minions; then fire ' +
      '`salt/run/<jid>/ret` {fun, jid, user, fun_args, return, success}.',
  },
  list_jobs: {
    request: Type.Object({ limit: Type.Optional(Type.Number()) }),
    reply: Type.Array(JobRecord),
    doc: 'The newest jobs of the job cache (all without a limit), oldest first.',
  },
  present: {
    request: Type.Object({}),
    reply: StringList(),
    doc: "Accepted minions connected to the publish port (Salt's presence detection), sorted.",
  },
  job_load: {
    request: Type.Object({ jid: Type.String() }),
    reply: Nullable(JobRecord),
    doc: 'The stored load of one job (jobs.print_job), or null when the job cache has none.',
  },
  minion_cache: {
    request: Type.Object({ kind: MinionCacheKind, target: Type.Optional(Target) }),
    reply: PlainMap(),
    doc:
      "The master's cached grains, pillar or mine data, {minion: data}, of the minions a target selects (all " +
      'minions with such data without one), as Salt\'s cache runner.',
  },
  alived: {
    request: Type.Object({ subset: Type.Optional(StringList()) }),
    reply: StringList(),
    doc: 'The minions connected now (presence detection), sorted; only those of `subset` when given.',
  },
  events: {
    request: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })), wait: Type.Optional(Type.Integer({ minimum: 0 })) }),
    reply: NewEvents,
    doc:
      "Subscribe to the master's event bus (master/events/bus.ts). Without `after`, nothing: the cursor of the next " +
      'event (a subscription from now). With it, the events from that cursor (a position: sequence numbers survive ' +
      'a restart of the master) on, oldest first, at most 500 at a time, from memory or from the persistent event ' +
      'log; with `wait` (milliseconds) a request that finds none is held until one is fired (long polling, at most ' +
      '5 s). `missed` counts the events that are no longer kept (older than the log, or the memory buffer without it).',
  },
  governor_status: {
    request: Type.Object({}),
    reply: Type.Record(
      Type.String(),
      Type.Object({
        limit: Type.Integer(),
        holders: Type.Array(Type.Object({ minion: Type.String(), run: Type.String(), expires: Type.String() })),
        waiting: StringList(),
      }),
    ),
    doc:
      "The concurrency cap's slot table (master/governor.ts): {group: {limit, holders: [{minion, run, expires}], waiting: [minion]}} " +
      'for every group with a slot held or a request waiting, sorted by name.',
  },
  acl_check: {
    request: Type.Object({
      user: Type.String({ minLength: 1, maxLength: 64 }),
      fun: Type.String({ minLength: 1, maxLength: 256 }),
      kind: Type.Optional(Type.Union([Type.Literal('publish'), Type.Literal('runner'), Type.Literal('wheel')])),
      tgt: Type.Optional(Type.Union([Type.String(), StringList()])),
      tgt_type: Type.Optional(Target.properties.tgt_type),
      arg: Type.Optional(Type.Array(Type.Unknown())),
      kwarg: Type.Optional(PlainMap()),
    }),
    reply: AclVerdict,
    doc:
      'How the master would judge `fun` (a publish by default; a runner or wheel function with `kind`) asked by `user` ' +
      "on `tgt` (glob '*' by default): the target is resolved as for a publish and the decision returned, nothing run " +
      '(salt-run acl.check). Root, or a user allowed the runner acl.check.',
  },
  wheel: {
    request: Type.Object({ fun: Type.String({ minLength: 1, maxLength: 256 }), arg: Type.Array(Type.Unknown()), kwarg: PlainMap() }),
    reply: PlainMap(),
    doc:
      "A wheel key function run by the master on pki_dir, as salt-key does it (salt-key's way for a user who cannot " +
      "read pki_dir): key.list_all ({minions, minions_pre, minions_rejected, minions_denied}), and key.accept, " +
      'key.reject and key.delete with their `match` ({minions: [ids acted on]}), the master firing `salt/key` for each.',
  },
  audit_verify: {
    request: Type.Object({}),
    reply: AuditVerification,
    doc:
      "Check the hash chain of the master's audit log (cachedir/audit.log and its rotated files, master/acl/audit-verify.ts): " +
      '{result, lines} when every line links to the one before it, else also the file, the number of its first bad ' +
      'line and the problem (an edited, deleted or inserted line).',
  },
} satisfies Commands;
