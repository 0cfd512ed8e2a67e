/**
 * The job events the master fires, with Salt 3006's tags and data (salt/master.py
 * `_prep_pub` and `_return`), in the order Salt fires them: when a job is
 * published, `<jid>` `{minions}` then `salt/job/<jid>/new`; when a minion's
 * return is stored, `salt/job/<jid>/ret/<id>`.
 */
import { packedArgs } from '@brine/core/loader/args';
import type { JobLoad, ReturnLoad } from '@brine/core/protocol/v1/loads';
import type { EventBus } from './bus';

/**
 * Fire the events of a published job: `<jid>` `{minions}` and `salt/job/<jid>/new` `{jid, tgt_type, tgt, user,
 * fun, arg, minions, missing}`; `missing` lists the ids a list target names that no accepted key has (Salt's
 * ck_minions), [] for other targets.
 */
export function fireJobPublished(bus: Pick<EventBus, 'fire'>, load: JobLoad, minions: string[]): void {
  bus.fire(load.jid, () => ({ minions }));
  bus.fire(`salt/job/${load.jid}/new`, () => {
    const found = new Set(minions);
    const named = load.tgt_type !== 'list' ? [] : Array.isArray(load.tgt) ? load.tgt : load.tgt.split(',');
    const missing = named.filter((id) => !found.has(id));
    return { jid: load.jid, tgt_type: load.tgt_type, tgt: load.tgt, user: load.user, fun: load.fun, arg: packedArgs(load.arg, load.kwarg), minions, missing };
  });
}

/**
 * Fire `salt/job/<jid>/ret/<id>` for a stored return: the minion's return load as Salt's minion sends it
 * (`cmd: '_return'`, id, success, return, retcode, jid, fun, fun_args, the job's user, and `out` when set).
 * @param user reads the user of the job (only when someone listens)
 */
export function fireReturn(bus: Pick<EventBus, 'fire'>, ret: ReturnLoad, user: () => string | undefined): void {
  bus.fire(`salt/job/${ret.jid}/ret/${ret.id}`, () => {
    const u = user();
    return {
      cmd: '_return', id: ret.id, success: ret.success, return: ret.return, retcode: ret.retcode, jid: ret.jid, fun: ret.fun,
      fun_args: ret.fun_args, ...(u !== undefined ? { user: u } : {}), ...(ret.out ? { out: ret.out } : {}),
      // A scheduled job's return carries these as Salt's.
      ...(ret.schedule !== undefined ? { schedule: ret.schedule, pid: ret.pid, ...(ret.metadata ? { metadata: ret.metadata } : {}) } : {}),
    };
  });
}
