/**
 * Salt's publisher_acl and publisher_acl_blacklist, judged on the master for
 * a caller other than root (salt/master.py `publish`, salt/utils/minions.py
 * `fill_auth_list`, `auth_check`, `validate_tgt`, `spec_check`,
 * `match_check`; salt/acl/__init__.py `PublisherACL`). Pure: the caller, the
 * request and the minions it resolved to come in, a {@link Decision} goes out.
 *
 * publisher_acl maps a user (a name, a glob or a regular expression of
 * names; `group%` for the members of a group; `*` for users no other entry
 * names) to entries:
 * - `'test.*'`: a function regex, allowed on any minion;
 * - `{'web* and G@role:web': ['test.*', 'pkg.version']}`: function regexes
 *   allowed when EVERY minion the command resolves to is in the target (a
 *   compound expression), as validate_tgt; the target as typed is never
 *   compared (CVE-2021-22941 class);
 * - `'@runner'`, `'@wheel'`, `'@<module>'`, `{'@runner': ['jobs\..*']}`,
 *   `{'@wheel': ['key\.list_all']}`, `{'@jobs': ['list_jobs']}`: runner and
 *   wheel functions, as spec_check.
 *
 * Deviations from Salt, on purpose:
 * - a function regex must match the whole name: Salt's re.match anchors the
 *   start only, so Salt's `test.ping` also allows `test.ping_x`;
 * - a user key that is a glob or a regex gives its entries to the users it
 *   matches (Salt matches the user name as the pattern there, so such keys
 *   got their users a key file but no entries, and an empty list allowed all);
 * - a user publisher_acl names with no entry for the request is refused; one
 *   it does not name is refused too (Salt gives no key to such a user).
 * - a function that runs another its arguments name (test.cross_test,
 *   test.try, mine.send, mine.update) is allowed only by an entry naming it
 *   exactly, never by a pattern such as `test.*`;
 * - a publish with returner options (`--return_kwargs`, Salt's load
 *   `ret_kwargs`) is refused: local_file's `path` and rawfile_json's
 *   `filename` would let the user append to any file as the minion's user.
 */
import { errorMessage } from '@brine/core/errors';
import { globMatch } from '@brine/core/matchers/glob';
import { DISPATCHING_FUNCTIONS, patternMayAllow } from '@brine/core/dispatching-functions';
import type { MasterConfig } from '@brine/core/config/master';
import type { AclRequest, Caller, Decision } from './decision';
import type { InTarget } from './in-target';

/** The master's publisher_acl. */
export type PublisherAcl = MasterConfig['publisher_acl'];
/** One entry of a user's list. */
export type AclEntry = PublisherAcl[string][number];
/** The master's publisher_acl_blacklist. */
export type PublisherAclBlacklist = MasterConfig['publisher_acl_blacklist'];

/** Functions every publisher_acl user may publish, as Salt's master (the salt CLI asks silent minions with it). */
export const ALWAYS_ALLOWED = ['saltutil.find_job'];

const regexCache = new Map<string, RegExp | null>();

/** `pattern` as a RegExp anchored at both ends, or null when it is not a valid regular expression (cached). */
function anchored(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re !== undefined) return re;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    re = null;
  }
  if (regexCache.size > 1000) regexCache.clear();
  regexCache.set(pattern, re);
  return re;
}

/**
 * Salt's expr_match: `value` matches `pattern` as a glob (fnmatch, so a plain name matches itself) or as a
 * regular expression matching the whole value.
 * @returns false for a pattern that is neither a valid glob nor a valid regular expression
 */
export function exprMatch(pattern: string, value: string): boolean {
  try {
    if (globMatch(pattern, value)) return true;
  } catch {
    // Not a valid glob: it may still be a regular expression.
  }
  return anchored(pattern)?.test(value) ?? false;
}

/**
 * Whether function regex `regex` allows `fun`: it must match the whole name (see the module note), and a function
 * that runs another its arguments name (test.cross_test) only its exact name allows (dispatching-functions.ts).
 * @returns false for an invalid regular expression (it allows nothing)
 */
export function funMatch(regex: string, fun: string): boolean {
  return patternMayAllow(regex, fun) && (anchored(regex)?.test(fun) ?? false);
}

