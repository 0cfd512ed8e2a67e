/**
 * Reading and checking the policy files of `policy_dir` (brine's, after
 * MCollective's actionpolicy and Choria's rules). A file is a YAML list of
 * rules; each rule is a mapping with one key, `allow` or `deny`, holding its
 * conditions:
 *
 * ```yaml
 * - allow:
 *     users: [carol]                  # names or fnmatch globs, and/or
 *     groups: [oncall]                # the caller's system groups (globs too)
 *     functions: [cmd.run]            # globs; '@runner' / '@wheel', or {'@runner': [globs]}, as publisher_acl
 *     args:                           # allow rules only: the arguments admitted
 *       0: 'systemctl status .*'      #   a Python regex the value matches whole
 *       pkgs: {one_of: [nginx, curl]} #   or a list of values (every element of a list)
 *     target: 'G@role:web'            # a compound expression every resolved minion satisfies
 *     max_minions: 2                  # allow rules only: at most this many minions
 *     force_all: true                 # ... unless --force-all is given (default false)
 * - deny:
 *     users: ['*']
 *     functions: ['cmd.*']
 *     target: 'G@env:prod'            # in a deny rule: applies when any resolved minion satisfies it
 * ```
 *
 * Anything wrong (a YAML error, an unknown field, a bad glob, regex or
 * target, a file that is a symlink or writable by others) fails the whole
 * load with a message naming the file: the master refuses to start rather
 * than run with a policy it did not read as written.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { SaltConfigurationError, TargetError } from '@brine/core/errors';
import { checkTarget } from '@brine/core/matchers/index';
import { globError } from '@brine/core/matchers/glob';
import type { Nodegroups } from '@brine/core/matchers/nodegroup';
import { isDict } from '@brine/core/python';
import type { AclKind } from './decision';
import { compileArgConstraint, type ArgConstraint, type ArgConstraints } from './policy-args';

/** A function glob of a rule and the kind of function it covers. */
export interface FunctionPattern {
  kind: AclKind;
  glob: string;
}

/** One rule of a policy file, checked and compiled. */
export interface PolicyRule {
  /** `<file>#<n>`: the file's name in policy_dir and the rule's 1-based index in it. */
  label: string;
  effect: 'allow' | 'deny';
  /** Globs of user names; empty when the rule names groups only. */
  users: string[];
  /** Globs of group names; empty when the rule names users only. */
  groups: string[];
  functions: FunctionPattern[];
  /** The arguments admitted (allow rules); undefined admits any. */
  args?: ArgConstraints;
  /** A compound expression: every resolved minion must satisfy it (allow), or any (deny). */
  target?: string;
  /** At most this many resolved minions (allow rules). */
  maxMinions?: number;
  /** --force-all may pass maxMinions. */
  forceAll: boolean;
}

/** The fields each kind of rule takes. */
const FIELDS = {
  allow: ['users', 'groups', 'functions', 'args', 'target', 'max_minions', 'force_all'],
  deny: ['users', 'groups', 'functions', 'target'],
} as const;

/** The runner and wheel markers of publisher_acl, as Salt's auth_check reads them. */
const KIND_MARKERS: Record<string, AclKind> = { '@runner': 'runner', '@wheel': 'wheel' };

/** A list of non-empty fnmatch globs (one string stands for a list of it). @throws Error naming `field` */
function globList(field: string, raw: unknown): string[] {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0 || !list.every((g): g is string => typeof g === 'string' && g !== '')) {
    throw new Error(`${field} must be a non-empty list of names or globs, got ${JSON.stringify(raw)}`);
  }
  for (const g of list) {
    const bad = globError(g);
    if (bad) throw new Error(`${field}: ${bad}`);
  }
  return list;
}

