/**
 * The `state` runner's `event`, as Salt's (salt/runners/state.py, which calls
 * the state module's event): watch the master's event bus and print the
 * events whose tag matches, `tag<TAB>data` with data as JSON, until `count`
 * of them were seen.
 */
import { SaltInvocationError } from '@brine/core/errors';
import { exprMatch } from '@brine/core/jinja/filters/fnmatch';
import { jsonDumps } from '@brine/core/python-json';
import { withLocalClient } from '../client';
import { defineRunner, defineRunnerFunction, type RunnerContext } from './define';

/** How long one poll of the bus may be held by the master, in milliseconds (it holds at most 5 s). */
const POLL_WAIT_MS = 5000;

/** The arguments of state.event. */
interface EventArgs {
  tagmatch: string;
  count: number;
  quiet: boolean;
  sock_dir?: string;
  pretty: boolean;
  node: string;
}

/**
 * Subscribe to the master's event bus and print each matching event as Salt's state.event does:
 * `tag\tjson.dumps(data, sort_keys=pretty, indent=4 if pretty else None)`.
 * @returns null (salt-run prints None) once `count` matching events were seen; never with count -1
 * @throws SaltInvocationError for node other than master; SaltClientError when the master does not answer
 */
async function watchEvents(ctx: RunnerContext, a: EventArgs): Promise<null> {
  if (a.node !== 'master') throw new SaltInvocationError(`Only the master's event bus can be watched here (node=master), not node=${a.node}`);
  const config = a.sock_dir ? { ...ctx.config, sock_dir: a.sock_dir } : ctx.config;
  const json = a.pretty ? { sortKeys: true, indent: 4 } : {};
  let left = a.count;
  await withLocalClient(config, async (client) => {
    let { cursor } = await client.events({});
    for (;;) {
      const page = await client.events({ after: cursor, wait: POLL_WAIT_MS });
      cursor = page.cursor;
      for (const e of page.events) {
        if (!exprMatch(e.tag, a.tagmatch)) continue;
        if (!a.quiet) ctx.print(`${e.tag}\t${jsonDumps(e.data, json)}\n`);
        // As Salt: a positive count counts down to 0; 0 stops at the first match; -1 never stops.
        if (left > 0) left--;
        if (left === 0) return;
      }
    }
  });
  return null;
}

export default defineRunner({
  name: 'state',
  doc: "Watch the master's event bus, as Salt's state runner's event.",
  functions: {
    event: defineRunnerFunction({
      doc:
        "Watch the master's event bus and print each event whose tag matches `tagmatch` (a glob, else a regular " +
        "expression matching the whole tag, as Salt's reactor matches), as `tag<TAB>data`, data as JSON on one line " +
        '(pretty=True: indented by 4 with sorted keys). Returns None after `count` matching events; with count=-1 it ' +
        'watches until interrupted. Events fired before it subscribed are not shown. The bus keeps the newest 10,000 ' +
        'events for a reader that falls behind; older ones are dropped for it.',
      example: "salt-run state.event 'salt/job/*/ret/*' count=3 pretty=True",
      args: [
        { name: 'tagmatch', type: 'string', default: '*', doc: 'The tags to print: a glob, else a regular expression matching the whole tag.' },
        { name: 'count', type: 'integer', default: -1, doc: 'Return after this many matching events; -1 watches forever.' },
        { name: 'quiet', type: 'boolean', default: false, doc: 'Print nothing; only wait for the events.' },
        { name: 'sock_dir', type: 'string', doc: "The master's sock_dir (default: the master config's)." },
        { name: 'pretty', type: 'boolean', default: false, doc: 'Print each event\'s data indented by 4, keys sorted, instead of on one line.' },
        { name: 'node', type: 'string', default: 'master', doc: "Whose bus to watch: only 'master' here." },
      ],
      run: watchEvents,
    }),
  },
});
