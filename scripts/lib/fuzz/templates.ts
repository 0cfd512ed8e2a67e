/**
 * Valid messages of protocol v1, the seeds that mutations start from: an
 * `auth` request, each sealed minion request (`_return`, `_pillar`, the file
 * server's three, `_missed_jobs`, the mine's, `_minion_start`, the
 * concurrency cap's `_slot_acquire` and `_slot_release`) and each local
 * client request, filled with values drawn from the seeded stream and from the run's context (the real
 * minions' ids, the jids of jobs published before fuzzing, the files of
 * file_roots).
 */
import { TARGET_TYPES } from '@brine/core/protocol/v1/constants';
import { LOCAL_CLIENT_COMMANDS } from '@brine/core/protocol/v1/local-client';
import { MINION_REQUESTS_COMMANDS } from '@brine/core/protocol/v1/minion-requests';
import { EDGE_NUMBERS, EDGE_STRINGS, LEAF, SHAPE } from './values';
import type { Rng } from './random';

/**
 * What the run knows that frames can refer to. Keys, jids and the root key differ from run to run; the choices
 * among them do not. Frames are mutated in place, so a template copies what it takes from here.
 */
export interface FuzzContext {
  /** Ids of the real, accepted minions (the first one is impersonated by sealed frames). */
  minions: readonly string[];
  /** Ids that `auth` frames with well-formed keys use: a bounded pool, so pending keys stay bounded. */
  authPool: readonly string[];
  /** Jids of jobs the master published before fuzzing. */
  jids: readonly string[];
  /** Files of the master's file_roots (`salt://` paths). */
  files: readonly string[];
}

/** The sealed minion request commands, as the protocol lists them: one added there fails to compile until {@link minionRequest} builds it. */
export const MINION_COMMANDS = Object.keys(MINION_REQUESTS_COMMANDS) as ReadonlyArray<keyof typeof MINION_REQUESTS_COMMANDS>;
/** The local client commands, as the protocol lists them (and {@link localRequest} builds them). */
export const LOCAL_COMMANDS = Object.keys(LOCAL_CLIENT_COMMANDS) as ReadonlyArray<keyof typeof LOCAL_CLIENT_COMMANDS>;
/** The local client commands that change nothing, which frames with the right root key may use. */
// `events` reads the bus (cursors from the past, the future, the disk log); `runner_new` only fires an event;
// `audit_verify` reads the audit log; `acl_check` judges without running anything.
export const READ_ONLY_LOCAL_COMMANDS = ['check_minions', 'job_returns', 'list_jobs', 'present', 'alived', 'job_load', 'minion_cache', 'governor_status', 'events', 'runner_new', 'audit_verify', 'acl_check'] as const;

/** A request frame `{v: 1, rid, cmd, req, key?}`, as an object still to be mutated or packed. */
export function envelope(rng: Rng, cmd: string, req: unknown, key?: string): Record<string, unknown> {
  return { v: 1, rid: rng.int(1, 0x7fffffff), cmd, req, ...(key === undefined ? {} : { key }) };
}

/** A well-formed `auth` request: a pool id most of the time, else a real minion's id or an invalid one, with random keys. */
export function authRequest(rng: Rng, ctx: FuzzContext): Record<string, unknown> {
  const id = rng.weighted({ pool: 8, minion: 1, invalid: 1 });
  return {
    id: id === 'pool' ? rng.pick(ctx.authPool) : id === 'minion' ? rng.pick(ctx.minions) : rng.pick(['', '.', '..', '../x', 'a/b', 'a\\b', 'nul\0', 'x'.repeat(300)]),
    box: rng.bytes(32),
    sign: rng.bytes(32),
    token: rng.bytes(16),
  };
}

/** A jid: one the master published, or a well-formed or malformed one it never did. */
function jid(rng: Rng, ctx: FuzzContext): string {
  return rng.chance(0.6) && ctx.jids.length ? rng.pick(ctx.jids) : rng.pick(['20000101000000000000', '99999999999999999999', '2026', rng.pick(EDGE_STRINGS)]);
}

/** A saltenv, existing or not. */
function saltenv(rng: Rng): string {
  return rng.pick(['base', 'base', 'prod', '', '..', '__proto__', 'x'.repeat(rng.int(1, 200))]);
}

/** A path the file server is asked for: a file it has, or one it must refuse. */
function filePath(rng: Rng, ctx: FuzzContext): string {
  return rng.chance(0.5) && ctx.files.length ? rng.pick(ctx.files) : rng.pick(EDGE_STRINGS);
}

