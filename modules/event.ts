/**
 * Salt's `event` module: fire custom events from a minion onto the master's
 * event bus, where `salt-run state.event`, the local client's subscribers and
 * the reactor see them.
 *
 * The master fires each event under the tag given, with the id of the minion
 * whose key sealed the request (never an id the minion sends), and refuses the
 * tags only it fires (`salt/...` but `salt/minion/<own id>/...` and
 * `salt/beacon/<own id>/...`, `minion_start`, a bare jid), events over 1 MiB or
 * 64 levels deep, and a minion firing past 100 events a second (bursts of 200):
 * those refusals are errors here, where Salt fires whatever a minion sends.
 *
 * brine minions have no local event bus (Salt's minion-side IPC bus, read by
 * the minion's own beacons and schedule): `event.fire` says so, and with
 * `file_client: local` nothing is sent anywhere.
 */
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { cleanKwargs } from '@brine/core/loader/args';
import { defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { isDict } from '@brine/core/python';

/** Why `event.fire` cannot work in brine. */
const NO_LOCAL_BUS =
  'brine minions have no local event bus: event.fire is not available. Use event.send or event.fire_master to fire on the master\'s bus';
/** Why event.send without a master sends nothing (Salt's fires on the local bus then). */
const NO_MASTER_NO_BUS = 'brine minions have no local event bus, where Salt sends events without a master (file_client: local): the event was not sent';

/** Python's truth of `v`: None, False, 0, '' and empty lists and dicts are false. */
function pyFalsy(v: unknown): boolean {
  return v === null || v === undefined || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (isDict(v) && Object.keys(v).length === 0);
}

/** Salt's `_dict_subset`: the entries of `from` whose keys `keys` lists. */
function subset(keys: unknown[], from: Record<string, unknown>): Record<string, unknown> {
  const wanted = new Set(keys.map(String));
  return Object.fromEntries(Object.entries(from).filter(([k]) => wanted.has(k)));
}

/** `from` whole when `spec` is true(ish), only the keys it lists when it is a list (Salt's with_grains/with_pillar/with_env). */
function included(spec: unknown, from: Record<string, unknown>): Record<string, unknown> {
  return Array.isArray(spec) ? subset(spec, from) : from;
}

/**
 * Fire on the master's bus as Salt's fire_master: salt-call, or a truthy `preload`, sends Salt's raw load (the
 * preload's keys added when it is a dict); a running minion sends what Salt's minion forwards, false-ish data
 * sent as {}. A master that cannot be reached gives false (logged), as Salt's; a refusal is an error.
 */
async function fireMaster(ctx: ExecContext, data: unknown, tag: string, preload: unknown): Promise<boolean> {
  if (!ctx.events) {
    ctx.log.warning(`Local mode detected. Event with tag ${tag} will NOT be sent.`);
    return false;
  }
  const raw = !pyFalsy(preload) || ctx.runtime === undefined;
  try {
    if (raw) return await ctx.events.fire(tag, data, isDict(preload) ? preload : {});
    return await ctx.events.fire(tag, pyFalsy(data) ? {} : data);
  } catch (err) {
    if (err instanceof SaltInvocationError || err instanceof CommandExecutionError) throw err;
    ctx.log.warning(`Event ${tag} could not be sent to the master: ${errorMessage(err)}`);
    return false;
  }
}

export default defineModule({
  name: 'event',
  doc: "Fire custom events from a minion onto the master's event bus, as Salt's event module (see each function).",
  functions: {
    send: defineFunction({
      doc:
        "Send an event to the master's bus, as Salt's event.send. The event's data is a dict built from, in order: " +
        '`environ` (the minion process\'s environment: all with with_env=True, the names listed with a list), `grains` ' +
        '(with_grains, same), `pillar` (with_pillar, same: pillar is often secret, list only what is needed), `saltenv` ' +
        'and `pillarenv` of the minion\'s config (with_env_opts; null when unset, as Salt\'s defaults), every other ' +
        'keyword argument, and last the keys of `data` when it is a dict, which win.\n\n' +
        'On the master the event carries this minion\'s id, set by the master. It refuses tags only it fires (salt/... ' +
        'other than salt/minion/<own id>/... and salt/beacon/<own id>/..., minion_start, a bare jid), tags over 512 ' +
        'characters or with control characters or line separators, data over 1 MiB or 64 levels deep, and more than 100 events a second ' +
        'per minion (bursts of 200): those are errors. Returns True once the master fired it, False when it could not ' +
        'be reached. With file_client: local there is no master and no local bus: an error.',
      example: "salt '*' event.send myco/mytag foo=Foo bar=Bar\nsalt-call event.send 'myco/mytag' '{foo: Foo, bar: Bar}'",
      args: [
        { name: 'tag', type: 'string', required: true, doc: 'The event\'s tag; slashes make a namespace, e.g. myco/build/buildserver1/success.' },
        { name: 'data', type: 'any', doc: 'A dict of data for the event (its keys override the others); anything else is ignored.' },
        { name: 'preload', type: 'any', doc: 'A dict whose keys are added to the load the master fires (Salt\'s raw load shape).' },
        { name: 'with_env', type: 'any', default: false, doc: 'True for the whole environment as `environ`, or a list of variable names.' },
        { name: 'with_grains', type: 'any', default: false, doc: 'True for all grains as `grains`, or a list of grain names.' },
        { name: 'with_pillar', type: 'any', default: false, doc: 'True for the whole pillar as `pillar`, or a list of top-level pillar keys.' },
        { name: 'with_env_opts', type: 'boolean', default: false, doc: 'Add the minion\'s `saltenv` and `pillarenv` options.' },
      ],
      varkwargs: true,
      async run(ctx, { tag, data, preload, with_env, with_grains, with_pillar, with_env_opts, __kwargs__ }) {
        const dataDict: Record<string, unknown> = {};
        if (!pyFalsy(with_env)) dataDict.environ = included(with_env, { ...process.env });
        if (!pyFalsy(with_grains)) dataDict.grains = included(with_grains, ctx.grains);
        if (!pyFalsy(with_pillar)) dataDict.pillar = included(with_pillar, ctx.pillar);
        if (with_env_opts) {
          const opts = ctx.opts as { saltenv?: unknown; pillarenv?: unknown };
          dataDict.saltenv = opts.saltenv ?? null;
          dataDict.pillarenv = opts.pillarenv ?? null;
        }
        Object.assign(dataDict, cleanKwargs(__kwargs__));
        if (isDict(data)) Object.assign(dataDict, data);
        if (!ctx.events) throw new CommandExecutionError(NO_MASTER_NO_BUS);
        return fireMaster(ctx, dataDict, tag, preload);
      },
    }),
    fire_master: defineFunction({
      doc:
        "Fire an event with `data` (any value) and `tag` on the master's bus, as Salt's event.fire_master. From a " +
        'running minion the master fires Salt\'s forwarded load `{id, cmd: _minion_event, pretag: null, data, tag}` ' +
        '(empty data as {}); from salt-call, or with `preload`, Salt\'s raw load `{id, tag, data, cmd: _minion_event}` ' +
        'plus the preload\'s keys. The id is set by the master. The master\'s refusals are those of event.send ' +
        '(errors). Returns True once fired, False when the master could not be reached or there is none ' +
        '(file_client: local, logged as Salt\'s "Local mode detected").',
      example: "salt '*' event.fire_master '{\"data\":\"my event data\"}' 'tag'",
      args: [
        { name: 'data', type: 'any', required: true, doc: 'The event\'s data: any value, usually a dict.' },
        { name: 'tag', type: 'string', required: true, doc: 'The event\'s tag.' },
        { name: 'preload', type: 'any', doc: 'A dict whose keys are added to the load the master fires.' },
      ],
      run: (ctx, { data, tag, preload }) => fireMaster(ctx, data, tag, preload),
    }),
    fire: defineFunction({
      doc:
        "Salt's event.fire fires on the minion's local event bus, which brine minions do not have: always an error " +
        'saying so. Use event.send or event.fire_master to fire on the master\'s bus.',
      example: "salt '*' event.fire '{\"data\":\"my event data\"}' 'tag'",
      args: [
        { name: 'data', type: 'any', required: true, doc: 'The event\'s data (Salt requires a dict).' },
        { name: 'tag', type: 'string', required: true, doc: 'The event\'s tag.' },
      ],
      run: () => {
        throw new CommandExecutionError(NO_LOCAL_BUS);
      },
    }),
  },
});