/**
 * publisher_acl_blacklist's word on a request, as Salt's PublisherACL: a user matching `users`, or a function
 * matching `modules` (globs or regular expressions), is refused whatever else allows it, root included.
 * @returns the refusal, or undefined when the blacklist does not name the caller or the function
 */
export function blacklistDecision(blacklist: PublisherAclBlacklist, caller: Caller, request: AclRequest): Decision | undefined {
  const user = (blacklist.users ?? []).find((p) => exprMatch(p, caller.user));
  if (user !== undefined) {
    return { allowed: false, rule: `publisher_acl_blacklist:users:${user}`, reason: `user ${caller.user} is blacklisted by publisher_acl_blacklist (users: ${user})` };
  }
  const mod = (blacklist.modules ?? []).find((p) => exprMatch(p, request.fun));
  if (mod !== undefined) {
    return { allowed: false, rule: `publisher_acl_blacklist:modules:${mod}`, reason: `${request.fun} is blacklisted by publisher_acl_blacklist (modules: ${mod})` };
  }
  return undefined;
}

/** The entries of publisher_acl that apply to a caller, and the user keys they came from (Salt's fill_auth_list). */
export interface AuthList {
  keys: string[];
  entries: Array<{ key: string; entry: AclEntry }>;
}

/**
 * The entries that apply to `caller`: those of every key naming it (a name, glob or regex of names, or `group%` for
 * one of its groups); those of `*` only when no other key names it, as Salt without permissive_acl.
 */
export function authList(acl: PublisherAcl, caller: Caller): AuthList {
  const keys = Object.keys(acl).filter((key) =>
    key === '*' ? false : key.endsWith('%') ? caller.groups.includes(key.slice(0, -1)) : exprMatch(key, caller.user),
  );
  if (keys.length === 0 && Object.hasOwn(acl, '*')) keys.push('*');
  const entries = keys.flatMap((key) => (Array.isArray(acl[key]) ? acl[key] : []).map((entry) => ({ key, entry })));
  return { keys, entries };
}

/** The single key and value of a `{key: [regexes]}` entry, or undefined for a string or a malformed entry (Salt skips it). */
function single(entry: AclEntry): [string, string[]] | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const pairs = Object.entries(entry);
  if (pairs.length !== 1) return undefined;
  const [key, funs] = pairs[0];
  return [key, Array.isArray(funs) ? funs.filter((f): f is string => typeof f === 'string') : typeof funs === 'string' ? [funs] : []];
}

/**
 * The minions of `minions` outside `target` (all of them when the target is malformed, with the problem).
 * @returns the minions outside, and the problem of a malformed target
 */
function outside(inTarget: InTarget, target: string, minions: string[]): { ids: string[]; problem?: string } {
  try {
    const inside = inTarget(target);
    return { ids: minions.filter((id) => !inside.has(id)) };
  } catch (err) {
    return { ids: minions, problem: errorMessage(err) };
  }
}

