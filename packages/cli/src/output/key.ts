/**
 * Salt's key outputter (salt/output/key.py), which salt-key prints with.
 */
import { theme, type Theme } from './colors';
import { rstrip } from '@brine/core/python';
import type { OutputOptions } from './types';

/** The colour of the section titles on a TTY. */
const TITLE_COLOR = '\x1b[1;35m';

/** Each section salt-key's data may hold: its title and the theme colour of its key names on a TTY. */
const SECTIONS: Record<string, { title: string; color?: keyof Theme }> = {
  local: { title: 'Local Keys' },
  minions: { title: 'Accepted Keys', color: 'GREEN' },
  minions_denied: { title: 'Denied Keys', color: 'PURPLE' },
  minions_pre: { title: 'Unaccepted Keys', color: 'RED' },
  minions_rejected: { title: 'Rejected Keys', color: 'BLUE' },
};

/**
 * Format salt-key's data as Salt's key outputter: for each section in sorted
 * order (`local`, `minions`, `minions_denied`, `minions_pre`,
 * `minions_rejected`), its title (`Accepted Keys:`), then one line per key:
 * the minion id for a list, or `id:  value` for a mapping (fingerprints).
 * An unknown section is titled with its own name. With `color`, titles and
 * key names are coloured as Salt's.
 */
export function key(data: unknown, opts: OutputOptions): string {
  if (data === null || typeof data !== 'object') return '';
  const c = theme(opts.color);
  const paint = (color: string | undefined, text: string) => (opts.color && color ? `${color}${text}${c.ENDC}` : text);
  const lines: string[] = [];
  for (const status of Object.keys(data).sort()) {
    const section = SECTIONS[status] ?? { title: status };
    const color = section.color && c[section.color];
    lines.push(paint(TITLE_COLOR, `${section.title}:`));
    const keys = (data as Record<string, unknown>)[status];
    if (Array.isArray(keys)) for (const id of keys) lines.push(paint(color, String(id)));
    else if (keys && typeof keys === 'object') for (const [id, value] of Object.entries(keys)) lines.push(`${paint(color, id)}:  ${String(value)}`);
  }
  return rstrip(lines.join('\n'));
}
