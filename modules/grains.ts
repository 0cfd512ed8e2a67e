/**
 * Salt's `grains` module: read the minion's grains, pick values from lookup
 * tables by grain (filter_by), and set custom grains that persist. As in Salt,
 * custom grains live as YAML in the `grains` file next to the minion's config
 * file (`/etc/salt/grains` for `/etc/salt/minion`), which the minion reads
 * when it collects its grains; after a change the running minion collects its
 * grains again and reports them to the master (saltutil.refresh_grains).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { defineFunction, defineModule, type ExecContext, type Grains } from '@brine/core/loader/define';
import { CommandExecutionError, errorMessage, SaltInvocationError } from '@brine/core/errors';
import { globMatch } from '@brine/core/matchers/glob';
import { ensureDir, writeFileAtomic } from '@brine/core/paths';
import { mergePillar } from '@brine/core/state/system';
import { loadSaltYaml } from '@brine/core/yaml/salt-load';
import { safeDump } from '@brine/core/yaml/salt-dump';
import { setOwn, traverse } from '@brine/core/traverse';
import { isDict } from '@brine/core/python';
import { pyStr, truthy } from '@brine/core/jinja/runtime/values';

/** The `grains` file of a minion whose config file is `confFile`: next to it, or inside it when it is a directory (as Salt). */
export function grainsFile(confFile: string): string {
  let isDirectory = false;
  try {
    isDirectory = fs.statSync(confFile).isDirectory();
  } catch {
    // a config file that does not exist: its folder
  }
  return isDirectory ? path.join(confFile, 'grains') : path.join(path.dirname(confFile), 'grains');
}

/**
 * Read the custom grains of the minion whose config file is `confFile`.
 * @returns the stored map; `{}` when the file is missing, empty or not a map (as Salt)
 * @throws CommandExecutionError when the file cannot be read or is not YAML
 */
