/**
 * Wire messages, by channel. Every frame is one msgpack map carrying the
 * protocol version `v` and a `cmd`; requests carry a request id `rid` that the
 * reply echoes. `frame.ts` checks each decoded frame against {@link SHAPES}
 * before any code trusts its types.
 *
 * - Request port (ROUTER, 4506), minion to master: `auth` in clear (public keys
 *   only), everything else as `req`, sealed with the minion/master shared box key.
 * - Publish port (PUB, 4505), master to minions: `pub` (a job, sealed once with
 *   the session key) and `rotate` (the session key changed); both signed by the master.
 * - Local client channel (ipc in sock_dir): `publish`, `check_minions`,
 *   `key_event`, `ping` from the CLIs, authenticated by the root key in the
 *   master's cachedir.
 */
import type { FileHash } from '../loader/define';

/** The protocol version every message carries. */
export const PROTOCOL_VERSION = 1;
/** The largest frame accepted on any socket, in bytes (16 MiB). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Target types a job may carry (Salt's tgt_type). */
export type TargetType = 'glob' | 'pcre' | 'list' | 'grain' | 'grain_pcre' | 'pillar' | 'pillar_pcre' | 'ipcidr' | 'nodegroup' | 'compound';

/** A published job, as the minion sees it once decrypted (Salt's publish load). */
export interface JobLoad {
  jid: string;
  tgt: string | string[];
  tgt_type: TargetType;
  fun: string;
  arg: unknown[];
  kwarg: Record<string, unknown>;
  user: string;
  delimiter?: string;
}

/** One minion's answer to a job (Salt's return load). Times in ms since the epoch. */
export interface ReturnLoad {
  jid: string;
  id: string;
  fun: string;
  fun_args: unknown[];
  return: unknown;
  retcode: number;
  success: boolean;
  started: number;
  finished: number;
  /** The outputter the function asked for (Salt's `out`), when not the default. */
  out?: string;
}

// ---- request port, minion -> master ----
/** Authentication request: the minion's id and public keys, and a random token the signed reply must echo. */
export interface AuthRequest { v: number; rid: number; cmd: 'auth'; id: string; box: Uint8Array; sign: Uint8Array; token: Uint8Array }
/** An authenticated request: `box` opens with the minion/master shared key to a {@link MinionRequest}. */
export interface SealedRequest { v: number; rid: number; cmd: 'req'; id: string; nonce: Uint8Array; box: Uint8Array }
/** What a sealed request carries; each `load` is shape-checked by the master (SHAPES `return_load`, `file_list_load`, ...). */
export type MinionRequest =
  | { cmd: '_return'; load: ReturnLoad }
  | { cmd: '_file_list'; load: FileListLoad }
  | { cmd: '_file_hash'; load: FileHashLoad }
  | { cmd: '_serve_file'; load: ServeFileLoad }
  | { cmd: '_pillar'; load: PillarLoad };

/**
 * `_pillar`: compile this minion's pillar. The minion sends its current grains
 * (the master caches them for grain targets, as Salt's minion data cache);
 * the pillar is compiled for the id that sealed the request, never another.
 */
export interface PillarLoad {
  grains: Record<string, unknown>;
  saltenv?: string;
}

/** The most bytes one `_serve_file` reply carries (1 MiB); larger files take several requests. */
export const FILE_CHUNK_BYTES = 1024 * 1024;
/** `_file_list`: every file of `saltenv`. Reply data: the relative paths (`string[]`), sorted. Unknown saltenv: error reply. */
export interface FileListLoad { saltenv: string }
/**
 * `_file_hash`: hash `path` (`salt://x` or a relative path) in `saltenv`.
 * Reply data: a {@link FileHash} (`hsum` in lowercase hex, `hash_type` 'sha256'), or null when there is no such file; a path escaping file_roots or an unknown saltenv: error reply.
 */
export interface FileHashLoad { path: string; saltenv: string }
/**
 * `_serve_file`: the bytes of `path` in `saltenv` from byte offset `loc` (a non-negative integer).
 * Reply data: a {@link FileChunk}; a missing file, an escaping path, an unknown saltenv or a bad offset: error reply.
 */
