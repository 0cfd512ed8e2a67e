import { isJid } from '@brine/core/jid';
import { parseEntry, type ScheduleEntry } from '@brine/minion/schedule/entry';
import { scheduledJob } from '@brine/minion/schedule/scheduled-job';

function entry(settings: Record<string, unknown>): ScheduleEntry {
  const e = parseEntry('job1', { function: 'test.arg', seconds: 60, ...settings });
  if (typeof e === 'string') throw new Error(e);
  return e;
}

test("a run as Salt's handle_func builds it: a new jid, the minion as target, root, the returner in ret, Salt's fun_args", () => {
  const run = scheduledJob(entry({ args: ['a', 1], kwargs: { k: 'v' }, returner: 'local_file', metadata: { team: 'ops' } }), 'web1');
  expect(isJid(run.job.jid)).toBe(true);
  expect(run.job).toEqual({ jid: run.job.jid, tgt: 'web1', tgt_type: 'glob', fun: 'test.arg', arg: ['a', 1], kwarg: { k: 'v' }, user: 'root', ret: 'local_file' });
  expect(run.returnFields).toEqual({ schedule: 'job1', pid: process.pid, fun_args: ['a', 1, { k: 'v' }], metadata: { team: 'ops' } });
  expect(run.returnJob).toBe(true);
  expect(run.schedule).toBe('job1');
});

test('each run gets its own jid; no returner, no ret; return_job False is kept', () => {
  const e = entry({ return_job: false });
  const [a, b] = [scheduledJob(e, 'web1'), scheduledJob(e, 'web1')];
  expect(a.job.jid < b.job.jid).toBe(true);
  expect(a.job).not.toHaveProperty('ret');
  expect(a.returnFields).toEqual({ schedule: 'job1', pid: process.pid, fun_args: [] });
  expect(a.returnJob).toBe(false);
});
