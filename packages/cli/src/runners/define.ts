/**
 * The runner contract: master-side functions that `salt-run` executes in its
 * own process (reading the job cache, publishing through the local client).
 * A runner file's default export is `defineRunner({ name, doc, functions })`,
 * named as its file, and each function is declared with
 * {@link defineRunnerFunction}: docs, a `salt-run` example and argument specs,
 * bound from the command line exactly as module arguments are (`bindArgs`).
 */
import type { MasterConfig } from '@brine/core/config/master';
import { functionDefiner, type FunctionDef, type FunctionSet } from '@brine/core/loader/define';

/** What every runner function receives. */
export interface RunnerContext {
  config: MasterConfig;
  /** Seconds to wait for minions (`-t`, else the config timeout). */
  timeout: number;
  /** Write text to stdout before the result is printed, as a Salt runner's print() (no newline is added). */
  print(text: string): void;
  /** Set the exit code salt-run ends with once the result is printed, as a Salt runner's `__context__["retcode"]` (default 0). */
  setRetcode(code: number): void;
}

/** One runner function, as `salt-run mod.fun` calls it, with its arguments erased. */
export type RunnerFunction = FunctionDef<RunnerContext>;

/** A runner module: a named, documented set of runner functions. */
export type RunnerModule = FunctionSet<RunnerContext>;

/**
 * Declare one runner function: `run(ctx, args)` gets `args` typed from the
 * literal `args` specs, as `defineFunction` does for execution modules.
 */
export const defineRunnerFunction = functionDefiner<RunnerContext, unknown>();

/** Declare a runner module; returns it unchanged, type-checked against the contract, for the RUNNERS registry. */
export function defineRunner(def: RunnerModule): RunnerModule {
  return def;
}
