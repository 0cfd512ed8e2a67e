/**
 * minion_publisher_acl (brine's; Salt has none): the minion's own allow-list
 * of functions by publishing user, the last check a published job passes
 * before it runs. The master already judged the job (publisher_acl, policies)
 * and signed its load with the user; this list holds even when the master's
 * judgement cannot be trusted (a stolen root key, a compromised master
 * account): a function the list does not allow for the load's user is refused
 * here, whatever the master allowed.
 *
 * The list maps a user, or a regular expression fully matching users, to
 * regular expressions fully matching function names (Salt's publisher_acl
 * shape, without its target entries: a minion only judges itself). Every
 * entry matching the user adds its functions. The functions job tracking
 * publishes (saltutil.find_job, saltutil.running) always pass, as Salt's
 * master always accepts saltutil.find_job (`whitelist` of auth_check).
 */
import type { MinionConfig } from '@brine/core/config/minion';
import { SaltConfigurationError } from '@brine/core/errors';
import { EX_GENERIC } from '@brine/core/exit-codes';
import { packedArgs } from '@brine/core/loader/args';
import { patternMayAllow } from '@brine/core/dispatching-functions';
import { isDict } from '@brine/core/python';
import type { JobLoad, ReturnLoad } from '@brine/core/protocol/v1/loads';

/**
 * Functions the salt CLI and runners publish to follow jobs, allowed whatever the list says: saltutil.find_job
 * (is a job still running here: the salt CLI's wait) and saltutil.running (the jobs running here: jobs.active).
 * Both only read this minion's table of running jobs; refusing them would make a minion look lost.
 */
export const JOB_TRACKING_FUNCTIONS: ReadonlySet<string> = new Set(['saltutil.find_job', 'saltutil.running']);

/** One entry of the list: the user key, as a name and as a fully matching regex, and its function regexes (as written, and compiled). */
interface Entry {
  user: string;
  userRegex: RegExp;
  functions: Array<[pattern: string, regex: RegExp]>;
}

/**
 * `pattern` as a regular expression that must match a whole string (Salt's publisher_acl regexes).
 * @throws SaltConfigurationError naming `what` and the config file when it is not a valid regular expression
 */
function fullMatch(pattern: string, what: string, file: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch (err) {
    throw new SaltConfigurationError(`Error in configuration file: ${file} - minion_publisher_acl: ${what} ${JSON.stringify(pattern)} is not a valid regular expression: ${(err as Error).message}`, file);
  }
}

/** A compiled minion_publisher_acl. */
export class MinionPublisherAcl {
  private constructor(private readonly entries: readonly Entry[]) {}

  /**
   * Compile the minion's minion_publisher_acl, once at start, so a bad list stops the minion rather than a job.
   * @param config the minion config (its `minion_publisher_acl` and, for errors, `conf_file`)
   * @returns undefined when the key is not set (every published job may run)
   * @throws SaltConfigurationError naming the file when the value is not a mapping of users to lists of
   *   function regexes, or a user or function is not a valid regular expression
   */
  static fromConfig(config: Pick<MinionConfig, 'minion_publisher_acl' | 'conf_file'>): MinionPublisherAcl | undefined {
    // Read as YAML gave it: the config loader checked only that it is a mapping.
    const acl: unknown = config.minion_publisher_acl;
    const file = config.conf_file;
    if (acl === null || acl === undefined) return undefined;
    if (!isDict(acl)) throw new SaltConfigurationError(`Error in configuration file: ${file} - minion_publisher_acl must map users to lists of function regexes`, file);
    const entries = Object.entries(acl).map(([user, functions]): Entry => {
      if (!Array.isArray(functions) || !functions.every((f): f is string => typeof f === 'string')) {
        throw new SaltConfigurationError(`Error in configuration file: ${file} - minion_publisher_acl: user ${JSON.stringify(user)} must map to a list of function regexes`, file);
      }
      return { user, userRegex: fullMatch(user, 'user', file), functions: functions.map((f): [string, RegExp] => [f, fullMatch(f, 'function', file)]) };
    });
    return new MinionPublisherAcl(entries);
  }

  /**
   * Whether `user` may run `fun` on this minion: a job tracking function always may; otherwise an entry whose
   * key is the user's name, or a regex fully matching it, must hold a regex fully matching the function (for a
   * function that runs another its arguments name, such as test.cross_test, its exact name: dispatching-functions.ts).
   */
  permits(user: string, fun: string): boolean {
    if (JOB_TRACKING_FUNCTIONS.has(fun)) return true;
    return this.entries.some((e) => (e.user === user || e.userRegex.test(user)) && e.functions.some(([p, re]) => patternMayAllow(p, fun) && re.test(fun)));
  }

  /**
   * Why this minion refuses `job`, in Salt's words for a refused function.
   * @returns the sentence for the job's return and the minion's log, or undefined when the job may run
   */
  refusal(job: Pick<JobLoad, 'user' | 'fun'>): string | undefined {
    if (this.permits(job.user, job.fun)) return undefined;
    return `'${job.fun}' is not permitted for user '${job.user}' by this minion's minion_publisher_acl`;
  }
}

/**
 * The return of a job this minion refused without running it, as a failed function's (executor.ts): `return` is
 * the refusal, retcode 1 (Salt's EX_GENERIC), success false.
 * @param id this minion's id
 * @param refusal the sentence of {@link MinionPublisherAcl.refusal}
 */
export function refusedReturn(job: Pick<JobLoad, 'jid' | 'fun' | 'arg' | 'kwarg'>, id: string, refusal: string): ReturnLoad {
  const now = Date.now();
  return { jid: job.jid, id, fun: job.fun, fun_args: packedArgs(job.arg, job.kwarg), return: refusal, retcode: EX_GENERIC, success: false, started: now, finished: now };
}
