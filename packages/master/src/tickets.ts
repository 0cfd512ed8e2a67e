/**
 * Freshness of a minion's sealed requests. Each accepted authentication opens
 * a ticket: 16 random bytes sent to the minion inside its sealed session
 * grant, so only the holder of the minion's key learns it. Every sealed call
 * carries the ticket and a sequence number, one more per call. The master
 * serves a call only when its ticket is one it issued to that minion and
 * still keeps, and its number was not seen before under it, so a captured
 * request sent again is refused without being served.
 *
 * Numbers may arrive slightly out of order (calls sent concurrently), so each
 * ticket remembers the highest number it served and which of the
 * {@link WINDOW} numbers below it were served; anything older is refused as
 * stale. A minion keeps {@link TICKETS_PER_MINION} tickets (the daemon and a
 * few salt-call runs each authenticate), unused ones forgotten first; a
 * forgotten ticket, or any
 * ticket after a master restart, is refused as unknown and the minion
 * authenticates again. Nothing is written to disk.
 */
import crypto from 'node:crypto';
import { AuthenticationError, ProtocolError } from '@brine/core/errors';
import type { Freshness } from '@brine/core/protocol/v1/secure';

/** How far below the highest number served a call may still arrive, in calls. */
export const WINDOW = 1024;

/** Tickets kept per minion, newest first; issuing one more forgets the oldest. */
export const TICKETS_PER_MINION = 16;

/** What one ticket has served: the highest number, and the numbers served within {@link WINDOW} below it. */
interface Served {
  top: number;
  recent: Set<number>;
}

/** The tickets of one minion's authentications and the calls served under each. */
export class Tickets {
  private readonly byTicket = new Map<string, Served>();

  /**
   * Open a ticket for a new authentication. Beyond {@link TICKETS_PER_MINION}, the oldest ticket that never
   * served a call is forgotten, or the oldest of all when every one has: authentication requests carry no
   * secret, so anyone can make the master issue tickets for a minion, and those must not push out the one
   * the minion is using.
   */
  issue(): Uint8Array {
    const ticket = crypto.randomBytes(16);
    if (this.byTicket.size >= TICKETS_PER_MINION) {
      let evict = this.byTicket.keys().next().value!;
      for (const [key, served] of this.byTicket) {
        if (served.top === 0) {
          evict = key;
          break;
        }
      }
      this.byTicket.delete(evict);
    }
    this.byTicket.set(ticket.toString('hex'), { top: 0, recent: new Set() });
    return ticket;
  }

  /**
   * Admit one call: record its number, or refuse it without recording anything.
   * @throws AuthenticationError for a ticket this minion does not hold now (authenticate again);
   *   ProtocolError for a number already served, or too old to tell (a replay)
   */
  admit(fresh: Freshness): void {
    const served = this.byTicket.get(Buffer.from(fresh.ticket).toString('hex'));
    if (!served) throw new AuthenticationError('Unknown or expired session ticket; authenticate again');
    const { seq } = fresh;
    if (seq <= served.top - WINDOW || served.recent.has(seq)) throw new ProtocolError(`Request ${seq} was already served or is too old (a replay); refused`);
    served.recent.add(seq);
    served.top = Math.max(served.top, seq);
    // Numbers at or below top - WINDOW are refused by the first test anyway: drop them now and then, not per call.
    if (served.recent.size > 2 * WINDOW) for (const n of served.recent) if (n <= served.top - WINDOW) served.recent.delete(n);
  }
}
