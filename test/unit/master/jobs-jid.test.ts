/**
 * A jid a minion claimed for a scheduled job (returns.ts lets a minion date its own jids) is never taken by a job the
 * master publishes: the master's job would otherwise overwrite that record and show the minion's return as one of its
 * own, whatever its target.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatJid } from '@brine/core/jid';
import { consoleLogger } from '@brine/core/log';
import { JobCache } from '@brine/master/job-cache';
import { Jobs, type JobsDeps } from '@brine/master/jobs';

let dir: string;
let cache: JobCache;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-jobs-jid-'));
  cache = JobCache.open(dir);
});
afterEach(async () => {
  jest.useRealTimers();
  await cache.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('publish skips a jid the job cache holds already', async () => {
  const at = new Date(2031, 0, 1, 0, 0, 0, 0);
  const first = BigInt(formatJid(at));
  const claimed = Array.from({ length: 3000 }, (_, k) => String(first + BigInt(k)));
  await Promise.all(claimed.map((jid) => cache.saveLoad({ jid, tgt: 'evil', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'root', started: 0, minions: ['evil'], schedule: 's' })));
  jest.useFakeTimers({ now: at, doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  const deps = {
    accepted: { list: () => ['m1'] },
    minionData: { facts: () => undefined },
    cache,
    publisher: { publish: async () => undefined },
    session: { current: () => undefined },
    catchUp: { opened: () => undefined },
    nodegroups: {},
    events: { fire: () => undefined },
    log: consoleLogger('quiet'),
  } as unknown as JobsDeps;
  const { jid } = await new Jobs(deps).publish({ tgt: 'm1', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'admin' });
  expect(new Set(claimed).has(jid!)).toBe(false);
  expect(cache.load(claimed[0])).toMatchObject({ tgt: 'evil', minions: ['evil'] });
  expect(cache.load(jid!)).toMatchObject({ tgt: 'm1', user: 'admin', minions: ['m1'] });
});
