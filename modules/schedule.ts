/**
 * Salt's `schedule` module, read-only for now: `schedule.list` shows the jobs
 * of the minion config's `schedule:` merged with the pillar's, as Salt 3006
 * lists them. The scheduler that runs them, and add/modify/delete/run_job,
 * come later.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { isDict } from '@brine/core/python';
import { deepcopy } from './lib/dictupdate';
import { loadSaltYaml } from '@brine/core/yaml/salt-load';
import { safeDump } from '@brine/core/yaml/salt-dump';

/** The job settings schedule.list shows (Salt's SCHEDULE_CONF); others are internal state and left out. */
export const SCHEDULE_CONF = [
  'name', 'maxrunning', 'function', 'splay', 'range', 'when', 'once', 'once_fmt', 'returner', 'jid_include', 'args',
  'kwargs', '_seconds', 'seconds', 'minutes', 'hours', 'days', 'enabled', 'return_job', 'metadata', 'cron', 'until',
  'after', 'return_config', 'return_kwargs', 'run_on_start', 'skip_during_range', 'run_after_skip_range',
] as const;

/** Top-level keys of a schedule that are scheduler settings, not jobs (Salt's `_hidden`). */
const SETTINGS = new Set(['enabled', 'skip_function', 'skip_during_range']);

/** Where schedule.list looks: both (undefined), the pillar only, or the minion config only. */
export type ScheduleWhere = 'pillar' | 'opts' | undefined;

/** A schedule: job name -> its settings, plus the scheduler's own settings (`enabled`...). */
export type Schedule = Record<string, unknown>;

/** `value` as a schedule. @throws CommandExecutionError "Schedule must be of type dict." (Salt's words) */
function asSchedule(value: unknown): Schedule {
  if (value === undefined || value === null) return {};
  if (!isDict(value)) throw new CommandExecutionError('Schedule must be of type dict.');
  return value;
}

/**
 * Salt's `Schedule._get_schedule`: the pillar's `schedule` updated with the minion config's, so a job defined in both
 * is the config's (whole, not merged); `where` takes one of them only. Deep copies: the result may be changed.
 * @throws CommandExecutionError when either is not a dict
 */
export function mergedSchedule(opts: unknown, pillar: unknown, where: ScheduleWhere): Schedule {
  const fromPillar = where === 'opts' ? {} : asSchedule(pillar);
  const fromOpts = where === 'pillar' ? {} : asSchedule(opts);
  return deepcopy({ ...fromPillar, ...fromOpts });
}

/** How {@link listedJobs} filters. */
export interface ListOptions {
  /** Keep the internal jobs whose names start with `__` (e.g. Salt's `__mine_interval`). */
  showAll: boolean;
  /** Keep jobs with `enabled: False`. */
  showDisabled: boolean;
}

/**
 * Salt 3006's schedule.list view of a schedule (changed in place and returned): internal `__` jobs dropped unless
 * `showAll`; in each job `enabled` defaults to True, settings outside {@link SCHEDULE_CONF} and None values dropped,
 * the strings 'true'/'false' read as booleans, `_seconds` dropped; disabled jobs dropped unless `showDisabled`.
 * Scheduler settings (`enabled`, `skip_function`, `skip_during_range` at the top) are kept as they are.
 * @throws CommandExecutionError for a job that is not a dict
 */
export function listedJobs(schedule: Schedule, options: ListOptions): Schedule {
  for (const [name, job] of Object.entries(schedule)) {
    if (SETTINGS.has(name)) continue;
    if (name.startsWith('__') && !options.showAll) {
      delete schedule[name];
      continue;
    }
    if (!isDict(job)) throw new CommandExecutionError(`Job ${name} of the schedule must be a dict, not ${JSON.stringify(job)}`);
    if (!('enabled' in job)) job.enabled = true;
    for (const [item, value] of Object.entries(job)) {
      if (!(SCHEDULE_CONF as readonly string[]).includes(item) || value === null) delete job[item];
      else if (value === 'true') job[item] = true;
      else if (value === 'false') job[item] = false;
    }
    if (!options.showDisabled && !job.enabled) {
      delete schedule[name];
      continue;
    }
    delete job._seconds;
  }
  return schedule;
}

