import type { ReturnRecord } from '@brine/core/protocol/v1/loads';
import { waitForJob, type ReturnFeed } from '@brine/cli/job-wait';

const IDS = Array.from({ length: 50 }, (_, i) => `m${i}`);

/** A job cache where one more return lands at each poll, one per minion of IDS in order. */
function trickle(): ReturnFeed {
  let landed = 0;
  return {
    job_returns: async () => {
      landed = Math.min(IDS.length, landed + 1);
      const returns = IDS.slice(0, landed).map((id) => ({ id, jid: 'j', return: true, retcode: 0 }) as ReturnRecord);
      return { returns, cursor: '' };
    },
  };
}

test('with idle, the timeout counts from the last return: answers that keep trickling in are all heard', async () => {
  const got: string[] = [];
  const missing = await waitForJob(trickle(), 'j', IDS, { timeout: 0.2, idle: true }, (r) => got.push(r.id));
  expect(missing).toEqual([]);
  expect(got).toEqual(IDS);
});

test('without idle, the timeout counts from the start: the late ones are missing', async () => {
  // 50 polls at least 10 ms apart take longer than the 0.2 s timeout.
  const missing = await waitForJob(trickle(), 'j', IDS, { timeout: 0.2 }, () => undefined);
  expect(missing.length).toBeGreaterThan(0);
  expect(missing).toEqual(IDS.slice(IDS.length - missing.length));
});