export interface ServeFileLoad { path: string; saltenv: string; loc: number }
/**
 * One chunk of a served file: at most {@link FILE_CHUNK_BYTES} of `data` from the requested offset, `eof`
 * when it reaches the end of the file, and `hsum`, the SHA-256 (hex) of the whole file when the chunk was read
 * (a change between chunks shows as a different `hsum`).
 */
export interface FileChunk { data: Uint8Array; eof: boolean; hsum: string }

// ---- request port, master -> minion ----
/** Key states a master can answer an authentication with, as Salt's auth replies. */
export type AuthStatus = 'accepted' | 'pending' | 'rejected' | 'denied';
/** Signed authentication reply: `body` is the msgpack of an {@link AuthReplyBody}; `sig` its Ed25519 signature by the master. */
export interface AuthReply { v: number; rid: number; cmd: 'auth_reply'; body: Uint8Array; sig: Uint8Array }
/** Signed part of an auth reply. `session` (when accepted) opens with the shared key to a {@link SessionGrant}. */
export interface AuthReplyBody { token: Uint8Array; status: AuthStatus; master_box: Uint8Array; master_sign: Uint8Array; session?: { nonce: Uint8Array; box: Uint8Array } }
/** The session key grant: key generation, the 32-byte key, and the master's clock (ms) for replay bounds. */
export interface SessionGrant { gen: number; key: Uint8Array; now: string }
/** Reply to a sealed request: `box` opens with the shared key to `{ok: true, data}` or `{ok: false, error}`. */
export interface SealedReply { v: number; rid: number; cmd: 'rep'; nonce: Uint8Array; box: Uint8Array }
/**
 * What a sealed request carries once opened: the request and a random 16-byte
 * `tag` that the sealed reply must echo, so a recorded reply cannot answer
 * another request and a request cannot be bounced back as a reply.
 */
export type SealedContent = MinionRequest & { tag: Uint8Array };
/** Decrypted content of a sealed reply, echoing the request's tag. */
export type ReplyContent = ({ ok: true; data?: unknown } | { ok: false; error: string }) & { tag: Uint8Array };
/** An error that precedes decryption (malformed frame, unknown minion). */
export interface ErrorReply { v: number; rid: number; cmd: 'error'; error: string }

// ---- publish port ----
/** A signed publication; `body` is the msgpack of a {@link PubBody} or {@link RotateBody}. */
export interface Publication { v: number; cmd: 'pub' | 'rotate'; body: Uint8Array; sig: Uint8Array }
/** Body of a job publication: the session key generation and the sealed {@link JobLoad}. */
export interface PubBody { gen: number; nonce: Uint8Array; box: Uint8Array }
/** Body of a rotation notice: the new session key generation. */
export interface RotateBody { gen: number }

// ---- local client channel ----
/** A target alone, for `check_minions` (the minions a target expects, without publishing; batch mode uses it). */
export interface TargetRequest { tgt: string | string[]; tgt_type: TargetType; delimiter?: string }

/** What a CLI asks the master to publish. */
export interface PublishRequest { tgt: string | string[]; tgt_type: TargetType; fun: string; arg: unknown[]; kwarg: Record<string, unknown>; user: string; delimiter?: string }
/** Local client requests; `key` is the hex root key from the master's cachedir. */
export type ClientRequest =
  | { v: number; rid: number; cmd: 'publish'; key: string; load: PublishRequest }
  | { v: number; rid: number; cmd: 'check_minions'; key: string; load: TargetRequest }
  | { v: number; rid: number; cmd: 'key_event'; key: string; act: 'accept' | 'delete' | 'reject'; ids: string[]; rotate: boolean }
  | { v: number; rid: number; cmd: 'ping'; key: string }
  | { v: number; rid: number; cmd: 'job_returns'; key: string; jid: string; after?: string }
  | { v: number; rid: number; cmd: 'list_jobs'; key: string; limit?: number }
  | { v: number; rid: number; cmd: 'present'; key: string };
