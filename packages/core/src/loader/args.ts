/**
 * Command-line argument handling for module functions, as Salt's
 * `salt.utils.args`: positional strings are YAML-parsed (`test.echo 1` gives
 * the number 1), `key=value` becomes a keyword argument, and bound arguments
 * are checked against a function's declared {@link ArgSpec}s.
 */
import yaml from 'js-yaml';
import { InvalidArgumentsError, SaltInvocationError } from '../errors';
import type { ArgSpec, BoundArgs, FunctionDef } from './define';

/** Salt's KWARG_REGEX: a keyword starts with a letter or `_`, then word characters, dots or dashes. */
const KWARG = /^([A-Za-z_][\w.-]*)=(?!=)([\s\S]*)$/;

/**
 * Parse one CLI argument as Salt's `yamlify_arg`: the YAML value when it is not
 * a plain string (numbers, booleans, lists, maps, null), else the original text
 * unchanged, so quoting, `#` and whitespace survive. `None` gives null, as Salt.
 */
export function yamlifyArg(arg: string): unknown {
  if (arg.trim() === '') return arg;
  if (arg === 'None') return null;
  try {
    const v = yaml.load(arg);
    if (v === undefined || typeof v === 'string') return arg;
    // Python keeps big integers exact (a jid is 20 digits); a JS number would not, so keep the text.
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return arg;
    return v;
  } catch {
    return arg;
  }
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

function coerce(spec: ArgSpec, value: unknown, fun: string): unknown {
  const bad = (): never => {
    throw new InvalidArgumentsError(`Passed invalid arguments to ${fun}: argument '${spec.name}' must be of type ${spec.type}, got ${JSON.stringify(value)}`);
  };
  if (value === null || value === undefined) return value;
  switch (spec.type) {
    case 'any':
      return value;
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return bad();
    case 'number':
    case 'integer': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || Number.isNaN(n) || (spec.type === 'integer' && !Number.isInteger(n))) return bad();
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'True') return true;
      if (value === 'false' || value === 'False') return false;
      if (value === 1 || value === 0) return value === 1;
      return bad();
    case 'list':
      if (Array.isArray(value)) return value;
      if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
      return [value];
    case 'dict':
      if (typeof value === 'object' && !Array.isArray(value)) return value;
      return bad();
  }
}

/**
 * Bind positional and keyword arguments to a function's declared args, as Python
 * binds a call: positionals fill declared names in order, keywords by name,
 * defaults fill the rest.
 * @param fun 'mod.fun', for messages
 * @returns the bound args; extras under `__args__` / `__kwargs__` when the function accepts them
 * @throws SaltInvocationError for a missing required argument, too many positionals,
 *   an unknown keyword, or a value of the wrong type
 */
export function bindArgs(fun: string, def: FunctionDef, arg: unknown[], kwarg: Record<string, unknown>): BoundArgs {
  const out: BoundArgs = {};
  const specs = def.args;
  if (arg.length > specs.length && !def.varargs) {
    throw new InvalidArgumentsError(`Passed invalid arguments to ${fun}: takes at most ${specs.length} positional argument${specs.length === 1 ? '' : 's'} (${arg.length} given)`);
  }
  specs.forEach((spec, i) => {
    if (i < arg.length) {
      if (spec.name in kwarg) throw new InvalidArgumentsError(`Passed invalid arguments to ${fun}: got multiple values for argument '${spec.name}'`);
      out[spec.name] = coerce(spec, arg[i], fun);
    } else if (spec.name in kwarg) {
      out[spec.name] = coerce(spec, kwarg[spec.name], fun);
    } else if (spec.required) {
      throw new InvalidArgumentsError(`Passed invalid arguments to ${fun}: missing required argument: '${spec.name}'`);
    } else {
      out[spec.name] = spec.default;
    }
  });
  if (def.varargs) out.__args__ = arg.slice(specs.length);
  const declared = new Set(specs.map((s) => s.name));
  const extra = Object.entries(kwarg).filter(([k]) => !declared.has(k));
  if (def.varkwargs) out.__kwargs__ = Object.fromEntries(extra);
  else if (extra.length) {
    throw new SaltInvocationError(`The following keyword arguments are not valid: ${extra.map(([k, v]) => `${k}=${String(v)}`).join(', ')}`);
  }
  return out;
}
