/**
 * Tell the master this minion started, as Salt's minion fires
 * `salt/minion/<id>/start` and `minion_start` once it is connected: the text
 * is Salt's, `Minion <id> started at <time.asctime()>` (local time).
 */
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import type { MasterChannel } from './channel';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Python's `time.asctime()` of `d` in local time: `Thu Dec  1 07:10:29 2026` (the day padded with a space). */
export function asctime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
}

/** Send `_minion_start` for minion `id`; a failure is logged (the start events are lost, the minion runs on). */
export async function announceStart(channel: Pick<MasterChannel, '_minion_start'>, id: string, started: Date, log: Logger): Promise<void> {
  try {
    await channel._minion_start({ data: `Minion ${id} started at ${asctime(started)}` });
  } catch (err) {
    log.warning(`Could not tell the master this minion started: ${errorMessage(err)}`);
  }
}
