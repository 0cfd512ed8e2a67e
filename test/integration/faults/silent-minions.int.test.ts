/**
 * The salt CLI says why each expected minion did not return: `[Not connected]`
 * when presence detection does not see it on the publish port, `[No
 * response]` when it is connected but silent (Salt's texts), and `[Still
 * running]` when it last said it was running the job, then fell silent.
 */
import { Cluster } from '../helpers/cluster';
import { until } from '../../unit/helpers/until';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await Cluster.start({ master: { timeout: 1, gather_job_timeout: 1 } });
  cluster.startMinion('here');
  // Its grains put it on an address no connection to the master comes from: presence never sees it.
  cluster.startMinion('away', { grains: { ipv4: ['192.0.2.7'], ipv6: [] } });
  cluster.startMinion('busy');
  await cluster.acceptAll(['here', 'away', 'busy']);
});

afterAll(async () => {
  const busy = cluster?.minions.get('busy');
  if (busy?.proc.pid) process.kill(busy.proc.pid, 'SIGCONT');
  await cluster?.stop();
});

/** The bracketed reason printed for minion `id`. */
const reason = (stdout: string, id: string) => new RegExp(`^${id}:\\n {4}Minion did not return\\. \\[([A-Za-z ]+)\\]$`, 'm').exec(stdout)?.[1];

test('a stopped minion that presence detection cannot see is reported not connected', async () => {
  await cluster.minions.get('away')!.stop();
  const r = await cluster.run('salt', ['*', 'test.ping']);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('here:\n    True\n');
  expect(r.stdout).toContain('busy:\n    True\n');
  expect(reason(r.stdout, 'away')).toBe('Not connected');
});

test('a minion that said it was running the job, then froze, is reported still running', async () => {
  const busy = cluster.minions.get('busy')!;
  const from = busy.output.length;
  const run = cluster.run('salt', ['busy', 'test.sleep', '30']);
  // It answers the first find_job (it is running the job); once that answer is stored, it freezes before the next.
  await busy.waitFor(/Executing job \d+: saltutil\.find_job/, 15000, from);
  const findJid = /Executing job (\d+): saltutil\.find_job/.exec(busy.output.slice(from))![1]!;
  await until(async () => (await cluster.jobReturns(findJid)).has('busy'), 'the first find_job answer to be stored', 10_000);
  process.kill(busy.proc.pid!, 'SIGSTOP');
  const r = await run;
  process.kill(busy.proc.pid!, 'SIGCONT');
  expect(r.code).toBe(1);
  expect(reason(r.stdout, 'busy')).toBe('Still running');
});
