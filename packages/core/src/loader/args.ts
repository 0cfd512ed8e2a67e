/**
 * Command-line argument handling for module functions, as Salt's
 * `salt.utils.args`: positional strings are YAML-parsed (`test.echo 1` gives
 * the number 1), `key=value` becomes a keyword argument, and bound arguments
 * are checked against a function's declared {@link ArgSpec}s.
 */
import { InvalidArgumentsError, SaltInvocationError } from '../errors';
import { isDict, pyStrip } from '../python';
import { isSecretName, REDACTED } from '../redact';
import { loadSaltYaml } from '../yaml/salt-load';
import type { ArgSpec, ArgType, ItemType, Signature } from './define';

/** Salt's KWARG_REGEX: a keyword starts with a letter or `_`, then word characters, dots or dashes. */
export const KWARG = /^([A-Za-z_][\w.-]*)=(?!=)([\s\S]*)$/;

/**
 * Parse one CLI argument as Salt 3006's `yamlify_arg` (salt/utils/args.py),
 * loading with Salt's YAML loader: a number, bool, None, a `[list]` or a
 * `{dict}` (a dict or list written without its brackets stays text), or a
 * YAML string (`'quoted'` gives `quoted`). Text stays as given when it is
 * blank, `---`/`...`, digits and underscores, holds a tab or line break,
 * parses to a str or None after a `#`, is `|` or `!`, or does not parse.
 * `None` gives null. Unlike Python, an integer beyond 2**53 stays text (a
 * jid is 20 digits; a JS number would not keep it).
 */
export function yamlifyArg(arg: string): unknown {
  const stripped = pyStrip(arg);
  if (stripped === '' || stripped === '---' || stripped === '...') return arg;
  if (arg.includes('_') && /^[0-9_]*$/.test(stripped)) return arg;
  if (/[\t\r\n]/.test(arg)) return arg;
  let parsed: unknown;
  try {
    parsed = arg === 'None' ? null : loadSaltYaml(arg);
  } catch {
    return arg;
  }
  if (typeof parsed === 'number' && Number.isInteger(parsed) && !Number.isSafeInteger(parsed)) return arg;
  if (arg.includes('#')) return typeof parsed === 'string' || parsed === null ? arg : parsed;
  if (isDict(parsed)) return arg.startsWith('{') ? parsed : arg;
  if (Array.isArray(parsed)) return arg.startsWith('[') ? parsed : arg;
  if (parsed === '' && (arg === '|' || arg === '!')) return arg;
  if (parsed === null && (stripped.startsWith('#') || arg === '!')) return arg;
  return parsed;
}

/**
 * Split raw CLI words into positional args and keyword args.
 * @param words the words after the function name, e.g. `['1', 'cwd=/tmp']`
 * @returns `{ arg, kwarg }` with values YAML-parsed by {@link yamlifyArg}
 */
export function parseCliArgs(words: string[]): { arg: unknown[]; kwarg: Record<string, unknown> } {
  const arg: unknown[] = [];
  const kwarg: Record<string, unknown> = {};
  for (const w of words) {
    const m = KWARG.exec(w);
    if (m) kwarg[m[1]] = yamlifyArg(m[2]);
    else arg.push(yamlifyArg(w));
  }
  return { arg, kwarg };
}

/** Thrown for a value binding cannot turn into its argument's type; the value is not shown when the argument's name looks like a secret's. */
function invalid(fun: string, spec: ArgSpec, value: unknown): never {
  const type = spec.type === 'list' && spec.items ? `list of ${spec.items}` : spec.type;
  const got = isSecretName(spec.name) ? REDACTED : JSON.stringify(value);
  throw new InvalidArgumentsError(`Passed invalid arguments to ${fun}: argument '${spec.name}' must be of type ${type}, got ${got}`);
}

/**
 * One non-null value as type `type`: numbers and booleans from their text, a
 * string from a number or boolean, a list from a comma-separated string (or
 * one value). Elements of a list are converted as `spec.items` when it is set.
 * @returns undefined when the value does not fit
 */
function convert(type: ArgType, items: ItemType | undefined, value: {}): unknown {
  switch (type) {
    case 'any':
      return value;
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    case 'number':
    case 'integer': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n !== 'number' || Number.isNaN(n) || (type === 'integer' && !Number.isInteger(n)) ? undefined : n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'True' || value === 1) return true;
      if (value === 'false' || value === 'False' || value === 0) return false;
      return undefined;
    case 'list': {
      const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : [value];
      if (!items) return list;
      const converted = list.map((el: unknown) => (el === null || el === undefined ? undefined : convert(items, undefined, el)));
      return converted.includes(undefined) ? undefined : converted;
    }
    case 'dict':
      return typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  }
}

