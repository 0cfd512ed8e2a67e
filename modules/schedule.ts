/**
 * Salt 3006's `schedule` module: list, add, modify, delete, enable_job,
 * disable_job, enable, disable, run_job, save, reload, purge, is_enabled,
 * build_schedule_item and show_next_fire_time, with Salt's arguments and
 * answers (`{'comment': ..., 'result': ..., 'changes': ...}`). The edits and
 * where they land (the running minion's scheduler, the config's jobs, the
 * saved minion.d/_schedule.conf) are lib/schedule-store.ts's; the scheduler
 * itself is the minion's (packages/minion/src/schedule/).
 *
 * Not here: move and copy (they publish through the master's publish module),
 * postpone_job, skip_job and job_status.
 */
import { isDeepStrictEqual } from 'node:util';
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { cleanKwargs } from '@brine/core/loader/args';
import { defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { isDict } from '@brine/core/python';
import { deepcopy } from './lib/dictupdate';
import { safeDump } from '@brine/core/yaml/salt-dump';
import { savedSchedule, type Schedule } from './lib/schedule-file';
import { ScheduleStore } from './lib/schedule-store';
import { buildScheduleItem, isBuildFailure, TIME_CONFLICT, timeConflict, WHEN_CRON_CONFLICT } from './lib/schedule-item';

/** The job settings schedule.list shows (Salt's SCHEDULE_CONF); others are internal state and left out. */
export const SCHEDULE_CONF = [
  'name', 'maxrunning', 'function', 'splay', 'range', 'when', 'once', 'once_fmt', 'returner', 'jid_include', 'args',
  'kwargs', '_seconds', 'seconds', 'minutes', 'hours', 'days', 'enabled', 'return_job', 'metadata', 'cron', 'until',
  'after', 'return_config', 'return_kwargs', 'run_on_start', 'skip_during_range', 'run_after_skip_range',
  // brine's fleet-wide cap (minion/schedule/governor.ts).
  'concurrency_group', 'concurrency_limit', 'concurrency_lease', 'concurrency_wait',
] as const;

/** Top-level keys of a schedule that are scheduler settings, not jobs (Salt's `_hidden`). */
const SETTINGS = new Set(['enabled', 'skip_function', 'skip_during_range']);

/** Where schedule.list looks: both (undefined), the pillar only, or the minion config only. */
export type ScheduleWhere = 'pillar' | 'opts' | undefined;

export type { Schedule } from './lib/schedule-file';

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

/** `where` checked: pillar, opts, or unset. @throws SaltInvocationError */
function whereArg(where: string | undefined): ScheduleWhere {
  if (where === undefined || where === 'pillar' || where === 'opts') return where;
  throw new SaltInvocationError(`where must be 'pillar' or 'opts', not '${where}'`);
}

/** Salt's `list_(show_all=True, return_yaml=False)` of a store: the jobs in effect (or one side), as schedule.list shows them. */
function listed(store: ScheduleStore, where?: ScheduleWhere): Schedule {
  return listedJobs(mergedSchedule(store.jobs, store.pillar, where), { showAll: true, showDisabled: true });
}

/** Salt's test mode for this call: `test=True` given, or the minion's `test` option. */
const testMode = (ctx: ExecContext, kwargs: Record<string, unknown>) => ctx.test || kwargs.test === true;

/** `persist` of the keyword arguments (Salt's default True). */
const persistArg = (kwargs: Record<string, unknown>) => kwargs.persist !== false;

/** The keyword arguments a call passed, without Salt's `__pub_` ones. */
type Kw = { __kwargs__: Record<string, unknown> };

/** schedule.list, as Salt 3006's `schedule.list_`. */
function list(ctx: ExecContext, a: { show_all: boolean; show_disabled: boolean; where?: string; return_yaml: boolean; offline: boolean }): string | Schedule {
  const store = new ScheduleStore(ctx, a.offline);
  const saved = a.offline ? store.jobs : savedSchedule(ctx.opts.config_dir);
  const schedule = listedJobs(mergedSchedule(store.jobs, store.pillar, whereArg(a.where)), { showAll: a.show_all, showDisabled: a.show_disabled });
  return a.return_yaml ? scheduleYaml(schedule, saved) : schedule;
}

/** schedule.is_enabled: the scheduler's `enabled` (True when unset), or job `name`'s settings ({} when there is none). */
function isEnabled(ctx: ExecContext, a: { name?: string }): unknown {
  const current = listedJobs(mergedSchedule(new ScheduleStore(ctx, false).jobs, ctx.pillar.schedule, undefined), { showAll: false, showDisabled: true });
  if (!a.name) return current.enabled ?? true;
  return current[a.name] ?? {};
}

/** schedule.build_schedule_item. */
function buildItem(_ctx: ExecContext, a: { name: string } & Kw): unknown {
  return buildScheduleItem(a.name, cleanKwargs(a.__kwargs__));
}

/** schedule.add, as Salt 3006. */
function add(ctx: ExecContext, a: { name: string } & Kw): Record<string, unknown> {
  const kwargs = cleanKwargs(a.__kwargs__);
  const { name } = a;
  const ret: Record<string, unknown> = { comment: `Failed to add job ${name} to schedule.`, result: false, changes: {} };
  const store = new ScheduleStore(ctx, kwargs.offline === true);
  const current = listed(store);
  if (Object.hasOwn(current, name)) return { ...ret, comment: `Job ${name} already exists in schedule.` };
  if (timeConflict(kwargs)) return { ...ret, comment: `Error: ${TIME_CONFLICT}` };
  if ('when' in kwargs && 'cron' in kwargs) return { ...ret, comment: WHEN_CRON_CONFLICT };
  if (kwargs.function === undefined) throw new SaltInvocationError('schedule.add needs function=<module.function>');
  const item = buildScheduleItem(name, kwargs);
  if (isBuildFailure(item)) return item;
  if (testMode(ctx, kwargs)) return { ...ret, comment: `Job: ${name} would be added to schedule.`, result: true };
  store.add(name, item, store.offline || persistArg(kwargs));
  if (!(name in store.merged())) return ret;
  return { ...ret, comment: `Added job: ${name} to schedule.`, result: true, changes: { [name]: 'added' } };
}

/** schedule.modify, as Salt 3006: the job becomes what the arguments say (`function` kept when not given). */
function modify(ctx: ExecContext, a: { name: string } & Kw): Record<string, unknown> {
  const kwargs = cleanKwargs(a.__kwargs__);
  const { name } = a;
  const ret: Record<string, unknown> = { comment: '', changes: {}, result: true };
  if (timeConflict(kwargs)) return { ...ret, result: false, comment: 'Error: Unable to use "seconds", "minutes", "hours", or "days" with "when" option.' };
  if ('when' in kwargs && 'cron' in kwargs) return { ...ret, result: false, comment: WHEN_CRON_CONFLICT };
  const store = new ScheduleStore(ctx, kwargs.offline === true);
  const current = listed(store);
  if (!Object.hasOwn(current, name)) return { ...ret, comment: `Job ${name} does not exist in schedule.`, result: false };
  const old = current[name] as Record<string, unknown>;
  if (!('function' in kwargs)) kwargs.function = old.function;
  const item = buildScheduleItem(name, kwargs);
  if (isBuildFailure(item)) return item;
  delete item.test;
  if (isDeepStrictEqual(item, old)) return { ...ret, comment: `Job ${name} in correct state` };
  ret.changes = { [name]: { old, new: item } };
  if (testMode(ctx, kwargs)) return { ...ret, comment: `Job: ${name} would be modified in schedule.` };
  store.modify(name, item, store.offline || (store.where(name) === 'opts' && persistArg(kwargs)));
  return { ...ret, comment: `Modified job: ${name} in schedule.` };
}

/** schedule.delete, as Salt 3006 (a pillar job cannot be deleted). */
function remove(ctx: ExecContext, a: { name: string } & Kw): Record<string, unknown> {
  const kwargs = cleanKwargs(a.__kwargs__);
  const { name } = a;
  const ret: Record<string, unknown> = { comment: `Failed to delete job ${name} from schedule.`, result: false, changes: {} };
  if (testMode(ctx, kwargs)) return { ...ret, comment: `Job: ${name} would be deleted from schedule.`, result: true };
  const store = new ScheduleStore(ctx, kwargs.offline === true);
  const where = store.where(name);
  if (!where) return { ...ret, comment: `Job ${name} does not exist.` };
  store.delete(name, store.offline || (where === 'opts' && persistArg(kwargs)));
  if (name in store.merged()) return ret;
  return { ...ret, result: true, comment: `Deleted Job ${name} from schedule.`, changes: { [name]: 'removed' } };
}

/** schedule.purge, as Salt 3006: every job but the internal '__' ones. */
function purge(ctx: ExecContext, a: Kw): Record<string, unknown> {
  const kwargs = cleanKwargs(a.__kwargs__);
  const comment: string[] = [];
  const changes: Record<string, string> = {};
  const store = new ScheduleStore(ctx, kwargs.offline === true);
  for (const name of Object.keys(listed(store))) {
    if (SETTINGS.has(name) || name.startsWith('__')) continue;
    if (testMode(ctx, kwargs)) {
      comment.push(`Job: ${name} would be deleted from schedule.`);
      continue;
    }
    store.delete(name, store.offline || persistArg(kwargs));
    if (name in store.merged()) comment.push(`Failed to delete job ${name} from schedule.`);
    else {
      comment.push(`Deleted job: ${name} from schedule.`);
      changes[name] = 'removed';
    }
  }
  return { comment, changes, result: true };
}

/** schedule.enable_job / disable_job, as Salt 3006. */
function setJobEnabled(enabled: boolean) {
  const [verb, past] = enabled ? ['enable', 'Enabled'] : ['disable', 'Disabled'];
  return (ctx: ExecContext, a: { name: string } & Kw): Record<string, unknown> => {
    const kwargs = cleanKwargs(a.__kwargs__);
    const { name } = a;
    const ret: Record<string, unknown> = { comment: [], result: true, changes: {} };
    if (testMode(ctx, kwargs)) return { ...ret, comment: `Job: ${name} would be ${verb}d in schedule.` };
    const store = new ScheduleStore(ctx, false);
    const where = store.where(name);
    if (!where) return { ...ret, comment: `Job ${name} does not exist.`, result: false };
    store.setJobEnabled(name, enabled, where === 'opts' && persistArg(kwargs));
    const merged = store.merged();
    const job = Object.hasOwn(merged, name) ? merged[name] : undefined;
    const now = isDict(job) ? job.enabled !== false && job.enabled !== 'false' : false;
    if (now !== enabled) return { ...ret, result: false, comment: `Failed to ${verb} job ${name} in schedule.` };
    return { ...ret, comment: `${past} Job ${name} in schedule.`, changes: { [name]: `${verb}d` } };
  };
}

/** schedule.enable / disable, as Salt 3006: the scheduler-wide switch. */
function setEnabled(enabled: boolean) {
  const verb = enabled ? 'enable' : 'disable';
  return (ctx: ExecContext, a: Kw): Record<string, unknown> => {
    const kwargs = cleanKwargs(a.__kwargs__);
    const ret: Record<string, unknown> = { comment: [], changes: {}, result: true };
    if (testMode(ctx, kwargs)) return { ...ret, comment: `Schedule would be ${verb}d.` };
    new ScheduleStore(ctx, false).setEnabled(enabled, persistArg(kwargs));
    return { ...ret, comment: `${enabled ? 'Enabled' : 'Disabled'} schedule on minion.`, changes: { schedule: `${verb}d` } };
  };
}

/** schedule.save, as Salt 3006. */
function save(ctx: ExecContext, a: Kw): Record<string, unknown> {
  if (testMode(ctx, cleanKwargs(a.__kwargs__))) return { comment: 'Schedule would be saved.', result: true };
  new ScheduleStore(ctx, false).save();
  return { comment: 'Schedule (non-pillar items) saved.', result: true };
}

/**
 * schedule.reload, as Salt 3006: the pillar is refreshed when it holds a schedule, and the saved jobs merged into
 * the config's. (Salt 3006 reads minion.d/schedule.conf here, a file nothing writes; brine reads the
 * _schedule.conf that schedule.save writes.)
 */
async function reload(ctx: ExecContext): Promise<Record<string, unknown>> {
  const comment: string[] = [];
  let result = true;
  if ('schedule' in ctx.pillar) {
    if (ctx.runtime) {
      await ctx.runtime.refreshPillar();
      comment.push('Reloaded schedule from pillar on minion.');
    } else {
      comment.push('Failed to reload schedule from pillar on minion.');
      result = false;
    }
  }
  let saved: Schedule;
  try {
    saved = savedSchedule(ctx.opts.config_dir);
  } catch (err) {
    return { comment: [...comment, `Unable to read existing schedule file: ${errorMessage(err)}`], result };
  }
  if (Object.keys(saved).length) {
    new ScheduleStore(ctx, false).reload(saved);
    comment.push('Reloaded schedule on minion from schedule.conf.');
  }
  return { comment, result };
}

/** schedule.run_job, as Salt 3006: the running minion's scheduler runs the job now. */
function runJob(ctx: ExecContext, a: { name: string; force: boolean }): Record<string, unknown> {
  const { name } = a;
  const store = new ScheduleStore(ctx, false);
  const jobs = listed(store);
  const job = Object.hasOwn(jobs, name) ? jobs[name] : undefined;
  if (!isDict(job)) return { comment: `Job ${name} does not exist.`, result: false };
  if (job.enabled === false && !a.force) return { comment: `Job ${name} is disabled.`, result: true };
  if (!store.scheduler?.runJob(name)) return { comment: `Failed to run job ${name} on minion.`, result: false };
  return { comment: `Scheduling Job ${name} on minion.`, result: true };
}

/** A local time as Python's strftime('%Y-%m-%dT%H:%M:%S'). */
function isoLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** schedule.show_next_fire_time, as Salt 3006. */
function showNextFireTime(ctx: ExecContext, a: { name: string }): Record<string, unknown> {
  const scheduler = ctx.runtime?.schedule;
  if (!scheduler) return { comment: 'Event module not available. Schedule show next fire time failed.', result: true };
  const next = scheduler.nextFireTime(a.name);
  return { result: true, next_fire_time: next === undefined ? null : isoLocal(next) };
}

const NAME = { name: 'name', type: 'string', required: true, doc: 'The job name.' } as const;
const KWARGS_DOC = 'persist=False keeps the change out of minion.d/_schedule.conf; test=True only says what would change.';

export default defineModule({
  name: 'schedule',
  doc: `Salt's schedule module: the jobs the minion's scheduler runs, from the minion config's "schedule:" (with the
jobs saved in <config_dir>/minion.d/_schedule.conf) and the pillar's "schedule:" (the config's job wins when both
define one). On a running minion the changes reach its scheduler at once; with salt-call (--local) they edit
minion.d/_schedule.conf, which the minion loads when it starts. Pillar jobs cannot be changed here (as Salt).
Answers are Salt's {'comment': ..., 'result': ..., 'changes': ...} dicts.`,
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
    is_enabled: defineFunction({
      doc: "Without name: whether the scheduler is enabled (the schedule's top-level enabled, True when unset). With name: that job's settings as schedule.list shows them, {} when there is no such job.",
      example: "salt '*' schedule.is_enabled name=job1",
      args: [{ name: 'name', type: 'string', doc: 'A job name.' }],
      run: isEnabled,
    }),
    build_schedule_item: defineFunction({
      doc: `The settings schedule.add would give job name, as Salt's build_schedule_item: {function, seconds...,
args (from job_args), kwargs (from job_kwargs), maxrunning: 1, name, enabled: True, jid_include: True, splay, range,
when, once, cron, returner, after, until, run_on_start, ...}; or {'comment': <why>, 'result': False} when the
arguments conflict (an interval with when or cron, when with cron) or job_args is not a list, job_kwargs not a dict,
a when time not readable.`,
      example: "salt '*' schedule.build_schedule_item job1 function='test.ping' seconds=3600",
      args: [NAME],
      varkwargs: true,
      run: buildItem,
    }),
    add: defineFunction({
      doc: `Add job name to the minion's schedule, as Salt 3006: keyword arguments as build_schedule_item
(function=, seconds=/minutes=/hours=/days= or cron= or when=, job_args=[...], job_kwargs={...}, splay=, range=,
returner=, maxrunning=, run_on_start=, return_job=, ...). Answers {'comment': 'Added job: <name> to schedule.',
'result': True, 'changes': {<name>: 'added'}}; 'Job <name> already exists in schedule.' with result False when it
exists. offline=True edits only minion.d/_schedule.conf. ${KWARGS_DOC}`,
      example: "salt '*' schedule.add job1 function='test.ping' seconds=3600",
      args: [NAME],
      varkwargs: true,
      run: add,
    }),
    modify: defineFunction({
      doc: `Replace job name's settings with the ones given (as schedule.add; function is kept when not given), as
Salt 3006. Answers {'comment': 'Modified job: <name> in schedule.', 'changes': {<name>: {'old': ..., 'new': ...}},
'result': True}, 'Job <name> in correct state' when nothing changes, 'Job <name> does not exist in schedule.' with
result False. ${KWARGS_DOC}`,
      example: "salt '*' schedule.modify job1 function='test.ping' seconds=3600",
      args: [NAME],
      varkwargs: true,
      run: modify,
    }),
    delete: defineFunction({
      doc: `Delete job name from the minion's schedule, as Salt 3006: {'comment': 'Deleted Job <name> from schedule.',
'result': True, 'changes': {<name>: 'removed'}}; 'Job <name> does not exist.' (result False); a pillar job cannot be
deleted ('Failed to delete job <name> from schedule.'). ${KWARGS_DOC}`,
      example: "salt '*' schedule.delete job1",
      args: [NAME],
      varkwargs: true,
      run: remove,
    }),
    purge: defineFunction({
      doc: `Delete every job but the internal '__' ones, as Salt 3006: {'comment': ['Deleted job: <name> from
schedule.', ...], 'changes': {<name>: 'removed'}, 'result': True}. ${KWARGS_DOC}`,
      example: "salt '*' schedule.purge",
      args: [],
      varkwargs: true,
      run: purge,
    }),
    enable_job: defineFunction({
      doc: `Enable job name, as Salt 3006: {'comment': 'Enabled Job <name> in schedule.', 'result': True, 'changes':
{<name>: 'enabled'}}; 'Job <name> does not exist.' (result False). ${KWARGS_DOC}`,
      example: "salt '*' schedule.enable_job job1",
      args: [NAME],
      varkwargs: true,
      run: setJobEnabled(true),
    }),
    disable_job: defineFunction({
      doc: `Disable job name (it stays listed, and does not run), as Salt 3006: {'comment': 'Disabled Job <name> in
schedule.', 'result': True, 'changes': {<name>: 'disabled'}}; 'Job <name> does not exist.' (result False). ${KWARGS_DOC}`,
      example: "salt '*' schedule.disable_job job1",
      args: [NAME],
      varkwargs: true,
      run: setJobEnabled(false),
    }),
    enable: defineFunction({
      doc: `Enable the scheduler (the schedule's top-level enabled: True), as Salt 3006: {'comment': 'Enabled schedule
on minion.', 'changes': {'schedule': 'enabled'}, 'result': True}. ${KWARGS_DOC}`,
      example: "salt '*' schedule.enable",
      args: [],
      varkwargs: true,
      run: setEnabled(true),
    }),
    disable: defineFunction({
      doc: `Disable the scheduler: no job runs until schedule.enable, as Salt 3006: {'comment': 'Disabled schedule on
minion.', 'changes': {'schedule': 'disabled'}, 'result': True}. ${KWARGS_DOC}`,
      example: "salt '*' schedule.disable",
      args: [],
      varkwargs: true,
      run: setEnabled(false),
    }),
    save: defineFunction({
      doc: `Save the minion config's jobs (not the pillar's) to <config_dir>/minion.d/_schedule.conf, as Salt 3006:
{'comment': 'Schedule (non-pillar items) saved.', 'result': True}. Raises CommandExecutionError when the file
cannot be written.`,
      example: "salt '*' schedule.save",
      args: [],
      varkwargs: true,
      run: save,
    }),
    reload: defineFunction({
      doc: `Reload the schedule: the pillar is refreshed when it holds one ('Reloaded schedule from pillar on
minion.'), and the jobs saved in minion.d/_schedule.conf are merged into the config's ('Reloaded schedule on
minion from schedule.conf.'). Answers {'comment': [...], 'result': True}.`,
      example: "salt '*' schedule.reload",
      args: [],
      run: reload,
    }),
    run_job: defineFunction({
      doc: `Run job name now on the running minion (its maxrunning still holds), as Salt 3006: {'comment': 'Scheduling
Job <name> on minion.', 'result': True}; 'Job <name> is disabled.' unless force=True; 'Job <name> does not exist.'
(result False); 'Failed to run job <name> on minion.' (result False) without a running minion (salt-call).`,
      example: "salt '*' schedule.run_job job1 force=True",
      args: [NAME, { name: 'force', type: 'boolean', default: false, doc: 'Run it even when it is disabled.' }],
      run: runJob,
    }),
    show_next_fire_time: defineFunction({
      doc: `When job name fires next on the running minion, as Salt 3006: {'result': True, 'next_fire_time':
'2026-12-04T17:00:00'} (local time, before splay; None when it has none).`,
      example: "salt '*' schedule.show_next_fire_time job1",
      args: [NAME],
      run: showNextFireTime,
    }),
  },
});
