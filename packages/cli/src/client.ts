/**
 * The CLIs' side of the local client channel: connect to the master's ipc
 * socket in sock_dir, authenticate with the root key from cachedir, publish
 * jobs, read their returns and the job list, and report key changes.
 */
import fs from 'node:fs';
import { loadConfig } from '@brine/core/config/load';
import { MASTER_SCHEMA, type MasterConfig } from '@brine/core/config/master';
import { SaltClientError } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import type { ClientReply, PublishRequest, TargetRequest } from '@brine/core/protocol/messages';
import { RequestClient } from '@brine/core/transport/request-client';
import { clientSocketPath, rootKeyPath } from '@brine/master/client-channel';
import type { JobRecord, NewReturns, ReturnRecord } from '@brine/master/job-cache';

/** Load the master configuration for a CLI (`-c` directory); warnings go to stderr only with a verbose log level. */
export function loadMasterConfig(configDir: string): MasterConfig {
  return loadConfig(MASTER_SCHEMA, configDir, 'master').config;
}

/** A connection to the local master. */
export class LocalClient {
  private constructor(
    private readonly client: RequestClient,
    private readonly key: string,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Connect to the master of `config`.
   * @throws SaltClientError when the master's socket is absent or the root key unreadable
   */
  static connect(config: MasterConfig, timeoutMs = 10000): LocalClient {
    const sock = clientSocketPath(config.sock_dir);
    if (!fs.existsSync(sock)) {
      throw new SaltClientError(`The salt master could not be contacted. Is master running? (no socket at ${sock})`);
    }
    let key: string;
    try {
      key = fs.readFileSync(rootKeyPath(config.cachedir), 'utf8').trim();
    } catch (err) {
      throw new SaltClientError(`Cannot read the master's root key: ${(err as Error).message}`, 'Run the command as the user the master runs as.');
    }
    const client = new RequestClient(`ipc://${sock}`, { log: consoleLogger('quiet'), replies: ['published', 'data', 'ok', 'error'] });
    return new LocalClient(client, key, timeoutMs);
  }

  /**
   * Connect to the master of `config`, run `f`, and close the connection however `f` ends.
   * @throws SaltClientError as {@link connect}, and what `f` throws
   */
  static async using<T>(config: MasterConfig, f: (client: LocalClient) => Promise<T>): Promise<T> {
    const client = LocalClient.connect(config);
    try {
      return await f(client);
    } finally {
      client.close();
    }
  }

  private async ask(msg: { cmd: string } & Record<string, unknown>): Promise<ClientReply> {
    let reply: ClientReply;
    try {
      reply = await this.client.request<ClientReply>({ ...msg, key: this.key }, this.timeoutMs);
    } catch (err) {
      throw new SaltClientError(`Salt request timed out. The master is not responding. (${(err as Error).message})`);
    }
    if (reply.cmd === 'error') throw new SaltClientError(reply.error);
    return reply;
  }

  /** Publish a job. @returns the jid (null when no minion matched) and the minions expected to answer */
  async publish(load: PublishRequest): Promise<{ jid: string | null; minions: string[] }> {
    const reply = await this.ask({ cmd: 'publish', load });
    if (reply.cmd !== 'published') throw new SaltClientError(`Unexpected reply ${reply.cmd} to publish`);
    return { jid: reply.jid ?? null, minions: reply.minions };
  }

  /** The minions a target expects (accepted keys the target selects), without publishing. */
  async checkMinions(target: TargetRequest): Promise<string[]> {
    const reply = await this.ask({ cmd: 'check_minions', load: target });
    if (reply.cmd !== 'published') throw new SaltClientError(`Unexpected reply ${reply.cmd} to check_minions`);
    return reply.minions;
  }

  /**
   * Tell the master that salt-key changed these keys: it drops cached keys and,
   * with `rotate` (an accepted key was deleted or rejected), rotates the session key.
   */
  async keysChanged(act: 'accept' | 'delete' | 'reject', ids: string[], rotate: boolean): Promise<void> {
    await this.ask({ cmd: 'key_event', act, ids, rotate });
  }

  private async data<T>(msg: { cmd: string } & Record<string, unknown>): Promise<T> {
    const reply = await this.ask(msg);
    if (reply.cmd !== 'data') throw new SaltClientError(`Unexpected reply ${reply.cmd} to ${msg.cmd}`);
    return reply.data as T;
  }

  /**
   * Returns of `jid` stored after `cursor`, in arrival order, from the master's job cache.
   * @param cursor from the previous call; omitted, every return so far
   */
  jobReturns(jid: string, cursor?: string): Promise<NewReturns> {
    return this.data({ cmd: 'job_returns', jid, ...(cursor === undefined ? {} : { after: cursor }) });
  }

  /** Every return of `jid` stored so far, by minion id (Salt's jobs.lookup_jid). */
  async returnsById(jid: string): Promise<Map<string, ReturnRecord>> {
    const { returns } = await this.jobReturns(jid);
    return new Map(returns.map((r) => [r.id, r]));
  }

  /** The newest `limit` jobs in the job cache (all when omitted), oldest first. */
  listJobs(limit?: number): Promise<JobRecord[]> {
    return this.data({ cmd: 'list_jobs', ...(limit === undefined ? {} : { limit }) });
  }

  /** Accepted minions connected to the master's publish port (Salt's presence detection). */
  present(): Promise<string[]> {
    return this.data({ cmd: 'present' });
  }

  /** Close the connection. */
  close(): void {
    this.client.close();
  }
}
