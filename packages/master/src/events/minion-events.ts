/**
 * The events a minion's own word makes the master fire: `salt/minion/<id>/start`
 * and `minion_start` when it starts, with the data Salt's master fires for a
 * minion event (`_minion_event` without its token): `{id, cmd, pretag, data,
 * tag}`. The id is the one that sealed the request, so a minion cannot start
 * another.
 */
import type { EventBus } from './bus';

/** Fire `salt/minion/<id>/start` and `minion_start` for minion `id`, `data` its text (`Minion <id> started at ...`). */
export function fireMinionStart(bus: Pick<EventBus, 'fire'>, id: string, data: string): void {
  for (const tag of [`salt/minion/${id}/start`, 'minion_start']) {
    bus.fire(tag, () => ({ id, cmd: '_minion_event', pretag: null, data, tag }));
  }
}
