/**
 * The constants of protocol v1 that running code needs as well as the
 * schemas: they live here, apart from the schema declarations, so that
 * daemons and CLIs never load the schema library (see runtime.ts).
 */

/** The protocol version every v1 frame carries. */
export const PROTOCOL_VERSION = 1;

/** The most bytes one `_serve_file` reply carries (1 MiB); larger files take several requests. */
export const FILE_CHUNK_BYTES = 1024 * 1024;

/**
 * The most bytes of file data one salt-cp job carries (1 MiB): the files of a
 * `cp.recv` job together, or one `cp.recv_chunked` chunk before compression
 * (and after it is decompressed on the minion). A job stays far below the
 * publish port's 4 MiB per-minion queue (master/publish.ts) and the 16 MiB
 * frame cap (protocol/frame.ts); larger files travel as several jobs.
 */
export const SALT_CP_MAX_JOB_BYTES = 1024 * 1024;

/**
 * The most bytes one minion's mine data may take on the master (1 MiB,
 * msgpack-encoded): a `_mine` request that would store more is refused, so a
 * minion cannot fill the master's cache.
 */
export const MINE_MAX_BYTES = 1024 * 1024;

/**
 * The target types a minion may use in the mine (the target of a `_mine_get`, an entry's `allow_tgt`): id globs,
 * id lists and grain globs. Salt also allows the others (compound by default); brine refuses them, because a
 * minion could probe pillar with them (`I@db:password:a*`, one character at a time) or make the master run its
 * regular expressions.
 */
export const MINE_TARGET_TYPES = ['glob', 'list', 'grain'] as const;

/** The longest mine target a minion may send (characters of the expression, or of a list's ids together). */
export const MINE_TARGET_MAX_CHARS = 1024;

/** The most keys a grain target from a minion may walk (`a:b:c:pattern` walks 3), and of them the most `*` keys. */
export const MINE_GRAIN_MAX_KEYS = 8;
export const MINE_GRAIN_MAX_WILDCARDS = 1;

/**
 * The most bytes (msgpack-encoded data) one `_mine_get` reply may carry (8 MiB): half the 16 MiB frame cap
 * (protocol/frame.ts), which leaves room for the envelope and the box; a get that would collect more is refused.
 */
export const MINE_GET_MAX_BYTES = 8 * 1024 * 1024;

/** Target types a job may carry (Salt's tgt_type; all of Salt's but range). */
export const TARGET_TYPES = ['glob', 'pcre', 'list', 'grain', 'grain_pcre', 'pillar', 'pillar_pcre', 'ipcidr', 'nodegroup', 'compound'] as const;
/** One of {@link TARGET_TYPES}. */
export type TargetType = (typeof TARGET_TYPES)[number];

/** Key states a master can answer an authentication with, as Salt's auth replies. */
export const AUTH_STATUSES = ['accepted', 'pending', 'rejected', 'denied'] as const;
/** One of {@link AUTH_STATUSES}. */
export type AuthStatus = (typeof AUTH_STATUSES)[number];

/**
 * The bounds of the custom events a minion fires on the master's bus (`_minion_event`, event.send and
 * event.fire_master): a tag of at most 512 characters; data of at most 1 MiB (msgpack-encoded, preload included)
 * nested at most 64 deep, without bytes or timestamps; and per minion, a burst of 200 events refilled at 100 a second (a token bucket), so a
 * minion cannot flood the bus that every subscriber and the reactor read.
 */
export const MINION_EVENT_TAG_MAX_CHARS = 512;
export const MINION_EVENT_MAX_BYTES = 1024 * 1024;
export const MINION_EVENT_MAX_DEPTH = 64;
export const MINION_EVENT_BURST = 200;
export const MINION_EVENT_RATE = 100;

/**
 * The fleet-wide concurrency cap (master/governor.ts): the longest the master holds one `_slot_acquire`
 * waiting for a free slot (25 s, in seconds); a minion waiting longer asks again. Its request timeout must
 * be longer than this.
 */
export const SLOT_MAX_WAIT_S = 25;
/** The longest lease a slot may be granted for, in seconds (one day); a minion renews a longer run. */
export const SLOT_MAX_LEASE_S = 86400;
/** The highest limit a concurrency group may have. */
export const SLOT_MAX_LIMIT = 10000;
/** The longest concurrency group name, and the characters it may use. */
export const SLOT_GROUP_PATTERN = '^[A-Za-z0-9_.:-]{1,128}$';

/** The user a job a minion's scheduler ran shows (jobs.list_jobs, jobs.active): Salt's default when a job names none. */
export const SCHEDULE_USER = 'root';
