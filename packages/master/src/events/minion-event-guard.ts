/**
 * What the master checks before it fires a minion's custom event
 * (`_minion_event`): that the minion may fire that tag, that the event is not
 * too large or too deep, and that the minion is within its rate.
 *
 * The origin cannot be forged: the event's `id` is always the id whose key
 * sealed the request (minion-events.ts sets it), and a minion may not fire a
 * tag the master fires, which a reactor or subscriber trusts as the master's
 * word. Refused are:
 * - every `salt/...` tag (jobs, runners, keys, auth, presence, wheel...), but
 *   `salt/minion/<own id>/...` and `salt/beacon/<own id>/...`, which speak for
 *   the sender alone, as Salt's minions fire them;
 * - `minion_start`, which only the sealed start announcement fires;
 * - a bare jid (20 digits), the master's `<jid>` `{minions}` event;
 * - a tag holding a control character (tab, newline...) or a line separator: `salt-run
 *   state.event` prints one `tag<TAB>data` line per event, which such a tag
 *   could split into a forged line.
 * Salt itself lets a minion fire any tag; brine refuses these with a clear
 * error to the caller.
 */
import { SaltInvocationError, CommandExecutionError } from '@brine/core/errors';
import { pack } from '@brine/core/protocol/frame';
import { ByteBudget } from '@brine/core/transport/byte-budget';
import {
  MINION_EVENT_BURST,
  MINION_EVENT_MAX_BYTES,
  MINION_EVENT_MAX_DEPTH,
  MINION_EVENT_RATE,
  MINION_EVENT_TAG_MAX_CHARS,
} from '@brine/core/protocol/v1/constants';
import type { MinionEventLoad } from '@brine/core/protocol/v1/minion-requests';

/** Control characters (C0, DEL, C1 with NEL) and Unicode's line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Why minion `id` may not fire `tag`, or null when it may (see the module note).
 */
export function tagRefusal(id: string, tag: string): string | null {
  if (tag.length === 0 || tag.length > MINION_EVENT_TAG_MAX_CHARS) return `an event tag has 1 to ${MINION_EVENT_TAG_MAX_CHARS} characters`;
  if (CONTROL.test(tag)) return 'an event tag may not hold control characters';
  if (tag === 'minion_start' || /^\d{20}$/.test(tag)) return `the master alone fires ${JSON.stringify(tag)}`;
  if (tag.startsWith('salt/') && !tag.startsWith(`salt/minion/${id}/`) && !tag.startsWith(`salt/beacon/${id}/`)) {
    return `the master alone fires tags under salt/ (a minion may fire salt/minion/${id}/... and salt/beacon/${id}/...)`;
  }
  return null;
}

/**
 * Why `value` cannot travel as event data, or null when it can: nested deeper than `maxDepth` (a scalar is 0, `{}`
 * and `[]` are 1), or holding bytes or a timestamp (msgpack's bin and timestamp types), which no JSON subscriber
 * can print (`salt-run state.event` would fail on them). Walked without recursion, stopping at the first fault.
 */
export function dataRefusal(value: unknown, maxDepth: number): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (v instanceof Uint8Array || v instanceof Date) return 'its data holds bytes or a timestamp, which events cannot carry';
    if (d + 1 > maxDepth) return `its data nests deeper than ${maxDepth} levels`;
    for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return null;
}

/** How many buckets the guard holds before it first forgets the full ones. */
const SWEEP_AT = 1024;

/** The checks of minion events, with each minion's rate (a token bucket of MINION_EVENT_BURST, MINION_EVENT_RATE a second). */
export class MinionEventGuard {
  private readonly buckets = new Map<string, ByteBudget>();
  private sweepAt = SWEEP_AT;

  constructor(
    private readonly rate = MINION_EVENT_RATE,
    private readonly burst = MINION_EVENT_BURST,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Admit one event of minion `id`, or throw why not. The rate is spent only by events that pass the other checks.
   * @throws SaltInvocationError for a tag the minion may not fire, data over MINION_EVENT_MAX_BYTES (preload
   *   included), nested deeper than MINION_EVENT_MAX_DEPTH or holding bytes or timestamps; CommandExecutionError past the minion's rate
   */
  admit(id: string, load: MinionEventLoad): void {
    const why = tagRefusal(id, load.tag);
    if (why) throw new SaltInvocationError(`Event ${JSON.stringify(load.tag.slice(0, 80))} refused: ${why}`);
    const bad = dataRefusal(load.data, MINION_EVENT_MAX_DEPTH) ?? dataRefusal(load.preload, MINION_EVENT_MAX_DEPTH);
    if (bad) throw new SaltInvocationError(`Event ${load.tag} refused: ${bad}`);
    const size = pack([load.data, load.preload ?? null]).length;
    if (size > MINION_EVENT_MAX_BYTES) throw new SaltInvocationError(`Event ${load.tag} refused: ${size} bytes of data, more than ${MINION_EVENT_MAX_BYTES}`);
    this.spend(id);
  }

  /** Take one token from minion `id`'s bucket. @throws CommandExecutionError when it is empty */
  private spend(id: string): void {
    let bucket = this.buckets.get(id);
    if (!bucket) this.buckets.set(id, (bucket = new ByteBudget({ burst: this.burst, perSecond: this.rate, now: this.now })));
    if (!bucket.take(1)) throw new CommandExecutionError(`Event refused: minion ${id} fires more than ${this.rate} events a second (bursts of ${this.burst})`);
    if (this.buckets.size >= this.sweepAt) {
      // Buckets full again are as good as absent: minions that stopped firing cost nothing.
      for (const [other, b] of this.buckets) if (b.full) this.buckets.delete(other);
      // Twice what is left: sweeping stays amortised O(1) per event however many minions fire.
      this.sweepAt = Math.max(SWEEP_AT, 2 * this.buckets.size);
    }
  }
}
