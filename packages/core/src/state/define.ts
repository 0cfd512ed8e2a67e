/**
 * The state-module contract. A state module is declared like an execution
 * module (`defineStateModule({ name, doc, functions })`, same argument specs
 * and ExecContext), but each function returns Salt's fixed state return
 * `{name, changes, result, comment}` and must honour `ctx.test` (dry run:
 * result null with the changes it would make, nothing touched). Side effects go
 * through execution modules via `ctx.salt.call`. A module may define
 * `functions.mod_watch`, called with the watching state's arguments plus
 * `sfun` (the state function name) when a `watch` requisite fired and the
 * state itself changed nothing, as Salt; it receives only the arguments it
 * declares (all of them if it takes any keyword). A state function receives
 * the chunk's arguments (`name` and the declaration's `- key: value`s, not
 * requisites or `order`); one it does not declare makes the state fail with
 * Salt's "'x' is an invalid keyword argument for 'mod.fun'".
 * Requisites, ordering and test mode bookkeeping live in core/state, never in
 * state modules.
 */
import type { ModuleDef } from '../loader/define';

/** Salt's state return. `result`: true (ok), false (failed), null (test mode: would change). */
export interface StateReturn {
  name: string;
  changes: Record<string, unknown>;
  result: boolean | null;
  comment: string;
}

/** Declare a state module; returns it unchanged (type-checked against the contract). */
export function defineStateModule(def: ModuleDef): ModuleDef {
  return def;
}

/** Build a state return; `changes` defaults to none. */
export function stateReturn(name: string, result: boolean | null, comment: string, changes: Record<string, unknown> = {}): StateReturn {
  return { name, changes, result, comment };
}
