/**
 * The fleet-wide concurrency cap with real minions: a swarm of 20 whose
 * schedule runs test.sleep 2 every 3 s with a 2 s splay in concurrency group
 * `fleet_apply`, limit 3 by the master's `concurrency_groups` (which wins
 * over the entries' `concurrency_limit: 10`). From the master's job cache (each scheduled run's
 * start and finish times): at no moment do more than 3 runs overlap, and
 * every minion runs. `salt-run governor.status` shows the slots meanwhile.
 */
import path from 'node:path';
import type { ReturnRecord } from '@brine/core/protocol/v1/loads';
import { startSwarm, type Swarm } from '../../scripts/lib/swarm';
import { Cluster } from './helpers/cluster';

const COUNT = 20;
const LIMIT = 3;

let cluster: Cluster;
let swarm: Swarm | undefined;

beforeAll(async () => {
  cluster = await Cluster.start({ master: { auto_accept: true, concurrency_groups: { fleet_apply: LIMIT } } });
  swarm = await startSwarm({
    count: COUNT,
    prefix: 'gov',
    dir: path.join(cluster.root, 'swarm'),
    master: '127.0.0.1',
    retPort: cluster.ports.ret_port,
    publishPort: cluster.ports.publish_port,
    config: {
      schedule: {
        apply: { function: 'test.sleep', args: [2], seconds: 3, splay: 2, concurrency_group: 'fleet_apply', concurrency_limit: 10 },
      },
    },
  });
  await swarm.authenticated();
}, 60000);

afterAll(async () => {
  await swarm?.stop();
  await cluster?.stop();
});

/** The returns of schedule `apply`'s runs in the job cache, once every minion of the swarm has one (or `timeoutMs` passed). */
async function runsOfEveryMinion(ids: string[], timeoutMs: number): Promise<ReturnRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rets = await cluster.withClient(async (c) => {
      const jobs = (await c.list_jobs({})).filter((j) => j.schedule === 'apply');
      const out: ReturnRecord[] = [];
      for (const job of jobs) out.push(...(await c.job_returns({ jid: job.jid })).returns);
      return out;
    });
    const ran = new Set(rets.map((r) => r.id));
    if (ids.every((id) => ran.has(id)) || Date.now() > deadline) return rets;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The most runs in progress at one moment: a run holds [started, finished); a finish at a start's instant ends first. */
function maxOverlap(rets: ReturnRecord[]): number {
  const edges = rets.flatMap((r) => [[r.started, 1] as const, [r.finished, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (now += d));
  return most;
}

test(`20 minions in concurrency group fleet_apply (limit ${LIMIT}): at most ${LIMIT} run at once, and all of them run`, async () => {
  const ids = swarm!.ids;
  // While runs are queued, the master's slot table shows the group at its limit, never over it.
  let status: Record<string, { limit: number; holders: unknown[]; waiting: string[] }> = {};
  for (const deadline = Date.now() + 30000; Date.now() < deadline && !(status.fleet_apply?.waiting.length > 0); ) {
    const r = await cluster.run('salt-run', ['governor.status', '--out=json']);
    expect(r.code).toBe(0);
    status = JSON.parse(r.stdout) as typeof status;
  }
  expect(status.fleet_apply).toMatchObject({ limit: LIMIT, holders: expect.any(Array) });
  expect(status.fleet_apply.holders).toHaveLength(LIMIT);
  expect(status.fleet_apply.holders[0]).toEqual({ minion: expect.stringMatching(/^gov-\d\d$/), run: expect.stringMatching(/^apply:/), expires: expect.any(String) });

  const rets = await runsOfEveryMinion(ids, 45000);
  expect(new Set(rets.map((r) => r.id))).toEqual(new Set(ids));
  for (const r of rets) expect(r).toMatchObject({ fun: 'test.sleep', success: true, schedule: 'apply' });
  // Each run lasted its 2 s, and the cap held: the slots were used to the limit, never past it.
  for (const r of rets) expect(r.finished - r.started).toBeGreaterThanOrEqual(1900);
  expect(maxOverlap(rets)).toBe(LIMIT);
}, 90000);
