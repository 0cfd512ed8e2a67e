/**
 * Remote clients (issue 15): a key pair made with `salt-key --gen-keys`,
 * registered on the master with `salt-key --client laptop --user alice`, runs
 * `salt --remote tcp://127.0.0.1:<ret_port> --client-key laptop.pem` against a
 * real master and two minions (web1, db1). alice's publisher_acl allows
 * test.* on web* only: the remote client gets what a local alice gets, the
 * same refusal, and audit lines with `via: remote`. An unregistered key, a
 * deleted client and a minion's key are refused; a client's key cannot act as
 * a minion. alice needs no system account: a remote client's user is the
 * name it is bound to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadKeys } from '@brine/core/crypto/keys';
import { consoleLogger } from '@brine/core/log';
import { REQUEST_PORT } from '@brine/core/protocol/v1/runtime';
import { RequestClient } from '@brine/core/transport/request-client';
import { authenticateOnce } from '@brine/minion/auth';
import { connectRemote } from '@brine/cli/remote-client';
import { Cluster, type CliResult } from './helpers/cluster';

const IDS = ['web1', 'db1'];
const REFUSED = 'Authorization error occurred.\n';

describe('remote clients (salt --remote, salt-key --client)', () => {
  let cluster: Cluster;
  let keysDir: string;
  let endpoint: string;

  beforeAll(async () => {
    cluster = await Cluster.start({ master: { timeout: 5, gather_job_timeout: 2, publisher_acl: { alice: [{ 'web*': ['test.*'] }] } } });
    for (const id of IDS) cluster.startMinion(id);
    await cluster.acceptAll(IDS);
    keysDir = path.join(cluster.root, 'client-host');
    endpoint = `tcp://127.0.0.1:${cluster.ports.ret_port}`;
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  /** The lines of the master's audit log, parsed. */
  const auditLines = (): Array<Record<string, unknown>> =>
    fs.readFileSync(path.join(cluster.masterDir, 'var', 'cache', 'salt', 'master', 'audit.log'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  /** `salt --remote` with the key `name`.pem of the client host (or the key file `name` names), from its own, empty, configuration folder. */
  const remoteSalt = (name: string, args: string[]): Promise<CliResult> => {
    const conf = path.join(cluster.root, 'client-conf');
    fs.mkdirSync(conf, { recursive: true });
    const key = name.endsWith('.pem') ? name : path.join(keysDir, `${name}.pem`);
    return cluster.run('salt', ['--remote', endpoint, '--client-key', key, ...args], { configDir: conf });
  };

  const genKeys = async (name: string) => {
    const r = await cluster.run('salt-key', ['--gen-keys', name, '--gen-keys-dir', keysDir]);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^Keys .*${name}\\.pem and .*${name}\\.pub: ([0-9a-f]{2}:){31}[0-9a-f]{2}\\n$`)) });
    expect(fs.statSync(path.join(keysDir, `${name}.pem`)).mode & 0o777).toBe(0o600);
  };

  it('registers a client bound to a user (0600 in pki_dir/clients) and lists it', async () => {
    await genKeys('laptop');
    const r = await cluster.run('salt-key', ['--client', 'laptop', '--user', 'alice', '--pub', path.join(keysDir, 'laptop.pub')]);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Key for client laptop \(user alice\) accepted: ([0-9a-f]{2}:){31}[0-9a-f]{2}\n$/) });
    const file = path.join(cluster.masterDir, 'etc', 'salt', 'pki', 'master', 'clients', 'laptop');
    expect([fs.statSync(file).mode & 0o777, fs.statSync(path.dirname(file)).mode & 0o777]).toEqual([0o600, 0o700]);
    const listed = await cluster.run('salt-key', ['--list-clients', '--out', 'json']);
    expect(JSON.parse(listed.stdout)).toEqual({ laptop: { user: 'alice', fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){31}/) } });
  });

  it("runs test.ping on 'web*' as alice, recorded and audited as alice via remote", async () => {
    const before = auditLines().length;
    const r = await remoteSalt('laptop', ['web*', 'test.ping']);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: 'web1:\n    True\n', stderr: '' });
    const added = auditLines().slice(before);
    const line = added.find((l) => l.command === 'publish');
    expect(line).toMatchObject({ user: 'alice', via: 'remote', allowed: true, rule: 'publisher_acl:alice', jid: expect.stringMatching(/^\d{20}$/) });
    expect(await cluster.job(String(line!.jid))).toMatchObject({ fun: 'test.ping', user: 'alice' });
  });

  it("is refused cmd.run on '*' with the message a local alice gets, nothing published, and an audit line", async () => {
    const jobsBefore = (await cluster.withClient((c) => c.list_jobs({}))).length;
    const before = auditLines().length;
    const r = await remoteSalt('laptop', ['*', 'cmd.run', 'rm -rf /']);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 1,
      stdout: REFUSED,
      stderr: 'ERROR: publisher_acl does not allow alice to run cmd.run [rule publisher_acl:alice]\n',
    });
    expect((await cluster.withClient((c) => c.list_jobs({}))).length).toBe(jobsBefore);
    expect(auditLines().slice(before)).toEqual([expect.objectContaining({ command: 'publish', user: 'alice', via: 'remote', allowed: false, rule: 'publisher_acl:alice', jid: null })]);
  });

  it('refuses a key that is not registered', async () => {
    await genKeys('stranger');
    const r = await remoteSalt('stranger', ['web*', 'test.ping']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Remote client "stranger" is not a registered client, or presents another key/);
    expect(r.stdout).toBe('');
  });

  it("refuses a registered name with another key (the stranger's key under laptop's name)", async () => {
    const other = path.join(keysDir, 'other');
    fs.mkdirSync(other);
    fs.copyFileSync(path.join(keysDir, 'stranger.pem'), path.join(other, 'laptop.pem'));
    const r = await remoteSalt(path.join(other, 'laptop.pem'), ['web*', 'test.ping']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Remote client "laptop" is not a registered client, or presents another key/);
  });

  it("refuses a minion's key as a client, at registration and on the request port", async () => {
    const minionPki = path.join(cluster.minionDir('web1'), 'etc', 'salt', 'pki', 'minion');
    const reg = await cluster.run('salt-key', ['--client', 'web1', '--user', 'alice', '--pub', path.join(minionPki, 'minion.pub')]);
    expect({ code: reg.code, stderr: reg.stderr }).toEqual({ code: expect.any(Number), stderr: expect.stringMatching(/This key is the key of minion web1 \(accepted\): a minion's key cannot act as a client/) });
    expect(reg.code).not.toBe(0);
    // The minion's own key, under its own id: there is no client web1.
    fs.copyFileSync(path.join(minionPki, 'minion.pem'), path.join(keysDir, 'web1.pem'));
    const r = await remoteSalt('web1', ['web*', 'test.ping']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Remote client "web1" is not a registered client/);
  });

  it("refuses a client's key as a minion (answered rejected, never filed as pending)", async () => {
    const client = new RequestClient(endpoint, { log: consoleLogger('quiet'), timeoutMs: 5000 });
    try {
      const pkiDir = path.join(cluster.root, 'posing-minion');
      const r = await authenticateOnce({ id: 'laptop', keys: loadKeys(path.join(keysDir, 'laptop.pem')), pkiDir, requestPort: client.channel(REQUEST_PORT), log: consoleLogger('quiet'), timeout: 5, masterFinger: '' });
      expect(r.status).toBe('rejected');
    } finally {
      client.close();
    }
    const listed = await cluster.run('salt-key', ['-L', '--out', 'json']);
    expect(JSON.parse(listed.stdout)).toMatchObject({ minions_pre: [] });
  });

  it('refuses a deleted client from its next command, on a connection it authenticated before', async () => {
    const client = await connectRemote({ endpoint, keyFile: path.join(keysDir, 'laptop.pem') });
    try {
      expect(await client.check_minions({ tgt: 'web*', tgt_type: 'glob' })).toEqual(['web1']);
      const del = await cluster.run('salt-key', ['--delete-client', 'laptop']);
      expect({ code: del.code, stdout: del.stdout }).toEqual({ code: 0, stdout: 'Key for client laptop deleted.\n' });
      await expect(client.check_minions({ tgt: 'web*', tgt_type: 'glob' })).rejects.toThrow(/Remote client "laptop" is not a registered client/);
    } finally {
      client.close();
    }
    const r = await remoteSalt('laptop', ['web*', 'test.ping']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Remote client "laptop" is not a registered client/);
    const again = await cluster.run('salt-key', ['--delete-client', 'laptop']);
    expect({ code: again.code === 0, stderr: again.stderr }).toEqual({ code: false, stderr: expect.stringContaining("The client 'laptop' is not registered.") });
  });
});