/**
 * The bound value of `spec` given `value`. Undefined means not given: the
 * default, or undefined (a required argument is refused). Null (None on the
 * CLI) stays null for an `any` argument; for a typed one it also means not
 * given, so a function never sees null where its type promises a value.
 * @throws InvalidArgumentsError for a missing required argument or a value that does not fit the type
 */
function bindOne(fun: string, spec: ArgSpec, value: unknown): unknown {
  if (value === null && spec.type === 'any') return null;
  if (value === null || value === undefined) {
    // A required argument not given at all was refused by bindArgs, with Python's message; here it is None.
    if (spec.required) return invalid(fun, spec, value);
    return spec.default ?? undefined;
  }
  const bound = convert(spec.type, spec.items, value);
  return bound === undefined ? invalid(fun, spec, value) : bound;
}

/**
 * Bind positional and keyword arguments to a function's declared args, as Python
 * binds a call: positionals fill declared names in order, keywords by name,
 * defaults fill the rest. Values are converted to the declared types (see
 * {@link bindOne} for None), so the result holds what `ArgsOf` (define.ts) promises.
 * @param fun 'mod.fun', for messages
 * @returns the bound args; extras under `__args__` / `__kwargs__` when the function accepts them
 * @throws InvalidArgumentsError (a SaltInvocationError) for a missing required argument, too many positionals,
 *   a value of the wrong type; SaltInvocationError for an unknown keyword, naming the keywords but, unlike Salt's
 *   message, not their values (a mistyped `pasword=` would otherwise reach the logs)
 */
export function bindArgs(fun: string, def: Signature, arg: unknown[], kwarg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const specs = def.args;
  if (arg.length > specs.length && !def.varargs) {
    throw new InvalidArgumentsError(`Passed invalid arguments to ${fun}: takes at most ${specs.length} positional argument${specs.length === 1 ? '' : 's'} (${arg.length} given)`);
  }
  const missing = specs.filter((spec, i) => spec.required && i >= arg.length && kwarg[spec.name] === undefined).map((s) => `'${s.name}'`);
  if (missing.length) {
    // Python's TypeError, which Salt passes on: "run() missing 1 required positional argument: 'cmd'".
    const names = missing.length < 3 ? missing.join(' and ') : `${missing.slice(0, -1).join(', ')}, and ${missing[missing.length - 1]}`;
    const plural = missing.length === 1 ? 'argument' : 'arguments';
    throw new InvalidArgumentsError(`Passed invalid arguments to ${fun}: ${fun.split('.').pop()}() missing ${missing.length} required positional ${plural}: ${names}`);
  }
  specs.forEach((spec, i) => {
    if (i < arg.length && spec.name in kwarg) throw new InvalidArgumentsError(`Passed invalid arguments to ${fun}: got multiple values for argument '${spec.name}'`);
    out[spec.name] = bindOne(fun, spec, i < arg.length ? arg[i] : kwarg[spec.name]);
  });
  if (def.varargs) out.__args__ = arg.slice(specs.length);
  const declared = new Set(specs.map((s) => s.name));
  const extra = Object.entries(kwarg).filter(([k]) => !declared.has(k));
  if (def.varkwargs) out.__kwargs__ = Object.fromEntries(extra);
  else if (extra.length) {
    throw new SaltInvocationError(`The following keyword arguments are not valid: ${extra.map(([k]) => k).join(', ')}`);
  }
  return out;
}

/** Keyword arguments without Salt's publication data (`__pub_jid`...): those starting with `__`, as salt.utils.args.clean_kwargs. */
export function cleanKwargs(kwargs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kwargs).filter(([k]) => !k.startsWith('__')));
}

/**
 * A job's arguments as Salt lists them in a job's `arg` and a return's `fun_args`: the positional arguments,
 * then the keyword arguments as one dict marked `__kwarg__: true` (none when there are no keyword arguments).
 */
export function packedArgs(arg: readonly unknown[], kwarg: Record<string, unknown>): unknown[] {
  return Object.keys(kwarg).length ? [...arg, { ...kwarg, __kwarg__: true }] : [...arg];
}