export function readPersistedGrains(confFile: string): Grains {
  const file = grainsFile(confFile);
  let data: unknown;
  try {
    data = loadSaltYaml(fs.readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CommandExecutionError(`Unable to read existing grains file: ${errorMessage(err)}`);
  }
  return isDict(data) ? data : {};
}

/**
 * Salt's grains.setvals: set (or, for None with `destructive`, delete) each
 * grain in memory and in the grains file, then have the running minion
 * collect and report its grains again.
 * @returns `grains` as given; Salt's message string when the grains file is not YAML
 */
async function setvals(ctx: ExecContext, grains: Record<string, unknown>, destructive: boolean): Promise<unknown> {
  let stored: Grains;
  try {
    stored = readPersistedGrains(ctx.opts.conf_file);
  } catch (err) {
    return errorMessage(err);
  }
  for (const [key, val] of Object.entries(grains)) {
    if (val === null && destructive) {
      delete stored[key];
      delete ctx.grains[key];
    } else {
      // As own properties: a grain named __proto__ is a grain, not the grains' prototype.
      setOwn(stored, key, val);
      setOwn(ctx.grains, key, val);
    }
  }
  const file = grainsFile(ctx.opts.conf_file);
  try {
    ensureDir(path.dirname(file), 0o755);
    writeFileAtomic(file, safeDump(stored, { defaultFlowStyle: false }), 0o644);
  } catch (err) {
    ctx.log.error(`Unable to write to grains file at ${file}. Check permissions. (${errorMessage(err)})`);
  }
  if (ctx.runtime) await ctx.runtime.refreshGrains();
  return grains;
}

/** A grain's value by delimited key, as a copy the caller may change (grains can be shared between minions). */
function getCopy(ctx: ExecContext, key: string, fallback: unknown, delimiter: string): unknown {
  const missing = Symbol('missing');
  const found = traverse(ctx.grains, key, missing, delimiter);
  // The fallback as given: it may be a symbol, which structuredClone refuses.
  return found === missing ? fallback : structuredClone(found);
}

/** Salt's "dict or list" test of grains.set. */
function isComplex(v: unknown): boolean {
  return Array.isArray(v) || isDict(v);
}

/** Salt's result of grains.set / grains.delval. */
interface SetResult {
  comment: string;
  changes: Record<string, unknown>;
  result: boolean;
}

/** Salt's grains.set, which grains.delval and grains.delkey use: see the function's doc. */
async function setGrain(ctx: ExecContext, key: string, val: unknown, force: boolean, destructive: boolean, delimiter: string): Promise<SetResult> {
  const ret: SetResult = { comment: '', changes: {}, result: true };
  const missing = Symbol('missing');
  const existing = getCopy(ctx, key, missing, delimiter);
  const exists = existing !== missing;
  if (exists && isDeepStrictEqual(existing, val) && (val !== null || !destructive)) {
    ret.comment = 'Grain is already set';
    return ret;
  }
  if (exists && existing !== null && !force) {
    if (isComplex(existing)) return { ...ret, result: false, comment: `The key '${key}' exists but is a dict or a list. Use 'force=True' to overwrite.` };
    if (isComplex(val)) return { ...ret, result: false, comment: `The key '${key}' exists and the given value is a dict or a list. Use 'force=True' to overwrite.` };
  }
  let value = val;
  let top = key;
  while (top.includes(delimiter)) {
    const cut = top.lastIndexOf(delimiter);
    const rest = top.slice(cut + delimiter.length);
    top = top.slice(0, cut);
    let parent = getCopy(ctx, top, {}, delimiter);
    if (isDict(parent)) {
      if (value === null && destructive) delete parent[rest];
      else setOwn(parent, rest, value);
    } else if (Array.isArray(parent)) {
      let updated = false;
      parent.forEach((item, i) => {
        if (item === rest) {
          (parent as unknown[])[i] = { [rest]: value };
          updated = true;
        } else if (isDict(item) && Object.hasOwn(item, rest)) {
          setOwn(item, rest, value);
          updated = true;
        }
      });
      if (!updated) parent.push({ [rest]: value });
    } else if (parent === rest || force) parent = { [rest]: value };
    else {
      return { ...ret, result: false, comment: `The key '${top}' value is '${String(parent)}', which is different from the provided key '${rest}'. Use 'force=True' to overwrite.` };
    }
    value = parent;
  }
  const set = await setvals(ctx, { [top]: value }, destructive);
  if (isDict(set)) ret.changes = set;
  else Object.assign(ret, { comment: set, result: false });
  return ret;
}

/** Wrap nested list edits back into their top-level grain, as Salt's append/remove: each parent dict gets the new value. */
function rewrap(ctx: ExecContext, key: string, value: unknown, delimiter: string, missingParent: () => unknown): [string, unknown] {
  let top = key;
  let v = value;
  while (top.includes(delimiter)) {
    const cut = top.lastIndexOf(delimiter);
    const rest = top.slice(cut + delimiter.length);
    top = top.slice(0, cut);
    const parent = getCopy(ctx, top, missingParent(), delimiter);
    if (isDict(parent)) setOwn(parent, rest, v);
    v = parent;
  }
  return [top, v];
}

const delimiterArg = { name: 'delimiter', type: 'string', default: ':', doc: "Separator between the parts of a nested key (Salt's DEFAULT_TARGET_DELIM, ':')." } as const;
/** setval(s)' `refresh_pillar`: taken as Salt's, the pillar being refreshed with the grains in any case. */
const refreshPillarArg = { name: 'refresh_pillar', type: 'boolean', default: true, doc: 'Accepted for Salt compatibility; brine refreshes the pillar with the grains.' } as const;

export default defineModule({
  name: 'grains',
  doc: 'Read the static facts (grains) a minion reports about itself, and set custom grains that persist across restarts.',
  functions: {
    items: defineFunction({
      doc: 'Return all grains of the minion as a dict of grain name to value, in the order the minion collected them.',
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
        delimiterArg,
      ],
      run: (ctx, { key, default: fallback, delimiter }) => traverse(ctx.grains, key, fallback, delimiter),
    }),
    has_value: defineFunction({
      doc: 'Return True when the (nested, delimited) grain key exists, whatever its value, else False.',
      example: "salt '*' grains.has_value pkg:apache",
      args: [{ name: 'key', type: 'string', required: true, doc: "Grain name or nested key ('pkg:apache')." }],
      run: (ctx, { key }) => {
        const missing = Symbol('missing');
        return traverse(ctx.grains, key, missing) !== missing;
      },
    }),
    item: defineFunction({
      doc:
        "Return the named grains as a dict `{name: value}`. Nested keys use the delimiter as in grains.get (keyword\n" +
        "`delimiter`, ':' by default); a missing grain gives keyword `default` ('').",
      example: "salt '*' grains.item os osrelease oscodename",
      args: [],
      varargs: true,
      varkwargs: true,
      run: (ctx, { __args__, __kwargs__ }) => {
        const fallback = __kwargs__.default ?? '';
        const delimiter = typeof __kwargs__.delimiter === 'string' ? __kwargs__.delimiter : ':';
        return Object.fromEntries(__args__.map((k) => [String(k), traverse(ctx.grains, String(k), fallback, delimiter)]));
      },
    }),
    ls: defineFunction({
      doc: 'Return the names of all grains of the minion, sorted.',
      example: "salt '*' grains.ls",
      args: [],
      run: (ctx) => Object.keys(ctx.grains).sort(),
    }),
    equals: defineFunction({
      doc: "Return True when the grain's value, as text, equals `value` as text (grains.equals systemd:version 252).",
      example: "salt '*' grains.equals systemd:version 252",
      args: [
        { name: 'key', type: 'string', required: true, doc: 'Grain name or nested key.' },
        { name: 'value', type: 'any', required: true, doc: 'The expected value.' },
      ],
      run: (ctx, { key, value }) => String(value) === String(traverse(ctx.grains, key, '')),
    }),
    filter_by: defineFunction({
      doc:
        "Pick the entry of `lookup_dict` for this minion's value of `grain` (nested keys with ':'). The keys of\n" +
        'lookup_dict are glob patterns (fnmatch, case-sensitive); when the grain is a list, its first item that matches\n' +
        'a key wins. Without a match the `default` key is used. With `base`, the chosen dict is merged over\n' +
        "lookup_dict[base]; then `merge` (a dict, e.g. from pillar) is merged over the result. Returns the value, or None.\n" +
        "Raises SaltInvocationError when `merge` is not a dict, or when base and the chosen value are not both dicts.",
      example: "salt '*' grains.filter_by '{Debian: apache2, RedHat: httpd}'",
      args: [
        { name: 'lookup_dict', type: 'dict', required: true, doc: 'Values keyed by grain value (or glob pattern).' },
        { name: 'grain', type: 'string', default: 'os_family', doc: "The grain to look up, e.g. 'os' or 'osfinger'." },
        { name: 'merge', type: 'any', default: null, doc: 'A dict merged over the result (pillar overrides).' },
        { name: 'default', type: 'string', default: 'default', doc: 'The lookup_dict key used when nothing matches.' },
        { name: 'base', type: 'any', default: null, doc: 'A lookup_dict key whose dict the result is merged over.' },
      ],
      run: (ctx, { lookup_dict: lookup, grain, merge, default: fallback, base }) => {
        const val = traverse(ctx.grains, grain, []);
        let ret: unknown = null;
        for (const each of Array.isArray(val) ? val : [val]) {
          const text = typeof each === 'string' ? each : pyStr(each);
          const key = Object.keys(lookup).find((k) => globMatch(k, text));
          if (key !== undefined && lookup[key] !== null && lookup[key] !== undefined) {
            ret = lookup[key];
            break;
          }
        }
        if (ret === null) ret = lookup[fallback] ?? null;
        if (truthy(base) && String(base) in lookup) {
          const baseValues = lookup[String(base)];
          if (ret === null) ret = baseValues;
          else if (isDict(baseValues)) {
            if (!isDict(ret)) throw new SaltInvocationError('filter_by default and look-up values must both be dictionaries.');
            ret = mergePillar(structuredClone(baseValues), ret);
          }
        }
        if (truthy(merge)) {
          if (!isDict(merge)) throw new SaltInvocationError('filter_by merge argument must be a dictionary.');
          ret = ret === null ? merge : isDict(ret) ? mergePillar(ret, merge) : ret;
        }
        return structuredClone(ret);
      },
    }),
    setvals: defineFunction({
      doc:
        'Set several custom grains at once from a dict, in memory and in the grains file (YAML, next to the\n' +
        'minion config file), then collect and report the grains again. With destructive=True a None value\n' +
        "deletes the grain. Returns the dict given. Raises SaltInvocationError when `grains` is not a dict.",
      example: "salt '*' grains.setvals \"{'key1': 'val1', 'key2': 'val2'}\"",
      args: [
        { name: 'grains', type: 'any', required: true, doc: 'The grains to set: {name: value}.' },
        { name: 'destructive', type: 'boolean', default: false, doc: 'Delete grains whose value is None.' },
        refreshPillarArg,
      ],
      run: (ctx, { grains, destructive }) => {
        if (!isDict(grains)) throw new SaltInvocationError('setvals grains must be a dictionary.');
        return setvals(ctx, grains, destructive);
      },
    }),
    setval: defineFunction({
      doc:
        'Set a custom grain to a value, in memory and in the grains file (YAML, next to the minion config file), so it\n' +
        'survives restarts, then collect and report the grains again. The value is parsed as YAML: `[web, db]` sets a\n' +
        'list. Overrides a core grain of the same name. Returns `{key: value}`.',
      example: "salt '*' grains.setval roles '[web, db]'",
      args: [
        { name: 'key', type: 'string', required: true, doc: "Grain name, e.g. 'roles'." },
        { name: 'val', type: 'any', required: true, doc: 'The value: a string, number, list or dict.' },
        { name: 'destructive', type: 'boolean', default: false, doc: 'With a None value, delete the grain.' },
        refreshPillarArg,
      ],
      run: (ctx, { key, val, destructive }) => setvals(ctx, { [key]: val }, destructive),
    }),
    set: defineFunction({
      doc:
        "Set a grain, nested keys allowed ('apps:myApp:port'). Conservative, as Salt: a dict or list, existing or\n" +
        'given, is only replaced with force=True. Returns {comment, changes, result}: changes is {top-level grain: new\n' +
        "value}; result False with Salt's comment when it refused.",
      example: "salt '*' grains.set 'apps:myApp:port' 2209",
      args: [
        { name: 'key', type: 'string', required: true, doc: 'Grain name or nested key.' },
        { name: 'val', type: 'any', default: '', doc: 'The value.' },
        { name: 'force', type: 'boolean', default: false, doc: 'Overwrite dicts and lists too.' },
        { name: 'destructive', type: 'boolean', default: false, doc: 'With a None value, delete the key.' },
        delimiterArg,
      ],
      run: (ctx, { key, val, force, destructive, delimiter }) => setGrain(ctx, key, val, force, destructive, delimiter),
    }),
    append: defineFunction({
      doc:
        "Append a value (or each item of a list) to a list grain, nested keys allowed; a missing grain becomes a new\n" +
        "list. With convert=True a non-list value is first made a list. Returns {top-level grain: new value}, or Salt's\n" +
        "message when the grain is not a list or already holds the value.",
      example: "salt '*' grains.append roles web",
      args: [
        { name: 'key', type: 'string', required: true, doc: 'Grain name or nested key.' },
        { name: 'val', type: 'any', required: true, doc: 'The value to append.' },
        { name: 'convert', type: 'boolean', default: false, doc: 'Turn a non-list value into a list first.' },
        delimiterArg,
      ],
      run: (ctx, { key, val, convert, delimiter }) => {
        let list = getCopy(ctx, key, [], delimiter);
        if (convert && !Array.isArray(list)) list = list === null ? [] : [list];
        if (!Array.isArray(list)) return `The key ${key} is not a valid list`;
        if (list.some((item) => isDeepStrictEqual(item, val))) return `The val ${pyStr(val)} was already in the list ${key}`;
        list.push(...(Array.isArray(val) ? val : [val]));
        const [top, value] = rewrap(ctx, key, list, delimiter, () => ({}));
        return setvals(ctx, { [top]: value }, false);
      },
    }),
    remove: defineFunction({
      doc: "Remove a value from a list grain, nested keys allowed. Returns {top-level grain: new value}, or Salt's message when the grain is not a list or lacks the value.",
      example: "salt '*' grains.remove roles web",
      args: [
        { name: 'key', type: 'string', required: true, doc: 'Grain name or nested key.' },
        { name: 'val', type: 'any', required: true, doc: 'The value to remove.' },
        delimiterArg,
      ],
      run: (ctx, { key, val, delimiter }) => {
        const list = getCopy(ctx, key, [], delimiter);
        if (!Array.isArray(list)) return `The key ${key} is not a valid list`;
        const at = list.findIndex((item) => isDeepStrictEqual(item, val));
        if (at < 0) return `The val ${pyStr(val)} was not in the list ${key}`;
        list.splice(at, 1);
        const [top, value] = rewrap(ctx, key, list, delimiter, () => null);
        return setvals(ctx, { [top]: value }, false);
      },
    }),
    delval: defineFunction({
      doc:
        'Delete a custom grain\'s value: it is set to None (with destructive=True the grain is removed). A dict or list\n' +
        'value needs force=True. Returns {comment, changes, result} as grains.set.',
      example: "salt '*' grains.delval key",
      args: [
        { name: 'key', type: 'string', required: true, doc: 'Grain name or nested key.' },
        { name: 'destructive', type: 'boolean', default: false, doc: 'Remove the key too.' },
        { name: 'force', type: 'boolean', default: false, doc: 'Also delete a dict or list value.' },
      ],
      run: (ctx, { key, destructive, force }) => setGrain(ctx, key, null, force, destructive, ':'),
    }),
    delkey: defineFunction({
      doc: 'Remove a custom grain entirely (grains.delval with destructive=True). Returns {comment, changes, result}.',
      example: "salt '*' grains.delkey key",
      args: [
        { name: 'key', type: 'string', required: true, doc: 'Grain name or nested key.' },
        { name: 'force', type: 'boolean', default: false, doc: 'Also remove a dict or list value.' },
      ],
      run: (ctx, { key, force }) => setGrain(ctx, key, null, force, true, ':'),
    }),
  },
});