/**
 * Salt's YAML answer: each job marked `saved` (whether `savedJobs` holds its name), then
 * `salt.utils.yaml.safe_dump({'schedule': schedule}, default_flow_style=False)`: "schedule: {}\n" when there are no jobs.
 */
export function scheduleYaml(schedule: Schedule, savedJobs: Schedule): string {
  for (const [name, job] of Object.entries(schedule)) if (isDict(job)) job.saved = name in savedJobs;
  return safeDump({ schedule }, { defaultFlowStyle: false });
}

/**
 * The jobs saved in `<config_dir>/minion.d/_schedule.conf`, where Salt's scheduler persists jobs added at run time
 * ({} when there is no such file). @throws CommandExecutionError when it cannot be read or parsed
 */
export function savedSchedule(configDir: string): Schedule {
  const file = path.join(configDir, 'minion.d', '_schedule.conf');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CommandExecutionError(`Cannot read the saved schedule ${file}: ${errorMessage(err)}`);
  }
  let doc: unknown;
  try {
    doc = loadSaltYaml(text, file);
  } catch (err) {
    throw new CommandExecutionError(`Cannot parse the saved schedule ${file}: ${errorMessage(err)}`);
  }
  return isDict(doc) ? asSchedule(doc.schedule) : {};
}

/** `where` checked: pillar, opts, or unset. @throws SaltInvocationError */
function whereArg(where: string | undefined): ScheduleWhere {
  if (where === undefined || where === 'pillar' || where === 'opts') return where;
  throw new SaltInvocationError(`where must be 'pillar' or 'opts', not '${where}'`);
}

/** schedule.list, as Salt 3006's `schedule.list_`. */
function list(ctx: ExecContext, a: { show_all: boolean; show_disabled: boolean; where?: string; return_yaml: boolean; offline: boolean }): string | Schedule {
  const saved = savedSchedule(ctx.opts.config_dir);
  const schedule = a.offline ? deepcopy(saved) : mergedSchedule(ctx.opts.schedule, ctx.pillar.schedule, whereArg(a.where));
  listedJobs(schedule, { showAll: a.show_all, showDisabled: a.show_disabled });
  return a.return_yaml ? scheduleYaml(schedule, saved) : schedule;
}

export default defineModule({
  name: 'schedule',
  doc: `Salt's schedule module, to read the minion's schedule: jobs from the minion config's "schedule:" and the
pillar's "schedule:" (the config's job wins when both define one). The scheduler that runs the jobs, and
schedule.add, modify, delete, enable_job, disable_job and run_job, come with it later.`,
  functions: {
    list: defineFunction({
      doc: `List the jobs scheduled on the minion, as Salt 3006: by default the YAML text
"schedule:\\n  <job>:\\n    enabled: true\\n    function: test.ping\\n    saved: false\\n    seconds: 3600\\n..." (keys
sorted; "schedule: {}\\n" when there are none), or with return_yaml=False the dict {<job>: {settings}}.
Each job shows Salt's schedule settings (function, args, kwargs, seconds/minutes/hours/days, cron, when, splay,
range, returner, maxrunning, jid_include, enabled, ...); enabled defaults to True; in the YAML, saved tells whether
the job is in <config_dir>/minion.d/_schedule.conf (jobs added at run time).
Raises CommandExecutionError when the config's or the pillar's schedule is not a dict.`,
      example: "salt '*' schedule.list show_all=True",
      args: [
        { name: 'show_all', type: 'boolean', default: false, doc: "Include internal jobs, whose names start with '__'." },
        { name: 'show_disabled', type: 'boolean', default: true, doc: 'Include jobs with enabled: False.' },
        { name: 'where', type: 'string', doc: "Only the pillar's jobs ('pillar') or the minion config's ('opts'). Default: both." },
        { name: 'return_yaml', type: 'boolean', default: true, doc: 'Return YAML text (True) or the dict (False).' },
        { name: 'offline', type: 'boolean', default: false, doc: 'List only the jobs saved in minion.d/_schedule.conf.' },
      ],
      run: list,
    }),
  },
});
