import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReturnRecord } from '@brine/core/protocol/v1/loads';
import { JobCache } from '@brine/master/job-cache';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-cache-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const load = (jid: string) => ({ jid, tgt: '*', tgt_type: 'glob' as const, fun: 'test.ping', arg: [], kwarg: {}, user: 'root', started: 0, minions: ['m1', 'm2'] });
const ret = (jid: string, id: string): ReturnRecord => ({ jid, id, fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, started: 1, finished: 2, stamp: 3 });

test('loads and returns are stored per jid, and kept after a reopen', async () => {
  const w = JobCache.open(dir);
  await w.saveLoad(load('20260101000000000001'));
  await w.saveLoad(load('20260101000000000002'));
  await w.saveReturn(ret('20260101000000000001', 'm1'));
  await w.saveReturn(ret('20260101000000000001', 'm2'));
  await w.saveReturn(ret('20260101000000000002', 'm1'));
  await w.close();
  const r = JobCache.open(dir);
  expect([...r.returns('20260101000000000001').keys()]).toEqual(['m1', 'm2']);
  expect(r.listJobs(1)[0].minions).toEqual(['m1', 'm2']);
  expect(r.hasJob('20260101000000000002')).toBe(true);
  expect(r.hasJob('20260101000000000003')).toBe(false);
  expect(r.listJobs().map((j) => j.jid)).toEqual(['20260101000000000001', '20260101000000000002']);
  expect(r.listJobs(1).map((j) => j.jid)).toEqual(['20260101000000000002']);
  await r.close();
});

test('returnsAfter lists a job\'s returns in arrival order, only the new ones after a cursor', async () => {
  const c = JobCache.open(dir);
  const jid = '20260101000000000001';
  await c.saveLoad(load(jid));
  expect(c.returnsAfter(jid)).toEqual({ returns: [], cursor: '' });
  expect(c.returnsAfter(jid, '')).toEqual({ returns: [], cursor: '' });
  await c.saveReturn(ret(jid, 'zeta'));
  await c.saveReturn(ret('20260101000000000002', 'other'));
  await c.saveReturn(ret(jid, 'alpha'));
  // Without a cursor: every return so far, by minion id, and the cursor after the newest.
  const first = c.returnsAfter(jid);
  expect(first.returns.map((r) => r.id)).toEqual(['alpha', 'zeta']);
  expect(c.returnsAfter(jid, first.cursor)).toEqual({ returns: [], cursor: first.cursor });
  await c.saveReturn(ret(jid, 'mid'));
  await c.saveReturn(ret(jid, 'beta'));
  const next = c.returnsAfter(jid, first.cursor);
  expect(next.returns.map((r) => r.id)).toEqual(['mid', 'beta']);
  // A return sent again is not written again: the first one stays, and nothing new is listed.
  expect(await c.saveReturn({ ...ret(jid, 'alpha'), return: 'replayed' })).toBe(false);
  const again = c.returnsAfter(jid, next.cursor);
  expect(again.returns).toEqual([]);
  expect(c.returns(jid).get('alpha')?.return).toBe(true);
  // A cursor of another job is ignored rather than skipping this job's returns.
  expect(c.returnsAfter(jid, c.returnsAfter('20260101000000000002').cursor).returns.map((r) => r.id)).toEqual(['alpha', 'beta', 'mid', 'zeta']);
  await c.close();
  // The order survives a restart, and later returns sort after earlier ones.
  const reopened = JobCache.open(dir);
  await reopened.saveReturn(ret(jid, 'after-restart'));
  expect(reopened.returnsAfter(jid, again.cursor).returns.map((r) => r.id)).toEqual(['after-restart']);
  await reopened.close();
});

test('two copies of one return arriving together are written once', async () => {
  const c = JobCache.open(dir);
  const jid = '20260101000000000001';
  await c.saveLoad(load(jid));
  const stored = await Promise.all([c.saveReturn(ret(jid, 'm1')), c.saveReturn({ ...ret(jid, 'm1'), return: 'copy' })]);
  expect(stored).toEqual([true, false]);
  expect(c.returnsAfter(jid).returns.map((r) => r.return)).toEqual([true]);
  await c.close();
});

test('a job\'s expected set is its minions at publish time, plus those admitted later', async () => {
  const c = JobCache.open(dir);
  const jid = '20260101000000000001';
  await c.saveLoad(load(jid));
  expect(c.isExpected(jid, 'm1')).toBe(true);
  expect(c.isExpected(jid, 'm3')).toBe(false);
  expect(c.isExpected('20260101000000000002', 'm1')).toBe(false);
  await c.expect(jid, 'm3');
  expect(c.isExpected(jid, 'm3')).toBe(true);
  expect(c.load(jid)?.minions).toEqual(['m1', 'm2']);
  expect(await c.removeBefore('20270101000000000000')).toBe(1);
  expect(c.isExpected(jid, 'm1')).toBe(false);
  expect(c.isExpected(jid, 'm3')).toBe(false);
  await c.close();
});

test('keep_jobs cleanup removes old jobs with their returns only', async () => {
  const c = JobCache.open(dir);
  for (const jid of ['20250101000000000000', '20260101000000000000']) {
    await c.saveLoad(load(jid));
    await c.saveReturn(ret(jid, 'm1'));
  }
  expect(await c.removeBefore('20251231000000000000')).toBe(1);
  expect(c.hasJob('20250101000000000000')).toBe(false);
  expect(c.returns('20250101000000000000').size).toBe(0);
  expect(c.returns('20260101000000000000').size).toBe(1);
  expect(c.returnsAfter('20250101000000000000').returns).toEqual([]);
  expect(c.returnsAfter('20260101000000000000').returns.map((r) => r.id)).toEqual(['m1']);
  expect(fs.readdirSync(path.join(dir, 'jobs')).length).toBeLessThanOrEqual(2);
  await c.close();
});
