/**
 * A job's processes end with the job (issue 10, finding 8: a minion killed
 * mid-job left its child process running, re-parented to PID 1). Each
 * command runs in its own process group, with grandchildren, one of which
 * ignores SIGTERM: a command that hits its timeout has its whole group
 * killed, and a minion stopped with SIGTERM kills its jobs' groups before it
 * exits. Processes are found by a marker argument unique to each run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { until } from '../../unit/helpers/until';
import { Cluster } from '../helpers/cluster';

let cluster: Cluster;
/** The markers of this file's commands, to clean up after a failed test. */
const marks: string[] = [];

/** A `sleep` argument no other process has: 1000 seconds and a random fraction. */
function marker(): string {
  const mark = `1000.${crypto.randomInt(1e9)}`;
  marks.push(mark);
  return mark;
}

/** The pids of live processes whose command line holds `mark` (a zombie's command line is empty). */
function withMarker(mark: string): number[] {
  const pids: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(mark)) pids.push(Number(pid));
    } catch {
      // The process ended while the list was read.
    }
  }
  return pids;
}

/** A command forking three `sleep mark` grandchildren, one ignoring SIGTERM, and waiting for them. */
const forking = (mark: string) => `sh -c 'sleep ${mark} & (trap "" TERM; sleep ${mark}) & sleep ${mark}; wait'`;

beforeAll(async () => {
  cluster = await Cluster.start({ master: { auto_accept: true } });
  cluster.startMinion('m1');
  await cluster.authenticated(['m1']);
});

afterAll(async () => {
  await cluster?.stop();
});

afterEach(() => {
  // Whatever a failed test left behind is not left running.
  for (const pid of marks.flatMap(withMarker)) process.kill(pid, 'SIGKILL');
});

test('a command that hits its timeout has its whole group killed, grandchildren included', async () => {
  const mark = marker();
  const r = await cluster.run('salt', ['m1', 'cmd.run', forking(mark), 'timeout=1', '-t', '20']);
  expect(r.stdout).toContain('timed out after 1 seconds');
  expect(withMarker(mark)).toEqual([]);
});

test('a minion stopped mid-job kills its jobs\' process groups before it exits', async () => {
  const mark = marker();
  const r = await cluster.run('salt', ['m1', 'cmd.run', forking(mark), '--async']);
  expect(r.code).toBe(0);
  await until(() => withMarker(mark).length === 3, 'the three sleeps to run', 10000);
  const m1 = cluster.minions.get('m1')!;
  await m1.stop();
  // It exited by itself (on SIGTERM), not on the harness's SIGKILL 5 s later.
  expect(m1.proc.signalCode).toBeNull();
  expect(m1.proc.exitCode).toBe(0);
  expect(withMarker(mark)).toEqual([]);
});
