import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consoleLogger } from '@brine/core/log';
import { includeSavedSchedule, mineIntervalJob } from '@brine/minion/schedule/minion-scheduler';
import { minionConfig } from '../../helpers/exec-context';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-minion-sched-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the saved jobs are merged over the config\'s at start; an unreadable file is logged and left out', () => {
  const config = minionConfig(dir, { schedule: { a: { function: 'test.ping', seconds: 1 }, b: { function: 'test.ping', seconds: 2 } } });
  fs.mkdirSync(path.join(config.config_dir, 'minion.d'), { recursive: true });
  fs.writeFileSync(path.join(config.config_dir, 'minion.d', '_schedule.conf'), 'schedule:\n  b: {function: test.echo, seconds: 3}\n  c: {function: test.ping, hours: 1}\n');
  const log = consoleLogger('quiet');
  expect(includeSavedSchedule(config, log)).toEqual({
    a: { function: 'test.ping', seconds: 1 }, b: { function: 'test.echo', seconds: 3 }, c: { function: 'test.ping', hours: 1 },
  });
  fs.writeFileSync(path.join(config.config_dir, 'minion.d', '_schedule.conf'), 'schedule: [not, a, dict]\n');
  const errors: string[] = [];
  const config2 = minionConfig(dir, { schedule: { a: { function: 'test.ping', seconds: 1 } } });
  expect(includeSavedSchedule(config2, { ...log, error: (m: string) => void errors.push(m) } as typeof log)).toEqual({ a: { function: 'test.ping', seconds: 1 } });
  expect(errors).toEqual([expect.stringContaining('is not a dict under "schedule"')]);
});

test("Salt's __mine_interval job: every mine_interval minutes, gone when the mine is off or the interval 0", () => {
  const schedule: Record<string, unknown> = {};
  mineIntervalJob(minionConfig(dir), schedule);
  expect(schedule).toEqual({ __mine_interval: { function: 'mine.update', minutes: 60, jid_include: true, maxrunning: 2, return_job: false, enabled: true } });
  mineIntervalJob(minionConfig(dir, { mine_interval: 0 }), schedule);
  expect(schedule).toEqual({});
  mineIntervalJob(minionConfig(dir, { mine_interval: 5 }), schedule);
  mineIntervalJob(minionConfig(dir, { mine_enabled: false }), schedule);
  expect(schedule).toEqual({});
});
