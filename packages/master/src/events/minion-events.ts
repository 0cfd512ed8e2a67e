/**
 * The events a minion's own word makes the master fire: `salt/minion/<id>/start`
 * and `minion_start` when it starts, and the custom events of event.send and
 * event.fire_master, with the data Salt's master fires for a minion event
 * (`_minion_event` without its token). The id is always the one that sealed
 * the request, never one the minion sent, so a minion cannot speak for another.
 */
import { setOwn } from '@brine/core/traverse';
import type { MinionEventLoad } from '@brine/core/protocol/v1/minion-requests';
import type { EventBus } from './bus';

/** The keys of a raw `_minion_event` load that the master sets, which a preload cannot replace. */
const LOAD_KEYS = new Set(['id', 'tag', 'data', 'cmd', 'tok', 'pretag', '_stamp']);

/** Fire `salt/minion/<id>/start` and `minion_start` for minion `id`, `data` its text (`Minion <id> started at ...`). */
export function fireMinionStart(bus: Pick<EventBus, 'fire'>, id: string, data: string): void {
  for (const tag of [`salt/minion/${id}/start`, 'minion_start']) {
    bus.fire(tag, () => ({ id, cmd: '_minion_event', pretag: null, data, tag }));
  }
}

/**
 * Fire minion `id`'s custom event (admitted by minion-event-guard.ts) under its tag. With a preload (salt-call, or
 * `preload=`), the data is Salt's raw load: `{id, tag, data, cmd: '_minion_event'}` then the preload's other keys;
 * without, the load Salt's minion forwards: `{id, cmd: '_minion_event', pretag: null, data, tag}`.
 */
export function fireMinionEvent(bus: Pick<EventBus, 'fire'>, id: string, { tag, data, preload }: MinionEventLoad): void {
  bus.fire(tag, () => {
    if (!preload) return { id, cmd: '_minion_event', pretag: null, data, tag };
    const load: Record<string, unknown> = { id, tag, data, cmd: '_minion_event' };
    for (const [k, v] of Object.entries(preload)) if (!LOAD_KEYS.has(k)) setOwn(load, k, v);
    return load;
  });
}
