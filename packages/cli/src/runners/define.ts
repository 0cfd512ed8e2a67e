/**
 * The runner contract: master-side functions that `salt-run` executes in its
 * own process (reading the job cache, publishing through the local client).
 */
import type { MasterConfig } from '@brine/core/config/master';

/** What every runner function receives. */
export interface RunnerContext {
  config: MasterConfig;
  /** Seconds to wait for minions (`-t`, else the config timeout). */
  timeout: number;
}

/** One runner function, as `salt-run mod.fun` calls it. */
export interface RunnerFunction {
  /** User-facing doc: what it prints and returns. */
  doc: string;
  run(ctx: RunnerContext, arg: unknown[], kwarg: Record<string, unknown>): Promise<unknown> | unknown;
}
