/** Salt's rawfile_json returner: a JSON line per return, and per event, in one file. */
import path from 'node:path';
import { appendJsonLines } from './append-lines';
import { defineReturner, returnerOptions, type JobReturn, type ReturnerContext } from './define';

/**
 * The file to write: rawfile_json.filename, else <log dir>/events (Salt's default is /var/log/salt/events).
 * As Salt's, a return's --return_config / --return_kwargs apply; events have none.
 */
function filename(ctx: ReturnerContext, ret?: JobReturn): string {
  return String(returnerOptions('rawfile_json', ['filename'], { filename: path.join(ctx.logDir, 'events') }, ctx.opts, ret).filename);
}

export default defineReturner({
  name: 'rawfile_json',
  doc: `Append each job return (on the minion) or each master event (event_return, on the master) as one JSON
line to a file, as Salt's rawfile_json: a return is Salt's return dict, an event is {"tag": ..., "data": ...}.

Options (minion or master config; for a return, --return_config PROFILE reads
PROFILE.rawfile_json.filename first and --return_kwargs '{"filename": ...}' wins):

    rawfile_json.filename: /var/log/salt/events

Default: <the folder of the daemon's log_file>/events (Salt's /var/log/salt/events when root_dir is /).

    salt '*' test.ping --return rawfile_json
    # master config:  event_return: rawfile_json`,
  async returner(ret, ctx) {
    await appendJsonLines(filename(ctx, ret), [ret]);
  },
  async eventReturn(events, ctx) {
    await appendJsonLines(filename(ctx), events);
  },
});
