/**
 * The policies of `policy_dir` (brine's, after MCollective's actionpolicy and
 * Choria's rules; Salt has no such thing): rules that say which caller may run
 * which function, with which arguments, on which minions and how many of
 * them. The file format is in policy-file.ts.
 *
 * Evaluation: the files in name order, the rules of each in order; the first
 * rule that applies decides. A deny rule applies when its callers and
 * functions match (and, with a target, when any resolved minion satisfies
 * it). An allow rule applies when its callers and functions match and every
 * condition holds: the arguments, the target (every resolved minion), and
 * max_minions (or --force-all, where force_all allows it). Once policy_dir
 * holds a policy file, a request no rule allows is refused
 * (`policy:default-deny`), root's included. When no rule applies but an
 * allow rule matched the caller and function, the refusal names that rule
 * and the condition that failed, so the caller learns what to change.
 *
 * Policies judge after publisher_acl, not instead of it: for a non-root user
 * both must allow; root passes publisher_acl but not the policies.
 */
import type { Logger } from '@brine/core/log';
import { patternMayAllow } from '@brine/core/dispatching-functions';
import { globMatch } from '@brine/core/matchers/glob';
import type { Nodegroups } from '@brine/core/matchers/nodegroup';
import type { AclRequest, Caller, Decision } from './decision';
import { argsProblem } from './policy-args';
import { parsePolicyFile, readPolicyDir, type PolicyRule } from './policy-file';

/** The accepted minions a compound expression selects (the master's matcher, over its minion data). */
export type InTarget = (compound: string) => Set<string>;

/** At most this many minion ids are named in a refusal. */
const NAMED_MINIONS = 3;

/** The function as messages name it: `cmd.run`, `runner jobs.list_jobs`, `wheel key.accept`. */
function funLabel(req: AclRequest): string {
  return req.kind === 'publish' ? req.fun : `${req.kind} ${req.fun}`;
}

/** True when the rule names the caller: its user matches a user glob, or one of its groups a group glob. */
function callerMatches(rule: PolicyRule, caller: Caller): boolean {
  return rule.users.some((g) => globMatch(g, caller.user)) || rule.groups.some((g) => caller.groups.some((group) => globMatch(g, group)));
}

/**
 * True when the rule names the function, of its kind. An allow rule names a function that runs another its arguments
 * name (test.cross_test) only by its exact name, not by a glob such as `test.*` (dispatching-functions.ts); a deny
 * rule's glob denies it.
 */
function functionMatches(rule: PolicyRule, req: AclRequest): boolean {
  return rule.functions.some((f) => f.kind === req.kind && globMatch(f.glob, req.fun) && (rule.effect === 'deny' || patternMayAllow(f.glob, req.fun)));
}

/** A request's minions and the target sets it was judged against, computed once per decision. */
class Minions {
  private readonly sets = new Map<string, Set<string>>();

  /** The resolved minions; empty for a runner or wheel function, or a publication that carries none. */
  readonly ids: readonly string[];
  /** False for a publication that carries no resolved minions: a target or max_minions cannot be judged then. */
  readonly resolved: boolean;

  constructor(
    req: AclRequest,
    private readonly inTarget: InTarget,
  ) {
    this.ids = req.minions ?? [];
    this.resolved = req.kind !== 'publish' || req.minions !== undefined;
  }

  /**
   * The ids inside and outside `compound`.
   * @throws Error for a publication that carries no resolved minions, whatever inTarget throws (the caller fails closed)
   */
  split(compound: string): { inside: string[]; outside: string[] } {
    if (!this.resolved) throw new Error('the request carries no resolved minions');
    let set = this.sets.get(compound);
    if (!set) this.sets.set(compound, (set = this.inTarget(compound)));
    const inside: string[] = [];
    const outside: string[] = [];
    for (const id of this.ids) (set.has(id) ? inside : outside).push(id);
    return { inside, outside };
  }
}

/** `a, b, c and 2 more`. */
function someIds(ids: readonly string[]): string {
  const named = ids.slice(0, NAMED_MINIONS).join(', ');
  return ids.length > NAMED_MINIONS ? `${named} and ${ids.length - NAMED_MINIONS} more` : named;
}

/** The policies of one policy_dir, loaded and checked; see the file's comment for how they decide. */
export class PolicySet {
  private constructor(
    /** The folder the policies were read from, for messages. */
    readonly dir: string,
    /** The rules of every file, in evaluation order. */
    readonly rules: readonly PolicyRule[],
  ) {}

