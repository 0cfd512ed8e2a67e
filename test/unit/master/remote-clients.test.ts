import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatPublicKeys, generateKeys, sharedKey, type KeyPair } from '@brine/core/crypto/keys';
import { consoleLogger } from '@brine/core/log';
import type { Handlers } from '@brine/core/protocol/v1/channel';
import type { LOCAL_CLIENT_COMMANDS } from '@brine/core/protocol/v1/local-client';
import { openClientGrant, openOutcome, readAuthReply, sealRequest, verifyAuthReply } from '@brine/core/protocol/v1/secure';
import type { ClientContext } from '@brine/master/acl/authorize';
import { ClientKeys, isValidClientName } from '@brine/master/client-keys';
import { RemoteClients } from '@brine/master/remote-clients';
import { clientName, pinnedMasterOf } from '@brine/cli/remote-client';

const quiet = consoleLogger('quiet');

describe('ClientKeys (pki_dir/clients)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-clients-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('registers a client bound to a user, 0600 in a 0700 folder, and reads, lists, finds and deletes it', () => {
    const keys = new ClientKeys(dir);
    const pair = generateKeys();
    keys.register('laptop', 'alice', formatPublicKeys(pair.pub));
    const file = path.join(dir, 'clients', 'laptop');
    expect([fs.statSync(file).mode & 0o777, fs.statSync(path.dirname(file)).mode & 0o777]).toEqual([0o600, 0o700]);
    expect(keys.read('laptop')).toEqual({ name: 'laptop', user: 'alice', pub: pair.pub });
    expect(keys.list().map((c) => [c.name, c.user])).toEqual([['laptop', 'alice']]);
    expect(keys.holding(pair.pub)?.name).toBe('laptop');
    expect(keys.holding(generateKeys().pub)).toBeUndefined();
    expect(keys.remove('laptop')).toBe(true);
    expect([keys.read('laptop'), keys.identity('laptop'), keys.remove('laptop')]).toEqual([undefined, undefined, false]);
  });

  it('refuses invalid names, user names and keys; reads nothing for a name a peer could send', () => {
    const keys = new ClientKeys(dir);
    const pub = formatPublicKeys(generateKeys().pub);
    expect(() => keys.register('../minions/web1', 'alice', pub)).toThrow(/Invalid client name/);
    expect(() => keys.register('laptop', 'al ice', pub)).toThrow(/Invalid user name/);
    expect(() => keys.register('laptop', 'alice', 'not a key')).toThrow(/not a brine public key file/);
    for (const name of ['', '.', '..', '../x', 'a/b', '.hidden', '-x', 'x'.repeat(65), 'x.tmp', 'a\0b']) {
      expect([name, isValidClientName(name), keys.read(name), keys.identity(name)]).toEqual([name, false, undefined, undefined]);
    }
  });

  it('reads a malformed client file as no client, and says why', () => {
    const keys = new ClientKeys(dir);
    fs.mkdirSync(path.join(dir, 'clients'));
    fs.writeFileSync(path.join(dir, 'clients', 'broken'), '{"box": "x"}');
    const bad: string[] = [];
    expect(keys.read('broken', (m) => bad.push(m))).toBeUndefined();
    expect(bad).toEqual(['client broken: no valid user name']);
  });
});

describe('RemoteClients (client_auth, client_req)', () => {
  let dir: string;
  let master: KeyPair;
  let client: KeyPair;
  let remote: RemoteClients;
  const seen: ClientContext[] = [];
  const handlers = { check_minions: (_req: unknown, ctx: ClientContext) => (seen.push(ctx), ['web1']) } as unknown as Handlers<typeof LOCAL_CLIENT_COMMANDS, ClientContext>;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-remote-'));
    master = generateKeys();
    client = generateKeys();
    new ClientKeys(dir).register('laptop', 'alice', formatPublicKeys(client.pub));
    remote = new RemoteClients(new ClientKeys(dir), master, handlers, (user) => (user === 'alice' ? ['ops'] : []), quiet);
    seen.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const authenticate = () => {
    const token = new Uint8Array(16).fill(7);
    const reply = remote.auth({ id: 'laptop', box: client.pub.box, sign: client.pub.sign, token });
    const body = readAuthReply(reply);
    const shared = sharedKey(client, master.pub.box);
    return { reply, body, shared, grant: openClientGrant(shared, body.session!) };
  };

  it("answers a registered client with a reply signed as a client's (never as a minion's) and a ticket, no session key", () => {
    const { reply, body, grant } = authenticate();
    expect([body.status, Buffer.from(body.token).equals(Buffer.alloc(16, 7))]).toEqual(['accepted', true]);
    expect(verifyAuthReply(reply, master.signer, 'client_auth_reply')).toBe(true);
    expect(verifyAuthReply(reply, master.signer)).toBe(false);
    expect(Object.keys(grant).sort()).toEqual(['now', 'ticket']);
  });

  it('refuses an unregistered name, another key, and a minion-looking name', () => {
    const token = new Uint8Array(16);
    const other = generateKeys();
    expect(() => remote.auth({ id: 'stranger', box: client.pub.box, sign: client.pub.sign, token })).toThrow(/"stranger" is not a registered client/);
    expect(() => remote.auth({ id: 'laptop', box: other.pub.box, sign: other.pub.sign, token })).toThrow(/"laptop" is not a registered client, or presents another key/);
    expect(() => remote.auth({ id: '../minions/web1', box: client.pub.box, sign: client.pub.sign, token })).toThrow(/not a registered client/);
  });

  it("runs a sealed command as the client's user (via remote), once: a replay is refused", async () => {
    const { shared, grant } = authenticate();
    const { sealed, tag } = sealRequest(shared, { cmd: 'check_minions', req: { tgt: 'web*', tgt_type: 'glob' } }, { ticket: grant.ticket, seq: 1 });
    const outcome = openOutcome(shared, await remote.handle({ id: 'laptop', ...sealed }), tag);
    expect(outcome).toEqual({ ok: true, rep: ['web1'] });
    expect(seen).toEqual([{ caller: { user: 'alice', groups: ['ops'], via: 'remote' }, peer: 'client laptop' }]);
    await expect(remote.handle({ id: 'laptop', ...sealed })).rejects.toThrow(/already served or is too old/);
  });

  it('refuses a box that does not open, and a client deleted after it authenticated', async () => {
    const { shared, grant } = authenticate();
    await expect(remote.handle({ id: 'laptop', nonce: new Uint8Array(24), box: new Uint8Array(40) })).rejects.toThrow();
    new ClientKeys(dir).remove('laptop');
    const { sealed } = sealRequest(shared, { cmd: 'check_minions', req: { tgt: 'web*', tgt_type: 'glob' } }, { ticket: grant.ticket, seq: 1 });
    await expect(remote.handle({ id: 'laptop', ...sealed })).rejects.toThrow(/"laptop" is not a registered client/);
    expect(seen).toEqual([]);
  });
});

describe('remote client key files', () => {
  it('names the client after its key file, and pins the master beside it', () => {
    expect(clientName('/home/a/keys/laptop.pem')).toBe('laptop');
    expect(pinnedMasterOf('/home/a/keys/laptop.pem')).toBe('/home/a/keys/laptop_master.pub');
  });
});
