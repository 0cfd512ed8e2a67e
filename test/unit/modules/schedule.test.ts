import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCliArgs } from '@brine/core/loader/args';
import { Loader } from '@brine/core/loader/loader';
import { MODULES } from '@brine/modules/index';
import { savedSchedule } from '@brine/modules/lib/schedule-file';
import { listedJobs, mergedSchedule, scheduleYaml } from '@brine/modules/schedule';
import { callContext, minionConfig } from '../helpers/exec-context';

/** A job as a minion config defines it, with internal state the scheduler adds (`_next_fire_time`, `_seconds`). */
const CONFIG_JOB = { function: 'state.sls', args: ['httpd'], kwargs: { test: true }, seconds: 3600, splay: 15, _seconds: 3600, _next_fire_time: 'x' };
const MINE_JOB = { function: 'mine.update', minutes: 60, jid_include: true, maxrunning: 2 };
const PILLAR = {
  job1: { function: 'test.ping', minutes: 5 },
  job2: { function: 'test.ping', minutes: 5, enabled: 'false', returner: null },
};

describe('mergedSchedule (Salt Schedule._get_schedule)', () => {
  it("takes the pillar's jobs, then the config's over them, whole", () => {
    const merged = mergedSchedule({ job1: CONFIG_JOB }, PILLAR, undefined);
    expect(merged).toEqual({ job1: CONFIG_JOB, job2: PILLAR.job2 });
    expect(Object.keys(merged)).toEqual(['job1', 'job2']);
  });

  it('takes one side with where', () => {
    expect(mergedSchedule({ job1: CONFIG_JOB }, PILLAR, 'pillar')).toEqual(PILLAR);
    expect(mergedSchedule({ job1: CONFIG_JOB }, PILLAR, 'opts')).toEqual({ job1: CONFIG_JOB });
  });

  it('copies, so listing never changes the config', () => {
    const opts = { job1: { ...CONFIG_JOB } };
    listedJobs(mergedSchedule(opts, undefined, undefined), { showAll: false, showDisabled: true });
    expect(opts.job1).toEqual(CONFIG_JOB);
  });

  it('refuses a schedule that is not a dict, in Salt words', () => {
    expect(() => mergedSchedule(['job1'], {}, undefined)).toThrow('Schedule must be of type dict.');
  });
});

describe('listedJobs (Salt 3006 schedule.list)', () => {
  const list = (showAll = false, showDisabled = true) =>
    listedJobs(mergedSchedule({ job1: CONFIG_JOB, __mine_interval: MINE_JOB, enabled: true }, PILLAR, undefined), { showAll, showDisabled });

  it('keeps the schedule settings, enabled by default, booleans read, None and internal state dropped', () => {
    expect(list()).toEqual({
      job1: { function: 'state.sls', args: ['httpd'], kwargs: { test: true }, seconds: 3600, splay: 15, enabled: true },
      job2: { function: 'test.ping', minutes: 5, enabled: false },
      enabled: true,
    });
  });

  it("shows internal '__' jobs with show_all", () => expect(list(true).__mine_interval).toEqual({ ...MINE_JOB, enabled: true }));
  it('hides disabled jobs with show_disabled=False', () => expect(Object.keys(list(false, false))).toEqual(['job1', 'enabled']));
  it('refuses a job that is not a dict', () => expect(() => listedJobs({ job1: 'test.ping' }, { showAll: false, showDisabled: true })).toThrow('Job job1 of the schedule must be a dict'));
});

describe('scheduleYaml', () => {
  it('is "schedule: {}" with no jobs, as Salt prints it', () => expect(scheduleYaml({}, {})).toBe('schedule: {}\n'));

  it("is PyYAML's block style, keys sorted, each job marked saved or not", () => {
    const jobs = listedJobs(mergedSchedule({ job1: CONFIG_JOB }, PILLAR, undefined), { showAll: false, showDisabled: true });
    expect(scheduleYaml(jobs, { job2: {} })).toBe(
      [
        'schedule:',
        '  job1:',
        '    args:',
        '    - httpd',
        '    enabled: true',
        '    function: state.sls',
        '    kwargs:',
        '      test: true',
        '    saved: false',
        '    seconds: 3600',
        '    splay: 15',
        '  job2:',
        '    enabled: false',
        '    function: test.ping',
        '    minutes: 5',
        '    saved: true',
        '',
      ].join('\n'),
    );
  });
});

