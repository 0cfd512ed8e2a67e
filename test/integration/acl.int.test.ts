/**
 * publisher_acl with real users (issue 15): users created here (`useradd`),
 * the CLIs run as them (their uid and gid), a master and three minions
 * (web1, web2, db1 with grains role web/db). Each case checks what the user
 * sees (stdout, stderr, exit code) and that a refused command never reaches
 * the job cache. Needs root (to create users and run as them) and a
 * repository others can read (the CLIs run as those users); skipped, saying
 * why, otherwise.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { Cluster, REPO, type CliResult } from './helpers/cluster';

const IDS = ['web1', 'web2', 'db1'];
const ROLES: Record<string, string> = { web1: 'web', web2: 'web', db1: 'db' };
const USERS = ['alice', 'bob', 'carol'];

/** The first folder on the way to `file` that other users cannot search, or undefined. */
function closedFolder(file: string): string | undefined {
  for (let dir = path.dirname(fs.realpathSync(file)); ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return dir;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/** Why this test cannot run here, or undefined. */
function whyNot(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: creating users and running the CLIs as them needs root';
  for (const file of [path.join(REPO, 'packages', 'cli', 'dist', 'bin', 'salt.js'), require.resolve('zeromq'), process.execPath]) {
    const closed = closedFolder(file);
    if (closed) return `${closed} is not searchable by other users, so the CLIs cannot run as a test user`;
  }
  return undefined;
}

const skip = whyNot();

/** A user of /etc/passwd: its uid and gid, for spawn. */
function account(user: string): { user: string; uid: number; gid: number } {
  return { user, uid: Number(execFileSync('id', ['-u', user]).toString()), gid: Number(execFileSync('id', ['-g', user]).toString()) };
}

(skip ? describe.skip : describe)(`publisher_acl with real users${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let cluster: Cluster;
  /** The users this test created (a user that existed before is used, and left alone). */
  const created: string[] = [];
  const as: Record<string, { user: string; uid: number; gid: number }> = {};

  beforeAll(async () => {
    for (const user of USERS) {
      try {
        execFileSync('id', [user], { stdio: 'ignore' });
      } catch {
        execFileSync('useradd', ['-M', '-r', '-s', '/usr/sbin/nologin', user]);
        created.push(user);
      }
      as[user] = account(user);
    }
    cluster = await Cluster.start({
      master: {
        timeout: 5,
        gather_job_timeout: 2,
        nodegroups: { webish: 'web* or db1' },
        publisher_acl: { alice: [{ 'web*': ['test.*'] }], bob: ['test.*'] },
        publisher_acl_blacklist: { users: ['bob'] },
      },
    });
    // The cluster folder (mkdtemp) is 0700: the users must reach the master's configuration and sockets in it.
    fs.chmodSync(cluster.root, 0o711);
    for (const id of IDS) cluster.startMinion(id, { grains: { role: ROLES[id] } });
    await cluster.acceptAll(IDS);
    // Grain targets are judged on the grains the master caches (sent with each minion's first pillar request).
    for (let t = 0; ; t += 50) {
      const cached = await cluster.withClient((c) => c.minion_cache({ kind: 'grains' }));
      if (IDS.every((id) => Object.hasOwn(cached, id))) break;
      if (t > 15000) throw new Error(`grains not cached: ${JSON.stringify(Object.keys(cached))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await cluster?.stop();
    for (const user of created) execFileSync('userdel', [user]);
  });

  /** The lines of the master's audit log, parsed. */
  const auditLines = (): Array<Record<string, unknown>> =>
    fs.readFileSync(path.join(cluster.masterDir, 'var', 'cache', 'salt', 'master', 'audit.log'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  /**
   * What a command left in the audit log since line `from`: a publish its line with its jid; a refusal its line
   * with the rule stderr named; an acl.check its own line.
   */
  const expectAudited = (from: number, user: string, r: CliResult, jid: string | undefined) => {
    const added = auditLines().slice(from);
    if (jid) expect(added).toContainEqual(expect.objectContaining({ command: 'publish', user, allowed: true, jid }));
    else if (r.code !== 0) expect(added).toContainEqual(expect.objectContaining({ user, allowed: false, rule: /\[rule ([^\]]+)\]/.exec(r.stderr)?.[1], jid: null }));
    else expect(added).toContainEqual(expect.objectContaining({ command: 'acl_check', user, allowed: true }));
  };

  /** The jids of the job cache, as root sees it. */
  const jids = async () => (await cluster.withClient((c) => c.list_jobs({}))).map((j) => j.jid);

  it('gives each user a key of their own; opens only the socket and the folders to them', () => {
    const cachedir = path.join(cluster.masterDir, 'var', 'cache', 'salt', 'master');
    const sockDir = path.join(cluster.masterDir, 'var', 'run', 'salt', 'master');
    for (const user of ['alice', 'bob']) {
      const st = fs.statSync(path.join(cachedir, `.${user}_key`));
      expect([st.mode & 0o777, st.uid, st.gid]).toEqual([0o400, as[user].uid, as[user].gid]);
    }
    const mode = (f: string) => fs.statSync(f).mode & 0o777;
    expect([mode(cachedir), mode(sockDir), mode(path.join(sockDir, 'master_client.ipc'))]).toEqual([0o755, 0o755, 0o666]);
    expect(mode(path.join(cachedir, '.root_key'))).toBe(0o600);
    for (const dir of [cachedir, sockDir]) {
      for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
        if (/^\.(alice|bob)_key$|^master_client\.ipc$/.test(ent.name)) continue;
        expect([ent.name, mode(path.join(dir, ent.name)) & 0o077]).toEqual([ent.name, 0]);
      }
    }
  });

  interface Case {
    name: string;
    user: string;
    cli: string;
    args: string[];
    code: number;
    stdout: string | RegExp;
    stderr: string | RegExp;
    /** Whether the command publishes a job (false: the job cache must hold nothing new). */
    publishes: boolean;
  }

  const REFUSED = 'Authorization error occurred.\n';
  /** web1 and web2 answered True, in the order their returns came. */
  const BOTH_WEB = /^(web1:\n {4}True\nweb2:\n {4}True\n|web2:\n {4}True\nweb1:\n {4}True\n)$/;
  const CASES: Case[] = [
    {
      name: "alice runs test.ping on 'web*'",
      user: 'alice', cli: 'salt', args: ['web*', 'test.ping'],
      code: 0, stdout: BOTH_WEB, stderr: '', publishes: true,
    },
    {
      name: "alice is refused cmd.run 'rm -rf /' on '*'",
      user: 'alice', cli: 'salt', args: ['*', 'cmd.run', 'rm -rf /'],
      code: 1, stdout: REFUSED, stderr: 'ERROR: publisher_acl does not allow alice to run cmd.run [rule publisher_acl:alice]\n', publishes: false,
    },
    {
      name: 'alice runs test.ping on the grain role:web (it resolves to web1 and web2)',
      user: 'alice', cli: 'salt', args: ['-G', 'role:web', 'test.ping'],
      code: 0, stdout: BOTH_WEB, stderr: '', publishes: true,
    },
    {
      name: "alice is refused a grain target that resolves to db1 too, whole (CVE-2021-22941 class)",
      user: 'alice', cli: 'salt', args: ['-G', 'role:*', 'test.ping'],
      code: 1, stdout: REFUSED,
      stderr: 'ERROR: publisher_acl allows alice test.ping only on web* (outside it: db1): the target resolved to minions outside the allowed set [rule publisher_acl:alice]\n',
      publishes: false,
    },
    {
      name: 'alice is refused a nodegroup that reaches db1',
      user: 'alice', cli: 'salt', args: ['-N', 'webish', 'test.ping'],
      code: 1, stdout: REFUSED, stderr: /outside it: db1\).*\[rule publisher_acl:alice\]\n$/, publishes: false,
    },
    {
      name: 'bob, blacklisted, is refused what publisher_acl gives him',
      user: 'bob', cli: 'salt', args: ['web1', 'test.ping'],
      code: 1, stdout: REFUSED, stderr: 'ERROR: user bob is blacklisted by publisher_acl_blacklist (users: bob) [rule publisher_acl_blacklist:users:bob]\n', publishes: false,
    },
    {
      name: 'alice asks acl.check why cmd.run on web* is refused',
      user: 'alice', cli: 'salt-run', args: ['acl.check', 'user=alice', 'fun=cmd.run', 'tgt=web*'],
      code: 0,
      stdout: 'allowed:\n    False\nminions:\n    - web1\n    - web2\nreason:\n    publisher_acl does not allow alice to run cmd.run\nrule:\n    publisher_acl:alice\n',
      stderr: '', publishes: false,
    },
    {
      name: 'alice asks acl.check about a grain target reaching db1',
      user: 'alice', cli: 'salt-run', args: ['acl.check', 'user=alice', 'fun=test.ping', 'tgt=role:*', 'tgt_type=grain'],
      code: 0,
      stdout:
        'allowed:\n    False\nminions:\n    - db1\n    - web1\n    - web2\nreason:\n    publisher_acl allows alice test.ping only on web* (outside it: db1): ' +
        'the target resolved to minions outside the allowed set\nrule:\n    publisher_acl:alice\n',
      stderr: '', publishes: false,
    },
    {
      name: 'alice, without @runner, is refused another runner',
      user: 'alice', cli: 'salt-run', args: ['jobs.list_jobs'],
      code: 1, stdout: '', stderr: 'ERROR: Authorization error occurred.\npublisher_acl does not allow alice the runner function jobs.list_jobs [rule publisher_acl:alice]\n', publishes: false,
    },
    {
      name: 'alice, without @wheel, is refused salt-key',
      user: 'alice', cli: 'salt-key', args: ['-L'],
      code: 1, stdout: '', stderr: 'ERROR: Authorization error occurred.\npublisher_acl does not allow alice the wheel function key.list_all [rule publisher_acl:alice]\n', publishes: false,
    },
  ];

  it.each(CASES)('$name', async (c) => {
    const before = await jids();
    const audited = auditLines().length;
    const r: CliResult = await cluster.run(c.cli, c.args, { as: as[c.user] });
    const got = { code: r.code, stdout: r.stdout, stderr: r.stderr };
    expect(got).toEqual({
      code: c.code,
      stdout: typeof c.stdout === 'string' ? c.stdout : expect.stringMatching(c.stdout),
      stderr: typeof c.stderr === 'string' ? c.stderr : expect.stringMatching(c.stderr),
    });
    const added = (await cluster.withClient((cl) => cl.list_jobs({}))).filter((j) => !before.includes(j.jid));
    // salt-run records its own run (runner.<fun>); a publication is a job of the function published.
    const published = added.filter((j) => !j.fun.startsWith('runner.'));
    if (c.publishes) expect(published.map((j) => [j.fun, j.user])).toEqual([[c.args[c.args.length - 1], c.user]]);
    else expect(published).toEqual([]);
    expectAudited(audited, c.user, r, published[0]?.jid);
  });

  it('a user publisher_acl does not name is told which key file is missing', async () => {
    const nobody = account('nobody');
    const r = await cluster.run('salt', ['web1', 'test.ping'], { as: nobody });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ERROR: Cannot read the key of user nobody \(.*\/\.nobody_key\): ENOENT.*\npublisher_acl in the master's configuration must name user nobody/);
  });

  it('root still runs anything, and a sudo user is judged as root without sudo_acl', async () => {
    const r = await cluster.run('salt', ['*', 'test.ping', '--out', 'txt'], { env: { SUDO_USER: 'alice' } });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['db1: True', 'web1: True', 'web2: True']);
    const jobs = await cluster.withClient((c) => c.list_jobs({}));
    expect(jobs[jobs.length - 1]).toMatchObject({ fun: 'test.ping', user: 'alice', tgt: '*' });
  });

  // Last: it restarts the master with another publisher_acl.
  it('with @wheel, after a restart (which gives alice a new key), alice lists keys through the master as root sees them', async () => {
    const keyFile = path.join(cluster.masterDir, 'var', 'cache', 'salt', 'master', '.alice_key');
    const oldKey = fs.readFileSync(keyFile, 'utf8');
    const file = path.join(cluster.masterDir, 'master');
    const config = yaml.load(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, yaml.dump({ ...config, publisher_acl: { alice: [{ 'web*': ['test.*'] }, { '@wheel': ['key\\.list_all'] }] } }));
    await cluster.restartMaster();
    expect(fs.readFileSync(keyFile, 'utf8')).not.toBe(oldKey);
    // bob is no longer named: his key is gone.
    expect(fs.existsSync(path.join(path.dirname(keyFile), '.bob_key'))).toBe(false);
    const mine = await cluster.run('salt-key', ['-L'], { as: as.alice });
    const roots = await cluster.run('salt-key', ['-L']);
    expect(mine).toEqual({ code: 0, stdout: roots.stdout, stderr: '' });
    expect(mine.stdout).toBe('Accepted Keys:\ndb1\nweb1\nweb2\nDenied Keys:\nUnaccepted Keys:\nRejected Keys:\n');
    // key.list_all only: deleting a key is refused, and the key stays.
    const del = await cluster.run('salt-key', ['-d', 'web1', '-y'], { as: as.alice });
    expect(del).toEqual({ code: 1, stdout: '', stderr: 'ERROR: Authorization error occurred.\npublisher_acl does not allow alice the wheel function key.delete [rule publisher_acl:alice]\n' });
    expect((await cluster.run('salt-key', ['-L'])).stdout).toBe(roots.stdout);
  });
  // Last again: it restarts the master with a policy_dir (deny by default, root included).
  it("policies: carol may cmd.run only 'systemctl status ...' on at most 2 minions (--force-all passes the cap); alice, whom publisher_acl allows, has no rule", async () => {
    const dir = path.join(cluster.masterDir, 'policies');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'carol.yaml'), "- allow:\n    users: [carol]\n    functions: [cmd.run]\n    args:\n      0: 'systemctl status .*'\n    max_minions: 2\n    force_all: true\n", { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'root.yaml'), "- allow:\n    users: [root]\n    functions: ['*', '@runner', '@wheel']\n", { mode: 0o644 });
    const file = path.join(cluster.masterDir, 'master');
    const config = yaml.load(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, yaml.dump({ ...config, publisher_acl: { alice: [{ 'web*': ['test.*'] }], carol: ['cmd.run'] }, policy_dir: dir }));
    await cluster.restartMaster();
    const run = async (user: string, args: string[]) => {
      const before = await jids();
      const from = auditLines().length;
      const r = await cluster.run('salt', args, { as: as[user] });
      const added = (await cluster.withClient((cl) => cl.list_jobs({}))).filter((j) => !before.includes(j.jid) && !j.fun.startsWith('runner.'));
      expectAudited(from, user, r, added[0]?.jid);
      return { ...r, published: added.map((j) => [j.fun, j.user, j.minions.length]) };
    };
    const status = ['cmd.run', 'systemctl status cron'];
    // Two minions: within the cap; the job is published under carol's name.
    const two = await run('carol', ['web*', ...status]);
    expect(two.published).toEqual([['cmd.run', 'carol', 2]]);
    expect(two.stdout).toMatch(/^web1:\n/m);
    expect(auditLines().at(-1)).toBeDefined();
    expect(auditLines().find((l) => l.jid && l.user === 'carol')).toMatchObject({ rule: 'policy:carol.yaml#1', minions: 2 });
    // Three: refused whole, nothing published.
    const three = await run('carol', ['*', ...status]);
    expect(three).toMatchObject({ code: 1, stdout: REFUSED, published: [] });
    expect(three.stderr).toMatch(/^ERROR: max_minions 2 of policy carol\.yaml#1: the target resolves to 3 minions; pass --force-all .*\[rule policy:carol\.yaml#1\]\n$/);
    // --force-all, which the rule allows: all three.
    const forced = await run('carol', ['*', ...status, '--force-all']);
    expect(forced.published).toEqual([['cmd.run', 'carol', 3]]);
    // Another command: refused by the argument constraint.
    const rm = await run('carol', ['web1', 'cmd.run', 'rm -rf /']);
    expect(rm).toMatchObject({ code: 1, stdout: REFUSED, published: [] });
    expect(rm.stderr).toMatch(/\[rule policy:carol\.yaml#1\]\n$/);
    // alice: publisher_acl allows test.ping on web*, but no policy does: both must allow.
    const alice = await run('alice', ['web1', 'test.ping']);
    expect(alice).toMatchObject({ code: 1, stdout: REFUSED, published: [] });
    expect(alice.stderr).toMatch(/\[rule policy:default-deny\]\n$/);
  });
});
