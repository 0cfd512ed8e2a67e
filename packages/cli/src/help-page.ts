/**
 * The `--help` page of a command, read from its yargs parser (the options,
 * their aliases, descriptions and groups as the command declared them) and
 * laid out by help.ts as Salt's CLIs lay it out.
 */
import type { Argv } from 'yargs';
import { formatHelp, type HelpGroup, type HelpOption, type HelpPage } from './help';
import { internals } from './yargs-internals';

/** Options Salt lists first, in this order, before a command's own. */
const FIRST = ['version', 'versions-report', 'help'];

/** The description under each group title (groups are declared with yargs' `.group(keys, title)`). */
export const GROUP_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'Logging Options': 'Logging options which override any settings defined in the configuration files.',
  'Output Options': 'Configure your preferred output format.',
  'Target Options': 'Target selection options.',
  'Additional Target Options': 'Additional options for minion targeting.',
};

/**
 * The help page of a command's parser: `usage` and `description` as given,
 * then every option not hidden, grouped as declared (the ungrouped ones under
 * `Options:`), each named by all its aliases, with a value placeholder
 * (`CONFIG_DIR`) unless it is a flag.
 */
export function helpPage(parser: Argv, usage: string, description?: string): HelpPage {
  const y = internals(parser);
  const { key, alias, boolean, hiddenOptions } = y.getOptions();
  const descriptions = y.getInternalMethods().getUsageInstance().getDescriptions();
  const flags = new Set(boolean);
  const hidden = new Set(hiddenOptions);
  const seen = new Set<string>();
  const options = new Map<string, HelpOption>();
  const keys = [...FIRST.filter((k) => k in key), ...Object.keys(key).filter((k) => !FIRST.includes(k))];
  for (const k of keys) {
    if (seen.has(k) || hidden.has(k)) continue;
    const names = [k, ...(alias[k] ?? [])];
    names.forEach((n) => seen.add(n));
    const metavar = flags.has(k) ? undefined : k.toUpperCase().replace(/-/g, '_');
    options.set(k, { names, metavar, help: descriptions[k] ?? '' });
  }
  const groups: HelpGroup[] = [];
  for (const [title, members] of Object.entries(y.getGroups())) {
    const listed = members.map((m) => options.get(m)).filter((o): o is HelpOption => o !== undefined);
    members.forEach((m) => options.delete(m));
    const name = title.replace(/:$/, '');
    if (listed.length) groups.push({ title: name, description: GROUP_DESCRIPTIONS[name], options: listed });
  }
  return { usage, description, options: [...options.values()], groups };
}

/** The whole `--help` text of a command's parser, laid out by help.ts. */
export function helpText(parser: Argv, usage: string, description?: string): string {
  return formatHelp(helpPage(parser, usage, description));
}