describe('schedule.list on a minion', () => {
  let dir: string;
  let call: (...words: string[]) => Promise<unknown>;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-schedule-'));
    const base = callContext(dir, {}, new AbortController().signal, {
      opts: minionConfig(dir, { schedule: { job1: CONFIG_JOB } }),
      pillar: { schedule: PILLAR },
    });
    const loader = new Loader(MODULES, base.opts, {});
    call = (...words) => {
      const { arg, kwarg } = parseCliArgs(words);
      return loader.call('schedule.list', arg, kwarg, base);
    };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers the YAML text by default, and the dict with return_yaml=False', async () => {
    await expect(call()).resolves.toMatch(/^schedule:\n {2}job1:\n {4}args:\n {4}- httpd\n/);
    await expect(call('return_yaml=False', 'where=pillar')).resolves.toEqual({
      job1: { function: 'test.ping', minutes: 5, enabled: true },
      job2: { function: 'test.ping', minutes: 5, enabled: false },
    });
  });

  it('marks the jobs saved in minion.d/_schedule.conf, and lists only those offline', async () => {
    fs.mkdirSync(path.join(dir, 'etc', 'minion.d'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'etc', 'minion.d', '_schedule.conf'), 'schedule:\n  job1:\n    function: state.sls\n    seconds: 3600\n');
    expect(savedSchedule(path.join(dir, 'etc'))).toEqual({ job1: { function: 'state.sls', seconds: 3600 } });
    await expect(call('where=opts')).resolves.toMatch(/ {4}saved: true\n/);
    await expect(call('offline=True', 'return_yaml=False')).resolves.toEqual({ job1: { function: 'state.sls', seconds: 3600, enabled: true } });
  });

  it('refuses another where', async () => {
    await expect(call('where=grains')).rejects.toThrow("where must be 'pillar' or 'opts', not 'grains'");
  });
});

