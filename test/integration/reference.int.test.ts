/**
 * Conformance with real Salt: every capture in test/fixtures/reference is
 * replayed, literally, against a real brine cluster shaped as the one Salt
 * ran on (a master with auto_accept and minions minion1..3 on 127.0.0.1),
 * through the CLIs that `npm install` linked into node_modules/.bin, from
 * bash, in an empty working directory. Output is compared after
 * normalizing only what the capture set's README says may differ
 * (helpers/capture.ts).
 *
 * Host paths in the captures (/srv/www, /tmp/www, /tmp/x-touch,
 * /tmp/cp-dest) are kept inside the test's folder: the state tree and the
 * commands are rewritten to put them under it, and its path is removed from
 * the output before comparing.
 *
 * The states run against the captures' own Jinja state tree
 * (test/fixtures/reference/srv/salt, a copy of Salt's), with Salt's
 * `renderer: jinja|yaml`.
 *
 * A capture that needs a later issue's feature is listed in PENDING with
 * that issue; its test checks that it still differs, so the list cannot go
 * stale when the feature lands.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { Cluster, finished, REPO, type CliResult } from './helpers/cluster';
import { captureNames, normalize, readCapture, type Capture } from './helpers/capture';

/** Captures that need another issue's feature, with why. */
const PENDING: Record<string, string> = {};

/**
 * Captures brine differs from on purpose: only the exit code and stderr are
 * compared. Salt's help lists options brine does not have, its versions
 * report lists Python's packages, and its argument errors print Salt's own
 * docstrings; brine prints its own in the same places.
 */
const BY_DESIGN: Record<string, string> = {
  'salt_h.txt': 'the help lists brine\'s options',
  'err_salt_no_args.txt': 'the help lists brine\'s options',
  'salt_cp_help.txt': 'the help lists brine\'s options',
  'salt_versions_report.txt': 'brine\'s runtime and dependencies instead of Python\'s',
};

/**
 * Captures where Salt prints a function's docstring, whose text is brine's
 * own: the lines of the docstring's body (those matching) are left out on
 * both sides, and everything else, the error line and layout included, must
 * match.
 */
const OWN_DOCSTRING: Record<string, RegExp> = {
  'err_cmd_run_missing_arg.txt': /^( {8}.*| {4})$/,
};

/** `text` with the value under each `key:` line whose key is in `keys` replaced by `<host>`. */
function hostValuesUnder(text: string, keys: string[]): string {
  const lines = text.split('\n');
  return lines.map((line, i) => {
    const key = /^ *(\S+):$/.exec(lines[i - 1] ?? '')?.[1];
    return key !== undefined && keys.includes(key) && /^ +\S/.test(line) ? line.replace(/\S.*$/, '<host>') : line;
  }).join('\n');
}

/**
 * Figures of the host a capture shows that cannot be the same here: they
 * are replaced on both sides before comparing, and only they; keys,
 * structure and every other value (addresses, mount points, file systems,
 * users) are compared as they are.
 */
const HOST_VALUES: Record<string, (stdout: string) => string> = {
  // Grains of the host and runtime (HOST_GRAINS says which, and why each).
  'grains_items_minion1.txt': maskHostGrains,
  'grains_items_minion1_out_json.txt': maskHostGrains,
  'salt_call_local_grains_items_json.txt': maskHostGrains,
  'run_cache_grains_minion1.txt': maskHostGrains,
  // Disk figures change with every write to the disk.
  'disk_usage_minion1.txt': (t) => hostValuesUnder(t, ['1K-blocks', 'used', 'available', 'capacity']),
  // The time since boot, and the boot time (since_iso also to the microsecond it was computed).
  'status_uptime.txt': (t) => hostValuesUnder(t, ['days', 'seconds', 'since_iso', 'since_t', 'time']),
  // ifb devices get a random MAC at each boot; eth0's (and so its link-local address) is fixed.
  'network_interfaces_minion1.txt': (t) => {
    let iface = '';
    return t.split('\n').map((line, i, all) => {
      iface = /^ {4}(\S+):$/.exec(line)?.[1] ?? iface;
      return iface.startsWith('ifb') && all[i - 1]?.trim() === 'hwaddr:' ? line.replace(/\S+$/, '<mac>') : line;
    }).join('\n');
  },
};

/**
 * Captures that list names where brine offers fewer than Salt: Salt 3006
 * loads about 250 execution modules on that host, brine a few dozen, so the
 * list cannot be equal. What must hold is what an admin relies on: every
 * name brine lists is a name Salt lists too (a module brine has answers to
 * Salt's name for it, `pkg` not `aptpkg`), each minion's list is sorted as
 * Salt sorts (by code point), and everything else (the minion lines, the exit
 * code, stderr) is equal.
 */
