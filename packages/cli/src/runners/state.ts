/**
 * The `state` runner's `event`, as Salt's (salt/runners/state.py, which calls
 * the state module's event): watch the master's event bus and print the
 * events whose tag matches, `tag<TAB>data` with data as JSON, until `count`
 * of them were seen. brine's extension: start from a position of the
 * master's persistent event log (`cursor=N`), or resume where the last run
 * with the same `resume` name stopped (its position is saved in the user's
 * cache), so no event fired in between is missed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaltInvocationError } from '@brine/core/errors';
import { exprMatch } from '@brine/core/jinja/filters/fnmatch';
import { writeFileAtomic, ensureDir } from '@brine/core/paths';
import { jsonDumps, printableDefault } from '@brine/core/python-json';
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
  cursor?: number;
  resume?: unknown;
}

/** A resume name: `resume=True` is `default`. */
const RESUME_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The file keeping a resume name's position: `$XDG_CACHE_HOME/brine/state.event/<name>` (else ~/.cache/...).
 * @throws SaltInvocationError for a name that is not letters, digits, `_`, `.` or `-` (at most 64)
 */
export function positionFile(resume: unknown): string {
  const name = resume === true ? 'default' : String(resume);
  if (!RESUME_NAME.test(name) || name === '.' || name === '..') {
    throw new SaltInvocationError(`Invalid resume name ${JSON.stringify(name)}: use True or letters, digits, '_', '.' and '-'`);
  }
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'brine', 'state.event', name);
}

/** The position saved in `file`, or undefined when there is none yet (or it is unreadable). */
function savedPosition(file: string): number | undefined {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
  } catch {
    return undefined;
  }
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
  // Bytes or a timestamp in a return print as text instead of ending the watch (printableDefault).
  const json = { ...(a.pretty ? { sortKeys: true, indent: 4 } : {}), default: printableDefault };
  if (a.cursor !== undefined && (!Number.isSafeInteger(a.cursor) || a.cursor < 0)) throw new SaltInvocationError(`Invalid cursor ${a.cursor}: an event position is an integer >= 0`);
  const file = a.resume !== undefined && a.resume !== false ? positionFile(a.resume) : undefined;
  let left = a.count;
  let position = a.cursor ?? (file ? savedPosition(file) : undefined);
  const save = (at: number) => {
    position = at;
    if (!file) return;
    ensureDir(path.dirname(file));
    writeFileAtomic(file, `${at}\n`, 0o600);
  };
  await withLocalClient(config, async (client) => {
    position ??= (await client.events({})).cursor;
    for (;;) {
      const page = await client.events({ after: position, wait: POLL_WAIT_MS });
      if (page.missed > 0) process.stderr.write(`[WARNING ] ${page.missed} event(s) before position ${position + page.missed} are no longer kept by the master\n`);
      let seq = page.cursor - page.events.length;
      for (const e of page.events) {
        seq++;
        if (!exprMatch(e.tag, a.tagmatch)) continue;
        if (!a.quiet) ctx.print(`${e.tag}\t${jsonDumps(e.data, json)}\n`);
        // As Salt: a positive count counts down to 0; 0 stops at the first match; -1 never stops.
        if (left > 0) left--;
        if (left === 0) return save(seq);
      }
      save(page.cursor);
    }
  });
  if (a.cursor !== undefined || file) process.stderr.write(`Event position: ${position} (resume with cursor=${position})\n`);
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
        'watches until interrupted. Events fired before it subscribed are not shown, unless it starts from a position ' +
        "of the master's event log: `cursor=N` (the position of the first event to show), or `resume=True` (or " +
        'resume=NAME), which starts where the last run with that name stopped and saves its position as it goes in ' +
        '~/.cache/brine/state.event/NAME (the first run starts from now). With cursor or resume the position to resume ' +
        'from is printed on stderr when it returns. Events older than the log (event_log_max_bytes) are counted on ' +
        'stderr as no longer kept.',
      example: "salt-run state.event 'salt/job/*/ret/*' count=3 pretty=True",
      args: [
        { name: 'tagmatch', type: 'string', default: '*', doc: 'The tags to print: a glob, else a regular expression matching the whole tag.' },
        { name: 'count', type: 'integer', default: -1, doc: 'Return after this many matching events; -1 watches forever.' },
        { name: 'quiet', type: 'boolean', default: false, doc: 'Print nothing; only wait for the events.' },
        { name: 'sock_dir', type: 'string', doc: "The master's sock_dir (default: the master config's)." },
        { name: 'pretty', type: 'boolean', default: false, doc: 'Print each event\'s data indented by 4, keys sorted, instead of on one line.' },
        { name: 'node', type: 'string', default: 'master', doc: "Whose bus to watch: only 'master' here." },
        { name: 'cursor', type: 'integer', doc: "brine: the event log position to start from (printed by a run with cursor or resume); default: now." },
        { name: 'resume', type: 'any', doc: "brine: True or a name: start where the last run with this name stopped, and save the position as it goes." },
      ],
      run: watchEvents,
    }),
  },
});