describe('schedule management under salt-call (no running minion): Salt 3006 answers, minion.d/_schedule.conf edited', () => {
  let dir: string;
  let call: (fun: string, ...words: string[]) => Promise<unknown>;
  const file = () => path.join(dir, 'etc', 'minion.d', '_schedule.conf');
  const saved = () => fs.readFileSync(file(), 'utf8');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-schedule-'));
    const base = callContext(dir, {}, new AbortController().signal, {
      opts: minionConfig(dir, { schedule: { cfg: { function: 'test.ping', minutes: 5 } } }),
      pillar: { schedule: { pil: { function: 'test.ping', hours: 1 } } },
    });
    const loader = new Loader(MODULES, base.opts, {});
    call = (fun, ...words) => {
      const { arg, kwarg } = parseCliArgs(words);
      return loader.call(`schedule.${fun}`, arg, kwarg, base);
    };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("add: Salt's item with its defaults, persisted; an existing job or a conflict is refused", async () => {
    await expect(call('add', 'job1', 'function=test.ping', 'seconds=3600', "job_args=['a']", 'splay=10')).resolves.toEqual({
      comment: 'Added job: job1 to schedule.', result: true, changes: { job1: 'added' },
    });
    expect(saved()).toBe(
      'schedule:\n  cfg: {function: test.ping, minutes: 5}\n  job1:\n    args: [a]\n    enabled: true\n    function: test.ping\n' +
        '    jid_include: true\n    maxrunning: 1\n    name: job1\n    seconds: 3600\n    splay: 10\n',
    );
    await expect(call('add', 'job1', 'function=test.ping', 'seconds=1')).resolves.toEqual({ comment: 'Job job1 already exists in schedule.', result: false, changes: {} });
    await expect(call('add', 'pil', 'function=test.ping', 'seconds=1')).resolves.toEqual({ comment: 'Job pil already exists in schedule.', result: false, changes: {} });
    await expect(call('add', 'job2', 'function=test.ping', 'seconds=1', 'cron=* * * * *')).resolves.toEqual({
      comment: 'Error: Unable to use "seconds", "minutes", "hours", or "days" with "when" or "cron" options.', result: false, changes: {},
    });
    await expect(call('add', 'job2', 'function=test.ping', 'when=5pm', 'cron=* * * * *')).resolves.toEqual({
      comment: 'Unable to use "when" and "cron" options together.  Ignoring.', result: false, changes: {},
    });
    await expect(call('add', 'job2', 'function=test.ping', 'when=whenever')).resolves.toEqual({ comment: 'Schedule item whenever for "when" in invalid.', result: false });
    await expect(call('add', 'job2', 'function=test.ping', 'seconds=1', 'job_args=a')).resolves.toEqual({ comment: 'job_args is not a list. please correct and try again.', result: false });
    await expect(call('add', 'job2', 'function=test.ping', 'seconds=1', 'test=True')).resolves.toEqual({ comment: 'Job: job2 would be added to schedule.', result: true, changes: {} });
    await expect(call('add', 'job2', 'seconds=1')).rejects.toThrow('schedule.add needs function=<module.function>');
  });

  it("a job named after an object's built-ins (constructor, toString, __proto__) is a job like any other, never the object's own", async () => {
    await expect(call('enable_job', 'constructor')).resolves.toEqual({ comment: 'Job constructor does not exist.', result: false, changes: {} });
    expect((Object as unknown as Record<string, unknown>).enabled).toBeUndefined();
    await expect(call('delete', 'toString')).resolves.toMatchObject({ result: false });
    await expect(call('add', '__proto__', 'function=test.ping', 'seconds=60')).resolves.toMatchObject({ result: true });
    expect(Object.keys(savedSchedule(path.join(dir, 'etc')))).toEqual(['__proto__', 'cfg']);
  });

  it('modify: the old and new settings in changes; in correct state when equal; unknown job', async () => {
    await call('add', 'job1', 'function=test.ping', 'seconds=3600');
    const item = { function: 'test.ping', maxrunning: 1, name: 'job1', enabled: true, jid_include: true };
    await expect(call('modify', 'job1', 'seconds=60')).resolves.toEqual({
      comment: 'Modified job: job1 in schedule.', result: true,
      changes: { job1: { old: { ...item, seconds: 3600 }, new: { ...item, seconds: 60 } } },
    });
    expect(saved()).toContain('name: job1,\n    seconds: 60}\n');
    await expect(call('modify', 'job1', 'seconds=60')).resolves.toEqual({ comment: 'Job job1 in correct state', changes: {}, result: true });
    await expect(call('modify', 'nosuch', 'seconds=60')).resolves.toEqual({ comment: 'Job nosuch does not exist in schedule.', changes: {}, result: false });
    await expect(call('modify', 'job1', 'seconds=60', 'when=5pm')).resolves.toEqual({
      comment: 'Error: Unable to use "seconds", "minutes", "hours", or "days" with "when" option.', changes: {}, result: false,
    });
  });

  it('delete: removed; unknown; a pillar job stays', async () => {
    await expect(call('delete', 'cfg')).resolves.toEqual({ comment: 'Deleted Job cfg from schedule.', result: true, changes: { cfg: 'removed' } });
    expect(saved()).toBe('schedule: {}\n');
    await expect(call('delete', 'cfg')).resolves.toEqual({ comment: 'Job cfg does not exist.', result: false, changes: {} });
    await expect(call('delete', 'pil')).resolves.toEqual({ comment: 'Failed to delete job pil from schedule.', result: false, changes: {} });
    await expect(call('delete', 'pil', 'test=True')).resolves.toEqual({ comment: 'Job: pil would be deleted from schedule.', result: true, changes: {} });
  });

  it('enable_job / disable_job: the job flips; a pillar job cannot; unknown job', async () => {
    await expect(call('disable_job', 'cfg')).resolves.toEqual({ comment: 'Disabled Job cfg in schedule.', result: true, changes: { cfg: 'disabled' } });
    await expect(call('list', 'return_yaml=False')).resolves.toMatchObject({ cfg: { enabled: false } });
    await expect(call('enable_job', 'cfg')).resolves.toEqual({ comment: 'Enabled Job cfg in schedule.', result: true, changes: { cfg: 'enabled' } });
    await expect(call('disable_job', 'pil')).resolves.toEqual({ comment: 'Failed to disable job pil in schedule.', result: false, changes: {} });
    await expect(call('enable_job', 'nosuch')).resolves.toEqual({ comment: 'Job nosuch does not exist.', result: false, changes: {} });
  });

  it('enable / disable the scheduler, is_enabled, save, purge', async () => {
    await expect(call('disable')).resolves.toEqual({ comment: 'Disabled schedule on minion.', changes: { schedule: 'disabled' }, result: true });
    await expect(call('is_enabled')).resolves.toBe(false);
    await expect(call('enable')).resolves.toEqual({ comment: 'Enabled schedule on minion.', changes: { schedule: 'enabled' }, result: true });
    await expect(call('is_enabled')).resolves.toBe(true);
    await expect(call('is_enabled', 'name=cfg')).resolves.toEqual({ function: 'test.ping', minutes: 5, enabled: true });
    await expect(call('is_enabled', 'name=nosuch')).resolves.toEqual({});
    await expect(call('save')).resolves.toEqual({ comment: 'Schedule (non-pillar items) saved.', result: true });
    expect(saved()).toBe('schedule:\n  cfg: {function: test.ping, minutes: 5}\n  enabled: true\n');
    await expect(call('purge')).resolves.toEqual({
      // The pillar's jobs come first, as in Salt's _get_schedule.
      comment: ['Failed to delete job pil from schedule.', 'Deleted job: cfg from schedule.'], changes: { cfg: 'removed' }, result: true,
    });
  });

  it('run_job and show_next_fire_time need the running minion; a disabled job is not run without force', async () => {
    await expect(call('run_job', 'cfg')).resolves.toEqual({ comment: 'Failed to run job cfg on minion.', result: false });
    await expect(call('run_job', 'nosuch')).resolves.toEqual({ comment: 'Job nosuch does not exist.', result: false });
    await call('disable_job', 'cfg');
    await expect(call('run_job', 'cfg')).resolves.toEqual({ comment: 'Job cfg is disabled.', result: true });
    await expect(call('show_next_fire_time', 'cfg')).resolves.toEqual({ comment: 'Event module not available. Schedule show next fire time failed.', result: true });
  });

  it('reload merges the saved jobs; offline edits only the saved file', async () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    fs.writeFileSync(file(), 'schedule:\n  s1: {function: test.ping, seconds: 9}\n');
    await expect(call('reload')).resolves.toEqual({
      // No running minion to refresh the pillar of.
      comment: ['Failed to reload schedule from pillar on minion.', 'Reloaded schedule on minion from schedule.conf.'], result: false,
    });
    await expect(call('add', 'later', 'function=test.ping', 'seconds=5', 'offline=True')).resolves.toEqual({ comment: 'Added job: later to schedule.', result: true, changes: { later: 'added' } });
    await expect(call('list', 'offline=True', 'return_yaml=False')).resolves.toEqual({
      s1: { function: 'test.ping', seconds: 9, enabled: true },
      later: { function: 'test.ping', seconds: 5, maxrunning: 1, name: 'later', enabled: true, jid_include: true },
    });
  });
});

