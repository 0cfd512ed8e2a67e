/**
 * What yargs 17 holds about a parser's options and has at runtime, but
 * leaves out of its type declarations: the option table, the groups, and
 * the usage's descriptions. The runner (command.ts) and the help page
 * (help-page.ts) read them through this one shape.
 */
import type { Argv } from 'yargs';

/** The parts of a yargs 17 parser read beyond its declared types. */
export interface YargsInternals {
  getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]>; boolean: string[]; hiddenOptions: string[] };
  getGroups(): Record<string, string[]>;
  getInternalMethods(): { getUsageInstance(): { getDescriptions(): Record<string, string | undefined> } };
}

/** `parser`, seen with the members {@link YargsInternals} lists. */
export function internals(parser: Argv): YargsInternals {
  return parser as unknown as YargsInternals;
}
