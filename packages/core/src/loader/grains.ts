/**
 * The custom-grains contract, for grains modules synced from `salt://_grains`:
 * a module's default export is `defineGrainsModule({ name, doc, functions })`,
 * and each function returns a dict of grains, as Salt's grains modules do
 * (every public function's dict is merged into the grains). Functions run at
 * minion start and on every grains refresh, after the core grains and before
 * the config's `grains:` and the grains persisted by `grains.setval`, which
 * win over them (Salt's order).
 */
import type { MinionConfig } from '../config/minion';
import type { Logger } from '../log';
import type { Grains } from './define';

/** What a grains function receives, as Salt gives grains modules `__opts__` and the core grains. */
export interface GrainsContext {
  /** The minion configuration. */
  opts: MinionConfig;
  /** The grains collected so far (the core grains and those of the grains functions run before). */
  grains: Grains;
  log: Logger;
}

/** One grains function: returns the grains it adds (a dict), possibly asynchronously. */
export type GrainsFunction = (ctx: GrainsContext) => Grains | Promise<Grains>;

/** A custom grains module. */
export interface GrainsModuleDef {
  /** Equals the file name (`roles` for `_grains/roles.js`). */
  name: string;
  /** What the grains describe. */
  doc: string;
  /** Its grains functions, run in the order of their names. */
  functions: Record<string, GrainsFunction>;
}

/** Declare a custom grains module; returns it unchanged, type-checked against the contract. */
export function defineGrainsModule(def: GrainsModuleDef): GrainsModuleDef {
  return def;
}