describe('build_schedule_item', () => {
  it("orders and defaults as Salt's", async () => {
    const loader = new Loader(MODULES, minionConfig(os.tmpdir()), {});
    const ctx = callContext(os.tmpdir(), {}, new AbortController().signal);
    const { arg, kwarg } = parseCliArgs(['job1', 'function=test.ping', 'cron=0 * * * *', 'splay={end: 5, start: 1}', 'returner=local_file', "job_kwargs={'a': 1}"]);
    const item = await loader.call('schedule.build_schedule_item', arg, kwarg, ctx);
    expect(item).toEqual({ function: 'test.ping', kwargs: { a: 1 }, maxrunning: 1, name: 'job1', enabled: true, jid_include: true, splay: { start: 1, end: 5 }, cron: '0 * * * *', returner: 'local_file' });
    expect(Object.keys(item as object)).toEqual(['function', 'kwargs', 'maxrunning', 'name', 'enabled', 'jid_include', 'splay', 'cron', 'returner']);
  });
});

describe("the concurrency cap's keys (brine's own)", () => {
  it('build_schedule_item passes them on and schedule.list shows them', async () => {
    const loader = new Loader(MODULES, minionConfig(os.tmpdir()), {});
    const ctx = callContext(os.tmpdir(), {}, new AbortController().signal);
    const { arg, kwarg } = parseCliArgs(['apply', 'function=state.apply', 'minutes=30', 'concurrency_group=state_apply', 'concurrency_limit=3', 'concurrency_wait=900']);
    const item = await loader.call('schedule.build_schedule_item', arg, kwarg, ctx);
    expect(item).toMatchObject({ concurrency_group: 'state_apply', concurrency_limit: 3, concurrency_wait: 900 });
    expect(listedJobs({ apply: item as Record<string, unknown> }, { showAll: false, showDisabled: true }).apply).toMatchObject({ concurrency_group: 'state_apply', concurrency_limit: 3 });
  });
});
