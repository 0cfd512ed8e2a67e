/**
 * The file server through a real master and minion, in-process: listing,
 * hashing, chunked transfer of a large file, cache hits, refused traversal,
 * and cp.cache_file run by the minion from a published job.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@brine/core/config/load';
import { MASTER_SCHEMA, type MasterConfig } from '@brine/core/config/master';
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { loadOrCreateKeys } from '@brine/core/crypto/keys';
import { errorFromWire } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import type { ClientOf } from '@brine/core/protocol/v1/channel';
import type { REQUEST_PORT_COMMANDS } from '@brine/core/protocol/v1/request-port';
import { REQUEST_PORT } from '@brine/core/protocol/v1/runtime';
import { RequestClient } from '@brine/core/transport/request-client';
import { connectLocal } from '@brine/cli/client';
import { startMaster, type RunningMaster } from '@brine/master/master';
import { authenticateOnce } from '@brine/minion/auth';
import { masterChannel, type MasterChannel } from '@brine/minion/channel';
import { RemoteFileClient } from '@brine/minion/fileclient';
import { startMinion, type RunningMinion } from '@brine/minion/minion';
import { HandMinion } from './helpers/hand-minion';

const log = consoleLogger('quiet');
const sha = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const BIG = crypto.randomBytes(2.5 * 1024 * 1024);

let root: string;
let fileRoot: string;
let masterConfig: MasterConfig;
let master: RunningMaster;
let minion: RunningMinion;
let minionCache: string;
let client: RequestClient;
let requestPort: ClientOf<typeof REQUEST_PORT_COMMANDS>;
let rogue: HandMinion;
let channel: MasterChannel;
let cachedir: string;
/** The cmds of every request the file client under test sent. */
let sent: string[];
let files: RemoteFileClient;

beforeAll(async () => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'brine-fileserver-')));
  fileRoot = path.join(root, 'srv/salt');
  fs.mkdirSync(path.join(fileRoot, 'conf'), { recursive: true });
  fs.writeFileSync(path.join(fileRoot, 'small.txt'), 'small\n');
  fs.writeFileSync(path.join(fileRoot, 'big.bin'), BIG);
  fs.writeFileSync(path.join(fileRoot, 'conf/app.conf'), 'key=value\n');
  fs.writeFileSync(path.join(root, 'secret'), 'never served\n');
  fs.symlinkSync(path.join(root, 'secret'), path.join(fileRoot, 'escape'));

  masterConfig = loadConfig(MASTER_SCHEMA, path.join(root, 'etc'), 'master', {
    root_dir: path.join(root, 'master'),
    interface: '127.0.0.1',
    publish_port: 0,
    ret_port: 0,
    auto_accept: true,
    file_roots: { base: [fileRoot] },
  }).config;
  master = await startMaster(masterConfig, log);

  const minionConfig = loadConfig(MINION_SCHEMA, path.join(root, 'etc'), 'minion', {
    root_dir: path.join(root, 'minion'),
    id: 'm1',
    master: '127.0.0.1',
    master_port: master.retPort,
    publish_port: master.publishPort,
    acceptance_wait_time: 1,
    file_client: 'remote',
  }).config;
  minionCache = minionConfig.cachedir;
  minion = await startMinion(minionConfig, log);
  await minion.authenticated;

  // A second authenticated peer whose file client the tests drive directly.
  const pkiDir = path.join(root, 'fetcher/pki');
  fs.mkdirSync(pkiDir, { recursive: true });
  client = new RequestClient(`tcp://127.0.0.1:${master.retPort}`, { log });
  requestPort = client.channel(REQUEST_PORT);
  const auth = await authenticateOnce({ id: 'fetcher', keys: loadOrCreateKeys(pkiDir, 'minion'), pkiDir, requestPort, log, timeout: 10, masterFinger: '' });
  if (auth.status !== 'accepted') throw new Error(`fetcher not accepted: ${auth.status}`);
  const credentials = { shared: auth.master.shared, ticket: auth.session.ticket };
  channel = masterChannel(() => requestPort, 'fetcher', () => credentials, () => Promise.reject(new Error('not expected to authenticate again')));
  // The same minion again, with its own ticket, for requests the tests seal by hand.
  rogue = await HandMinion.connect(master.retPort, 'fetcher', pkiDir);
  cachedir = path.join(root, 'fetcher/cache');
  // The file client under test, over the real channel, recording which requests it sends.
  const recorded: Pick<MasterChannel, '_file_list' | '_file_hash' | '_serve_file'> = {
    _file_list: (req, opts) => (sent.push('_file_list'), channel._file_list(req, opts)),
    _file_hash: (req, opts) => (sent.push('_file_hash'), channel._file_hash(req, opts)),
    _serve_file: (req, opts) => (sent.push('_serve_file'), channel._serve_file(req, opts)),
  };
  files = new RemoteFileClient(recorded, cachedir, 10_000);
});

