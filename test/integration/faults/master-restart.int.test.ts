/**
 * A master killed (SIGKILL) while jobs run loses nothing: returns sent while
 * it is down reach it once it is back, and jobs published right after the
 * restart, before the minions have reconnected to the publish port, reach
 * them all the same (they ask for the jobs they missed when they reconnect).
 */
import { returnsById, type LocalClient } from '@brine/cli/client';
import { Cluster } from '../helpers/cluster';

const IDS = ['m1', 'm2', 'm3', 'm4', 'm5'];
let cluster: Cluster;

beforeAll(async () => {
  cluster = await Cluster.start({ master: { timeout: 30, gather_job_timeout: 5 } });
  // Minions reconnect 3 s after losing the master (Salt's defaults spread this over 1 to 11 s), so that
  // jobs published right after the restart go out before they are back on the publish port.
  for (const id of IDS) cluster.startMinion(id, { recon_default: 3000, recon_max: 3000, recon_randomize: false });
  await cluster.acceptAll(IDS);
});

afterAll(() => cluster?.stop());

/** Publish `fun` with `arg` to every test minion; @returns the jid */
async function publish(c: LocalClient, fun: string, arg: unknown[]): Promise<string> {
  const { jid, minions } = await c.publish({ tgt: IDS, tgt_type: 'list', fun, arg, kwarg: {}, user: 'root', to: 30 });
  expect(minions.sort()).toEqual(IDS);
  return jid!;
}

/** Wait until every job in `jids` holds a return from every test minion; @returns the jobs still missing some, by jid */
async function waitForAll(jids: string[], timeoutMs: number): Promise<Record<string, string[]>> {
  const deadline = Date.now() + timeoutMs;
  let missing: Record<string, string[]> = {};
  await cluster.withClient(async (c) => {
    let pending = jids;
    do {
      missing = {};
      for (const jid of pending) {
        const got = await returnsById(c, jid);
        const lacking = IDS.filter((id) => !got.has(id));
        if (lacking.length) missing[jid] = lacking;
      }
      pending = Object.keys(missing);
      if (pending.length) await new Promise((r) => setTimeout(r, 200));
    } while (pending.length && Date.now() < deadline);
  });
  return missing;
}

test('SIGKILL the master during 200 jobs, restart it and publish at once: no return and no delivery is lost', async () => {
  // 200 jobs of 0.2 to 2 s, so that returns are on their way while the master is dead.
  const before = await cluster.withClient(async (c) => {
    const jids: string[] = [];
    for (let i = 0; i < 200; i++) jids.push(await publish(c, 'test.sleep', [0.2 + (i % 10) * 0.2]));
    return jids;
  });
  await cluster.minions.get('m1')!.waitFor(/Executing job/);
  const mark = new Map(IDS.map((id) => [id, cluster.minions.get(id)!.output.length]));
  await cluster.restartMaster({ kill: true });
  // Published at once: the minions have not reconnected to the publish port yet.
  const after = await cluster.withClient(async (c) => {
    const jids: string[] = [];
    for (let i = 0; i < 20; i++) jids.push(await publish(c, 'test.arg', [i]));
    return jids;
  });
  const missing = await waitForAll([...before, ...after], 90_000);
  expect(missing).toEqual({});
  // Each minion ran each job once, whether it came by publication or by catch-up.
  for (const id of IDS) {
    const out = cluster.minions.get(id)!.output;
    for (const jid of [...before, ...after]) expect(out.split(`Executing job ${jid}:`).length - 1).toBe(1);
    expect(out.slice(mark.get(id))).not.toMatch(/Return of job \d+ refused/);
  }
  // The point of the test: some of the later jobs were missed by publication and caught up.
  expect(IDS.some((id) => /Caught up on \d+ job\(s\)/.test(cluster.minions.get(id)!.output))).toBe(true);
}, 150_000);
