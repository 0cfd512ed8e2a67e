/**
 * Salt's `service` state module: services running or dead, optionally
 * enabled or disabled at boot, and restarted (or reloaded) when a watched
 * state changed, through the `service` execution module (systemctl). Where
 * that module does not load, every state fails with its reason, e.g.
 * "'service' __virtual__ returned False: systemd is not running as PID 1 ...".
 * Comments follow Salt 3006's service states.
 */
import { SaltError, errorMessage } from '@brine/core/errors';
import type { ArgsOf, ArgSpec, ExecContext } from '@brine/core/loader/define';
import { expectResult } from '@brine/core/loader/expect';
import { defineStateFunction, defineStateModule, stateReturn, type StateReturn } from '@brine/core/state/define';

const ARGS = [
  { name: 'name', type: 'string', required: true, doc: "The service (systemd unit), e.g. 'nginx'." },
  { name: 'enable', type: 'boolean', doc: 'Also make it start at boot (True) or not (False). Default: leave the boot setting.' },
  { name: 'reload', type: 'boolean', default: false, doc: 'When a watched state changes, reload instead of restart.' },
] as const satisfies readonly ArgSpec[];

/** The bound arguments of service.running and service.dead. */
type ServiceArgs = ArgsOf<typeof ARGS>;

/** Call a `service.*` function on `name`; each answers True or False. @throws CommandExecutionError for another answer */
async function svc(ctx: ExecContext, fun: string, name: string): Promise<boolean> {
  const fullName = `service.${fun}`;
  return expectResult(fullName, await ctx.salt.call(fullName, [name]), (v) => typeof v === 'boolean', 'True or False');
}

/** How Salt's enable/disable comments describe the service: running (true), dead (false), unchanged (null). */
function described(started: boolean | null): string {
  if (started === null) return 'is in the desired state';
  return started ? 'is running' : 'is dead';
}

/**
 * Salt's `_enable` / `_disable`: make the boot setting match `enable`, after the state's own action.
 * @param started whether the service now runs; null when the state found it as wanted
 * @param result the state's result so far
 */
async function toggle(ctx: ExecContext, name: string, enable: boolean, started: boolean | null, result: boolean): Promise<StateReturn> {
  const word = enable ? 'enabled' : 'disabled';
  const before = await svc(ctx, 'enabled', name);
  if (before === enable) return stateReturn(name, result, `Service ${name} is already ${word}, and ${described(started)}`);
  if (ctx.test) return stateReturn(name, null, `Service ${name} set to be ${word}`);
  const how = started === null ? 'but the service was already running' : started ? 'but the service is running' : 'and the service is dead';
  const failed = `Failed when setting service ${name} to ${enable ? '' : 'not '}start at boot, ${how}`;
  try {
    // service.disable answers False when systemctl fails; service.enable raises with systemctl's message.
    if (!(await svc(ctx, enable ? 'enable' : 'disable', name))) return stateReturn(name, false, failed);
  } catch (err) {
    if (!(err instanceof SaltError)) throw err;
    return stateReturn(name, false, `${failed}. Additional information follows:\n\n${err.message}`);
  }
  const changes = (await svc(ctx, 'enabled', name)) !== before ? { [name]: true } : {};
  return stateReturn(name, result, `Service ${name} has been ${word}, and ${described(started)}`, changes);
}

/** The action and wording of service.running and service.dead. */
const GOALS = {
  running: { action: 'start', missing: 'started', already: 'running', pending: 'is set to start', failed: 'failed to start', done: (n: string) => `Started service ${n}` },
  dead: { action: 'stop', missing: 'stopped', already: 'dead', pending: 'is set to be killed', failed: 'failed to die', done: (n: string) => `Service ${n} was killed` },
} as const;

