/**
 * Returns of scheduled jobs (a jid the minion made, `schedule` in the return) with a real job cache: the master
 * creates the job's record for the sending minion only, fires the return event once, and refuses a scheduled return
 * that would write into a job it published or another minion's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatJid } from '@brine/core/jid';
import { consoleLogger } from '@brine/core/log';
import type { ReturnLoad } from '@brine/core/protocol/v1/loads';
import { JobCache } from '@brine/master/job-cache';
import { Returns } from '@brine/master/returns';

let dir: string;
let cache: JobCache;
let fired: Array<{ tag: string; data: unknown }>;
let returns: Returns;

const JID = '20261204094500123456';
const scheduled = (over: Partial<ReturnLoad> = {}): ReturnLoad => ({
  jid: JID, id: 'm1', fun: 'test.arg', fun_args: ['x', { k: 'v' }], return: true, retcode: 0, success: true, started: 1, finished: 2,
  schedule: 'job1', pid: 4242, ...over,
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-sched-ret-'));
  cache = JobCache.open(dir);
  fired = [];
  const events = { fire: (tag: string, data: () => unknown) => void fired.push({ tag, data: data() }) };
  // No publish-time targets: a scheduled return must not need them.
  returns = new Returns(cache, { selects: () => false }, { landed: () => undefined }, events, consoleLogger('quiet'));
});
afterEach(async () => {
  await cache.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a scheduled return creates the job's record (the minion as target, Salt's user root) and fires its ret event once", async () => {
  await expect(returns.accept('m1', scheduled())).resolves.toBe(true);
  await expect(returns.accept('m1', scheduled())).resolves.toBe(true);
  expect(cache.load(JID)).toEqual({
    jid: JID, tgt: 'm1', tgt_type: 'glob', fun: 'test.arg', arg: ['x', { k: 'v' }], kwarg: {}, user: 'root', started: 1, minions: ['m1'], schedule: 'job1',
  });
  expect(cache.returns(JID).get('m1')).toMatchObject({ schedule: 'job1', pid: 4242, return: true });
  expect(fired).toEqual([
    {
      tag: `salt/job/${JID}/ret/m1`,
      data: { cmd: '_return', id: 'm1', success: true, return: true, retcode: 0, jid: JID, fun: 'test.arg', fun_args: ['x', { k: 'v' }], user: 'root', schedule: 'job1', pid: 4242 },
    },
  ]);
});

test('a scheduled return cannot write into a published job, another minion\'s scheduled job, or another schedule job', async () => {
  const published = '20261204094500000001';
  await cache.saveLoad({ jid: published, tgt: '*', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'admin', started: 0, minions: ['m1'] });
  await expect(returns.accept('m1', scheduled({ jid: published }))).rejects.toThrow(`job ${published} is not schedule job job1 of m1`);
  await returns.accept('m1', scheduled());
  await expect(returns.accept('m2', scheduled({ id: 'm2' }))).rejects.toThrow(`job ${JID} is not schedule job job1 of m2`);
  await expect(returns.accept('m1', scheduled({ schedule: 'other' }))).rejects.toThrow(`job ${JID} is not schedule job other of m1`);
  await expect(returns.accept('m2', scheduled())).rejects.toThrow('return names minion "m1" but was sent by m2');
  expect([...cache.returns(published).keys()]).toEqual([]);
});

test('a plain return for a jid the master did not publish is still refused', async () => {
  await expect(returns.accept('m1', scheduled({ schedule: undefined }))).rejects.toThrow(`return for unknown jid "${JID}"`);
});

test('a scheduled jid more than a day ahead is refused: it would outlive keep_jobs and head jobs.list_jobs', async () => {
  const ahead = formatJid(new Date(Date.now() + 27 * 3600 * 1000));
  await expect(returns.accept('m1', scheduled({ jid: ahead }))).rejects.toThrow(`scheduled job ${ahead} is dated ahead of the master's clock`);
  await expect(returns.accept('m1', scheduled({ jid: '99991231235959999999' }))).rejects.toThrow('is dated ahead');
  expect(cache.hasJob(ahead)).toBe(false);
  // A minion in another time zone (its jid in its local time) is still accepted.
  const east = formatJid(new Date(Date.now() + 14 * 3600 * 1000));
  await expect(returns.accept('m1', scheduled({ jid: east }))).resolves.toBe(true);
});

test("a scheduled return's function must be a function name (it reaches jobs.list_jobs and the events)", async () => {
  await expect(returns.accept('m1', scheduled({ fun: 'test.ping\n\x1b[2J' }))).rejects.toThrow('Invalid function name');
  expect(cache.hasJob(JID)).toBe(false);
});
