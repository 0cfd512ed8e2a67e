/**
 * The argument constraints of a policy rule (`args:`): for a positional index
 * or a keyword name, a Python regular expression the value must match whole
 * (`re.fullmatch`), or `one_of` a list of allowed values. A list value (Salt's
 * `pkgs=[...]`) passes when every element does.
 *
 * A rule with `args` admits only the arguments it names: an argument it does
 * not constrain makes the rule not apply. This closes the side doors a
 * blacklist of arguments leaves open (`cmd.run 'systemctl status x'
 * shell=/tmp/evil`, or the command passed as `cmd=` instead of positionally).
 *
 * Arguments are judged as brine's minion reads them (positionals as
 * published, keywords as published) and, when they differ, as Salt's minion
 * reads them too (salt.minion.load_args_and_kwargs: a `name=value` string or
 * a `{__kwarg__: True}` dict among the positionals is a keyword argument, the
 * value YAML-parsed as Salt's yamlify_arg); every reading must pass, so a
 * client cannot pick the one the policy did not foresee.
 */
import { KWARG, yamlifyArg } from '@brine/core/loader/args';
import { isDict } from '@brine/core/python';
import { compilePy } from '@brine/core/python-re';
import { limitRegexTime } from '@brine/core/jinja/filters/regex-time-limit';

/** One constraint, compiled. */
export type ArgConstraint =
  /** The value's text must match `regex` whole; `source` is the pattern as written. */
  | { regex: RegExp; source: string }
  /** The value's text must be one of these. */
  | { oneOf: ReadonlySet<string> };

/** The constraints of a rule by key: a positional index (`'0'`) or a keyword name. */
export type ArgConstraints = ReadonlyMap<string, ArgConstraint>;

/** A key of `args:`: a positional index, or a keyword name as Salt's KWARG_REGEX takes it. */
const ARG_KEY = /^(?:\d+|[A-Za-z_][\w.-]*)$/;

/**
 * The text of a scalar as the user wrote it on the command line: strings as
 * they are, numbers in decimal, booleans and None as Python prints them.
 * @returns undefined for a dict or a list (no text stands for one)
 */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  return undefined;
}

/**
 * Compile one `args:` entry of a policy file.
 * @param key the entry's key (a YAML int key arrives as its decimal text)
 * @param raw a string (a Python regex the value must match whole) or `{one_of: [scalars]}`
 * @returns the constraint
 * @throws Error whose message says what is wrong with the entry (the caller adds the file and rule)
 */
export function compileArgConstraint(key: string, raw: unknown): ArgConstraint {
  if (!ARG_KEY.test(key)) throw new Error(`args: '${key}' is neither a positional index (0, 1, ...) nor a keyword name`);
  if (typeof raw === 'string') {
    const lead = /^\(\?[aiLmsux]+\)/.exec(raw)?.[0] ?? '';
    try {
      // The pattern alone first: a stray ')' must not escape the group that anchors it.
      compilePy(raw, {});
      // In verbose mode a trailing `# comment` would swallow the closing group: end it on a line of its own.
      const end = lead.includes('x') ? '\n' : '';
      return { regex: compilePy(`${lead}(?:${raw.slice(lead.length)}${end})\\Z`, {}, true), source: raw };
    } catch (err) {
      throw new Error(`args: ${key}: invalid regular expression '${raw}': ${(err as Error).message}`);
    }
  }
  if (isDict(raw) && Object.keys(raw).length === 1 && Array.isArray(raw.one_of)) {
    const texts = raw.one_of.map(scalarText);
    if (raw.one_of.length === 0 || texts.includes(undefined)) {
      throw new Error(`args: ${key}: one_of must be a non-empty list of strings or numbers`);
    }
    return { oneOf: new Set(texts as string[]) };
  }
  throw new Error(`args: ${key}: a constraint is a regular expression (a string) or {one_of: [values]}, got ${JSON.stringify(raw)}`);
}

/** One reading of a request's arguments: positionals by index, keywords by name (a name may come twice). */
interface ArgReading {
  positional: unknown[];
  keywords: Array<[string, unknown]>;
}

/**
 * The readings of `arg` and `kwarg` a minion may make: brine's (as published) and, when it differs, Salt's
 * (`name=value` strings and `{__kwarg__: True}` dicts among the positionals are keyword arguments).
 */
function readings(arg: readonly unknown[], kwarg: Record<string, unknown>): ArgReading[] {
  const published: ArgReading = { positional: [...arg], keywords: Object.entries(kwarg) };
  const salt: ArgReading = { positional: [], keywords: Object.entries(kwarg) };
  for (const a of arg) {
    const m = typeof a === 'string' ? KWARG.exec(a) : null;
    if (m) salt.keywords.push([m[1] as string, yamlifyArg(m[2] as string)]);
    else if (isDict(a) && a.__kwarg__ === true) salt.keywords.push(...Object.entries(a).filter(([k]) => k !== '__kwarg__'));
    else salt.positional.push(a);
  }
  return salt.positional.length === arg.length ? [published] : [published, salt];
}

/**
 * Why `value` fails `constraint`, or undefined when it passes.
 * @param what the argument as the message names it: `argument 0`, `keyword argument 'pkgs'`
 */
function valueProblem(constraint: ArgConstraint, what: string, value: unknown): string | undefined {
  const items = Array.isArray(value) ? value : [value];
  const of = Array.isArray(value) ? `an element of ${what}` : what;
  for (const item of items) {
    const text = scalarText(item);
    if (text === undefined) return `${of} is a ${Array.isArray(item) ? 'list' : 'dict'}, which no constraint admits`;
    if ('oneOf' in constraint) {
      if (!constraint.oneOf.has(text)) return `${of} is not one of ${[...constraint.oneOf].join(', ')}`;
      continue;
    }
    const { regex } = constraint;
    try {
      if (!limitRegexTime(() => ((regex.lastIndex = 0), regex.test(text)))) return `${of} does not match '${constraint.source}'`;
    } catch (err) {
      return `${of} could not be matched against '${constraint.source}': ${(err as Error).message}`;
    }
  }
  return undefined;
}

/**
 * Judge a request's arguments against a rule's constraints, in every reading (see the file's comment).
 * Values never appear in the message: an argument may hold a secret.
 * @returns why the arguments fail (the first argument that does), or undefined when every argument passes
 */
export function argsProblem(constraints: ArgConstraints, arg: readonly unknown[], kwarg: Record<string, unknown>): string | undefined {
  const named = [...constraints.keys()].join(', ');
  for (const reading of readings(arg, kwarg)) {
    const args: Array<[string, string, unknown]> = [
      ...reading.positional.map((v, i): [string, string, unknown] => [String(i), `argument ${i}`, v]),
      ...reading.keywords.map(([k, v]): [string, string, unknown] => [k, `keyword argument '${k}'`, v]),
    ];
    for (const [key, what, value] of args) {
      const constraint = constraints.get(key);
      const problem = constraint ? valueProblem(constraint, what, value) : `${what} is not allowed (the rule admits ${named} only)`;
      if (problem) return problem;
    }
  }
  return undefined;
}
