/**
 * A minion driven by hand: it holds a minion's keys, authenticates once on
 * the request port, and sends sealed requests the tests build themselves, as
 * a rogue minion (one whose key is accepted) could, or resends captured ones
 * as an eavesdropper could.
 */
import { loadOrCreateKeys } from '@brine/core/crypto/keys';
import { consoleLogger } from '@brine/core/log';
import type { ClientOf } from '@brine/core/protocol/v1/channel';
import type { Outcome } from '@brine/core/protocol/v1/envelope';
import type { REQUEST_PORT_COMMANDS, Sealed } from '@brine/core/protocol/v1/request-port';
import { REQUEST_PORT } from '@brine/core/protocol/v1/runtime';
import { openOutcome, sealRequest } from '@brine/core/protocol/v1/secure';
import { RequestClient } from '@brine/core/transport/request-client';
import { authenticateOnce } from '@brine/minion/auth';

/** A sealed request as sent, and the tag its reply must echo. */
export interface SealedCall {
  sealed: Sealed;
  tag: Uint8Array;
}

/** An authenticated minion whose sealed requests the test writes (see the module note). */
export class HandMinion {
  private seq = 0;

  private constructor(
    readonly id: string,
    private readonly client: RequestClient,
    readonly port: ClientOf<typeof REQUEST_PORT_COMMANDS>,
    private readonly shared: Uint8Array,
    private readonly ticket: Uint8Array,
  ) {}

  /**
   * Authenticate as `id` with the keys in `pkiDir` (created when missing) on the request port `retPort`.
   * @throws Error when the master does not accept the key
   */
  static async connect(retPort: number, id: string, pkiDir: string): Promise<HandMinion> {
    const log = consoleLogger('quiet');
    const client = new RequestClient(`tcp://127.0.0.1:${retPort}`, { log });
    const port = client.channel(REQUEST_PORT);
    const auth = await authenticateOnce({ id, keys: loadOrCreateKeys(pkiDir, 'minion'), pkiDir, requestPort: port, log, timeout: 10, masterFinger: '' });
    if (auth.status !== 'accepted') {
      client.close();
      throw new Error(`${id} not accepted: ${auth.status}`);
    }
    return new HandMinion(id, client, port, auth.master.shared, auth.session.ticket);
  }

  /** Seal a call as the next one under this authentication's ticket (or under `ticket`, to forge one). */
  seal(cmd: string, req: unknown, ticket = this.ticket): SealedCall {
    return sealRequest(this.shared, { cmd, req }, { ticket, seq: ++this.seq });
  }

  /**
   * Send a sealed call (again, if it was sent before) and open the master's sealed outcome.
   * @throws the master's refusal when it answers in clear (the call was not served)
   */
  async send(call: SealedCall): Promise<Outcome> {
    return openOutcome(this.shared, await this.port.req({ id: this.id, ...call.sealed }), call.tag);
  }

  /** Seal and send one call. */
  call(cmd: string, req: unknown): Promise<Outcome> {
    return this.send(this.seal(cmd, req));
  }

  /** Close the connection. */
  close(): void {
    this.client.close();
  }
}
