/**
 * The execution functions that run another function their arguments name:
 * `test.cross_test` (func), `test.try` (module), `mine.send` (name or
 * mine_function), `mine.update` (mine_functions), and `schedule.add` and
 * `schedule.modify` (function, run later by the minion's scheduler, which no
 * minion_publisher_acl judges). Whoever may run one may run every function,
 * as the minion's user: `salt web1 test.cross_test cmd.run '[id]'`.
 *
 * The access lists (the master's publisher_acl and policies, the minion's
 * minion_publisher_acl) therefore allow one only through an entry that names
 * it exactly: a pattern such as `test.*`, written for harmless test
 * functions, does not reach them (Salt's `test.*` does; brine's deviation).
 */

/** The functions that run a function their arguments name. */
export const DISPATCHING_FUNCTIONS: ReadonlySet<string> = new Set([
  'test.cross_test',
  'test.try',
  'mine.send',
  'mine.update',
  'schedule.add',
  'schedule.modify',
]);

/**
 * Whether an access list's function pattern (a glob, or a regular expression with `\.` for the dot) may allow
 * `fun` by matching it: any function but a dispatching one, which only its own name allows (`test.cross_test`,
 * or `test\.cross_test`).
 * @returns false when `fun` dispatches and `pattern` is not its name; else true (the pattern must still match)
 */
export function patternMayAllow(pattern: string, fun: string): boolean {
  return !DISPATCHING_FUNCTIONS.has(fun) || pattern.replace(/\\\./g, '.') === fun;
}
