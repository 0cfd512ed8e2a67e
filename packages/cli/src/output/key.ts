/**
 * Salt's key outputter (salt/output/key.py), which salt-key prints with.
 */
import { rstrip } from './python';
import type { OutputOptions } from './types';

const END = '\x1b[0;0m';
const TITLE_COLOR = '\x1b[1;35m';

/** Each section salt-key's data may hold: its title and the colour of its key names on a TTY. */
const SECTIONS: Record<string, { title: string; color: string }> = {
  local: { title: 'Local Keys', color: '' },
  minions: { title: 'Accepted Keys', color: '\x1b[0;32m' },
  minions_denied: { title: 'Denied Keys', color: '\x1b[0;35m' },
  minions_pre: { title: 'Unaccepted Keys', color: '\x1b[0;31m' },
  minions_rejected: { title: 'Rejected Keys', color: '\x1b[0;34m' },
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
  const paint = (color: string, text: string) => (opts.color && color ? `${color}${text}${END}` : text);
  const lines: string[] = [];
  for (const status of Object.keys(data).sort()) {
    const section = SECTIONS[status] ?? { title: status, color: '' };
    lines.push(paint(TITLE_COLOR, `${section.title}:`));
    const keys = (data as Record<string, unknown>)[status];
    if (Array.isArray(keys)) for (const id of keys) lines.push(paint(section.color, String(id)));
    else if (keys && typeof keys === 'object') for (const [id, value] of Object.entries(keys)) lines.push(`${paint(section.color, id)}:  ${String(value)}`);
  }
  return rstrip(lines.join('\n'));
}