const NAMES_SUBSET = new Set(['sys_list_modules.txt']);

/** The output of a NAMES_SUBSET capture split into its `    - name` items and every other line. */
function listed(r: CliResult): { items: string[][]; rest: CliResult } {
  const items: string[][] = [];
  const other: string[] = [];
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('    - ')) items[items.length - 1].push(line.slice(6));
    else {
      other.push(line);
      items.push([]);
    }
  }
  return { items: items.filter((list) => list.length), rest: { ...r, stdout: other.join('\n') } };
}

/**
 * Values that depend on which of concurrent processes wins a race, masked on
 * both sides: state.event's third event is the return of whichever minion
 * answered the ping first (minion1 in Salt's run), in its tag and its `id`.
 */
const RACE_VALUES: Record<string, (stdout: string) => string> = {
  'run_state_event_pretty_count3.txt': (t) => t.replace(/(\/ret\/)minion\d+/g, '$1<first>').replace(/("id": ")minion\d+/g, '$1<first>'),
};

/**
 * Captures taken while another shell ran a command: it runs here alongside
 * the capture's command, once that command is ready for it (waited on, from
 * the master's log offset `mark` taken before it started).
 */
const ALONGSIDE: Record<string, (mark: number) => Promise<void>> = {
  // Salt's capture: `salt '*' test.ping` (run_state_event_parallel_test_ping.txt) ran once state.event listened.
  'run_state_event_pretty_count3.txt': async (mark) => {
    await cluster.master.waitFor(/Event bus: a subscriber joined/, 15000, mark);
    const ping = await sh("salt '*' test.ping");
    if (ping.code !== 0) throw new Error(`salt '*' test.ping failed (${ping.code}): ${ping.stderr}`);
  },
};

/** Captures brine does not match yet: each must still differ. */
const OPEN: Record<string, string> = {};

/**
 * Grains that depend on the host or the runtime, not on how grains are
 * computed: in the grains.items captures their values are masked on both
 * sides (everything else, key order included, must match), each for a reason:
 */
const HOST_GRAINS: Record<string, string> = {
  cwd: "the minion's working directory",
  kernelrelease: 'the kernel build this machine boots',
  cpu_model: 'the CPU this machine runs on',
  cpu_flags: 'the CPU this machine runs on',
  machine_id: "this machine's /etc/machine-id",
  mem_total: "this machine's memory",
  swap_total: "this machine's swap",
  pid: "the minion's process id",
  path: "the minion's $PATH (the test puts node_modules/.bin first)",
  systempath: "the minion's $PATH",
  shell: "the minion's $SHELL (CI runs without one, so Salt's default /bin/sh)",
  pythonexecutable: 'brine runs on Node, not Python',
  pythonpath: 'brine runs on Node, not Python',
  pythonversion: 'brine runs on Node, not Python',
  saltpath: "where brine's packages are installed",
  saltversion: "brine's version, not Salt's",
  saltversioninfo: "brine's version, not Salt's",
  zmqversion: 'the libzmq bundled with the zeromq package',
};

/**
 * Mask the {@link HOST_GRAINS} in grains.items output, JSON (`"key": value`,
 * a list or dict value up to its closing bracket) or nested (`key:` and the
 * lines indented below it), and MAC addresses (the ifb interfaces get new ones
 * at each boot).
 */
function maskHostGrains(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const json = /^( *)"([^"]+)": (.*)$/.exec(lines[i]);
    const nested = /^( *)([^\s:"-][^:]*):$/.exec(lines[i]);
    if (json && Object.hasOwn(HOST_GRAINS, json[2])) {
      let last = json[3];
      if (/[[{]$/.test(last)) {
        while (i + 1 < lines.length && !lines[i + 1].startsWith(`${json[1]}]`) && !lines[i + 1].startsWith(`${json[1]}}`)) i++;
        last = lines[++i] ?? '';
      }
      out.push(`${json[1]}"${json[2]}": "<host>"${last.endsWith(',') ? ',' : ''}`);
    } else if (nested && Object.hasOwn(HOST_GRAINS, nested[2])) {
      while (i + 1 < lines.length && /^ *\S/.test(lines[i + 1]) && lines[i + 1].search(/\S/) > nested[1].length) i++;
      out.push(`${nested[1]}${nested[2]}:`, `${nested[1]}    <host>`);
    } else out.push(lines[i]);
  }
  return out.join('\n').replace(/\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b/g, '<mac>');
}

/** The minions of the capture set's cluster. */
const MINIONS = ['minion1', 'minion2', 'minion3'];

let cluster: Cluster;
/** The test's own folder: stands for `/` in host paths (the state tree, www roots, the working directory). */
let base: string;
/** The empty working directory every command runs in. */
let cwd: string;
/** salt-call --local's config directory (id callminion, file_client local). */
let callDir: string;
/** Salt's default renderer pipe, which the captures' tree was written for. */
const JINJA = 'jinja|yaml';

/** The jid of the last `salt` job, for captures whose command names an earlier job. */
let lastJid = '';

/** Write the captures' state tree to base/srv/salt, its host paths under `www`. */
function writeStateTree(www: string): void {
  const from = path.join(REPO, 'test/fixtures/reference/srv/salt');
  const to = path.join(base, 'srv', 'salt');
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  for (const file of fs.readdirSync(to, { recursive: true, encoding: 'utf8' })) {
    const p = path.join(to, file);
    if (fs.statSync(p).isFile()) fs.writeFileSync(p, fs.readFileSync(p, 'utf8').split('/srv/www').join(path.join(base, www)));
  }
}

/** Run a command line in bash as a user would, with the linked CLIs first on PATH. */
function sh(command: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return finished(spawn('bash', ['-c', command], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${path.join(REPO, 'node_modules/.bin')}:${process.env.PATH}`, SALT_CONFIG_DIR: cluster.masterDir, ...env },
  }));
}

/** The command of capture `c` as run here: host paths moved under `base`, earlier jids replaced by ours. */
function localCommand(c: Capture): string {
  return c.command
    .replace(/<saltref-cap>/g, cluster.root)
    .replace(/\/tmp\/(x-touch|cp-dest)/g, (p) => path.join(base, p))
    .replace(/\b\d{20}\b/g, lastJid);
}

/**
 * Normalize a run and a capture alike; `salt` prints in return order. In a
 * batch, when the next window starts depends on when returns land, in Salt
 * as in brine, so its lines are compared in sorted order.
 */
function comparable(r: CliResult, command: string): CliResult {
  const opts = { returnOrder: /^(salt|salt-cp) /.test(command.replace(/^printf .*\| /, '')), roots: [base, cluster.root] };
  const stdout = normalize(r.stdout, opts);
  return { code: r.code, stdout: / -b \d/.test(command) ? stdout.split('\n').sort().join('\n') : stdout, stderr: normalize(r.stderr, opts) };
}

/** Replay capture `name` and compare (or, when PENDING, check that it still differs). */
async function replay(name: string): Promise<void> {
  const c = readCapture(name);
  const env = name.startsWith('salt_call_local') ? { SALT_CONFIG_DIR: callDir } : {};
  const mark = cluster.master.output.length;
  const running = sh(localCommand(c), env);
  await ALONGSIDE[name]?.(mark);
  let got = comparable(await running, c.command);
  let want = comparable({ code: c.code, stdout: c.stdout, stderr: c.stderr }, c.command);
  for (const mask of [HOST_VALUES[name], RACE_VALUES[name]]) {
    if (mask) [got, want] = [{ ...got, stdout: mask(got.stdout) }, { ...want, stdout: mask(want.stdout) }];
  }
  const own = OWN_DOCSTRING[name];
  if (own) {
    const strip = (r: CliResult) => ({ ...r, stdout: r.stdout.split('\n').filter((l) => !own.test(l)).join('\n') });
    [got, want] = [strip(got), strip(want)];
  }
  if (/^salt(?: -[a-z]+)* '[^']*'/.test(c.command) && !/--async/.test(c.command)) {
    lastJid = (await cluster.withClient((client) => client.list_jobs({ limit: 1 })))[0]?.jid ?? lastJid;
  }
  if (PENDING[name] ?? OPEN[name]) {
    expect({ capture: name, ...got }).not.toEqual({ capture: name, ...want });
    return;
  }
  if (NAMES_SUBSET.has(name)) {
    const [mine, salts] = [listed(got), listed(want)];
    expect({ capture: name, ...mine.rest }).toEqual({ capture: name, ...salts.rest });
    const known = new Set(salts.items.flat());
    for (const list of mine.items) {
      expect(list.filter((n) => !known.has(n))).toEqual([]);
      expect(list).toEqual([...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    expect(mine.items.length).toBe(salts.items.length);
    return;
  }
  if (BY_DESIGN[name]) {
    expect({ capture: name, code: got.code, stderr: got.stderr }).toEqual({ capture: name, code: want.code, stderr: want.stderr });
    return;
  }
  expect({ capture: name, ...got }).toEqual({ capture: name, ...want });
}

/** Each capture is replayed exactly once, in the order the phases below give. */
const replayed = new Set<string>();
function capture(name: string, before?: () => Promise<void>): void {
  replayed.add(name);
  const why = PENDING[name] ?? OPEN[name] ?? BY_DESIGN[name];
  const subset = NAMES_SUBSET.has(name) ? `${name} (brine's names, a sorted subset of Salt's)` : name;
  const title = why ? `${name} (${BY_DESIGN[name] ? 'stderr and exit code' : 'still differs'}: ${why})` : subset;
  test(title, async () => {
    await before?.();
    await replay(name);
  });
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-ref-'));
  cwd = path.join(base, 'cwd');
  fs.mkdirSync(cwd);
  fs.mkdirSync(path.join(base, 'tmp'));
  writeStateTree('srv/www');
  cluster = await Cluster.start({ master: { auto_accept: true, renderer: JINJA, file_roots: { base: [path.join(base, 'srv', 'salt')] } } });
  for (const id of MINIONS) cluster.startMinion(id, { renderer: JINJA });
  await cluster.authenticated(MINIONS);
  callDir = path.join(base, 'callminion');
  fs.mkdirSync(callDir);
  fs.writeFileSync(path.join(callDir, 'minion'), yaml.dump({ id: 'callminion', root_dir: callDir, renderer: JINJA, file_client: 'local', file_roots: { base: [path.join(base, 'srv', 'salt')] } }));
});

afterAll(async () => {
  await cluster?.stop();
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

describe('the CLIs alone', () => {
  for (const name of ['salt_version.txt', 'version_salt.txt', 'version_salt_call.txt', 'version_salt_master.txt', 'salt_versions_report.txt',
    'salt_h.txt', 'err_salt_no_args.txt', 'err_unknown_flag.txt', 'salt_cp_help.txt', 'doc_d_test_ping.txt']) capture(name);
});

describe('keys', () => {
  for (const name of ['salt_key_L.txt', 'salt_key_L_json.txt', 'salt_key_f_minion1.txt', 'err_salt_key_a_nosuch.txt']) capture(name);
});

describe('jobs on three minions', () => {
  for (const name of ['test_ping.txt', 'test_ping_out_json.txt', 'test_ping_out_newline_values_only.txt', 'test_ping_out_no_return.txt',
    'test_ping_out_pprint.txt', 'test_ping_out_quiet.txt', 'test_ping_out_table.txt', 'test_ping_summary.txt', 'async_test_ping.txt', 'test_version.txt', 'cmd_run_uptime.txt',
    'err_cmd_run_missing_arg.txt', 'unknown_function.txt', 'no_match_target.txt', 'file_file_exists_etc_hostname.txt',
    'grains_item_os_osrelease_out_json_indent2.txt', 'grains_items_minion1.txt', 'grains_items_minion1_out_json.txt',
    'grains_ls_minion1.txt', 'pkg_version_bash.txt', 'sys_doc_test_ping.txt', 'sys_list_functions_test.txt', 'sys_list_modules.txt',
    'cp_list_master.txt', 'batch_b2_test_ping.txt', 'batch_b2_cmd_run_exit3.txt', 'manage_up.txt', 'run_jobs_active_idle.txt',
    'saltutil_running.txt', 'test_sleep_1.txt', 'run_jobs_print_job.txt', 'lookup_jid.txt', 'cmd_script_hello.txt',
    'network_interfaces_minion1.txt', 'network_ip_addrs.txt', 'disk_usage_minion1.txt', 'status_uptime.txt', 'saltutil_sync_all.txt',
    'schedule_list.txt', 'run_cache_grains_minion1.txt', 'run_fileserver_file_list.txt', 'run_manage_versions.txt', 'run_survey_hash.txt']) capture(name);
  capture('salt_cp_file.txt', async () => fs.writeFileSync(path.join(cwd, 'cp-src.txt'), 'small file for salt-cp captures\n'));
});

describe('states', () => {
  // Their Started times give the order they ran in: test=True (16:22:18) before anything existed, then the
  // first apply (16:22:27), the second (16:22:35) and the failing SLS (16:22:44).
  for (const name of ['state_apply_test_true.txt', 'state_apply.txt', 'state_apply_second_run.txt', 'state_apply_fail.txt']) capture(name);
  // The later captures used a copy of the tree on /tmp/www, which did not exist yet.
  capture('state_apply_web_test_true_fresh.txt', async () => writeStateTree('tmp/www'));
  for (const name of ['state_show_sls_web.txt', 'state_show_top.txt', 'state_single_file_touch.txt',
    'state_apply_web_state_output_terse.txt', 'state_apply_web_state_output_changes.txt']) capture(name);
});

describe('salt-call --local', () => {
  for (const name of ['salt_call_local_test_ping.txt', 'salt_call_local_sys_doc_test_ping.txt', 'salt_call_local_grains_items_json.txt',
    'salt_call_local_key_finger.txt', 'salt_call_local_key_finger_minion1_config.txt']) capture(name);
  capture('salt_call_local_state_apply.txt', async () => writeStateTree('srv/www'));
});

describe('running jobs', () => {
  for (const name of ['run_jobs_active_with_sleep.txt', 'saltutil_running_with_sleep.txt']) capture(name);
});

describe('events', () => {
  for (const name of ['run_state_event_pretty_count3.txt', 'run_state_event_parallel_test_ping.txt']) capture(name);
});

describe('minion3 stopped', () => {
  capture('one_minion_stopped.txt', () => cluster.minions.get('minion3')!.stop());
  for (const name of ['manage_up_one_stopped.txt', 'test_ping_hide_timeout_one_stopped.txt']) capture(name);
});

describe('a new minion, auto_accept off', () => {
  capture('manual_salt_key_L_pending.txt', async () => {
    const file = path.join(cluster.masterDir, 'master');
    fs.writeFileSync(file, yaml.dump({ ...(yaml.load(fs.readFileSync(file, 'utf8')) as object), auto_accept: false }));
    await cluster.restartMaster();
    cluster.startMinion('minion3');
    // Salt's defaults: a pending minion retries every acceptance_wait_time (10 s); salt-key -a wakes it sooner.
    await cluster.startMinion('minion4', { acceptance_wait_time: 10 }).waitFor(/Waiting for the master to accept/);
    await cluster.authenticated(['minion3']);
  });
  for (const name of ['manual_salt_key_L_pending_json.txt', 'manual_salt_key_a_answer_n.txt', 'manual_salt_key_a_answer_y.txt',
    'manual_salt_key_L_after_accept.txt', 'manual_minion4_ping_after_accept.txt', 'verbose_test_ping.txt',
    // These ran with minion4 accepted.
    'grains_item_os.txt', 'test_ping_out_raw.txt', 'test_ping_out_txt.txt', 'test_ping_static_json.txt']) capture(name);
});

/**
 * The salt and salt-run commands that leave the jobs `salt-run jobs.list_jobs`
 * lists in capture `c` (each entry's function, arguments and target), in order.
 */
function historyOf(c: Capture): string[] {
  const entry = /^\d{20}:\n {4}-{10}\n {4}Arguments:\n((?: {8}.*\n)*) {4}Function:\n {8}(.*)\n {4}StartTime:\n.*\n {4}Target:\n((?: {8}.*\n)+) {4}Target-type:\n {8}(.*)\n/gm;
  const flags: Record<string, string> = { glob: '', list: '-L ', grain: '-G ', compound: '-C ' };
  const entries = [...c.stdout.matchAll(entry)];
  // manage.up pings the minions itself: the job after its record (whose jid is taken when it starts) is its ping.
  return entries.filter((_, i) => entries[i - 1]?.[2] !== 'runner.manage.up').map(([, args, fun, target, type]) => {
    if (fun.startsWith('runner.')) return `salt-run ${fun.slice('runner.'.length)}${fun === 'runner.jobs.lookup_jid' ? ` ${lastJid}` : ''}`;
    const items = (text: string) => text.split('\n').filter(Boolean).map((l) => l.trim().replace(/^- /, ''));
    const tgt = type === 'list' ? items(target).join(',') : target.trim();
    return `salt ${flags[type]}'${tgt}' ${fun} ${items(args).join(' ')}`.trim();
  });
}

describe('job history', () => {
  // jobs.list_jobs lists every job: its capture is replayed on a new master that ran the same jobs.
  capture('list_jobs.txt', async () => {
    await cluster.stop();
    cluster = await Cluster.start({ master: { auto_accept: true } });
    for (const id of MINIONS) cluster.startMinion(id);
    await cluster.authenticated(MINIONS);
    for (const command of historyOf(readCapture('list_jobs.txt'))) {
      const r = await sh(command);
      if (r.code !== 0) throw new Error(`${command} failed (${r.code}): ${r.stderr}`);
      if (command.startsWith('salt ')) lastJid = (await cluster.withClient((client) => client.list_jobs({ limit: 1 })))[0].jid;
    }
  });
});

test('every capture is replayed', () => {
  expect(captureNames().filter((n) => !replayed.has(n))).toEqual([]);
});
