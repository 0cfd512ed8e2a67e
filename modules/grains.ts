/**
 * Salt's `grains` module: read the minion's grains and set persistent custom
 * grains. Custom grains set here are stored as YAML in `<cachedir>/grains` and
 * read back by the minion's grain collection at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { defineFunction, defineModule, type ExecContext, type Grains } from '@brine/core/loader/define';
import { CommandExecutionError, errorMessage } from '@brine/core/errors';
import { ensureDir, writeFileAtomic } from '@brine/core/paths';
import { isDict, traverse } from '@brine/core/traverse';

/** Path of the persisted custom grains file: `<cachedir>/grains`. */
function grainsFile(cachedir: string): string {
  return path.join(cachedir, 'grains');
}

/**
 * Read the custom grains persisted by `grains.setval`.
 * @param cachedir the minion's `cachedir`
 * @returns the stored map; `{}` when the file is missing or empty
 * @throws CommandExecutionError when the file is unreadable, not YAML, or not a map
 */
export function readPersistedGrains(cachedir: string): Grains {
  const file = grainsFile(cachedir);
  let data: unknown;
  try {
    data = yaml.load(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CommandExecutionError(`Unable to read existing grains file ${file}: ${errorMessage(err)}`);
  }
  if (data === undefined || data === null) return {};
  if (!isDict(data)) throw new CommandExecutionError(`Grains file ${file} does not hold a map of grains`);
  return data;
}

/** The minion's cachedir. @throws CommandExecutionError when none is configured */
function cachedir(ctx: ExecContext): string {
  const dir = ctx.opts.cachedir;
  if (dir === '') throw new CommandExecutionError('The minion has no cachedir configured to store grains in');
  return dir;
}

/** Write grains to `file` as YAML, atomically (writeFileAtomic), mode 0644. @throws CommandExecutionError when it cannot */
function writeGrains(file: string, data: Grains): void {
  try {
    ensureDir(path.dirname(file), 0o755);
    writeFileAtomic(file, yaml.dump(data), 0o644);
  } catch (err) {
    throw new CommandExecutionError(`Unable to write grains file ${file}: ${errorMessage(err)}`);
  }
}

export default defineModule({
  name: 'grains',
  doc: 'Read the static facts (grains) a minion reports about itself, and set custom grains that persist across restarts.',
  functions: {
    items: defineFunction({
      doc: 'Return all grains of the minion as a dict of grain name to value.',
      example: "salt '*' grains.items",
      args: [],
      run: (ctx) => ({ ...ctx.grains }),
    }),
    get: defineFunction({
      doc:
        'Return the value of one grain. Reach into nested dicts and lists by joining keys with the delimiter\n' +
        "(':' by default): `ip4_interfaces:eth0:0` is the first IPv4 address of eth0.\n" +
        "Returns `default` ('' unless given) when the grain or any part of the path is missing.",
      example: "salt '*' grains.get pkg:apache",
      args: [
        { name: 'key', type: 'string', required: true, doc: "Grain name, or a path of keys joined by the delimiter ('os', 'ip4_interfaces:eth0')." },
        { name: 'default', type: 'any', default: '', doc: 'Value returned when the key is missing.' },
        { name: 'delimiter', type: 'string', default: ':', doc: 'Separator between the parts of a nested key.' },
      ],
      run: (ctx, { key, default: fallback, delimiter }) => traverse(ctx.grains, key, fallback, delimiter),
    }),
    item: defineFunction({
      doc:
        "Return the named grains as a dict `{name: value}`. Nested keys use ':' as in grains.get;\n" +
        "a missing grain gives ''.",
      example: "salt '*' grains.item os osrelease oscodename",
      args: [],
      varargs: true,
      run: (ctx, { __args__ }) =>
        Object.fromEntries(__args__.map((k) => [String(k), traverse(ctx.grains, String(k), '', ':')])),
    }),
    ls: defineFunction({
      doc: 'Return the names of all grains of the minion, sorted.',
      example: "salt '*' grains.ls",
      args: [],
      run: (ctx) => Object.keys(ctx.grains).sort(),
    }),
    setval: defineFunction({
      doc:
        'Set a custom grain to a value, in memory and on disk (`<cachedir>/grains`, YAML), so it survives\n' +
        'restarts. The value is parsed as YAML: `[web, db]` sets a list. Overrides a core grain of the same name.\n' +
        'Returns `{key: value}`. Raises an error when the grains file cannot be read or written.',
      example: "salt '*' grains.setval roles '[web, db]'",
      args: [
        { name: 'key', type: 'string', required: true, doc: "Grain name, e.g. 'roles'." },
        { name: 'val', type: 'any', required: true, doc: 'The value: a string, number, list or dict.' },
      ],
      run(ctx, { key, val }) {
        const dir = cachedir(ctx);
        writeGrains(grainsFile(dir), { ...readPersistedGrains(dir), [key]: val });
        ctx.grains[key] = val;
        return { [key]: val };
      },
    }),
  },
});