beforeEach(() => {
  sent = [];
});

afterAll(async () => {
  client?.close();
  rogue?.close();
  await minion?.stop();
  await master?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

test('lists the files of an environment, without symlinks that leave the root', async () => {
  expect(await files.listFiles('base')).toEqual(['big.bin', 'conf/app.conf', 'small.txt']);
  await expect(files.listFiles('nope')).rejects.toThrow("Unknown saltenv 'nope'");
});

test('hashes a file with sha256, undefined when missing', async () => {
  expect(await files.hashFile('salt://small.txt', 'base')).toEqual({ hsum: sha('small\n'), hash_type: 'sha256' });
  expect(await files.hashFile('salt://missing.txt', 'base')).toBeUndefined();
});

test('transfers a large file in 1 MiB chunks into the cache, checked by hash', async () => {
  const local = await files.cacheFile('salt://big.bin', 'base');
  expect(local).toBe(path.join(cachedir, 'files/base/big.bin'));
  expect(sha(fs.readFileSync(local))).toBe(sha(BIG));
  expect(sent).toEqual(['_file_hash', '_serve_file', '_serve_file', '_serve_file']);
  expect(fs.readdirSync(path.dirname(local))).toEqual(['big.bin']);
});

test('skips the transfer while the cached copy matches, and fetches again after a change', async () => {
  const local = await files.cacheFile('salt://conf/app.conf', 'base');
  sent = [];
  expect(await files.cacheFile('salt://conf/app.conf', 'base')).toBe(local);
  expect(sent).toEqual(['_file_hash']);
  fs.writeFileSync(path.join(fileRoot, 'conf/app.conf'), 'key=changed\n');
  sent = [];
  await files.cacheFile('salt://conf/app.conf', 'base');
  expect(sent).toEqual(['_file_hash', '_serve_file']);
  expect(fs.readFileSync(local, 'utf8')).toBe('key=changed\n');
});

test('a missing file is an error with Salt words', async () => {
  await expect(files.cacheFile('salt://missing.txt', 'base')).rejects.toThrow("Source file salt://missing.txt not found in saltenv 'base'");
});

describe('the master refuses, and serves nothing', () => {
  /** A sealed call with any request, as a rogue (authenticated) minion could send it. */
  const raw = async (cmd: string, req: unknown): Promise<unknown> => {
    const outcome = await rogue.call(cmd, req);
    if (!outcome.ok) throw errorFromWire(outcome.error);
    return outcome.rep;
  };
  const serve = (load: Record<string, unknown>) => raw('_serve_file', load);

  it.each([
    ['a parent traversal', 'salt://../../etc/shadow', /escapes the file server roots; refused/],
    ['an absolute path', '/etc/passwd', /escapes the file server roots; refused/],
    ['a symlink out of file_roots', 'salt://escape', /resolves outside the file server roots; refused/],
  ])('%s', async (_what, p, message) => {
    await expect(serve({ path: p, saltenv: 'base', loc: 0 })).rejects.toThrow(message);
    await expect(channel._file_hash({ path: p, saltenv: 'base' })).rejects.toThrow(message);
  });

  it.each([
    ['an unknown saltenv', { path: 'small.txt', saltenv: 'nope', loc: 0 }, "Unknown saltenv 'nope'"],
    ['a negative offset', { path: 'small.txt', saltenv: 'base', loc: -1 }, 'Invalid offset -1'],
    ['a load of the wrong shape', { path: 7, saltenv: 'base', loc: 0 }, "_serve_file: field 'path' is not a string"],
  ])('%s', async (_what, load, message) => {
    await expect(serve(load)).rejects.toThrow(message);
  });

  it('and the client refuses a traversal before asking, writing nothing', async () => {
    await expect(files.cacheFile('salt://../../etc/shadow', 'base')).rejects.toThrow(/escapes the file server roots/);
    await expect(files.cacheFile('salt://small.txt', '..')).rejects.toThrow('Invalid saltenv ".."');
    expect(sent).toEqual([]);
    expect(fs.existsSync(path.join(cachedir, 'files/base/escape'))).toBe(false);
  });
});

test('the minion caches a file for a published cp.cache_file job', async () => {
  const target = path.join(minionCache, 'files/base/small.txt');
  const local = connectLocal(masterConfig);
  try {
    // Publish again until the file lands: the minion's subscription may still be connecting.
    for (let i = 0; i < 100 && !fs.existsSync(target); i++) {
      if (i % 10 === 0) await local.publish({ tgt: 'm1', tgt_type: 'glob', fun: 'cp.cache_file', arg: ['salt://small.txt'], kwarg: {}, user: 'root' });
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    local.close();
  }
  expect(fs.readFileSync(target, 'utf8')).toBe('small\n');
});
