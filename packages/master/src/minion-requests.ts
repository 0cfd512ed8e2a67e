/**
 * Authenticated requests from minions on the request port: open the sealed
 * call with the minion's shared key (which proves the sender holds the
 * accepted key for that id), dispatch it to its handler, and seal the outcome
 * back. Every handler acts for the id that sealed the request, never one the
 * request names.
 */
import { AuthenticationError, AuthorizationError, errorMessage, NotFoundError } from '@brine/core/errors';
import { isJid } from '@brine/core/jid';
import type { Logger } from '@brine/core/log';
import type { Handlers } from '@brine/core/protocol/v1/channel';
import type { ReturnLoad } from '@brine/core/protocol/v1/loads';
import type { MINION_REQUESTS_COMMANDS, PillarLoad } from '@brine/core/protocol/v1/minion-requests';
import type { Sealed, SealedRequest } from '@brine/core/protocol/v1/request-port';
import { MINION_REQUESTS } from '@brine/core/protocol/v1/runtime';
import { openRequest, sealOutcome } from '@brine/core/protocol/v1/secure';
import type { Auth } from './auth';
import type { FileServer } from './fileserver';
import type { JobCache } from './job-cache';

/** Who sealed a request: the authenticated minion id. */
export interface Sender {
  id: string;
}

/** Serves sealed minion requests: `_return`, `_pillar`, and the file server's `_file_list`, `_file_hash`, `_serve_file`. */
export class MinionRequests {
  private readonly handlers: Handlers<typeof MINION_REQUESTS_COMMANDS, Sender>;

  constructor(
    private readonly auth: Auth,
    private readonly jobs: JobCache,
    files: FileServer,
    /** Compile the pillar of the authenticated minion `id` (which also caches the grains it sent). */
    pillar: (id: string, load: PillarLoad) => Promise<Record<string, unknown>>,
    private readonly log: Logger,
  ) {
    this.handlers = {
      _return: (load, { id }) => this.saveReturn(id, load),
      // Compiled for the id whose key sealed the request: a minion cannot ask for another's pillar.
      _pillar: (load, { id }) => pillar(id, load),
      _file_list: (load) => files.list(load),
      _file_hash: (load) => files.hash(load),
      _serve_file: (load) => files.serve(load),
    };
  }

  /**
   * Open, serve and seal one request.
   * @throws AuthenticationError when `id` is not an accepted minion; ProtocolError when the box does not open
   *   under its key or holds no well-formed call (both answered in clear)
   */
  async handle(req: SealedRequest): Promise<Sealed> {
    const peer = this.auth.peer(req.id);
    if (!peer) throw new AuthenticationError(`Minion ${JSON.stringify(req.id)} is not authenticated`);
    const { tag, ...call } = openRequest(peer.shared, req);
    const outcome = await MINION_REQUESTS.dispatch(this.handlers, call, { id: req.id }, (err, cmd) =>
      this.log.warning(`Request ${JSON.stringify(cmd)} from ${req.id} refused: ${errorMessage(err)}`),
    );
    return sealOutcome(peer.shared, tag, outcome);
  }

  /**
   * Store a return: only for a jid this master published, and only under the id that authenticated.
   * @throws AuthorizationError when the return names another minion; NotFoundError for an unknown jid
   */
  private async saveReturn(id: string, load: ReturnLoad): Promise<true> {
    if (load.id !== id) throw new AuthorizationError(`return names minion ${JSON.stringify(load.id)} but was sent by ${id}`);
    if (!isJid(load.jid) || !this.jobs.hasJob(load.jid)) throw new NotFoundError(`return for unknown jid ${JSON.stringify(load.jid)}`);
    await this.jobs.saveReturn({ ...load, stamp: Date.now() });
    return true;
  }
}
