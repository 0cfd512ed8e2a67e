/**
 * What a minion asks its master inside a sealed `req` (request-port.ts): its
 * job returns, its pillar, and the file server (Salt's `_return`, `_pillar`,
 * `_file_list`, `_file_hash`, `_serve_file`), and the jobs it missed while
 * its publish connection was down (`_missed_jobs`, brine's own). The master answers for the id
 * whose key sealed the request, never another.
 *
 * Sealed, a call carries a random 16-byte `tag` that the sealed reply must
 * echo, so a recorded reply cannot answer another request and a request
 * cannot be bounced back as a reply (secure.ts).
 */
import { SLOT_GROUP_PATTERN, SLOT_MAX_LEASE_S, SLOT_MAX_LIMIT, SLOT_MAX_WAIT_S } from './constants';
import { Call, Outcome } from './envelope';
import { JobLoad, ReturnLoad, Target } from './loads';
import { MINION_EVENT_TAG_MAX_CHARS } from './constants';
import { Bytes, Nullable, PlainMap, StringList, Type, type Commands, type Static } from './schema';

/** A file's hash as the file server reports it: SHA-256 in lowercase hex. */
export const FileHash = Type.Object({ hsum: Type.String(), hash_type: Type.Literal('sha256') });
/** See {@link FileHash}. */
export type FileHash = Static<typeof FileHash>;

/**
 * One chunk of a served file: at most FILE_CHUNK_BYTES (constants.ts) of `data` from the requested offset, `eof`
 * when it reaches the end of the file, and `hsum`, the SHA-256 (hex) of the whole file when the chunk was read
 * (a change between chunks shows as a different `hsum`).
 */
export const FileChunk = Type.Object({ data: Bytes(), eof: Type.Boolean(), hsum: Type.String() });
/** See {@link FileChunk}. */
export type FileChunk = Static<typeof FileChunk>;

/** `_pillar`: the minion's current grains (the master caches them for targeting) and the saltenv. */
export const PillarLoad = Type.Object({ grains: PlainMap(), saltenv: Type.Optional(Type.String()) });
/** See {@link PillarLoad}. */
export type PillarLoad = Static<typeof PillarLoad>;

/** `_file_list`: every file of `saltenv`. */
export const FileListLoad = Type.Object({ saltenv: Type.String() });
/** See {@link FileListLoad}. */
export type FileListLoad = Static<typeof FileListLoad>;

/** `_file_hash`: hash `path` (`salt://x` or a relative path) in `saltenv`. */
export const FileHashLoad = Type.Object({ path: Type.String(), saltenv: Type.String() });
/** See {@link FileHashLoad}. */
export type FileHashLoad = Static<typeof FileHashLoad>;

/** `_serve_file`: the bytes of `path` in `saltenv` from byte offset `loc` (a whole number, 0 or more). */
export const ServeFileLoad = Type.Object({ path: Type.String(), saltenv: Type.String(), loc: Type.Number() });
/** See {@link ServeFileLoad}. */
export type ServeFileLoad = Static<typeof ServeFileLoad>;

/** `_missed_jobs`: jobs published after `after` (a jid; from the first when absent) that this minion may have missed. */
export const MissedJobsLoad = Type.Object({ after: Type.Optional(Type.String()) });
/** See {@link MissedJobsLoad}. */
export type MissedJobsLoad = Static<typeof MissedJobsLoad>;

/** Jobs a minion missed, oldest first; `more` when there are more after the last one (ask again after its jid). */
export const MissedJobs = Type.Object({ jobs: Type.Array(JobLoad), more: Type.Boolean() });
/** See {@link MissedJobs}. */
export type MissedJobs = Static<typeof MissedJobs>;

/**
 * `_mine`: store function results in the sending minion's mine (Salt's `_mine` load): `data` maps a mine
 * function name to its result; `clear` replaces the minion's whole mine with it, else it is merged in.
 */
