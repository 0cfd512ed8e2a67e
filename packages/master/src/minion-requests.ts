/**
 * Authenticated requests from minions on the request port: open the sealed
 * payload with the minion's shared key (which proves the sender holds the
 * accepted key for that id), dispatch it, and seal the answer back.
 */
import { CommandExecutionError, ProtocolError, errorMessage } from '@brine/core/errors';
import { isJid } from '@brine/core/jid';
import type { Logger } from '@brine/core/log';
import { open, seal } from '@brine/core/protocol/envelope';
import { checkShape, pack, unpack } from '@brine/core/protocol/frame';
import type { FileHashLoad, FileListLoad, PillarLoad, ReplyContent, ReturnLoad, SealedContent, SealedRequest, ServeFileLoad } from '@brine/core/protocol/messages';
import type { Reply } from '@brine/core/transport/request-server';
import type { Auth } from './auth';
import type { FileServer } from './fileserver';
import type { JobCache } from './job-cache';

/** Serves sealed minion requests: `_return`, `_pillar`, and the file server's `_file_list`, `_file_hash`, `_serve_file`. */
export class MinionRequests {
  constructor(
    private readonly auth: Auth,
    private readonly jobs: JobCache,
    private readonly files: FileServer,
    /** Compile the pillar of the authenticated minion `id` (which also caches the grains it sent). */
    private readonly pillar: (id: string, load: PillarLoad) => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  /** Handle one sealed request. An unknown or unaccepted minion gets a clear error reply. */
  async handle(req: SealedRequest): Promise<Reply> {
    const peer = this.auth.peer(req.id);
    if (!peer) {
      this.log.warning(`Request from minion ${JSON.stringify(req.id)}, which is not authenticated`);
      return { cmd: 'error', error: 'Minion is not authenticated' };
    }
    // Throws (answered in clear by the request server) when the box does not open or holds no well-formed request.
    const inner = checkShape<SealedContent>('minion_request', unpack(open(peer.shared, req)));
    let content: ReplyContent;
    try {
      content = { ok: true, data: await this.dispatch(req.id, inner), tag: inner.tag };
    } catch (err) {
      this.log.warning(`Request ${inner.cmd} from ${req.id} refused: ${errorMessage(err)}`);
      content = { ok: false, error: errorMessage(err), tag: inner.tag };
    }
    const sealed = seal(peer.shared, pack(content));
    return { cmd: 'rep', nonce: sealed.nonce, box: sealed.box };
  }

  private async dispatch(id: string, inner: SealedContent): Promise<unknown> {
    switch (inner.cmd) {
      case '_return':
        return this.saveReturn(id, checkShape<ReturnLoad>('return_load', inner.load));
      case '_file_list':
        return this.files.list(checkShape<FileListLoad>('file_list_load', inner.load));
      case '_file_hash':
        return this.files.hash(checkShape<FileHashLoad>('file_hash_load', inner.load));
      case '_serve_file':
        return this.files.serve(checkShape<ServeFileLoad>('serve_file_load', inner.load));
      case '_pillar':
        // Compiled for the id whose key sealed the request: a minion cannot ask for another's pillar.
        return this.pillar(id, checkShape<PillarLoad>('pillar_load', inner.load));
      default:
        throw new ProtocolError(`unknown request ${JSON.stringify((inner as { cmd: string }).cmd)}`);
    }
  }

  /** Store a return: only for a jid this master published, and only under the id that authenticated. */
  private async saveReturn(id: string, load: ReturnLoad): Promise<true> {
    if (load.id !== id) throw new CommandExecutionError(`return names minion ${JSON.stringify(load.id)} but was sent by ${id}`);
    if (!isJid(load.jid) || !this.jobs.hasJob(load.jid)) throw new CommandExecutionError(`return for unknown jid ${JSON.stringify(load.jid)}`);
    await this.jobs.saveReturn({ ...load, stamp: Date.now() });
    return true;
  }
}
