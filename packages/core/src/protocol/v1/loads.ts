/**
 * The loads jobs are made of, as Salt names them: the publish load a minion
 * runs, the return load it sends back, and the records the master's job cache
 * keeps of both (which the local client reads). Times are milliseconds since
 * the epoch.
 */
import { TARGET_TYPES } from './constants';
import { PlainMap, StringList, Type, type Static } from './schema';

export type { TargetType } from './constants';

/** A target: an expression (or a list of ids) and its type; `delimiter` separates nested grain and pillar keys. */
export const Target = Type.Object({
  tgt: Type.Union([Type.String(), StringList()]),
  tgt_type: Type.Union(TARGET_TYPES.map((t) => Type.Literal(t))),
  delimiter: Type.Optional(Type.String()),
});
/** See {@link Target}. */
export type Target = Static<typeof Target>;

/**
 * What a CLI asks the master to publish: a target, the function with its arguments, the user asking, and
 * `to`, the seconds it waits for returns (Salt's load key; the master's `timeout` when absent), which also
 * bounds how late a minion that was not connected may still receive the job; `ret`, `ret_config` and
 * `ret_kwargs` send each return to returners too (returners/).
 */
export const PublishRequest = Type.Composite([
  Target,
  Type.Object({
    fun: Type.String(),
    arg: Type.Array(Type.Unknown()),
    kwarg: PlainMap(),
    user: Type.String(),
    to: Type.Optional(Type.Number({ minimum: 0 })),
    // Returners (Salt's load keys): `ret` names them, comma-separated (--return); `ret_config` is the
    // profile of their options (--return_config); `ret_kwargs` options that win (--return_kwargs).
    ret: Type.Optional(Type.String({ maxLength: 1024 })),
    ret_config: Type.Optional(Type.String({ maxLength: 256 })),
    ret_kwargs: Type.Optional(PlainMap()),
    // `salt --force-all` (brine's policies): run past a policy's max_minions where the policy allows it.
    force_all: Type.Optional(Type.Boolean()),
  }),
]);
/** See {@link PublishRequest}. */
export type PublishRequest = Static<typeof PublishRequest>;

/**
 * The master's authorization of a published job (brine's; Salt's load has none): `rule` is the rule of the
 * decision that allowed it (packages/master/src/acl/decision.ts: `root`, `publisher_acl:<user entry>`,
 * `policy:<file>#<n>`). The master sets it, never the client, and signs it with the load; a minion logs it
 * beside a refusal of its minion_publisher_acl, so the admin sees which master rule let the job through.
 */
export const JobAcl = Type.Object({ rule: Type.String({ minLength: 1, maxLength: 1024 }) });
/** See {@link JobAcl}. */
export type JobAcl = Static<typeof JobAcl>;

/**
 * A published job, as the minion sees it once decrypted (Salt's publish load): a {@link PublishRequest} with its
 * jid and, when the master judged it, its {@link JobAcl} (absent from loads of masters that do not set it).
 */
export const JobLoad = Type.Composite([PublishRequest, Type.Object({ jid: Type.String(), acl: Type.Optional(JobAcl) })]);
/** See {@link JobLoad}. */
export type JobLoad = Static<typeof JobLoad>;

/** One minion's answer to a job (Salt's return load); `out` is the outputter the function asked for, when not the default. */
export const ReturnLoad = Type.Object({
  jid: Type.String(),
  id: Type.String(),
  fun: Type.String(),
  fun_args: Type.Array(Type.Unknown()),
  return: Type.Unknown(),
  retcode: Type.Number(),
  success: Type.Boolean(),
  started: Type.Number(),
  finished: Type.Number(),
  out: Type.Optional(Type.String()),
  /**
   * A scheduled job's return (Salt's): the schedule job's name, the minion's pid and the job's metadata. The minion
   * made the jid; the master creates the job's record from the return (the minion's own id as target).
   */
  schedule: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  pid: Type.Optional(Type.Integer({ minimum: 0 })),
  metadata: Type.Optional(PlainMap()),
});
/** See {@link ReturnLoad}. */
export type ReturnLoad = Static<typeof ReturnLoad>;

/** What the job cache holds for a job: its publish load, start time and the minions expected to answer. */
export const JobRecord = Type.Composite([
  JobLoad,
  Type.Object({
    started: Type.Number(),
    minions: StringList(),
    /** For a scheduled job a minion returned: the schedule job's name (the master did not publish it). */
    schedule: Type.Optional(Type.String()),
  }),
]);
/** See {@link JobRecord}. */
export type JobRecord = Static<typeof JobRecord>;

/** What the job cache holds for one minion's return; `stamp` is when the master stored it. */
export const ReturnRecord = Type.Composite([ReturnLoad, Type.Object({ stamp: Type.Number() })]);
/** See {@link ReturnRecord}. */
export type ReturnRecord = Static<typeof ReturnRecord>;

/** Returns that landed after a cursor, and the (opaque) cursor to pass next time. */
export const NewReturns = Type.Object({ returns: Type.Array(ReturnRecord), cursor: Type.String() });
/** See {@link NewReturns}. */
export type NewReturns = Static<typeof NewReturns>;