export const MineStoreLoad = Type.Object({ data: PlainMap(), clear: Type.Boolean() });
/** See {@link MineStoreLoad}. */
export type MineStoreLoad = Static<typeof MineStoreLoad>;

/** `_mine_delete`: forget one function's data in the sending minion's mine; every function's when `fun` is absent (mine.flush). */
export const MineDeleteLoad = Type.Object({ fun: Type.Optional(Type.String()) });
/** See {@link MineDeleteLoad}. */
export type MineDeleteLoad = Static<typeof MineDeleteLoad>;

/**
 * `_mine_get`: the mine data of `fun` (a name, a comma-separated string of names, or a list) of the minions a
 * target selects (Salt's `_mine_get` load).
 */
export const MineGetLoad = Type.Composite([Target, Type.Object({ fun: Type.Union([Type.String(), StringList()]) })]);
/** See {@link MineGetLoad}. */
export type MineGetLoad = Static<typeof MineGetLoad>;

/** `_minion_start`: the minion started; `data` is Salt's text for it, `Minion <id> started at <asctime>`. */
export const MinionStartLoad = Type.Object({ data: Type.String({ maxLength: 256 }) });
/** See {@link MinionStartLoad}. */
export type MinionStartLoad = Static<typeof MinionStartLoad>;

/**
 * `_minion_event`: fire a custom event on the master's bus (event.send, event.fire_master): `tag` as given and
 * `data` any value. With `preload` (a dict; `{}` from salt-call), the event's data is Salt's raw load, `{id, tag,
 * data, cmd}` then the preload's other keys; without, what Salt's minion forwards, `{id, cmd, pretag, data, tag}`.
 * The master sets `id` to the sealing minion's and refuses the tags only it fires (master/events/minion-event-guard.ts).
 */
export const MinionEventLoad = Type.Object({
  tag: Type.String({ minLength: 1, maxLength: MINION_EVENT_TAG_MAX_CHARS }),
  data: Type.Unknown(),
  preload: Type.Optional(PlainMap()),
});
/** See {@link MinionEventLoad}. */
export type MinionEventLoad = Static<typeof MinionEventLoad>;

/** A concurrency group's name (schedule entries' `concurrency_group`): letters, digits, `_.:-`, 1 to 128 characters. */
const SlotGroup = Type.String({ pattern: SLOT_GROUP_PATTERN });
/** Which of the sealing minion's runs a slot is for (the minion names it: the schedule entry's name and a random suffix): 1 to 64 characters. */
const SlotRun = Type.String({ minLength: 1, maxLength: 64 });

/**
 * `_slot_acquire`: a slot of concurrency group `group` for the sealing minion's run `run` (master/governor.ts).
 * `limit` is the group's limit as the minion's schedule entry gives it (the master's `concurrency_groups`
 * wins); `lease` the seconds the slot is held unless renewed; `wait` the seconds the master may hold the
 * request for a slot to free (0: answer at once; at most SLOT_MAX_WAIT_S). Asked again for a slot the run
 * holds, it renews the lease.
 */
export const SlotAcquireLoad = Type.Object({
  group: SlotGroup,
  run: SlotRun,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: SLOT_MAX_LIMIT })),
  lease: Type.Integer({ minimum: 1, maximum: SLOT_MAX_LEASE_S }),
  wait: Type.Number({ minimum: 0, maximum: SLOT_MAX_WAIT_S }),
});
/** See {@link SlotAcquireLoad}. */
export type SlotAcquireLoad = Static<typeof SlotAcquireLoad>;

/** The answer to `_slot_acquire`: granted or not, the group's limit, and how many hold and wait after it. */
export const SlotAnswer = Type.Object({
  granted: Type.Boolean(),
  limit: Type.Integer(),
  holders: Type.Integer(),
  waiting: Type.Integer(),
});
/** See {@link SlotAnswer}. */
export type SlotAnswer = Static<typeof SlotAnswer>;

