/**
 * Batch mode (`salt -b N` or `-b N%`), as Salt's salt.cli.batch: the expected
 * minions run the job in a rolling window of N at a time. Each time a minion
 * returns (or is given up on), its slot is refilled after `--batch-wait`
 * seconds; every fill is one publication to the new minions, announced as
 * `Executing run on ['m3']`. A failing minion stops the rollout only with
 * `--failhard`.
 */
import { SaltInvocationError } from '@brine/core/errors';
import type { PublishRequest, ReturnRecord } from '@brine/core/protocol/v1/loads';
import type { LocalClient } from './client';
import { waitForJob, type WaitOptions } from './job-wait';
import type { Silence } from './output/not-returned';

/** Options of {@link runBatch}. */
export interface BatchOptions {
  /** `N` or `N%` of the expected minions (at least 1). */
  size: string;
  /** Seconds to wait after a minion returns before its slot is refilled. */
  wait: number;
  failhard: boolean;
  waitOptions: WaitOptions;
  /** Why each minion that did not return fell silent (SilentMinions.why). */
  why: (ids: string[]) => Promise<Array<[id: string, why: Silence]>>;
}

/** What a batch run reports as it goes. */
export interface BatchOutput {
  header(ids: string[]): void;
  returned(ret: ReturnRecord): void;
  missing(jid: string, id: string, why: Silence): void;
}

/**
 * The window size for `count` minions.
 * @throws SaltInvocationError for a size that is not a positive number or percentage
 */
function batchSize(size: string, count: number): number {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(size.trim());
  if (!m || Number(m[1]) <= 0) throw new SaltInvocationError(`Invalid batch size '${size}': give a number of minions or a percentage like 25%`);
  return m[2] ? Math.max(1, Math.floor((count * Number(m[1])) / 100)) : Math.floor(Number(m[1]));
}

/**
 * Run `job` over `minions` in a rolling window; what happened reaches the caller through `out` as it goes.
 */
export async function runBatch(client: Pick<LocalClient, 'publish' | 'job_returns'>, job: Omit<PublishRequest, 'tgt' | 'tgt_type'>, minions: string[], o: BatchOptions, out: BatchOutput): Promise<void> {
  const size = batchSize(o.size, minions.length);
  const queue = [...minions];
  let stop = false;
  const windows: Array<Promise<void>> = [];
  let active = 0;
  let wake: (() => void) | undefined;

  /** Free one slot, `--batch-wait` seconds after its minion finished. */
  const release = () => {
    setTimeout(() => {
      active--;
      const w = wake;
      wake = undefined;
      w?.();
    }, o.wait * 1000);
  };

  const launch = async (ids: string[]) => {
    out.header(ids);
    const { jid, minions: expected } = await client.publish({ ...job, tgt: ids, tgt_type: 'list' });
    if (!jid) {
      ids.forEach(release);
      return;
    }
    const missing = await waitForJob(client, jid, expected, o.waitOptions, (ret) => {
      if (ret.retcode !== 0 && o.failhard) stop = true;
      out.returned(ret);
      release();
    });
    for (const [id, why] of await o.why(missing)) {
      out.missing(jid, id, why);
      release();
    }
  };

  while (queue.length && !stop) {
    if (active >= size) {
      await new Promise<void>((r) => (wake = r));
      continue;
    }
    const ids = queue.splice(0, size - active);
    active += ids.length;
    windows.push(launch(ids));
  }
  await Promise.all(windows);
}
