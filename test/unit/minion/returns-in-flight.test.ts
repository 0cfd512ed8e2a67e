/**
 * A minion that finishes many jobs at once sends at most RETURNS_IN_FLIGHT returns before the master answers,
 * and the others as answers come, none of them twice.
 */
import type { MinionConfig } from '@brine/core/config/minion';
import type { Loader } from '@brine/core/loader/loader';
import { consoleLogger } from '@brine/core/log';
import type { JobLoad, ReturnLoad } from '@brine/core/protocol/v1/loads';
import type { MasterChannel } from '@brine/minion/channel';
import type { ExecEnv } from '@brine/minion/executor';
import { JobRunner, RETURNS_IN_FLIGHT } from '@brine/minion/jobs';
import type { ReturnSpool } from '@brine/minion/return-spool';
import { until } from '../helpers/until';

test('returns beyond RETURNS_IN_FLIGHT wait on the minion until the master answers earlier ones', async () => {
  const sent: ReturnLoad[] = [];
  const answers: Array<() => void> = [];
  const channel = {
    _return: (ret: ReturnLoad) => {
      sent.push(ret);
      return new Promise<true>((resolve) => answers.push(() => resolve(true)));
    },
  } as unknown as MasterChannel;
  const loader = { resolve: () => ({}), call: async () => true } as unknown as Loader;
  const log = consoleLogger('quiet');
  const env = { id: 'm1', opts: {}, grains: {}, pillar: {}, files: {}, log } as unknown as ExecEnv;
  const spool = { keep: () => true, drop: () => undefined, pending: () => [] } as unknown as ReturnSpool;
  const config = { return_retry_tries: 3, return_retry_timer: 60 } as MinionConfig;
  const runner = new JobRunner(loader, () => env, channel, spool, config, log, new AbortController().signal);

  const jobs = Array.from({ length: 10 }, (_, i): JobLoad => ({ jid: `2026120300000000000${i}`, fun: 'test.ping', arg: [], kwarg: {}, tgt: '*', tgt_type: 'glob', user: 'root' }));
  const done = Promise.all(jobs.map((job) => runner.execute(job)));
  await until(() => runner.list().length === 0 && sent.length > 0, 'every job ended and a return sent');
  await new Promise((r) => setImmediate(r));
  // Every job has ended, yet only RETURNS_IN_FLIGHT returns are out.
  expect(sent.length).toBe(RETURNS_IN_FLIGHT);
  // Each answer lets one more go, until all ten went, each once.
  while (answers.length > 0) {
    answers.shift()!();
    await until(() => answers.length > 0 || sent.length === jobs.length, 'the next return sent');
    if (sent.length === jobs.length) break;
  }
  for (const answer of answers.splice(0)) answer();
  await done;
  expect(sent.map((r) => r.jid).sort()).toEqual(jobs.map((j) => j.jid));
});

test('once a send fails, the returns waiting for a slot are spooled at once, not only the failed one', async () => {
  const fails: Array<(err: Error) => void> = [];
  const channel = {
    _return: () => new Promise<true>((_resolve, reject) => fails.push(reject)),
  } as unknown as MasterChannel;
  const loader = { resolve: () => ({}), call: async () => true } as unknown as Loader;
  const log = consoleLogger('quiet');
  const env = { id: 'm1', opts: {}, grains: {}, pillar: {}, files: {}, log } as unknown as ExecEnv;
  const kept: string[] = [];
  const spool = { keep: (r: ReturnLoad) => kept.push(r.jid) > 0, drop: () => undefined, pending: () => [] } as unknown as ReturnSpool;
  const config = { return_retry_tries: 1, return_retry_timer: 60 } as MinionConfig;
  const stopping = new AbortController();
  const runner = new JobRunner(loader, () => env, channel, spool, config, log, stopping.signal);
  const jobs = Array.from({ length: 10 }, (_, i): JobLoad => ({ jid: `2026120300000000001${i}`, fun: 'test.ping', arg: [], kwarg: {}, tgt: '*', tgt_type: 'glob', user: 'root' }));
  const done = Promise.all(jobs.map((job) => runner.execute(job)));
  await until(() => runner.list().length === 0 && fails.length === RETURNS_IN_FLIGHT, 'the first returns sent');
  // One send fails (the master did not answer). Its slot goes to the next return at once; it and the 5 still
  // waiting are spooled now, before any of those 5 was sent.
  fails.shift()!(new Error('Message timed out'));
  await until(() => kept.length === jobs.length - RETURNS_IN_FLIGHT, 'the waiting returns spooled');
  expect(fails.length).toBe(RETURNS_IN_FLIGHT);
  // The rest fail in turn; each is spooled once.
  while (kept.length < jobs.length || fails.length > 0) {
    await until(() => fails.length > 0, 'a send');
    fails.shift()!(new Error('Message timed out'));
    await new Promise((r) => setImmediate(r));
  }
  await done;
  expect(kept.sort()).toEqual(jobs.map((j) => j.jid));
});