/** A valid request of sealed minion command `cmd`, as minion `id` would send it. */
export function minionRequest(rng: Rng, ctx: FuzzContext, cmd: (typeof MINION_COMMANDS)[number], id: string): Record<string, unknown> {
  switch (cmd) {
    case '_return':
      return {
        jid: jid(rng, ctx), id, fun: rng.pick(['test.ping', 'cmd.run', 'state.apply', 'x']), fun_args: [rng.draw(LEAF)],
        return: rng.draw(SHAPE), retcode: rng.pick([0, 1, -1, 2 ** 31]), success: rng.chance(0.5), started: 0, finished: rng.pick(EDGE_NUMBERS),
        ...(rng.chance(0.2) ? { out: rng.pick(['nested', 'highstate', 'json', '../x']) } : {}),
        // A scheduled job's return: the master creates its record (its jid may be a published job's: refused).
        ...(rng.chance(0.2) ? { schedule: rng.pick(['job1', '__mine_interval', rng.pick(EDGE_STRINGS)]), pid: rng.pick([1, 0, 2 ** 31]) } : {}),
      };
    case '_pillar':
      return { grains: rng.chance(0.5) ? { id, os: 'Debian', ipv4: ['127.0.0.1'] } : { [rng.pick(EDGE_STRINGS)]: rng.draw(SHAPE) }, ...(rng.chance(0.5) ? { saltenv: saltenv(rng) } : {}) };
    case '_file_list':
      return { saltenv: saltenv(rng) };
    case '_file_hash':
      return { path: filePath(rng, ctx), saltenv: saltenv(rng) };
    case '_serve_file':
      return { path: filePath(rng, ctx), saltenv: saltenv(rng), loc: rng.pick([0, 0, 1, -1, 0.5, 1e9, 2 ** 53, NaN, Infinity]) };
    case '_missed_jobs':
      return rng.chance(0.3) ? {} : { after: jid(rng, ctx) };
    case '_mine':
      return { data: { [rng.pick(['network.ip_addrs', '', '__proto__', rng.pick(EDGE_STRINGS)])]: rng.draw(SHAPE) }, clear: rng.chance(0.3) };
    case '_mine_delete':
      return rng.chance(0.3) ? {} : { fun: rng.pick(['network.ip_addrs', '', rng.pick(EDGE_STRINGS)]) };
    case '_mine_get':
      return { ...target(rng, ctx), fun: rng.pick<unknown>(['network.ip_addrs', 'a,b', ['a', rng.pick(EDGE_STRINGS)], rng.pick(EDGE_STRINGS)]) };
    case '_minion_start':
      return { data: rng.pick(['Minion x started at Thu Dec  1 07:10:29 2026', '', 'x'.repeat(256), rng.pick(EDGE_STRINGS)]) };
    case '_minion_event':
      return {
        // Tags it may fire, and the master's own it must refuse: another's id, jobs, keys, a bare jid, control characters.
        tag: rng.pick([`myco/${id}/x`, `salt/minion/${id}/custom`, `salt/minion/${rng.pick(ctx.minions)}/start`, `salt/job/${jid(rng, ctx)}/new`,
          'salt/key', 'minion_start', '20260101000000000000', 'a\tb\nsalt/key', 'x'.repeat(rng.int(1, 600)), rng.pick(EDGE_STRINGS)]),
        data: rng.draw(SHAPE),
        ...(rng.chance(0.3) ? { preload: rng.chance(0.5) ? { id: 'other', cmd: 'x', extra: rng.draw(LEAF) } : { [rng.pick(EDGE_STRINGS)]: rng.draw(SHAPE) } } : {}),
      };
    case '_slot_acquire':
      // Short waits only: a held request would only slow the fuzzer down.
      return {
        ...slot(rng), lease: rng.pick<unknown>([1, 600, 86400, 86401, 0, -1, 1.5, NaN]), wait: rng.pick<unknown>([0, 0, 0.05, 25, 26, -1, Infinity]),
        ...(rng.chance(0.7) ? { limit: rng.pick<unknown>([1, 3, 10000, 10001, 0, 2.5, rng.pick(EDGE_NUMBERS)]) } : {}),
      };
    case '_slot_release':
      return slot(rng);
  }
}

/** A concurrency group and run: a few valid names, so slots are held and released, and hostile ones. */
function slot(rng: Rng): Record<string, unknown> {
  return {
    group: rng.pick(['state_apply', 'g1', '', 'x'.repeat(129), '../x', rng.pick(EDGE_STRINGS)]),
    run: rng.pick(['20260101000000000000', 'r1', '', 'x'.repeat(65), rng.pick(EDGE_STRINGS)]),
  };
}

