/** Salt's rawfile_json returner: a JSON line per return, and per event, in one file. */
import path from 'node:path';
import { appendJsonLines } from './append-lines';
import { defineReturner, returnerOptions, type ReturnerContext } from './define';

/** The file to write: rawfile_json.filename, else <log dir>/events (Salt's default is /var/log/salt/events). */
function filename(ctx: ReturnerContext): string {
  // As Salt's, the options are read without the return: --return_config/--return_kwargs do not apply.
  return String(returnerOptions('rawfile_json', ['filename'], { filename: path.join(ctx.logDir, 'events') }, ctx.opts).filename);
}

export default defineReturner({
  name: 'rawfile_json',
  doc: `Append each job return (on the minion) or each master event (event_return, on the master) as one JSON
line to a file, as Salt's rawfile_json: a return is Salt's return dict, an event is {"tag": ..., "data": ...}.

Options (minion or master config):

    rawfile_json.filename: /var/log/salt/events

Default: <the folder of the daemon's log_file>/events (Salt's /var/log/salt/events when root_dir is /).

    salt '*' test.ping --return rawfile_json
    # master config:  event_return: rawfile_json`,
  async returner(ret, ctx) {
    await appendJsonLines(filename(ctx), [ret]);
  },
  async eventReturn(events, ctx) {
    await appendJsonLines(filename(ctx), events);
  },
});