/** `_slot_release`: give back the slot of `group` that the sealing minion's run `run` holds. */
export const SlotReleaseLoad = Type.Object({ group: SlotGroup, run: SlotRun });
/** See {@link SlotReleaseLoad}. */
export type SlotReleaseLoad = Static<typeof SlotReleaseLoad>;

/** The sealed commands. */
export const MINION_REQUESTS_COMMANDS = {
  _return: {
    request: ReturnLoad,
    reply: Type.Literal(true),
    doc: 'Store a job return; only for a jid the master published, under the id that sealed it.',
  },
  _pillar: {
    request: PillarLoad,
    reply: PlainMap(),
    doc: "Compile the sealing minion's pillar (render errors under `_errors`); caches the grains it sent.",
  },
  _file_list: { request: FileListLoad, reply: StringList(), doc: 'Every file of the saltenv, as sorted relative paths.' },
  _file_hash: {
    request: FileHashLoad,
    reply: Nullable(FileHash),
    doc: 'The hash of one file, or null when there is no such file.',
  },
  _serve_file: { request: ServeFileLoad, reply: FileChunk, doc: 'Up to FILE_CHUNK_BYTES of one file from an offset.' },
  _missed_jobs: {
    request: MissedJobsLoad,
    reply: MissedJobs,
    doc: 'Jobs still within their delivery window that expect the sealing minion and hold no return from it.',
  },
  _mine: {
    request: MineStoreLoad,
    reply: Type.Literal(true),
    doc: "Store mine data for the sealing minion only (at most MINE_MAX_BYTES of it), merged or replacing its mine.",
  },
  _mine_delete: {
    request: MineDeleteLoad,
    reply: Type.Boolean(),
    doc: "Forget one function's data (all of it without `fun`) in the sealing minion's mine; false when it held none.",
  },
  _mine_get: {
    request: MineGetLoad,
    reply: PlainMap(),
    doc:
      'Mine data of the minions the target selects that the sealing minion may read (mine allow_tgt ACLs): ' +
      '{minion: data} for one function, {function: {minion: data}} for several.',
  },
  _minion_start: {
    request: MinionStartLoad,
    reply: Type.Literal(true),
    doc: "The sealing minion started: the master fires `salt/minion/<id>/start` and `minion_start`, under the sealing id.",
  },
  _minion_event: {
    request: MinionEventLoad,
    reply: Type.Literal(true),
    doc:
      "Fire a custom event under the sealing minion's id: refused for a tag only the master fires, data over " +
      'MINION_EVENT_MAX_BYTES or MINION_EVENT_MAX_DEPTH or holding bytes or timestamps, or past the minion\'s MINION_EVENT_RATE.',
  },
  _slot_acquire: {
    request: SlotAcquireLoad,
    reply: SlotAnswer,
    doc: "A slot of a concurrency group for one run of the sealing minion (or its lease renewed), waiting up to `wait` s for one; queued first come, first served.",
  },
  _slot_release: {
    request: SlotReleaseLoad,
    reply: Type.Boolean(),
    doc: "Release the sealing minion's slot of a group for one run (or its place in the queue); false when it held none.",
  },
} satisfies Commands;

/**
 * A call as sealed: a command, its request, the tag the reply must echo, and
 * its freshness: the session ticket the master granted at authentication and
 * a sequence number, one more per call under that ticket, so the master can
 * refuse a captured request sent again.
 */
export const TaggedCall = Type.Composite([
  Call,
  Type.Object({ tag: Bytes(16), ticket: Bytes(16), seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
]);
/** See {@link TaggedCall}. */
export type TaggedCall = Static<typeof TaggedCall>;

/** An outcome as sealed, echoing the call's tag. */
export const TaggedOutcome = Type.Intersect([Outcome, Type.Object({ tag: Bytes(16) })]);
/** See {@link TaggedOutcome}. */
export type TaggedOutcome = Static<typeof TaggedOutcome>;
