/**
 * Read a Salt-style YAML configuration file (CONFIG_DIR/master or
 * CONFIG_DIR/minion) against a schema: defaults for missing keys, a warning
 * for unknown keys, a clear error (file and line) for malformed YAML or a value
 * of the wrong type, and path keys resolved under root_dir.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { SaltConfigurationError } from '../errors';
import { isReturnerOption } from '../returners/index';
import type { ConfigOf, Schema } from './schema';

/** The loaded configuration and the warnings to log once a logger exists. */
export interface Loaded<S extends Schema> {
  config: ConfigOf<S>;
  warnings: string[];
}

/**
 * Resolve a path option under root_dir, as Salt's prepend_root_dir: a path
 * already under root_dir stays; an absolute one gets root_dir prepended; a relative one is joined to it.
 */
export function underRoot(rootDir: string, p: string): string {
  const root = path.resolve(rootDir);
  if (root === '/') return path.resolve('/', p);
  if (p === root || p.startsWith(root + path.sep)) return p;
  return path.join(root, p);
}

function typeName(v: unknown): string {
  return Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v === 'object' ? 'dict' : typeof v;
}

/**
 * Load `CONFIG_DIR/<name>` against `schema`. A missing file (or folder) means all defaults, as Salt, with a
 * warning naming the path (the daemons log it; salt-call at info).
 * @param configDir the -c directory (default /etc/salt)
 * @param name 'master' or 'minion'
 * @param overrides values that win over the file (used by tests and the demo)
 * @throws SaltConfigurationError naming the file (and line for YAML errors)
 */
export function loadConfig<S extends Schema>(schema: S, configDir: string, name: string, overrides: Record<string, unknown> = {}): Loaded<S> {
  const file = path.resolve(configDir, name);
  let raw: unknown = {};
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SaltConfigurationError(`Cannot read configuration file ${file}: ${(err as Error).message}`, file);
    }
  }
  if (text !== undefined) {
    try {
      raw = yaml.load(text, { filename: file }) ?? {};
    } catch (err) {
      const line = err instanceof yaml.YAMLException ? err.mark.line + 1 : undefined;
      const reason = err instanceof yaml.YAMLException ? err.reason : String(err);
      throw new SaltConfigurationError(`Error parsing configuration file: ${file} - ${reason} at line ${line}`, file, line);
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      throw new SaltConfigurationError(`Error parsing configuration file: ${file} - the top level must be a mapping of keys, got a ${typeName(raw)}`, file, 1);
    }
  }
  const given = { ...(raw as Record<string, unknown>), ...overrides };
  const warnings: string[] = [];
  if (text === undefined) warnings.push(`Configuration file ${file} not found; using the defaults`);
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(schema)) out[k] = structuredClone(spec.default);
  for (const [k, v] of Object.entries(given)) {
    const spec = schema[k];
    // A returner's options (local_file.path, syslog: {...}, PROFILE.syslog.level) are open-ended: kept as given.
    if (!spec && isReturnerOption(k)) {
      out[k] = v;
      continue;
    }
    if (!spec) {
      warnings.push(`Unknown configuration key '${k}' in ${file}; it is ignored`);
      continue;
    }
    const want = typeName(spec.default);
    const allowed = spec.types ?? [want];
    if (v !== null && !allowed.includes(typeName(v)) && !(want === 'string' && typeof v === 'number')) {
      throw new SaltConfigurationError(`Error in configuration file: ${file} - '${k}' must be a ${allowed.join(' or a ')}, got ${JSON.stringify(v)}`, file);
    }
    out[k] = v === null ? spec.default : want === 'string' ? String(v) : v;
  }
  const rootDir = String(out.root_dir ?? '/');
  for (const [k, spec] of Object.entries(schema)) {
    if (spec.path) out[k] = underRoot(rootDir, String(out[k]));
  }
  out.conf_file = file;
  out.config_dir = path.resolve(configDir);
  return { config: out as ConfigOf<S>, warnings };
}
