/**
 * Jobs through a real master and real minions: the outputs Salt users know,
 * a minion that does not return, concurrency of slow and fast jobs, the job
 * cache and its runners, and salt-call.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, Cluster } from './helpers/cluster';

const IDS = ['minion1', 'minion2', 'minion3'];
let cluster: Cluster;

beforeAll(async () => {
  // gather_job_timeout 2 (not 10): the stopped-minion test waits that long for a find_job answer that cannot come.
  cluster = await Cluster.start({ master: { timeout: 3, gather_job_timeout: 2 } });
  for (const id of IDS) cluster.startMinion(id);
  await cluster.acceptAll(IDS);
});

afterAll(async () => {
  await cluster?.stop();
});

test('cmd.run prints each minion with the real command output', async () => {
  const r = await cluster.run('salt', ['*', 'cmd.run', `echo "$(hostname) says hi"`]);
  expect(r.code).toBe(0);
  for (const id of IDS) expect(r.stdout).toContain(`${id}:\n    ${os.hostname()} says hi\n`);
});

test('grains.item with a list target answers for exactly those minions', async () => {
  const r = await cluster.run('salt', ['-L', 'minion1,minion2', 'grains.item', 'os', 'kernel']);
  const release = fs.readFileSync('/etc/os-release', 'utf8');
  const osName = /^NAME="?([^"\n]+)/m.exec(release)![1].split(' ')[0];
  expect(r.code).toBe(0);
  for (const id of ['minion1', 'minion2']) expect(r.stdout).toContain(`${id}:\n    ----------\n    kernel:\n        Linux\n    os:\n        ${osName}\n`);
  expect(r.stdout).not.toContain('minion3');
});

test('pcre targets and output formats', async () => {
  const json = await cluster.run('salt', ['-E', 'minion[12]$', 'test.echo', '1', '--out', 'json', '--static']);
  expect(JSON.parse(json.stdout)).toEqual({ minion1: 1, minion2: 1 });
  const yaml = await cluster.run('salt', ['minion1', 'test.arg', 'a', 'b=2', '--out', 'yaml']);
  expect(yaml.stdout).toBe('minion1:\n  args:\n  - a\n  kwargs:\n    b: 2\n');
  const asyncRun = await cluster.run('salt', ['*', 'test.ping', '--async']);
  expect(asyncRun.stdout).toMatch(/^Executed command with job ID: \d{20}\n$/);
  const verbose = await cluster.run('salt', ['minion1', 'test.ping', '-v']);
  expect(verbose.stdout).toMatch(/^Executing job with jid \d{20}\n-+\n\nminion1:\n {4}True\n$/);
});

test('errors come back as Salt words them, with a non-zero exit code', async () => {
  const nope = await cluster.run('salt', ['minion1', 'test.nope']);
  expect(nope).toEqual({ code: 1, stdout: "minion1:\n    'test.nope' is not available.\n", stderr: 'ERROR: Minions returned with non-zero exit code\n' });
  const failing = await cluster.run('salt', ['minion1', 'cmd.run', 'echo oops >&2; exit 3']);
  expect(failing.code).toBe(1);
  expect(failing.stdout).toBe('minion1:\n    oops\n');
  const doc = await cluster.run('salt', ['minion1', 'sys.doc', 'test.ping']);
  expect(doc.stdout).toContain("salt '*' test.ping");
});

test('test.sleep 3 and test.ping sent together: the ping returns while the sleep still runs', async () => {
  const m1 = cluster.minions.get('minion1')!;
  const mark = m1.output.length;
  const sleep = cluster.run('salt', ['minion1', 'test.sleep', '3']);
  // The ping is published once the minion is running the sleep.
  const sleeping = /Executing job (\d{20}): test\.sleep/;
  await m1.waitFor(sleeping, 15000, mark);
  const sleepJid = sleeping.exec(m1.output.slice(mark))![1];
  const ping = await cluster.run('salt', ['minion1', 'test.ping', '-v']);
  const sleepReturnsWhenPinged = (await cluster.jobReturns(sleepJid)).size;
  const slept = await sleep;
  expect(ping.code).toBe(0);
  expect(ping.stdout).toMatch(/\nminion1:\n {4}True\n$/);
  expect(slept.stdout).toBe('minion1:\n    True\n');
  // The ping's answer was printed before the sleep had returned.
  expect(sleepReturnsWhenPinged).toBe(0);
  // The minion started the sleep first and finished the ping first; the master stored the ping's return first.
  const pingJid = /jid (\d{20})/.exec(ping.stdout)![1];
  const pingRet = (await cluster.jobReturns(pingJid)).get('minion1')!;
  const sleepRet = (await cluster.jobReturns(sleepJid)).get('minion1')!;
  expect(sleepRet.started).toBeLessThan(pingRet.started);
  expect(pingRet.finished).toBeLessThan(sleepRet.finished);
  expect(pingRet.stamp).toBeLessThan(sleepRet.stamp);
});

test('the job cache holds the load and returns, read back by salt-run', async () => {
  const r = await cluster.run('salt', ['*', 'test.echo', 'cached', '--show-jid']);
  const jid = /^jid: (\d{20})$/m.exec(r.stdout)![1];
  const lookup = await cluster.run('salt-run', ['jobs.lookup_jid', jid]);
  expect(lookup.stdout).toBe('minion1:\n    cached\nminion2:\n    cached\nminion3:\n    cached\n');
  const list = await cluster.run('salt-run', ['jobs.list_jobs', '--out', 'json']);
  const job = JSON.parse(list.stdout)[jid];
  expect(job).toMatchObject({ Function: 'test.echo', Arguments: ['cached'], Target: '*', 'Target-type': 'glob' });
  const up = await cluster.run('salt-run', ['manage.up']);
  expect(up.stdout).toBe('- minion1\n- minion2\n- minion3\n');
});

test('salt-run is recorded as a runner job once it ends; a record cannot take a jid in use', async () => {
  const before = await cluster.withClient((c) => c.list_jobs({}));
  await cluster.run('salt-run', ['jobs.list_jobs']);
  const after = await cluster.withClient((c) => c.list_jobs({}));
  const added = after.filter((j) => !before.some((b) => b.jid === j.jid));
  expect(added).toMatchObject([{ fun: 'runner.jobs.list_jobs', arg: [], tgt: `${os.hostname()}_master`, tgt_type: 'list', minions: [] }]);
  // The jid was taken when the run started (before its record), as Salt's.
  expect(added[0].jid > before[before.length - 1].jid).toBe(true);
  await cluster.withClient(async (c) => {
    await expect(c.runner_job({ jid: added[0].jid, fun: 'manage.up', user: 'root', fun_args: [], return: null, success: true })).rejects.toThrow(`Job ${added[0].jid} already exists`);
    await expect(c.runner_job({ jid: '../../x', fun: 'manage.up', user: 'root', fun_args: [], return: null, success: true })).rejects.toThrow('Invalid jid');
    await expect(c.runner_job({ jid: '20261203000000000000', fun: 'x; rm', user: 'root', fun_args: [], return: null, success: true })).rejects.toThrow('Invalid function name');
    await expect(c.runner_job({ jid: '20261203000000000001', fun: 'manage.up', user: 'root\n[ERROR] forged', fun_args: [], return: null, success: true })).rejects.toThrow('Invalid user name');
  });
});

test('salt-call runs on the minion host, with and without the master', async () => {
  const local = await cluster.run('salt-call', ['--local', 'test.echo', 'hello'], { configDir: cluster.minionDir('minion1') });
  expect(local).toEqual({ code: 0, stdout: 'local:\n    hello\n', stderr: '' });
  const viaMaster = await cluster.run('salt-call', ['grains.get', 'id'], { configDir: cluster.minionDir('minion2') });
  expect(viaMaster.stdout).toBe('local:\n    minion2\n');
  const failing = await cluster.run('salt-call', ['--local', 'cmd.retcode', 'exit 4', '--retcode-passthrough'], { configDir: cluster.minionDir('minion1') });
  expect(failing.code).toBe(4);
});

test('salt-call --local on a host that never ran a minion writes no keys and needs no master', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-local-'));
  try {
    fs.writeFileSync(path.join(dir, 'minion'), `id: lonely\nroot_dir: ${dir}\nmaster: 127.0.0.1\nmaster_port: 1\n`);
    const r = await cluster.run('salt-call', ['--local', 'test.ping'], { configDir: dir });
    expect(r).toEqual({ code: 0, stdout: 'local:\n    True\n', stderr: '' });
    expect(fs.existsSync(path.join(dir, 'etc/salt/pki'))).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a stopped minion is reported as not returned, with the lookup hint and exit code 1', async () => {
  await cluster.minions.get('minion3')!.stop();
  const r = await cluster.run('salt', ['*', 'test.ping', '-t', '2']);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('ERROR: Minions returned with non-zero exit code\n');
  expect(r.stdout).toContain('minion1:\n    True\n');
  expect(r.stdout).toMatch(
    /minion3:\n {4}Minion did not return\. \[No response\]\n {4}The minions may not have all finished running and any remaining minions will return upon completion\. To look up the return data for this job later, run the following command:\n {4}\n {4}salt-run jobs\.lookup_jid \d{20}\n$/,
  );
  const down = await cluster.run('salt-run', ['manage.down', '-t', '1']);
  expect(down.stdout).toBe('- minion3\n');
  // --hide-timeout leaves the silent minion out of the output, the exit code and the summary, as Salt's.
  const hidden = await cluster.run('salt', ['*', 'test.ping', '-t', '2', '--hide-timeout', '--summary']);
  expect(hidden.code).toBe(0);
  expect(hidden.stdout).not.toContain('minion3');
  expect(hidden.stdout).toContain('# of minions targeted: 2\n# of minions returned: 2\n# of minions that did not return: 0\n');
  // A batch with a silent minion exits 1 (and names it), as Salt's.
  const batch = await cluster.run('salt', ['-b', '2', '*', 'test.ping', '-t', '2']);
  expect(batch.code).toBe(1);
  expect(batch.stdout).toContain('minion3:\n    Minion did not return.');
});

test('--summary is for people: not printed under --out, nor for sys.doc; salt -d alone documents everything', async () => {
  const json = await cluster.run('salt', ['-L', 'minion1', 'test.ping', '--summary', '--out', 'json']);
  expect(JSON.parse(json.stdout)).toEqual({ minion1: true });
  const doc = await cluster.run('salt', ['-d', '-L', 'minion1', '--summary']);
  expect(doc.code).toBe(0);
  expect(doc.stdout).toMatch(/^cmd\.run:\n/m);
  expect(doc.stdout).toMatch(/^test\.ping:\n\n {4}Used to make sure the minion is up/m);
  expect(doc.stdout).not.toContain('Summary');
});

test('a job_returns read with wait is held until the return lands, and answers with it', async () => {
  await cluster.withClient(async (c) => {
    const { jid } = await c.publish({ tgt: 'minion1', tgt_type: 'glob', fun: 'test.sleep', arg: ['1'], kwarg: {}, user: 'root' });
    const t0 = Date.now();
    const first = await c.job_returns({ jid: jid!, wait: 4000 });
    // Without holding, the read answers at once with nothing; held, it answers with the return, about 1 s later.
    expect(first.returns.map((r) => [r.id, r.return])).toEqual([['minion1', true]]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    // Nothing more will land: a held read gives up after its wait, with the same cursor.
    const t1 = Date.now();
    expect(await c.job_returns({ jid: jid!, after: first.cursor, wait: 300 })).toEqual({ returns: [], cursor: first.cursor });
    expect(Date.now() - t1).toBeGreaterThanOrEqual(250);
  });
});

test('-p draws a progress bar of returned/expected minions on a terminal, and never into a pipe', async () => {
  // minion1 and minion2: an earlier test stopped minion3.
  const salt = `${process.execPath} ${path.join(BIN, 'salt.js')} -c ${cluster.masterDir} -p -L minion1,minion2 test.ping`;
  // script(1) runs the command under a pseudo-terminal, as a user's shell would.
  const tty = await new Promise<string>((resolve, reject) =>
    execFile('script', ['-qec', salt, '/dev/null'], { env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' } }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
  expect(tty).toMatch(/Returned 2\/2 minions \[/);
  for (const id of ['minion1', 'minion2']) expect(tty).toContain(`${id}:\r\n    True`);
  const piped = await cluster.run('salt', ['-p', '-L', 'minion1,minion2', 'test.ping']);
  expect(piped.code).toBe(0);
  expect(piped.stdout + piped.stderr).not.toContain('Returned');
  expect(piped.stdout).toContain('minion1:\n    True\n');
});
