/**
 * Presence events, as Salt's master fires them with `presence_events: True`
 * (salt/master.py Maintenance.handle_presence): every `loop_interval`
 * seconds, `salt/presence/change` {new, lost} when the present minions
 * changed since the last round (the first round finds every present minion
 * new), then `salt/presence/present` {present}. Presence is presence.ts's
 * (connections to the publish port); ids are sorted (Salt's are a set's order).
 */
import { timerDelay } from '@brine/core/timer-delay';
import type { EventBus } from './bus';

/**
 * Fire presence events now and every `intervalMs` (one timer, which does not keep the process up).
 * @param present the accepted minions present now
 * @returns a function that stops them
 */
export function startPresenceEvents(bus: Pick<EventBus, 'fire'>, present: () => string[], intervalMs: number): () => void {
  let old = new Set<string>();
  const round = () => {
    const now = present();
    const current = new Set(now);
    const added = now.filter((id) => !old.has(id));
    const lost = [...old].filter((id) => !current.has(id)).sort();
    if (added.length > 0 || lost.length > 0) bus.fire('salt/presence/change', () => ({ new: added, lost }));
    bus.fire('salt/presence/present', () => ({ present: now }));
    old = current;
  };
  round();
  const timer = setInterval(round, timerDelay(intervalMs));
  timer.unref();
  return () => clearInterval(timer);
}
