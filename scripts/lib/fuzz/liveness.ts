/**
 * The fuzzer's liveness check: `salt '*' test.ping` through the local client
 * channel, as the salt CLI sends it (publish, then read the returns from the
 * master), timed from the publish call to the last expected return.
 */
import { errorMessage } from '@brine/core/errors';
import type { LocalClient } from '@brine/cli/client';

/** One ping: how long it took and who did not answer in time. */
export interface PingResult {
  /** From the publish call to the last expected return, in milliseconds (the time waited when unanswered). */
  ms: number;
  /** Every expected minion returned within the timeout. */
  answered: boolean;
  /** Expected minions with no return. */
  missing: string[];
  /** The job's id, once published. */
  jid?: string;
  /** Why it failed, when the master refused or did not answer a call. */
  error?: string;
}

/** How often the job's returns are read while waiting, in milliseconds. */
const POLL_MS = 5;

/**
 * Publish `test.ping` to every minion and wait for every expected return.
 * @param timeoutMs give up after this long (the ping is then unanswered)
 */
export async function ping(client: LocalClient, timeoutMs: number): Promise<PingResult> {
  const t0 = performance.now();
  const deadline = t0 + timeoutMs;
  const remaining = () => Math.max(1, deadline - performance.now());
  let expected: string[] = [];
  let jid: string | null = null;
  const got = new Set<string>();
  try {
    let minions: string[];
    ({ jid, minions } = await client.publish({ tgt: '*', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'fuzz' }, { timeoutMs: remaining() }));
    expected = minions;
    let cursor: string | undefined;
    while (jid && got.size < expected.length && performance.now() < deadline) {
      const next = await client.job_returns({ jid, ...(cursor === undefined ? {} : { after: cursor }) }, { timeoutMs: remaining() });
      cursor = next.cursor;
      for (const r of next.returns) if (r.return === true) got.add(r.id);
      if (got.size < expected.length) await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } catch (err) {
    return { ms: performance.now() - t0, answered: false, missing: expected.filter((id) => !got.has(id)), ...(jid ? { jid } : {}), error: errorMessage(err) };
  }
  const missing = expected.filter((id) => !got.has(id));
  return { ms: performance.now() - t0, answered: expected.length > 0 && missing.length === 0, missing, ...(jid ? { jid } : {}) };
}
