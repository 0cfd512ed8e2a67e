/**
 * The returners, by name (each file's name): what `--return NAME`, a schedule
 * entry's `returner` and the master's `event_return` may name.
 */
import type { Returner } from './define';
import localFile from './local_file';
import rawfileJson from './rawfile_json';
import syslog from './syslog';

/** Every returner, in name order. */
export const RETURNERS: readonly Returner[] = [localFile, rawfileJson, syslog];

const BY_NAME = new Map(RETURNERS.map((r) => [r.name, r]));

/** The returner named `name`, or undefined when there is none. */
export function getReturner(name: string): Returner | undefined {
  return BY_NAME.get(name);
}

/**
 * Whether a config key is a returner's option, which the config loader keeps as given (Salt reads them with
 * config.option): `NAME`, `NAME.attr`, `PROFILE.NAME` or `PROFILE.NAME.attr` for a returner NAME.
 */
export function isReturnerOption(key: string): boolean {
  const parts = key.split('.');
  return BY_NAME.has(parts[parts.length - 1]) || (parts.length >= 2 && BY_NAME.has(parts[parts.length - 2]));
}

/** The returner names a job's `ret` (or `event_return`) names: comma-separated or a list, trimmed, each once, in order. */
export function returnerNames(spec: unknown): string[] {
  const items = Array.isArray(spec) ? spec.map(String) : typeof spec === 'string' ? spec.split(',') : [];
  return [...new Set(items.map((s) => s.trim()).filter(Boolean))];
}
