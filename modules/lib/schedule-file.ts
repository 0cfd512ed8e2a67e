/**
 * The file where Salt's minion persists its schedule:
 * `<config_dir>/minion.d/_schedule.conf`, YAML `schedule: {job: settings}`.
 * schedule.save (and add, modify, delete, enable_job... with persist=True,
 * their default) write the minion config's jobs there, without the
 * scheduler's internal `_` settings, as Salt 3006's `Schedule.persist`; the
 * minion merges it over its config's `schedule:` when it starts (Salt reads
 * it as one of its minion.d/*.conf includes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, errorMessage } from '@brine/core/errors';
import { ensureDir, writeFileAtomic } from '@brine/core/paths';
import { isDict } from '@brine/core/python';
import { loadSaltYaml } from '@brine/core/yaml/salt-load';
import { safeDump } from '@brine/core/yaml/salt-dump';

/** A schedule: job name -> its settings, plus the scheduler's own settings (`enabled`...). */
export type Schedule = Record<string, unknown>;

/** The saved schedule's path under the minion's config directory. */
export function scheduleFile(configDir: string): string {
  return path.join(configDir, 'minion.d', '_schedule.conf');
}

/**
 * The jobs saved in `<config_dir>/minion.d/_schedule.conf` ({} when there is no such file, or it is empty).
 * @throws CommandExecutionError when it cannot be read or parsed, or its `schedule` is not a dict
 */
export function savedSchedule(configDir: string): Schedule {
  const file = scheduleFile(configDir);
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
  const schedule = isDict(doc) ? doc.schedule : undefined;
  if (schedule === undefined || schedule === null) return {};
  if (!isDict(schedule)) throw new CommandExecutionError(`The saved schedule ${file} is not a dict under "schedule"`);
  return schedule;
}

/**
 * Write `schedule` to `<config_dir>/minion.d/_schedule.conf` as Salt's `Schedule.persist`: each job without its
 * settings starting with `_` (the scheduler's state), as `salt.utils.yaml.safe_dump({'schedule': ...})`. The
 * directory is created when missing.
 * @throws CommandExecutionError when the file cannot be written
 */
export function persistSchedule(configDir: string, schedule: Schedule): void {
  // fromEntries defines each job as its own property, a job named __proto__ too.
  const clean: Schedule = Object.fromEntries(
    Object.entries(schedule).map(([name, job]) => [name, isDict(job) ? Object.fromEntries(Object.entries(job).filter(([k]) => !k.startsWith('_'))) : job]),
  );
  const file = scheduleFile(configDir);
  try {
    ensureDir(path.dirname(file), 0o755);
    writeFileAtomic(file, safeDump({ schedule: clean }), 0o644);
  } catch (err) {
    throw new CommandExecutionError(`Failed to persist the updated schedule to ${file}: ${errorMessage(err)}`);
  }
}