/**
 * Local client replies: the jid and expected minions of a publication (jid null when nothing matched),
 * `data` (the answer to job_returns, list_jobs or present), or ok/error.
 */
export type ClientReply =
  | { v: number; rid: number; cmd: 'published'; jid: string | null; minions: string[] }
  | { v: number; rid: number; cmd: 'data'; data: unknown }
  | { v: number; rid: number; cmd: 'ok' }
  | { v: number; rid: number; cmd: 'error'; error: string };

/** A field check used by {@link SHAPES}: a string, finite number, boolean, bytes (of 16/24/32/64 bytes), plain map, list, list of strings, string or list of strings, or anything; a trailing '?' makes it optional. */
export type FieldKind = 'str' | 'num' | 'bool' | 'bytes' | 'bytes16' | 'bytes24' | 'bytes32' | 'bytes64' | 'map' | 'list' | 'strlist' | 'str|list' | 'any';
type Shape = Record<string, FieldKind | `${FieldKind}?`>;

/** Required fields per message kind; `frame.ts` rejects a frame that lacks one or has the wrong type. */
export const SHAPES = {
  auth: { rid: 'num', id: 'str', box: 'bytes32', sign: 'bytes32', token: 'bytes16' },
  req: { rid: 'num', id: 'str', nonce: 'bytes24', box: 'bytes' },
  auth_reply: { rid: 'num', body: 'bytes', sig: 'bytes64' },
  rep: { rid: 'num', nonce: 'bytes24', box: 'bytes' },
  error: { rid: 'num', error: 'str' },
  pub: { body: 'bytes', sig: 'bytes64' },
  rotate: { body: 'bytes', sig: 'bytes64' },
  publish: { rid: 'num', key: 'str', load: 'map' },
  check_minions: { rid: 'num', key: 'str', load: 'map' },
  target_request: { tgt: 'str|list', tgt_type: 'str', delimiter: 'str?' },
  key_event: { rid: 'num', key: 'str', act: 'str', ids: 'strlist', rotate: 'bool' },
  ping: { rid: 'num', key: 'str' },
  job_returns: { rid: 'num', key: 'str', jid: 'str', after: 'str?' },
  list_jobs: { rid: 'num', key: 'str', limit: 'num?' },
  present: { rid: 'num', key: 'str' },
  published: { rid: 'num', minions: 'strlist' },
  data: { rid: 'num', data: 'any' },
  ok: { rid: 'num' },
  // inner (decrypted) payloads
  auth_reply_body: { token: 'bytes16', status: 'str', master_box: 'bytes32', master_sign: 'bytes32', session: 'map?' },
  session_grant: { gen: 'num', key: 'bytes32', now: 'str' },
  pub_body: { gen: 'num', nonce: 'bytes24', box: 'bytes' },
  rotate_body: { gen: 'num' },
  job_load: { jid: 'str', tgt: 'str|list', tgt_type: 'str', fun: 'str', arg: 'list', kwarg: 'map', user: 'str', delimiter: 'str?' },
  return_load: { jid: 'str', id: 'str', fun: 'str', fun_args: 'list', return: 'any', retcode: 'num', success: 'bool', started: 'num', finished: 'num', out: 'str?' },
  publish_request: { tgt: 'str|list', tgt_type: 'str', fun: 'str', arg: 'list', kwarg: 'map', user: 'str', delimiter: 'str?' },
  file_list_load: { saltenv: 'str' },
  file_hash_load: { path: 'str', saltenv: 'str' },
  serve_file_load: { path: 'str', saltenv: 'str', loc: 'num' },
  pillar_load: { grains: 'map', saltenv: 'str?' },
  minion_request: { cmd: 'str', load: 'map', tag: 'bytes16' },
  reply_content: { ok: 'bool', error: 'str?', data: 'any?', tag: 'bytes16' },
  file_hash_reply: { hsum: 'str', hash_type: 'str' },
  file_chunk: { data: 'bytes', eof: 'bool', hsum: 'str' },
} satisfies Record<string, Shape>;

/** Names of the shapes in {@link SHAPES}. */
export type ShapeName = keyof typeof SHAPES;
