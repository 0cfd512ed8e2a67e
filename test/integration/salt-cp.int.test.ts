/**
 * salt-cp through a real master and two minions, run as users run it: the
 * bytes and modes that land on disk, what it prints, and the mistakes it
 * refuses before sending anything.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Cluster } from './helpers/cluster';

const MINIONS = ['minion1', 'minion2'];
let cluster: Cluster;
/** Sources on the master's host. */
let src: string;
/** Where the minions write (both run on this host). */
let out: string;

/** Salt's nested output of salt-cp's results: each minion's paths, `True` when written. */
function printed(results: Record<string, Record<string, string>>): string {
  return Object.entries(results)
    .map(([id, paths]) => `${id}:\n    ----------\n${Object.entries(paths).map(([p, v]) => `    ${p}:\n        ${v}\n`).join('')}`)
    .join('');
}

/** The minions' blocks of salt-cp's output, sorted (they come in return order). */
function blocks(stdout: string): string[] {
  return stdout.split(/(?=^minion\d:$)/m).sort();
}

/** How many jobs the master has published. */
async function jobCount(): Promise<number> {
  return (await cluster.withClient((c) => c.list_jobs({}))).length;
}

beforeAll(async () => {
  cluster = await Cluster.start({ master: { auto_accept: true } });
  for (const id of MINIONS) cluster.startMinion(id);
  await cluster.authenticated(MINIONS);
  src = path.join(cluster.root, 'src');
  out = path.join(cluster.root, 'out');
  fs.mkdirSync(src);
  fs.mkdirSync(out);
});

afterAll(async () => {
  await cluster?.stop();
});

test('copies a text file to every minion and prints Salt\'s result per minion', async () => {
  const file = path.join(src, 'motd');
  fs.writeFileSync(file, 'welcome to brine\n');
  const dest = path.join(out, 'motd-copy');
  const r = await cluster.run('salt-cp', ['*', file, dest]);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(blocks(r.stdout)).toEqual(MINIONS.map((id) => printed({ [id]: { [dest]: 'True' } })));
  expect(fs.readFileSync(dest, 'utf8')).toBe('welcome to brine\n');
});

test('copies several files into a directory DEST', async () => {
  for (const name of ['a.conf', 'b.conf']) fs.writeFileSync(path.join(src, name), `${name}\n`);
  const dest = path.join(out, 'conf.d');
  fs.mkdirSync(dest);
  const r = await cluster.run('salt-cp', ['-L', 'minion1', path.join(src, 'a.conf'), path.join(src, 'b.conf'), dest]);
  expect(r).toEqual({ code: 0, stderr: '', stdout: printed({ minion1: { [path.join(dest, 'a.conf')]: 'True', [path.join(dest, 'b.conf')]: 'True' } }) });
  expect(fs.readdirSync(dest).map((f) => fs.readFileSync(path.join(dest, f), 'utf8'))).toEqual(['a.conf\n', 'b.conf\n']);
});

test('--chunked copies a large binary file in bounded jobs, keeping its mode', async () => {
  // 2.5 MiB of random bytes: 27 jobs of salt_cp_chunk_size (96 KiB), none near the publish limits.
  const data = crypto.randomBytes(2.5 * 1024 * 1024);
  const file = path.join(src, 'big.bin');
  fs.writeFileSync(file, data);
  fs.chmodSync(file, 0o750);
  const dest = path.join(out, 'new/dir/big.bin');
  const before = await jobCount();
  const r = await cluster.run('salt-cp', ['--chunked', '*', file, dest]);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(blocks(r.stdout)).toEqual(MINIONS.map((id) => printed({ [id]: { [dest]: 'True' } })));
  expect(fs.readFileSync(dest).equals(data)).toBe(true);
  expect(fs.statSync(dest).mode & 0o7777).toBe(0o750);
  expect(fs.readdirSync(path.dirname(dest))).toEqual(['big.bin']);
  expect((await jobCount()) - before).toBe(Math.ceil(data.length / 98304));
});

test('--chunked -n copies a directory recursively, empty directories included', async () => {
  const tree = path.join(src, 'site');
  fs.mkdirSync(path.join(tree, 'css'), { recursive: true });
  fs.mkdirSync(path.join(tree, 'empty'));
  fs.writeFileSync(path.join(tree, 'index.html'), '<h1>hi</h1>\n');
  fs.writeFileSync(path.join(tree, 'css/site.css'), 'h1 {}\n');
  const r = await cluster.run('salt-cp', ['-C', '-n', '-L', 'minion2', tree, `${out}/`]);
  const at = (p: string) => path.join(out, 'site', p);
  expect(r).toEqual({
    code: 0,
    stderr: '',
    // Salt's nested outputter sorts each minion's paths.
    stdout: printed({ minion2: { [at('css/site.css')]: 'True', [at('empty')]: 'True', [at('index.html')]: 'True' } }),
  });
  expect([fs.readFileSync(at('index.html'), 'utf8'), fs.readFileSync(at('css/site.css'), 'utf8'), fs.readdirSync(at('empty'))]).toEqual([
    '<h1>hi</h1>\n',
    'h1 {}\n',
    [],
  ]);
});

describe('refused before anything is sent', () => {
  test.each([
    ['a missing source', ['*', '<src>/nope', '/tmp/x'], { code: 42, stdout: '', stderr: '<src>/nope does not exist\n' }],
    [
      'a directory without --chunked',
      ['*', '<src>', '/tmp/x'],
      { code: 1, stdout: '<src> is a directory, only files are supported in non-chunked mode. Use "--chunked" command line argument.\n', stderr: '' },
    ],
    ['a relative DEST', ['*', '<src>/motd', 'tmp/x'], { code: 1, stdout: '', stderr: 'ERROR: The destination must be an absolute path, got "tmp/x"\n' }],
    [
      'a file too large for one job',
      ['*', '<src>/big.bin', '/tmp/x'],
      { code: 1, stdout: '', stderr: 'ERROR: salt-cp sends at most 1048576 bytes of files in one job; use --chunked to send <src>/big.bin\n' },
    ],
    ['too few words', ['*'], { code: 64, stdout: expect.stringMatching(/^Usage: salt-cp \[options\]/), stderr: "Usage: salt-cp [options] '<target>' SOURCE DEST\n\nsalt-cp: error: Insufficient arguments\n" }],
  ])('%s', async (_what, args, want) => {
    const before = await jobCount();
    const r = await cluster.run('salt-cp', args.map((a) => a.replace('<src>', src)));
    const expected = Object.fromEntries(Object.entries(want).map(([k, v]) => [k, typeof v === 'string' ? v.split('<src>').join(src) : v]));
    expect(r).toEqual(expected);
    expect(await jobCount()).toBe(before);
  });
});
