/**
 * The soak's job mix: each kind is one thing an operator does through the
 * salt CLIs against every minion, checked for a return from each of them.
 * `test.ping`, `cmd.run`, `grains.items`, `state.apply` of a small tree
 * (a directory and two managed files under each minion's root_dir), and an
 * async `test.ping` whose returns are then read with
 * `salt-run jobs.lookup_jid` until all are in.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CliResult } from '../../../test/integration/helpers/cluster';

/** Runs a salt CLI (`salt`, `salt-run`) against the soak's master. */
export type RunCli = (cli: string, args: string[]) => Promise<CliResult>;

/** What one job of the mix did. */
export interface JobOutcome {
  /** Minions that returned, out of `expected`. */
  returned: number;
  expected: number;
  /** The CLI exited non-zero (or printed what could not be read). */
  failed: boolean;
  /** Why it failed, shortened. */
  error?: string;
}

/** One kind of job: its share of the mix, and how to run it. */
export interface JobKind {
  weight: number;
  run(cli: RunCli, ids: readonly string[]): Promise<JobOutcome>;
}

/** The name of the SLS {@link writeSoakTree} writes. */
const SLS = 'soak';

/** Write the state tree `state.apply soak` applies into `roots` (a file_roots folder). */
export function writeSoakTree(roots: string): void {
  fs.writeFileSync(path.join(roots, `${SLS}.sls`), [
    'soak_dir:\n  file.directory:\n    - name: {{opts.root_dir}}/soak\n    - makedirs: True\n',
    'soak_conf:\n  file.managed:\n    - name: {{opts.root_dir}}/soak/soak.conf\n    - contents: "minion {{grains.id}}"\n    - require:\n      - file: soak_dir\n',
    'soak_motd:\n  file.managed:\n    - name: {{opts.root_dir}}/soak/motd\n    - contents: "soaked"\n    - require:\n      - file: soak_dir\n',
  ].join('\n'));
}

/** The returns a `--out json --static` run printed, by minion id; undefined when the output is not such a map. */
function parseReturns(stdout: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(stdout);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a minion's return in the CLI's output is a real one (not the "did not return" notice). */
function isReturn(v: unknown): boolean {
  return !(typeof v === 'string' && v.startsWith('Minion did not return.'));
}

/** The outcome of a CLI run whose JSON output maps minion ids to returns; `ok` judges each return. */
function outcome(r: CliResult, ids: readonly string[], ok: (v: unknown) => boolean = isReturn): JobOutcome {
  const returns = parseReturns(r.stdout);
  const returned = returns ? ids.filter((id) => id in returns && ok(returns[id])).length : 0;
  const failed = r.code !== 0 || returned < ids.length;
  return { returned, expected: ids.length, failed, ...(failed ? { error: `exit ${r.code}: ${(r.stderr || r.stdout).slice(0, 200)}` } : {}) };
}

/** `salt '*' FUN ARGS --out json --static`, checked with `ok`. */
function salt(fun: string, args: string[], ok?: (v: unknown) => boolean): JobKind['run'] {
  return async (cli, ids) => outcome(await cli('salt', ['*', fun, ...args, '--out', 'json', '--static', '-t', '60']), ids, ok);
}

/** How long an async job's returns are looked up for, and how often, in milliseconds. */
const LOOKUP_FOR_MS = 60000;
const LOOKUP_EVERY_MS = 500;

/** `salt --async '*' test.ping`, then `salt-run jobs.lookup_jid JID` until every minion's return is there. */
async function asyncPing(cli: RunCli, ids: readonly string[]): Promise<JobOutcome> {
  const pub = await cli('salt', ['*', 'test.ping', '--async']);
  const jid = /job ID: (\d+)/.exec(pub.stdout)?.[1];
  if (pub.code !== 0 || !jid) return { returned: 0, expected: ids.length, failed: true, error: `publish: exit ${pub.code}: ${pub.stderr.slice(0, 200)}` };
  const deadline = Date.now() + LOOKUP_FOR_MS;
  for (;;) {
    const r = outcome(await cli('salt-run', ['jobs.lookup_jid', jid, '--out', 'json']), ids);
    if (!r.failed || Date.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, LOOKUP_EVERY_MS));
  }
}

/** Every state of a `state.apply` return succeeded. */
function statesOk(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const states = Object.values(v as Record<string, { result?: unknown }>);
  return states.length === 3 && states.every((s) => s.result === true);
}

/** The mix, by name. */
export const JOB_KINDS = {
  'test.ping': { weight: 4, run: salt('test.ping', [], (v) => v === true) },
  'cmd.run': { weight: 3, run: salt('cmd.run', ['echo soak'], (v) => v === 'soak') },
  'grains.items': { weight: 2, run: salt('grains.items', [], (v) => typeof v === 'object' && v !== null && 'id' in v) },
  'state.apply': { weight: 1, run: salt('state.apply', [SLS], statesOk) },
  'async+lookup_jid': { weight: 2, run: asyncPing },
} satisfies Record<string, JobKind>;

/** A kind's name. */
export type JobKindName = keyof typeof JOB_KINDS;
