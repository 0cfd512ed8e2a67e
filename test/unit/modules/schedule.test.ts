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