/** A target: each type, with expressions from plain to hostile (regexes, compound syntax, CIDRs, lists). */
function target(rng: Rng, ctx: FuzzContext): Record<string, unknown> {
  const tgt_type = rng.pick(TARGET_TYPES);
  const tgt = rng.pick<unknown>([
    '*', rng.pick(ctx.minions), `${rng.pick(ctx.minions)}*`, rng.pick(EDGE_STRINGS), [...ctx.minions], [rng.pick(EDGE_STRINGS)],
    '(a+)+$', '^(([a-z])+.)+[A-Z]([a-z])+$', 'G@os:Debian and not L@minion2', '( ( ( x', 'E@[', 'S@10.0.0.0/8', '999.1.1.1/99', 'os:Deb*',
    'N@nowhere', '('.repeat(rng.int(1, 2000)), 'not '.repeat(rng.int(1, 500)) + '*',
  ]);
  return { tgt, tgt_type, ...(rng.chance(0.1) ? { delimiter: rng.pick([':', '', '::', '\0']) } : {}) };
}

/** A valid request of local client command `cmd`. */
export function localRequest(rng: Rng, ctx: FuzzContext, cmd: (typeof LOCAL_COMMANDS)[number]): Record<string, unknown> {
  switch (cmd) {
    case 'publish':
      return { ...target(rng, ctx), fun: rng.pick(['test.ping', 'cmd.run', 'x']), arg: [rng.draw(LEAF)], kwarg: {}, user: rng.pick(['root', 'fuzz', '']) };
    case 'check_minions':
      return target(rng, ctx);
    case 'key_event':
      // Half say what salt-key did (act, which fires salt/key); 1 in 5 also carries the former shape's rotate,
      // which the schema must refuse.
      return {
        ids: [rng.pick(ctx.authPool)], ...(rng.chance(0.5) ? { act: rng.pick(['accept', 'delete', 'reject']) } : {}),
        ...(rng.chance(0.2) ? { rotate: rng.chance(0.5) } : {}),
      };
    case 'job_returns':
      return { jid: jid(rng, ctx), ...(rng.chance(0.5) ? { after: rng.pick(['', '0', 'zzzz', '\xff'.repeat(8), rng.pick(EDGE_STRINGS)]) } : {}) };
    case 'runner_new':
    case 'runner_job':
      return {
        jid: jid(rng, ctx), fun: rng.pick(['manage.up', 'jobs.list_jobs', '', '../x', rng.pick(EDGE_STRINGS)]), user: rng.pick(['root', '', rng.pick(EDGE_STRINGS)]),
        fun_args: [rng.draw(LEAF)], ...(cmd === 'runner_job' ? { return: rng.draw(LEAF), success: rng.chance(0.5) } : {}),
      };
    case 'list_jobs':
      return rng.chance(0.3) ? {} : { limit: rng.pick(EDGE_NUMBERS) };
    case 'present':
      return {};
    case 'alived':
      return rng.chance(0.5) ? {} : { subset: [rng.pick(ctx.minions), rng.pick(EDGE_STRINGS)] };
    case 'job_load':
      return { jid: jid(rng, ctx) };
    case 'minion_cache':
      return { kind: rng.pick(['grains', 'pillar', 'mine']), ...(rng.chance(0.7) ? { target: target(rng, ctx) } : {}) };
    case 'governor_status':
    case 'audit_verify':
      return {};
    case 'events':
      // No wait: a held poll would only slow the fuzzer down.
      return rng.chance(0.3) ? {} : { after: rng.pick<unknown>([0, 1, 2 ** 31, 2 ** 53 - 1, -1, 1.5, 1e300, NaN, '0']) };
    case 'acl_check':
      return { user: rng.pick(['root', 'nosuchuser', '', rng.pick(EDGE_STRINGS)]), fun: rng.pick(['test.ping', 'jobs.list_jobs', '', rng.pick(EDGE_STRINGS)]), ...target(rng, ctx) };
    case 'wheel':
      // Never a match that names the fuzzer's own minions: their keys must stay.
      return { fun: rng.pick(['key.list_all', 'key.accept', 'key.delete', 'key.gen', '']), arg: [], kwarg: rng.chance(0.5) ? { match: `fuzz-nosuch-${rng.pick(EDGE_STRINGS)}` } : { match: [rng.draw(LEAF)] } };
  }
}