  /**
   * Load the policies of `dir` (`policy_dir`): every `*.yaml`/`*.yml` regular file, in name order.
   * @param dir the folder (resolved under root_dir); '' when policy_dir is not set
   * @param log logs what was loaded, at info
   * @param nodegroups the master's nodegroups, so that a rule's target may use `N@group`
   * @returns the set, or undefined when `dir` is '' or holds no policy file (publisher_acl alone judges then)
   * @throws SaltConfigurationError naming the file and the problem: a missing or unreadable folder, a symlink, a
   *   file or folder writable by others, a YAML error, an unknown field, a bad glob, regex or target. The master
   *   must refuse to start: a policy it cannot read must not leave anything open.
   */
  static load(dir: string, log: Logger, nodegroups: Nodegroups = {}): PolicySet | undefined {
    if (dir === '') return undefined;
    const files = readPolicyDir(dir);
    if (files.length === 0) {
      log.info(`policy_dir ${dir} holds no policy file: publisher_acl alone judges`);
      return undefined;
    }
    const rules = files.flatMap((f) => parsePolicyFile(f.name, f.file, f.text, nodegroups));
    log.info(`Loaded ${rules.length} policy rule${rules.length === 1 ? '' : 's'} from ${files.map((f) => f.name).join(', ')} in ${dir}`);
    return new PolicySet(dir, rules);
  }

  /**
   * Judge a request: the first rule that applies decides; none, it is refused.
   * @param caller who asks (policies judge root too)
   * @param req what is asked; for a publish, `minions` are the accepted minions the target resolved to, and
   *   `forceAll` is the caller's `--force-all`
   * @param inTarget the accepted minions a compound expression selects, for rules with a `target`; if it throws,
   *   an allow rule does not apply and a deny rule does (fail closed)
   * @returns the decision: rule `policy:<file>#<n>` (the rule that allowed or denied, or the first allow rule
   *   that matched the caller and function but whose conditions failed) or `policy:default-deny`; the reason says
   *   what matched or what failed
   */
  decide(caller: Caller, req: AclRequest, inTarget: InTarget): Decision {
    const minions = new Minions(req, inTarget);
    const fun = funLabel(req);
    let nearMiss: Decision | undefined;
    for (const rule of this.rules) {
      if (!callerMatches(rule, caller) || !functionMatches(rule, req)) continue;
      if (rule.effect === 'deny') {
        const hit = rule.target === undefined ? undefined : this.denyTargetHit(rule.target, minions);
        if (hit === null) continue;
        const where = rule.target === undefined ? '' : ` on ${rule.target} (${hit})`;
        return { allowed: false, rule: `policy:${rule.label}`, reason: `Policy ${rule.label} denies ${caller.user} ${fun}${where}` };
      }
      const problem = this.allowProblem(rule, req, minions);
      if (problem === undefined) {
        const forced = rule.maxMinions !== undefined && minions.ids.length > rule.maxMinions;
        const how = forced ? ` (--force-all passes max_minions ${rule.maxMinions}: ${minions.ids.length} minions)` : '';
        const on = req.kind === 'publish' ? ` on ${minions.ids.length} minion${minions.ids.length === 1 ? '' : 's'}` : '';
        return { allowed: true, rule: `policy:${rule.label}`, reason: `Policy ${rule.label} allows ${caller.user} ${fun}${on}${how}` };
      }
      nearMiss ??= { allowed: false, rule: `policy:${rule.label}`, reason: problem };
    }
    return (
      nearMiss ?? {
        allowed: false,
        rule: 'policy:default-deny',
        reason: `No policy in ${this.dir} allows ${caller.user} ${fun}: once policy_dir holds a policy, what no rule allows is denied`,
      }
    );
  }

  /**
   * For a deny rule's target: the minions it would reach inside the target (named), or null when none is.
   * An inTarget that throws counts as a hit: a deny rule that cannot be judged applies.
   */
  private denyTargetHit(target: string, minions: Minions): string | null {
    let inside: string[];
    try {
      inside = minions.split(target).inside;
    } catch (err) {
      return `the target could not be judged: ${(err as Error).message}`;
    }
    return inside.length ? someIds(inside) : null;
  }

  /** Why an allow rule whose callers and functions match does not apply, or undefined when it does. */
  private allowProblem(rule: PolicyRule, req: AclRequest, minions: Minions): string | undefined {
    const of = `of policy ${rule.label}`;
    if (rule.args) {
      const problem = argsProblem(rule.args, req.arg, req.kwarg);
      if (problem) return `args ${of}: ${problem}`;
    }
    if (rule.target !== undefined) {
      let outside: string[];
      try {
        outside = minions.split(rule.target).outside;
      } catch (err) {
        return `target '${rule.target}' ${of}: the target could not be judged: ${(err as Error).message}`;
      }
      if (outside.length) return `target '${rule.target}' ${of}: ${outside.length} of ${minions.ids.length} minions are outside it (${someIds(outside)})`;
    }
    const max = rule.maxMinions;
    if (max !== undefined && !minions.resolved) return `max_minions ${max} ${of}: the request carries no resolved minions`;
    if (max !== undefined && minions.ids.length > max && !(req.forceAll && rule.forceAll)) {
      const hint = rule.forceAll ? 'pass --force-all to run it anyway' : 'the policy does not allow --force-all';
      return `max_minions ${max} ${of}: the target resolves to ${minions.ids.length} minions; ${hint}`;
    }
    return undefined;
  }
}