/** A publish, as auth_check with the resolved minions. */
function publishDecision(list: AuthList, user: string, request: AclRequest, inTarget: InTarget): Decision {
  const minions = request.minions ?? [];
  const rule = (key: string) => `publisher_acl:${key}`;
  const names = list.keys.join(', ');
  // Before any entry: saltutil.find_job is allowed on every minion. local_file's `path`, rawfile_json's `filename`:
  // a returner's options choose which file it appends the return to, as the minion's user (root).
  if (request.retKwargs && Object.keys(request.retKwargs).length > 0) {
    return { allowed: false, rule: rule(names), reason: `publisher_acl does not let ${user} set returner options (--return_kwargs): they choose where a returner writes on the minions; only root may` };
  }
  if (ALWAYS_ALLOWED.includes(request.fun)) {
    return { allowed: true, rule: rule(names), reason: `${request.fun} is allowed to every publisher_acl user, as Salt's` };
  }
  /** Targets whose functions allow `fun` but that leave some of the minions out, with those minions. */
  const missed: string[] = [];
  for (const { key, entry } of list.entries) {
    if (typeof entry === 'string') {
      if (!entry.startsWith('@') && funMatch(entry, request.fun)) {
        return { allowed: true, rule: rule(key), reason: `publisher_acl allows ${user} ${entry} on any minion` };
      }
      continue;
    }
    const pair = single(entry);
    if (!pair || pair[0].startsWith('@')) continue;
    const [target, funs] = pair;
    const fun = funs.find((f) => funMatch(f, request.fun));
    if (fun === undefined) continue;
    const out = outside(inTarget, target, minions);
    if (out.ids.length === 0) {
      return { allowed: true, rule: rule(key), reason: `publisher_acl allows ${user} ${fun} on ${target}, which holds every targeted minion` };
    }
    missed.push(out.problem ? `${target} (a malformed target, which allows nothing: ${out.problem})` : `${target} (outside it: ${out.ids.join(', ')})`);
  }
  if (missed.length > 0) {
    return {
      allowed: false,
      rule: rule(names),
      reason: `publisher_acl allows ${user} ${request.fun} only on ${missed.join('; ')}: the target resolved to minions outside the allowed set`,
    };
  }
  const dispatching = DISPATCHING_FUNCTIONS.has(request.fun) ? ` (it runs the function its arguments name: only an entry naming ${request.fun} itself allows it)` : '';
  return { allowed: false, rule: rule(names), reason: `publisher_acl does not allow ${user} to run ${request.fun}${dispatching}` };
}

/** A runner or wheel function, as spec_check. */
function specDecision(list: AuthList, user: string, request: AclRequest): Decision {
  const form = request.kind;
  const dot = request.fun.indexOf('.');
  const mod = request.fun.slice(0, dot);
  const name = request.fun.slice(dot + 1);
  const isForm = (tag: string) => tag === `@${form}` || tag === `@${form}s`;
  for (const { key, entry } of list.entries) {
    if (typeof entry === 'string') {
      if (isForm(entry) || (dot > 0 && entry === `@${mod}`)) {
        return { allowed: true, rule: `publisher_acl:${key}`, reason: `publisher_acl allows ${user} ${entry}` };
      }
      continue;
    }
    const pair = single(entry);
    if (!pair) continue;
    const [tag, funs] = pair;
    const fun = isForm(tag) ? funs.find((f) => funMatch(f, request.fun)) : dot > 0 && tag === `@${mod}` ? funs.find((f) => funMatch(f, name)) : undefined;
    if (fun !== undefined) {
      return { allowed: true, rule: `publisher_acl:${key}`, reason: `publisher_acl allows ${user} ${tag} ${fun}` };
    }
  }
  return { allowed: false, rule: `publisher_acl:${list.keys.join(', ')}`, reason: `publisher_acl does not allow ${user} the ${form} function ${request.fun}` };
}

/**
 * publisher_acl's decision on `request` for `caller`, a user other than root (root is not judged by it). A
 * publish is judged on `request.minions`, the minions the target resolved to: allowed when a function regex
 * for any minion matches, or a `{target: [regexes]}` entry matches and every minion is in its target.
 * @param inTarget the accepted minions a compound target selects
 * @returns the decision, with the rule (`publisher_acl:<user key>`, or `no-acl`) and a reason naming what was
 *   refused (for a target, the minions outside the allowed set)
 */
export function publisherAclDecision(acl: PublisherAcl, caller: Caller, request: AclRequest, inTarget: InTarget): Decision {
  const list = authList(acl, caller);
  if (list.keys.length === 0) {
    return { allowed: false, rule: 'no-acl', reason: `publisher_acl does not name user ${caller.user}` };
  }
  return request.kind === 'publish' ? publishDecision(list, caller.user, request, inTarget) : specDecision(list, caller.user, request);
}

/**
 * Whether publisher_acl gives `caller` anything to publish (an entry that is not a runner or wheel one): such a
 * caller may see which minions a target selects (check_minions), as the salt CLI's batch mode asks.
 */
export function mayPublish(acl: PublisherAcl, caller: Caller): boolean {
  return authList(acl, caller).entries.some(({ entry }) => (typeof entry === 'string' ? !entry.startsWith('@') : single(entry)?.[0].startsWith('@') === false));
}
