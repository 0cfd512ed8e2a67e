import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuthenticationError } from '@brine/core/errors';
import { groupsOf, systemUsers, type AccountFiles } from '@brine/master/acl/accounts';
import { CallerKeys } from '@brine/master/acl/identify';
import { aclUsers, openToUsers, writeUserKeys } from '@brine/master/acl/user-keys';
import { recordingLogger } from '../../returners/log';

let dir: string;
let files: AccountFiles;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-acl-'));
  files = { passwd: path.join(dir, 'passwd'), group: path.join(dir, 'group') };
  fs.writeFileSync(
    files.passwd,
    ['root:x:0:0:root:/root:/bin/bash', 'alice:x:1001:1001::/nonexistent:/usr/sbin/nologin', 'bob:x:1002:1002::/:/bin/sh', 'dev_1:x:1003:100::/:/bin/sh', '# a comment', 'broken:x:nan:1', ''].join('\n'),
  );
  fs.writeFileSync(files.group, ['root:x:0:', 'users:x:100:alice', 'alice:x:1001:', 'bob:x:1002:', 'ops:x:2000:bob,alice', ''].join('\n'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the account databases', () => {
  it('lists the users with numeric ids, and a user\'s groups as id -Gn', () => {
    expect(systemUsers(files).map((u) => u.name)).toEqual(['root', 'alice', 'bob', 'dev_1']);
    expect(groupsOf('alice', files)).toEqual(['alice', 'users', 'ops']);
    expect(groupsOf('dev_1', files)).toEqual(['users']);
    expect(groupsOf('ghost', { passwd: path.join(dir, 'none'), group: path.join(dir, 'none') })).toEqual([]);
  });
});

describe('who gets a key (access_keys)', () => {
  it('names, globs and regexes of existing users; root, * and group% keys give none; a missing name is reported', () => {
    const missing: string[] = [];
    const acl = { alice: [], 'dev_.*': [], 'b?b': [], root: [], '*': [], 'ops%': [], carol: [] };
    expect(aclUsers(acl, systemUsers(files), (k) => missing.push(k)).map((u) => u.name)).toEqual(['alice', 'bob', 'dev_1']);
    expect(missing).toEqual(['carol']);
  });
});

describe('writing the keys and opening the folders', () => {
  const me = { uid: process.getuid!(), gid: process.getgid!() };

  it('writes a fresh 0400 key per user, owned by them, and removes the keys of users no longer named', () => {
    const cachedir = path.join(dir, 'cache');
    fs.mkdirSync(cachedir);
    fs.writeFileSync(path.join(cachedir, '.root_key'), 'r', { mode: 0o600 });
    fs.writeFileSync(path.join(cachedir, '.gone_key'), 'old', { mode: 0o400 });
    const log = recordingLogger();
    const keys = writeUserKeys({ cachedir, publisherAcl: { alice: [] }, users: [{ name: 'alice', ...me }], log });
    const file = path.join(cachedir, '.alice_key');
    const st = fs.statSync(file);
    expect([st.mode & 0o777, st.uid, st.gid]).toEqual([0o400, me.uid, me.gid]);
    expect(fs.readFileSync(file, 'utf8')).toBe(keys.get('alice'));
    expect(keys.get('alice')).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readdirSync(cachedir).sort()).toEqual(['.alice_key', '.root_key']);
    // A restart writes another key.
    const again = writeUserKeys({ cachedir, publisherAcl: { alice: [] }, users: [{ name: 'alice', ...me }], log });
    expect(again.get('alice')).not.toBe(keys.get('alice'));
    expect(log.lines.map(([, m]) => m)).toContain('Removed the key of user gone, whom publisher_acl no longer names');
  });

  it('with users: the folders 0755 (their parents below root_dir searchable), the socket 0666, the rest closed; without: 0700', () => {
    const rootDir = path.join(dir, 'root');
    const cachedir = path.join(rootDir, 'var', 'cache');
    const sockDir = path.join(rootDir, 'run');
    for (const d of [cachedir, sockDir]) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    fs.chmodSync(path.join(rootDir, 'var'), 0o700);
    fs.mkdirSync(path.join(cachedir, 'jobs'), { mode: 0o755 });
    fs.writeFileSync(path.join(cachedir, 'data.mdb'), '', { mode: 0o644 });
    fs.writeFileSync(path.join(cachedir, '.alice_key'), 'k', { mode: 0o400 });
    const socket = path.join(sockDir, 'master_client.ipc');
    fs.writeFileSync(socket, '', { mode: 0o600 });
    fs.writeFileSync(path.join(sockDir, 'ports.json'), '{}', { mode: 0o644 });
    const mode = (f: string) => fs.statSync(f).mode & 0o777;
    const log = recordingLogger();

    openToUsers({ rootDir, cachedir, sockDir, socket, users: ['alice'], log });
    expect([mode(cachedir), mode(sockDir), mode(socket), mode(path.join(rootDir, 'var'))]).toEqual([0o755, 0o755, 0o666, 0o711]);
    expect([mode(path.join(cachedir, 'jobs')), mode(path.join(cachedir, 'data.mdb')), mode(path.join(sockDir, 'ports.json'))]).toEqual([0o700, 0o600, 0o600]);
    expect(mode(path.join(cachedir, '.alice_key'))).toBe(0o400);

    openToUsers({ rootDir, cachedir, sockDir, socket, users: [], log });
    expect([mode(cachedir), mode(sockDir)]).toEqual([0o700, 0o700]);
  });
});

describe('who is asking (CallerKeys)', () => {
  const root = 'r'.repeat(64);
  const alice = 'a'.repeat(64);
  const keys = new CallerKeys(root, new Map([['alice', alice]]), (user) => [`${user}-group`]);

  it.each<[string, string | undefined, object]>([
    ['the root key', undefined, { user: 'root', groups: ['root-group'], via: 'root' }],
    ['the root key under sudo', 'bob', { user: 'bob', groups: ['bob-group'], via: 'sudo' }],
    ['the root key with SUDO_USER root', 'root', { user: 'root', groups: ['root-group'], via: 'root' }],
    ["a user's key", undefined, { user: 'alice', groups: ['alice-group'], via: 'user' }],
    ["a user's key with a sudo claim (ignored)", 'bob', { user: 'alice', groups: ['alice-group'], via: 'user' }],
  ])('%s', (name, sudo, caller) => {
    const key = name.startsWith('the root') ? root : alice;
    expect(keys.authenticate(key, sudo === undefined ? {} : { sudo_user: sudo })).toEqual({ caller });
  });

  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ['b'.repeat(64), undefined],
    [alice.slice(1), undefined],
    [root, 'bob\n[ERROR] forged'],
  ])('refuses key %j with claim %j', (key, sudo) => {
    expect(() => keys.authenticate(key, sudo === undefined ? {} : { sudo_user: sudo })).toThrow(AuthenticationError);
  });
});