/** `functions:` as {@link FunctionPattern}s: globs of execution functions, `@runner`/`@wheel`, `{'@runner': [globs]}`. */
function functionPatterns(raw: unknown): FunctionPattern[] {
  const list = Array.isArray(raw) ? raw : [raw];
  const out: FunctionPattern[] = [];
  for (const entry of list) {
    if (typeof entry === 'string' && KIND_MARKERS[entry]) out.push({ kind: KIND_MARKERS[entry], glob: '*' });
    else if (typeof entry === 'string' && !entry.startsWith('@')) out.push(...globList('functions', entry).map((glob) => ({ kind: 'publish' as const, glob })));
    else if (isDict(entry) && Object.keys(entry).length === 1 && KIND_MARKERS[Object.keys(entry)[0] as string]) {
      const [marker, globs] = Object.entries(entry)[0] as [string, unknown];
      out.push(...globList(`functions: ${marker}`, globs).map((glob) => ({ kind: KIND_MARKERS[marker] as AclKind, glob })));
    } else {
      throw new Error(`functions: ${JSON.stringify(entry)} is not a function glob, '@runner', '@wheel', or {'@runner'|'@wheel': [globs]}`);
    }
  }
  if (out.length === 0) throw new Error('functions must name at least one function');
  return out;
}

/** `args:` as a map of constraints. */
function argConstraints(raw: unknown): ArgConstraints {
  if (!isDict(raw) || Object.keys(raw).length === 0) throw new Error(`args must be a mapping of argument index or name to a constraint, got ${JSON.stringify(raw)}`);
  return new Map(Object.entries(raw).map(([k, v]): [string, ArgConstraint] => [k, compileArgConstraint(k, v)]));
}

/**
 * Check and compile one rule.
 * @throws Error saying what is wrong (the caller adds the file and the rule's index)
 */
