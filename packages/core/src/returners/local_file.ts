/** brine's local_file returner: a JSON line per return in a file on the minion. */
import path from 'node:path';
import { appendJsonLines } from './append-lines';
import { defineReturner, returnerOptions } from './define';

export default defineReturner({
  name: 'local_file',
  doc: `Append each job return, as one JSON line, to a file on the minion (brine's own; Salt has no such returner).

The line is Salt's return dict: jid, id, fun, fun_args, return, retcode, success (and out, ret_config,
ret_kwargs when set), formatted as Python's json.dumps.

Options (minion config, as any Salt returner's; --return_config PROFILE reads PROFILE.local_file.path first,
--return_kwargs '{"path": ...}' wins over both):

    local_file.path: /var/log/brine/returns.jsonl

Default: <the folder of the minion's log_file>/returns (under root_dir).

    salt '*' test.ping --return local_file`,
  async returner(ret, ctx) {
    const o = returnerOptions('local_file', ['path'], { path: path.join(ctx.logDir, 'returns') }, ctx.opts, ret);
    await appendJsonLines(String(o.path), [ret]);
  },
  async eventReturn(events, ctx) {
    const o = returnerOptions('local_file', ['path'], { path: path.join(ctx.logDir, 'returns') }, ctx.opts);
    await appendJsonLines(String(o.path), events);
  },
});
