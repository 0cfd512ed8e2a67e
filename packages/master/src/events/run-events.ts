/**
 * The runner events the master fires for salt-run, with Salt 3006's tags and
 * data (salt/client/mixins.py SyncClientMixin.low, through the jid's
 * namespaced event): `salt/run/<jid>/new` when a run starts, `salt/run/<jid>/ret`
 * when it ends. `fun` is `runner.<fun>`; `fun_args` the positional arguments,
 * then the keyword arguments as one map when there are any.
 */
import type { EventBus } from './bus';

/** What salt-run tells the master of a run that starts. */
export interface RunStart {
  jid: string;
  fun: string;
  fun_args: unknown[];
  user: string;
}

/** What salt-run tells the master of a run that ended: its return and whether it succeeded. */
export interface RunEnd extends RunStart {
  return: unknown;
  success: boolean;
}

/** Fire `salt/run/<jid>/new` {fun, jid, user, fun_args}, in Salt's key order. */
export function fireRunNew(bus: Pick<EventBus, 'fire'>, run: RunStart): void {
  bus.fire(`salt/run/${run.jid}/new`, () => ({ fun: `runner.${run.fun}`, jid: run.jid, user: run.user, fun_args: run.fun_args }));
}

/** Fire `salt/run/<jid>/ret` {fun, jid, user, fun_args, return, success}, in Salt's key order. */
export function fireRunRet(bus: Pick<EventBus, 'fire'>, run: RunEnd): void {
  bus.fire(`salt/run/${run.jid}/ret`, () => ({
    fun: `runner.${run.fun}`, jid: run.jid, user: run.user, fun_args: run.fun_args, return: run.return, success: run.success,
  }));
}
