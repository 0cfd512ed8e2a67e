/**
 * Authenticated requests from minions on the request port: open the sealed
 * call with the minion's shared key (which proves the sender holds the
 * accepted key for that id), dispatch it to its handler, and seal the outcome
 * back. Every handler acts for the id that sealed the request, never one the
 * request names, and only once: a call whose ticket and number were already
 * served (a replay) is refused before it reaches a handler (tickets.ts).
 */
import { AuthenticationError, errorCode, errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import type { Handlers } from '@brine/core/protocol/v1/channel';
import type { MINION_REQUESTS_COMMANDS, PillarLoad } from '@brine/core/protocol/v1/minion-requests';
import type { Sealed, SealedRequest } from '@brine/core/protocol/v1/request-port';
import { MINION_REQUESTS } from '@brine/core/protocol/v1/runtime';
import { openRequest, sealOutcome } from '@brine/core/protocol/v1/secure';
import { WarningLimiter } from '@brine/core/warning-limiter';
import type { Auth } from './auth';
import type { CatchUp } from './catch-up';
import type { FileServer } from './fileserver';
import type { Governor } from './governor';
import type { Mine } from './mine';
import type { Returns } from './returns';
import type { EventBus } from './events/bus';
import { MinionEventGuard } from './events/minion-event-guard';
import { fireMinionEvent, fireMinionStart } from './events/minion-events';

/** Who sealed a request: the authenticated minion id. */
export interface Sender {
  id: string;
}

/**
 * Serves sealed minion requests: `_return`, `_pillar`, the file server's `_file_list`, `_file_hash`, `_serve_file`,
 * `_missed_jobs`, the mine's `_mine`, `_mine_delete`, `_mine_get`, `_minion_start` (fires the start events),
 * `_minion_event` (a custom event, checked and rate-bounded by MinionEventGuard, under the sealing id), and the
 * concurrency cap's `_slot_acquire` and `_slot_release` (governor.ts).
 */
export class MinionRequests {
  private readonly handlers: Handlers<typeof MINION_REQUESTS_COMMANDS, Sender>;
  /** Refusals logged per minion and error code, rate-limited. */
  private readonly warnings = new WarningLimiter();

  constructor(
    private readonly auth: Auth,
    returns: Returns,
    files: FileServer,
    catchUp: CatchUp,
    /** Compile the pillar of the authenticated minion `id` (which also caches the grains it sent). */
    pillar: (id: string, load: PillarLoad) => Promise<Record<string, unknown>>,
    mine: Mine,
    events: Pick<EventBus, 'fire'>,
    governor: Pick<Governor, 'acquire' | 'release'>,
    private readonly log: Logger,
  ) {
    const guard = new MinionEventGuard();
    this.handlers = {
      _return: (load, { id }) => returns.accept(id, load),
      // Compiled for the id whose key sealed the request: a minion cannot ask for another's pillar.
      _pillar: (load, { id }) => pillar(id, load),
      _file_list: (load) => files.list(load),
      _file_hash: (load) => files.hash(load),
      _serve_file: (load) => files.serve(load),
      _missed_jobs: (load, { id }) => catchUp.missedBy(id, load.after),
      // A minion writes its own mine only, and reads others' only as their ACLs allow.
      _mine: (load, { id }) => mine.store(id, load),
      _mine_delete: (load, { id }) => mine.delete(id, load.fun),
      _mine_get: (load, { id }) => mine.get(id, load),
      _minion_start: (load, { id }) => {
        fireMinionStart(events, id, load.data);
        return true as const;
      },
      _minion_event: (load, { id }) => {
        guard.admit(id, load);
        fireMinionEvent(events, id, load);
        return true as const;
      },
      // A slot is held, renewed and released for the sealing id only.
      _slot_acquire: (load, { id }) => governor.acquire(id, load),
      _slot_release: (load, { id }) => governor.release(id, load),
    };
  }

  /**
   * Open, serve and seal one request.
   * @throws AuthenticationError when `id` is not an accepted minion or the call's ticket is not one it holds now;
   *   ProtocolError when the box does not open under its key, holds no well-formed call, or replays a call
   *   (all answered in clear)
   */
  async handle(req: SealedRequest): Promise<Sealed> {
    const peer = this.auth.peer(req.id);
    if (!peer) throw new AuthenticationError(`Minion ${JSON.stringify(req.id)} is not authenticated`);
    const { tag, ticket, seq, ...call } = openRequest(peer.shared, req);
    // Before anything is served: a replayed or stale call, or one under a ticket the master no longer holds, is refused.
    peer.tickets.admit({ ticket, seq });
    const outcome = await MINION_REQUESTS.dispatch(this.handlers, call, { id: req.id }, (err, cmd) =>
      this.warnings.log(this.log, 'warning', `${req.id}:${errorCode(err)}`, `Request ${JSON.stringify(cmd)} from ${req.id} refused: ${errorMessage(err)}`),
    );
    return sealOutcome(peer.shared, tag, outcome);
  }
}
