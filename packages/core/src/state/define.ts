/**
 * The state-module contract. A state module is declared like an execution
 * module (`defineStateModule({ name, doc, functions })`, each function with
 * `defineStateFunction`: same argument specs, binding and ExecContext), but
 * each function must return (a type error otherwise) Salt's fixed state return
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
import { functionDefiner, type ExecContext, type FunctionDef, type ModuleDef } from '../loader/define';

/** Salt's state return. `result`: true (ok), false (failed), null (test mode: would change). */
export interface StateReturn {
  name: string;
  changes: Record<string, unknown>;
  result: boolean | null;
  comment: string;
}

/** A state module as declared: every function returns a {@link StateReturn}. */
export interface StateModuleDef extends ModuleDef {
  functions: Record<string, FunctionDef<ExecContext, StateReturn>>;
}

/**
 * Declare one state function, as `defineFunction` does for execution modules
 * (arguments typed from the literal `args`), except that `run` must return a
 * {@link StateReturn}: anything else is a type error. The state engine still
 * checks returns at run time (`checkReturn` in call.ts), for extension modules.
 */
export const defineStateFunction = functionDefiner<ExecContext, StateReturn>();

/** Declare a state module; returns it unchanged, type-checked against the contract, for the STATES registry. */
export function defineStateModule(def: StateModuleDef): ModuleDef {
  return def;
}

/** Build a state return; `changes` defaults to none. */
export function stateReturn(name: string, result: boolean | null, comment: string, changes: Record<string, unknown> = {}): StateReturn {
  return { name, changes, result, comment };
}