/** Salt's service.running (`run` true) and service.dead (`run` false). */
async function ensure(ctx: ExecContext, a: ServiceArgs, run: boolean): Promise<StateReturn> {
  const goal = GOALS[run ? 'running' : 'dead'];
  const { enable } = a;
  if (!(await svc(ctx, 'available', a.name))) {
    if (ctx.test) return stateReturn(a.name, null, `Service ${a.name} not present; if created in this state run, it would have been ${goal.missing}`);
    // A missing service is what dead wants; running fails.
    return stateReturn(a.name, !run, `The named service ${a.name} is not available`);
  }
  if ((await svc(ctx, 'status', a.name)) === run) {
    if (enable != null && (await svc(ctx, 'enabled', a.name)) !== enable) return toggle(ctx, a.name, enable, null, true);
    return stateReturn(a.name, true, `The service ${a.name} is already ${goal.already}`);
  }
  if (ctx.test) return stateReturn(a.name, null, `Service ${a.name} ${goal.pending}`);
  let done: boolean;
  try {
    // service.stop answers False when systemctl fails; service.start raises with systemctl's message.
    done = await svc(ctx, goal.action, a.name);
  } catch (err) {
    if (!(err instanceof SaltError)) throw err;
    return stateReturn(a.name, false, `Service ${a.name} ${goal.failed}: ${errorMessage(err)}`);
  }
  const now = await svc(ctx, 'status', a.name);
  const ok = done && now === run;
  const ret = stateReturn(a.name, ok, ok ? goal.done(a.name) : `Service ${a.name} ${goal.failed}`, { [a.name]: now });
  if (enable == null) return ret;
  const toggled = await toggle(ctx, a.name, enable, now, ok);
  return { ...toggled, changes: { ...ret.changes, ...toggled.changes } };
}

/** Past participles of the actions mod_watch reports. */
const DONE: Record<string, string> = { start: 'started', stop: 'stopped', restart: 'restarted', reload: 'reloaded' };

/** Salt's service.mod_watch: restart (or reload) a running service, start a stopped one, stop one that should be dead. */
async function modWatch(ctx: ExecContext, a: ServiceArgs & { sfun: string }): Promise<StateReturn> {
  const up = a.sfun === 'running' || a.sfun === 'dead' ? await svc(ctx, 'status', a.name) : undefined;
  let verb: string;
  if (a.sfun === 'dead') {
    if (!up) return stateReturn(a.name, true, 'Service is already stopped');
    verb = 'stop';
  } else if (a.sfun === 'running') {
    verb = !up ? 'start' : a.reload ? 'reload' : 'restart';
  } else {
    return stateReturn(a.name, false, `Unable to trigger watch for service.${a.sfun}`);
  }
  if (ctx.test) return stateReturn(a.name, null, `Service is set to be ${DONE[verb]}`);
  try {
    // service.stop answers False when systemctl fails, as Salt's.
    if (!(await svc(ctx, verb, a.name))) return stateReturn(a.name, false, `Failed to ${verb} the service`, { [a.name]: false });
  } catch (err) {
    if (!(err instanceof SaltError)) throw err;
    return stateReturn(a.name, false, `Failed to ${verb} the service: ${err.message}`);
  }
  return stateReturn(a.name, true, `Service ${DONE[verb]}`, { [a.name]: true });
}


export default defineStateModule({
  name: 'service',
  doc: `Keep services running or stopped, and enabled or disabled at boot, as Salt's service states.
A watch requisite restarts a running service (reloads it with reload: True).`,
  functions: {
    running: defineStateFunction({
      doc: `Make sure a service runs (started when stopped). Changes: {<name>: true} when started, and when the boot setting
changed. Comments: "Started service <name>", "The service <name> is already running", "Service <name> has been
enabled, and is running"; "The named service <name> is not available" (result False) for an unknown service.`,
      example: "salt '*' state.single service.running nginx enable=True",
      args: ARGS,
      run: (ctx, a) => ensure(ctx, a, true),
    }),
    dead: defineStateFunction({
      doc: `Make sure a service is stopped. Changes: {<name>: false} when stopped. Comments: "Service <name> was killed",
"The service <name> is already dead"; an unknown service is fine ("The named service <name> is not available").`,
      example: "salt '*' state.single service.dead telnetd enable=False",
      args: ARGS,
      run: (ctx, a) => ensure(ctx, a, false),
    }),
    mod_watch: defineStateFunction({
      doc: `Called when a watched state changed: for running, restart the service (reload with reload=True; start it when
stopped); for dead, stop it. Changes: {<name>: true}; comment "Service restarted" (reloaded, started, stopped).`,
      example: "salt '*' state.sls web  # with '- watch: [file: /etc/nginx/nginx.conf]' under service.running",
      args: [...ARGS, { name: 'sfun', type: 'string', required: true, doc: 'The watching state function: running or dead.' }],
      run: modWatch,
    }),
  },
});
