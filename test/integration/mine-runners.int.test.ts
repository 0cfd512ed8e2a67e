/**
 * The mine and the runners that read the master's caches, through a real
 * master and three minions: mine_functions from the minion config and from
 * pillar reach the master at start, mine.send on one minion is read with
 * mine.get on another (allow_tgt ACLs honoured), and salt-run's cache,
 * manage, jobs, fileserver and survey runners print what Salt's do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from './helpers/cluster';

const IDS = ['minion1', 'minion2', 'minion3'];
let cluster: Cluster;
/** The master's file and pillar trees. */
let srv: string;

/** Run `salt` or `salt-run` with `--out json` and parse what it printed. */
async function json(cli: 'salt' | 'salt-run', args: string[]): Promise<unknown> {
  const r = await cluster.run(cli, [...args, '--out', 'json', ...(cli === 'salt' ? ['--static'] : [])]);
  if (r.code !== 0) throw new Error(`${cli} ${args.join(' ')} failed (${r.code}): ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  // The pillar gives minion2 a mine function; the file server holds a small tree.
  srv = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-mine-'));
  fs.mkdirSync(path.join(srv, 'pillar'));
  fs.writeFileSync(path.join(srv, 'pillar', 'top.sls'), "base:\n  minion2:\n    - mine\n");
  fs.writeFileSync(path.join(srv, 'pillar', 'mine.sls'), 'mine_functions:\n  greeting:\n    - mine_function: test.echo\n    - hello from pillar\n');
  fs.mkdirSync(path.join(srv, 'salt', 'web', 'static'), { recursive: true });
  fs.writeFileSync(path.join(srv, 'salt', 'top.sls'), 'base: {}\n');
  fs.writeFileSync(path.join(srv, 'salt', 'web', 'static', 'site.css'), 'body {}\n');
  const roots = { file_roots: { base: [path.join(srv, 'salt')] }, pillar_roots: { base: [path.join(srv, 'pillar')] } };
  cluster = await Cluster.start({ master: { timeout: 5, auto_accept: true, ...roots } });
  cluster.startMinion('minion1', { mine_functions: { my_id: ['id', { mine_function: 'grains.item' }] } });
  cluster.startMinion('minion2');
  cluster.startMinion('minion3');
  await cluster.authenticated(IDS);
  await Promise.all(['minion1', 'minion2'].map((id) => cluster.minions.get(id)!.waitFor(/Mine data sent to the master/)));
});

afterAll(async () => {
  await cluster?.stop();
  if (srv) fs.rmSync(srv, { recursive: true, force: true });
});

describe('the mine', () => {
  test('mine_functions of the minion config and of pillar reach the master at start', async () => {
    expect(await json('salt-run', ['cache.mine'])).toEqual({ minion1: { my_id: { id: 'minion1' } }, minion2: { greeting: 'hello from pillar' } });
    // A targeted minion that sent nothing shows {} (Salt's MasterPillarUtil).
    expect(await json('salt-run', ['cache.mine', 'tgt=minion[23]', 'tgt_type=pcre'])).toEqual({ minion2: { greeting: 'hello from pillar' }, minion3: {} });
  });

  test('mine.send on one minion is read with mine.get on another', async () => {
    expect(await json('salt', ['minion1', 'mine.send', 'echo_it', 'mine_function=test.echo', 'hello'])).toEqual({ minion1: true });
    expect(await json('salt', ['minion3', 'mine.get', '*', 'echo_it'])).toEqual({ minion3: { minion1: 'hello' } });
    // Several functions: keyed by function, then minion.
    expect(await json('salt', ['minion3', 'mine.get', 'minion*', 'echo_it,greeting'])).toEqual({
      minion3: { echo_it: { minion1: 'hello' }, greeting: { minion2: 'hello from pillar' } },
    });
    // Only the targeted minions are answered for.
    expect(await json('salt', ['minion3', 'mine.get', 'minion2', 'echo_it'])).toEqual({ minion3: {} });
    expect(await json('salt', ['minion1', 'mine.get', '*', 'echo_it', 'exclude_minion=True'])).toEqual({ minion1: {} });
  });

  test('an entry sent with allow_tgt is read only by the minions it targets', async () => {
    expect(await json('salt', ['minion1', 'mine.send', 'secret', 'mine_function=test.echo', 's3cret', 'allow_tgt=minion3'])).toEqual({ minion1: true });
    expect(await json('salt', ['minion2', 'mine.get', '*', 'secret'])).toEqual({ minion2: {} });
    expect(await json('salt', ['minion3', 'mine.get', '*', 'secret'])).toEqual({ minion3: { minion1: 's3cret' } });
  });

  test('mine.update with clear replaces the mine; mine.delete and mine.flush remove data', async () => {
    expect(await json('salt', ['minion1', 'mine.update', 'clear=True'])).toEqual({ minion1: true });
    expect(await json('salt-run', ['cache.mine', 'tgt=minion1'])).toEqual({ minion1: { my_id: { id: 'minion1' } } });
    expect(await json('salt', ['minion1', 'mine.delete', 'my_id'])).toEqual({ minion1: true });
    expect(await json('salt', ['minion1', 'mine.delete', 'my_id'])).toEqual({ minion1: false });
    expect(await json('salt', ['minion2', 'mine.flush'])).toEqual({ minion2: true });
    expect(await json('salt', ['minion3', 'mine.get', '*', 'greeting'])).toEqual({ minion3: {} });
    // Nothing configured: Salt's mine.update returns None and sends nothing.
    expect(await json('salt', ['minion3', 'mine.update'])).toEqual({ minion3: null });
  });

  test('a function that fails is not sent: mine.send answers False', async () => {
    expect(await json('salt', ['minion1', 'mine.send', 'nope.nothing'])).toEqual({ minion1: false });
    const r = await cluster.run('salt', ['minion1', 'mine.get', '*', 'x', 'tgt_type=bogus']);
    expect(r.stdout).toContain("Invalid tgt_type 'bogus'");
  });

  test('targets that could probe pillar or run regexes on the master are refused in the mine, with the reason', async () => {
    const get = await cluster.run('salt', ['minion1', 'mine.get', 'minion2 and I@db:password:a*', 'x', 'tgt_type=compound']);
    expect(get.stdout).toContain("Invalid tgt_type 'compound' for mine.get: use one of glob, list, grain");
    // The module leaves allow_tgt to the master, which refuses it when it is stored, and says why.
    const send = await cluster.run('salt', ['minion1', 'mine.send', 'evil', 'mine_function=test.true', 'allow_tgt=E@(.*.*)*!', 'allow_tgt_type=compound']);
    expect(send.stdout).toContain('Mine entry "evil": target type \'compound\' is not allowed in the mine');
    expect(await json('salt', ['minion2', 'mine.get', '*', 'evil'])).toEqual({ minion2: {} });
  });
});

describe('the cache runner', () => {
  test('cache.grains shows the grains the minions reported, by target', async () => {
    const grains = (await json('salt-run', ['cache.grains', 'tgt=minion1'])) as Record<string, Record<string, unknown>>;
    expect(Object.keys(grains)).toEqual(['minion1']);
    expect(grains.minion1).toMatchObject({ id: 'minion1', kernel: 'Linux' });
    const byList = await json('salt-run', ['cache.grains', 'tgt=minion2,minion3', 'tgt_type=list']);
    expect(Object.keys(byList as object)).toEqual(['minion2', 'minion3']);
    const r = await cluster.run('salt-run', ['cache.grains']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/tgt/);
  });

  test('cache.pillar lists the minions with a pillar', async () => {
    expect(await json('salt-run', ['cache.pillar'])).toEqual({ minion2: { mine_functions: { greeting: [{ mine_function: 'test.echo' }, 'hello from pillar'] } } });
    expect(await json('salt-run', ['cache.pillar', 'tgt=minion1'])).toEqual({});
  });
});

describe('manage, jobs, fileserver and survey', () => {
  test('manage.versions puts every minion under Up to date', async () => {
    const r = await cluster.run('salt-run', ['manage.versions']);
    const version = (await json('salt', ['minion1', 'test.version'])) as Record<string, string>;
    expect(r.stdout).toBe(`Master:\n    ${version.minion1}\nUp to date:\n    ----------\n${IDS.map((id) => `    ${id}:\n        ${version.minion1}\n`).join('')}`);
  });

  test('jobs.print_job and jobs.exit_success read one job and its returns', async () => {
    const run = await cluster.run('salt', ['*', 'test.echo', '0', '-v']);
    const jid = /jid (\d{20})/.exec(run.stdout)![1];
    const job = (await json('salt-run', ['jobs.print_job', jid])) as Record<string, Record<string, unknown>>;
    expect(job[jid]).toMatchObject({ Arguments: [0], Function: 'test.echo', Minions: IDS, Target: '*', 'Target-type': 'glob' });
    expect(job[jid].Result).toEqual(Object.fromEntries(IDS.map((id) => [id, { return: 0, retcode: 0, success: true }])));
    expect(await json('salt-run', ['jobs.exit_success', jid])).toEqual({ minion1: false, minion2: false, minion3: false });
    const ok = /jid (\d{20})/.exec((await cluster.run('salt', ['minion1', 'test.true', '-v'])).stdout)![1];
    expect(await json('salt-run', ['jobs.exit_success', ok])).toEqual({ minion1: true });
    const unknown = (await json('salt-run', ['jobs.print_job', '20000101000000000000'])) as Record<string, Record<string, unknown>>;
    expect(unknown['20000101000000000000']).toMatchObject({ Error: 'Cannot contact returner or no job with this jid', Result: {} });
  });

  test('fileserver.file_list and dir_list list file_roots', async () => {
    expect((await cluster.run('salt-run', ['fileserver.file_list'])).stdout).toBe('- top.sls\n- web/static/site.css\n');
    expect((await cluster.run('salt-run', ['fileserver.dir_list'])).stdout).toBe('- web\n- web/static\n');
    expect(await json('salt-run', ['fileserver.file_list', 'saltenv=nosuch'])).toEqual([]);
  });

  test('survey.hash pools minions by answer; survey.diff prints how the pools differ', async () => {
    const pools = await json('salt-run', ['survey.hash', 'minion*', 'test.echo', 'same']);
    expect(pools).toEqual([{ pool: IDS, result: 'same' }]);
    const r = await cluster.run('salt-run', ['survey.diff', 'minion[12]', 'grains.get', 'id']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "minion pool :\n------------\n['minion1']\npool size :\n----------\n    1\npool result :\n------------\n    minion1\n\n" +
        "minion pool :\n------------\n['minion2']\npool size :\n----------\n    1\n" +
        `differences from "minion1" results :\n${'-'.repeat(35)}\n` +
        '--- minion1\n+++ minion2\n@@ -1 +1 @@\n-minion1\n+minion2\n\n\n',
    );
    expect(r.stdout).toMatch(/\|_\n {2}-{10}\n {2}pool:\n {6}- minion1\n {2}result:\n {6}minion1\n/);
  });
});
