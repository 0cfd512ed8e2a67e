/**
 * `@brine/sdk`: what a site needs to write brine custom modules in
 * TypeScript, with types. It re-exports, unchanged, the contracts brine's own
 * modules are written against: execution modules (`defineModule`,
 * `defineFunction`, `ExecContext`), state modules (`defineStateModule`,
 * `defineStateFunction`, `stateReturn`), custom grains
 * (`defineGrainsModule`), and the error classes whose messages the minion
 * returns as Salt does. Compile a module to CommonJS `.js` and put it in
 * `salt://_modules` (`_states`, `_grains`); `saltutil.sync_all` brings it to
 * the minions, where `require('@brine/sdk')` resolves to the minion's own copy.
 */
export {
  arg,
  defineFunction,
  defineModule,
  type ArgSpec,
  type ArgType,
  type ExecContext,
  type FileClient,
  type FileHash,
  type FunctionDef,
  type Grains,
  type ItemType,
  type LoaderView,
  type MinionRuntime,
  type ModuleDef,
  type Pillar,
  type SaltCaller,
} from '@brine/core/loader/define';
export { defineStateFunction, defineStateModule, stateReturn, type StateModuleDef, type StateReturn } from '@brine/core/state/define';
export { defineGrainsModule, type GrainsContext, type GrainsFunction, type GrainsModuleDef } from '@brine/core/loader/grains';
export { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
export type { MinionConfig } from '@brine/core/config/minion';
export type { Logger } from '@brine/core/log';