function compileRule(raw: unknown, label: string, nodegroups: Nodegroups): PolicyRule {
  const keys = isDict(raw) ? Object.keys(raw) : [];
  const effect = keys[0];
  if (keys.length !== 1 || (effect !== 'allow' && effect !== 'deny')) {
    throw new Error(`a rule is a mapping with one key, allow or deny, got ${keys.length ? `keys ${keys.join(', ')}` : JSON.stringify(raw)}`);
  }
  const body = (raw as Record<string, unknown>)[effect];
  if (!isDict(body)) throw new Error(`${effect} must be a mapping of conditions (users, groups, functions, ...), got ${JSON.stringify(body)}`);
  const fields: readonly string[] = FIELDS[effect];
  const unknown = Object.keys(body).filter((k) => !fields.includes(k));
  if (unknown.length) throw new Error(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} in ${effect} (it takes ${fields.join(', ')})`);
  if (body.users === undefined && body.groups === undefined) throw new Error(`${effect} must name its callers: users, groups or both (users: ['*'] for everyone)`);
  if (body.functions === undefined) throw new Error(`${effect} must name its functions (functions: ['*'] for every execution function)`);
  const rule: PolicyRule = {
    label,
    effect,
    users: body.users === undefined ? [] : globList('users', body.users),
    groups: body.groups === undefined ? [] : globList('groups', body.groups),
    functions: functionPatterns(body.functions),
    forceAll: false,
  };
  if (body.args !== undefined) rule.args = argConstraints(body.args);
  if (body.target !== undefined) {
    if (typeof body.target !== 'string' || body.target.trim() === '') throw new Error(`target must be a compound expression, got ${JSON.stringify(body.target)}`);
    try {
      checkTarget(body.target, 'compound', { nodegroups });
    } catch (err) {
      if (!(err instanceof TargetError)) throw err;
      throw new Error(`target: ${err.message}`);
    }
    rule.target = body.target;
  }
  if (body.max_minions !== undefined) {
    if (!Number.isSafeInteger(body.max_minions) || (body.max_minions as number) < 1) throw new Error(`max_minions must be a positive integer, got ${JSON.stringify(body.max_minions)}`);
    rule.maxMinions = body.max_minions as number;
  }
  if (body.force_all !== undefined) {
    if (typeof body.force_all !== 'boolean') throw new Error(`force_all must be true or false, got ${JSON.stringify(body.force_all)}`);
    if (rule.maxMinions === undefined) throw new Error('force_all only says whether --force-all may pass max_minions; this rule has no max_minions');
    rule.forceAll = body.force_all;
  }
  if ((rule.target !== undefined || rule.maxMinions !== undefined) && rule.functions.some((f) => f.kind !== 'publish')) {
    throw new Error('target and max_minions judge the minions of a publication; a rule with them cannot name @runner or @wheel functions');
  }
  return rule;
}

/**
 * Parse and check the text of one policy file.
 * @param name the file's name in policy_dir, for rule labels (`carol.yaml#1`)
 * @param file the file's path, for messages
 * @param nodegroups the master's nodegroups, so that a target's `N@group` is checked
 * @returns the file's rules, in order
 * @throws SaltConfigurationError naming the file (and the line of a YAML error, or the rule's index)
 */
export function parsePolicyFile(name: string, file: string, text: string, nodegroups: Nodegroups = {}): PolicyRule[] {
  let raw: unknown;
  try {
    raw = yaml.load(text, { filename: file });
  } catch (err) {
    if (!(err instanceof yaml.YAMLException)) throw err;
    throw new SaltConfigurationError(`Error parsing policy file: ${file} - ${err.reason} at line ${err.mark.line + 1}`, file, err.mark.line + 1);
  }
  if (!Array.isArray(raw)) {
    throw new SaltConfigurationError(`Error in policy file: ${file} - a policy file is a list of rules (- allow: ... / - deny: ...), got ${raw === undefined || raw === null ? 'nothing' : JSON.stringify(raw)}`, file);
  }
  return raw.map((r, i) => {
    try {
      return compileRule(r, `${name}#${i + 1}`, nodegroups);
    } catch (err) {
      if (err instanceof SaltConfigurationError) throw err;
      throw new SaltConfigurationError(`Error in policy file: ${file} - rule ${i + 1}: ${(err as Error).message}`, file);
    }
  });
}

/**
 * Refuse a policy file or folder others could have written: it must belong to root or the master's user, and
 * not be writable by group or others.
 * @throws SaltConfigurationError naming the path
 */
function checkOwnership(what: string, p: string, st: fs.Stats): void {
  const euid = process.geteuid?.() ?? 0;
  if (st.uid !== 0 && st.uid !== euid) throw new SaltConfigurationError(`${what} ${p} belongs to uid ${st.uid}; it must belong to root or the master's user`, p);
  if ((st.mode & 0o022) !== 0) {
    throw new SaltConfigurationError(`${what} ${p} is writable by group or others (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}); anyone who can write it can grant themselves anything`, p);
  }
}

/** One policy file read from policy_dir. */
export interface PolicyFileText {
  /** The file's name in policy_dir. */
  name: string;
  /** Its path. */
  file: string;
  text: string;
}

/**
 * Read the policy files of `dir`: every `*.yaml` and `*.yml`, sorted by name, each a regular file opened without
 * following a symlink (O_NOFOLLOW). Other names are not policies and are skipped.
 * @throws SaltConfigurationError for a missing folder, a policy name that is a symlink or not a regular file, or a
 *   file or folder writable by others (see {@link checkOwnership}); the message names the path
 */
export function readPolicyDir(dir: string): PolicyFileText[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    throw new SaltConfigurationError(`Cannot read policy_dir ${dir}: ${(err as Error).message}`, dir);
  }
  if (!st.isDirectory()) throw new SaltConfigurationError(`policy_dir ${dir} is not a folder`, dir);
  checkOwnership('policy_dir', dir, st);
  const names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  return names.map((name) => {
    const file = path.join(dir, name);
    let fd: number;
    try {
      fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ELOOP' ? 'it is a symbolic link; policy files must be regular files' : (err as Error).message;
      throw new SaltConfigurationError(`Cannot read policy file ${file}: ${why}`, file);
    }
    try {
      const fst = fs.fstatSync(fd);
      if (!fst.isFile()) throw new SaltConfigurationError(`Cannot read policy file ${file}: it is not a regular file`, file);
      checkOwnership('Policy file', file, fst);
      return { name, file, text: fs.readFileSync(fd, 'utf8') };
    } finally {
      fs.closeSync(fd);
    }
  });
}
