/**
 * The runner registry as the minion's `sys.list_runners` sees it: handed to
 * the minion and salt-call (which cannot import the CLI's runners) and loaded
 * only when asked, since the runners load the master's code.
 */
import type { FunctionSet } from '@brine/core/loader/define';

/** The runner modules of this installation (runners/index.ts), loaded on first call. */
export function runnerCatalog(): FunctionSet<unknown>[] {
  return (require('@brine/cli/runners/index') as typeof import('@brine/cli/runners/index')).RUNNERS;
}
