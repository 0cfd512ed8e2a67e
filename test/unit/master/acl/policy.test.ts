/**
 * The policies of policy_dir: loading refuses anything it cannot read as written (the file named), and decide()
 * applies the first rule that applies, deny by default, with the rule and the reason a caller sees.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaltConfigurationError } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import { matchTarget } from '@brine/core/matchers/index';
import type { AclRequest, Caller, Decision } from '@brine/master/acl/decision';
import { PolicySet } from '@brine/master/acl/policy';

const log = consoleLogger('quiet');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A fresh policy_dir holding `files` (name -> YAML text). */
function policyDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-policy-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text, { mode: 0o644 });
  return dir;
}

/** Load `files` as a policy_dir. */
function policies(files: Record<string, string>): PolicySet {
  const set = PolicySet.load(policyDir(files), log);
  if (!set) throw new Error('no policy loaded');
  return set;
}

/** The fleet the fake inTarget matches against, with the master's real compound matcher. */
const FLEET: Record<string, Record<string, unknown>> = {
  web1: { role: 'web', env: 'prod' },
  web2: { role: 'web', env: 'prod' },
  web3: { role: 'web', env: 'staging' },
  db1: { role: 'db', env: 'prod' },
};
const NODEGROUPS = { webs: 'G@role:web' };
const targeted: string[] = [];
function inTarget(compound: string): Set<string> {
  targeted.push(compound);
  const facts = (id: string) => ({ id, grains: FLEET[id] as Record<string, unknown>, pillar: {} });
  return new Set(Object.keys(FLEET).filter((id) => matchTarget(compound, 'compound', facts(id), { nodegroups: NODEGROUPS })));
}

function caller(user: string, groups: string[] = []): Caller {
  return { user, groups, via: user === 'root' ? 'root' : 'user' };
}

function publish(fun: string, minions: string[], arg: unknown[] = [], kwarg: Record<string, unknown> = {}, forceAll?: boolean): AclRequest {
  return { kind: 'publish', fun, arg, kwarg, tgt: minions.join(','), tgt_type: 'list', minions, forceAll };
}

const CAROL = `
- allow:
    users: [carol]
    functions: [cmd.run]
    args:
      0: 'systemctl status .*'
    max_minions: 2
    force_all: true
`;

type Case = [string, Caller, AclRequest, Partial<Decision>];

describe("carol's policy: cmd.run for `systemctl status .*` only, on at most 2 minions", () => {
  const set = policies({ 'carol.yaml': CAROL });
  const carol = caller('carol');
  const cases: Case[] = [
    ['a status on 2 minions', carol, publish('cmd.run', ['web1', 'web2'], ['systemctl status nginx']),
      { allowed: true, rule: 'policy:carol.yaml#1', reason: 'Policy carol.yaml#1 allows carol cmd.run on 2 minions' }],
    ['a status on 3 minions', carol, publish('cmd.run', ['web1', 'web2', 'web3'], ['systemctl status nginx']),
      { allowed: false, rule: 'policy:carol.yaml#1', reason: 'max_minions 2 of policy carol.yaml#1: the target resolves to 3 minions; pass --force-all to run it anyway' }],
    ['a status on 3 minions with --force-all', carol, publish('cmd.run', ['web1', 'web2', 'web3'], ['systemctl status nginx'], {}, true),
      { allowed: true, rule: 'policy:carol.yaml#1', reason: 'Policy carol.yaml#1 allows carol cmd.run on 3 minions (--force-all passes max_minions 2: 3 minions)' }],
    ['rm -rf /', carol, publish('cmd.run', ['web1'], ['rm -rf /']),
      { allowed: false, rule: 'policy:carol.yaml#1', reason: "args of policy carol.yaml#1: argument 0 does not match 'systemctl status .*'" }],
    ['a status with a command after it on a new line', carol, publish('cmd.run', ['web1'], ['systemctl status x\nrm -rf /']),
      { allowed: false, rule: 'policy:carol.yaml#1' }],
    ['the command passed as cmd= instead', carol, publish('cmd.run', ['web1'], [], { cmd: 'rm -rf /' }),
      { allowed: false, reason: "args of policy carol.yaml#1: keyword argument 'cmd' is not allowed (the rule admits 0 only)" }],
    ['a status with shell= on the side', carol, publish('cmd.run', ['web1'], ['systemctl status x'], { shell: '/tmp/evil' }),
      { allowed: false, reason: "args of policy carol.yaml#1: keyword argument 'shell' is not allowed (the rule admits 0 only)" }],
    ["a status with shell= on the side, as Salt's CLI publishes it", carol, publish('cmd.run', ['web1'], ['systemctl status x', 'shell=/tmp/evil']),
      { allowed: false, reason: "args of policy carol.yaml#1: argument 1 is not allowed (the rule admits 0 only)" }],
    ["the command as a name=value string (a kwarg to Salt's minion)", carol, publish('cmd.run', ['web1'], ['cmd=rm -rf /']),
      { allowed: false, rule: 'policy:carol.yaml#1' }],
    ["a status in Salt's packed kwarg form", carol, publish('cmd.run', ['web1'], [{ cmd: 'rm -rf /', __kwarg__: true }]),
      { allowed: false, rule: 'policy:carol.yaml#1' }],
    ['a list in place of the command', carol, publish('cmd.run', ['web1'], [['rm', '-rf', '/']]),
      { allowed: false, reason: "args of policy carol.yaml#1: an element of argument 0 does not match 'systemctl status .*'" }],
    ['another function', carol, publish('cmd.script', ['web1'], ['salt://x.sh']),
      { allowed: false, rule: 'policy:default-deny' }],
    ['another user', caller('dave'), publish('cmd.run', ['web1'], ['systemctl status nginx']),
      { allowed: false, rule: 'policy:default-deny' }],
    ['root, whom policies judge too', caller('root'), publish('test.ping', ['web1']),
      { allowed: false, rule: 'policy:default-deny', reason: expect.stringContaining('allows root test.ping') as string }],
  ];
  test.each(cases)('%s', (_name, who, req, want) => {
    expect(set.decide(who, req, inTarget)).toMatchObject(want);
  });
});

test('force_all: false keeps the cap whatever the caller passes', () => {
  const set = policies({ 'carol.yaml': CAROL.replace('force_all: true', 'force_all: false') });
  expect(set.decide(caller('carol'), publish('cmd.run', ['web1', 'web2', 'web3'], ['systemctl status x'], {}, true), inTarget)).toEqual({
    allowed: false,
    rule: 'policy:carol.yaml#1',
    reason: 'max_minions 2 of policy carol.yaml#1: the target resolves to 3 minions; the policy does not allow --force-all',
  });
});

describe('pkg.install only for listed packages, one by one or as a pkgs list', () => {
  const set = policies({
    'ci.yaml': `
- allow:
    users: [ci]
    functions: [pkg.install]
    args:
      0: {one_of: [nginx, curl]}
      pkgs: {one_of: [nginx, curl]}
      version: '[0-9.]+'
`,
  });
  const ci = caller('ci');
  const cases: Case[] = [
    ['a listed package', ci, publish('pkg.install', ['web1'], ['nginx']), { allowed: true }],
    ['a listed package with a version', ci, publish('pkg.install', ['web1'], ['nginx'], { version: '1.24.0' }), { allowed: true }],
    ['a version that is not one', ci, publish('pkg.install', ['web1'], ['nginx'], { version: '1.0; rm -rf /' }),
      { allowed: false, reason: "args of policy ci.yaml#1: keyword argument 'version' does not match '[0-9.]+'" }],
    ['another package', ci, publish('pkg.install', ['web1'], ['netcat']),
      { allowed: false, reason: 'args of policy ci.yaml#1: argument 0 is not one of nginx, curl' }],
    ['a pkgs list of listed packages', ci, publish('pkg.install', ['web1'], [], { pkgs: ['nginx', 'curl'] }), { allowed: true }],
    ['a pkgs list with one more', ci, publish('pkg.install', ['web1'], [], { pkgs: ['nginx', 'netcat'] }),
      { allowed: false, reason: "args of policy ci.yaml#1: an element of keyword argument 'pkgs' is not one of nginx, curl" }],
    ['a pkgs list as Salt publishes it', ci, publish('pkg.install', ['web1'], ['pkgs=[nginx, netcat]']),
      { allowed: false, rule: 'policy:ci.yaml#1' }],
    ['a pkgs string brine would split', ci, publish('pkg.install', ['web1'], [], { pkgs: 'nginx,netcat' }),
      { allowed: false, reason: "args of policy ci.yaml#1: keyword argument 'pkgs' is not one of nginx, curl" }],
    ['a pkgs entry with a version (a dict)', ci, publish('pkg.install', ['web1'], [], { pkgs: [{ netcat: '1.0' }] }),
      { allowed: false, reason: "args of policy ci.yaml#1: an element of keyword argument 'pkgs' is a dict, which no constraint admits" }],
  ];
  test.each(cases)('%s', (_name, who, req, want) => {
    expect(set.decide(who, req, inTarget)).toMatchObject(want);
  });
});

describe('groups, targets, deny before allow, default deny, runners', () => {
  const set = policies({
    '10-deny.yaml': `
- deny:
    users: ['*']
    functions: ['cmd.*']
    target: 'G@role:db'
- deny:
    users: [mallory]
    functions: ['*']
`,
    '20-oncall.yaml': `
- allow:
    groups: [oncall]
    functions: [service.restart, 'cmd.*']
    target: 'G@role:web and G@env:prod'
- allow:
    users: ['*']
    functions: [test.ping, {'@runner': ['jobs.*']}]
- allow:
    users: [root]
    functions: ['*', '@wheel']
`,
  });
  const erin = caller('erin', ['staff', 'oncall']);
  const cases: Case[] = [
    ['a group member on the prod web tier', erin, publish('service.restart', ['web1', 'web2'], ['nginx']),
      { allowed: true, rule: 'policy:20-oncall.yaml#1' }],
    ['a group member on a target that reaches staging', erin, publish('service.restart', ['web1', 'web3'], ['nginx']),
      { allowed: false, rule: 'policy:20-oncall.yaml#1', reason: "target 'G@role:web and G@env:prod' of policy 20-oncall.yaml#1: 1 of 2 minions are outside it (web3)" }],
    ['someone outside the group', caller('frank', ['staff']), publish('service.restart', ['web1'], ['nginx']),
      { allowed: false, rule: 'policy:default-deny' }],
    ['a deny rule in an earlier file, though a later rule would allow', erin, publish('cmd.run', ['web1', 'db1'], ['ls']),
      { allowed: false, rule: 'policy:10-deny.yaml#1', reason: 'Policy 10-deny.yaml#1 denies erin cmd.run on G@role:db (db1)' }],
    ['root is denied by the deny rule too', caller('root'), publish('cmd.run', ['db1'], ['ls']),
      { allowed: false, rule: 'policy:10-deny.yaml#1' }],
    ["root, off the deny rule's target", caller('root'), publish('cmd.run', ['web1'], ['ls']),
      { allowed: true, rule: 'policy:20-oncall.yaml#3' }],
    ['a user denied every function', caller('mallory'), publish('test.ping', ['web1']),
      { allowed: false, rule: 'policy:10-deny.yaml#2', reason: 'Policy 10-deny.yaml#2 denies mallory test.ping' }],
    ['anyone pings', caller('frank'), publish('test.ping', ['web1', 'web2', 'web3', 'db1']),
      { allowed: true, rule: 'policy:20-oncall.yaml#2' }],
    ['a runner allowed by {"@runner": [globs]}', caller('frank'), { kind: 'runner', fun: 'jobs.list_jobs', arg: [], kwarg: {} },
      { allowed: true, rule: 'policy:20-oncall.yaml#2', reason: 'Policy 20-oncall.yaml#2 allows frank runner jobs.list_jobs' }],
    ['a runner not listed', caller('frank'), { kind: 'runner', fun: 'manage.up', arg: [], kwarg: {} },
      { allowed: false, rule: 'policy:default-deny', reason: expect.stringContaining('allows frank runner manage.up') as string }],
    ['a wheel function only root has', caller('frank'), { kind: 'wheel', fun: 'key.accept', arg: ['web9'], kwarg: {} },
      { allowed: false, rule: 'policy:default-deny' }],
    ['root accepts a key (@wheel)', caller('root'), { kind: 'wheel', fun: 'key.accept', arg: ['web9'], kwarg: {} },
      { allowed: true, rule: 'policy:20-oncall.yaml#3' }],
    ['an execution glob does not cover runners', caller('root'), { kind: 'runner', fun: 'manage.up', arg: [], kwarg: {} },
      { allowed: false, rule: 'policy:default-deny' }],
  ];
  test.each(cases)('%s', (_name, who, req, want) => {
    expect(set.decide(who, req, inTarget)).toMatchObject(want);
  });

  test('a publication that carries no resolved minions fails closed', () => {
    const unresolved = (fun: string): AclRequest => ({ kind: 'publish', fun, arg: [], kwarg: {}, tgt: 'web*', tgt_type: 'glob' });
    expect(set.decide(erin, unresolved('cmd.run'), inTarget)).toMatchObject({ allowed: false, rule: 'policy:10-deny.yaml#1' });
    expect(set.decide(erin, unresolved('service.restart'), inTarget)).toMatchObject({
      allowed: false,
      reason: "target 'G@role:web and G@env:prod' of policy 20-oncall.yaml#1: the target could not be judged: the request carries no resolved minions",
    });
    const capped = policies({ 'carol.yaml': CAROL });
    expect(capped.decide(caller('carol'), { ...unresolved('cmd.run'), arg: ['systemctl status x'] }, inTarget)).toMatchObject({
      allowed: false,
      reason: 'max_minions 2 of policy carol.yaml#1: the request carries no resolved minions',
    });
  });

  test('each compound is resolved once per decision', () => {
    targeted.length = 0;
    set.decide(erin, publish('service.restart', ['web1', 'web3'], ['nginx']), inTarget);
    expect(targeted).toEqual(['G@role:web and G@env:prod']);
  });

  test('a target that cannot be judged fails closed: the deny applies, the allow does not', () => {
    const broken = (): Set<string> => {
      throw new Error('minion data unavailable');
    };
    expect(set.decide(erin, publish('cmd.run', ['web1'], ['ls']), broken)).toMatchObject({ allowed: false, rule: 'policy:10-deny.yaml#1' });
    expect(set.decide(erin, publish('service.restart', ['web1'], ['nginx']), broken)).toMatchObject({
      allowed: false,
      reason: "target 'G@role:web and G@env:prod' of policy 20-oncall.yaml#1: the target could not be judged: minion data unavailable",
    });
  });
});

test('a regex constraint is matched whole, with Python syntax and flags', () => {
  const set = policies({ 'p.yaml': "- allow: {users: [u], functions: [test.echo], args: {0: '(?i)(?P<word>yes|no)', count: '\\d+'}}\n" });
  const echo = (arg: unknown[], kwarg: Record<string, unknown> = {}): boolean => set.decide(caller('u'), publish('test.echo', ['web1'], arg, kwarg), inTarget).allowed;
  expect(echo(['YES'])).toBe(true);
  expect(echo(['no'], { count: 3 })).toBe(true);
  expect(echo(['yesno'])).toBe(false);
  expect(echo(['nope'])).toBe(false);
  expect(echo(['no'], { count: true })).toBe(false);
});

test('the examples in examples/policies load and read as their comments say', () => {
  const set = PolicySet.load(path.resolve(__dirname, '../../../../examples/policies'), log);
  expect(set?.rules.map((r) => r.label)).toEqual(['oncall.yaml#1', 'oncall.yaml#2', 'oncall.yaml#3', 'oncall.yaml#4', 'oncall.yaml#5', 'root.yaml#1']);
  const decide = (who: Caller, req: AclRequest): Decision => (set as PolicySet).decide(who, req, inTarget);
  expect(decide(caller('root'), publish('cmd.run', ['db1'], ['ls'])).rule).toBe('policy:oncall.yaml#1');
  expect(decide(caller('carol'), publish('cmd.run', ['web1'], ['systemctl status nginx'])).allowed).toBe(true);
  expect(decide(caller('erin', ['oncall']), publish('service.restart', ['web1', 'web3'], ['haproxy'])).allowed).toBe(true);
  expect(decide(caller('erin', ['oncall']), publish('service.restart', ['db1'], ['haproxy'])).allowed).toBe(false);
  expect(decide(caller('ci'), publish('pkg.install', ['web1'], [], { pkgs: ['jq', 'curl'], refresh: true })).allowed).toBe(true);
});

describe('loading', () => {
  test('no policy_dir, or one without policy files, loads nothing: publisher_acl alone judges', () => {
    expect(PolicySet.load('', log)).toBeUndefined();
    expect(PolicySet.load(policyDir({ 'README.txt': 'not a policy' }), log)).toBeUndefined();
  });

  test('files are read in name order, .yaml and .yml alike', () => {
    const allow = (user: string): string => `- allow: {users: [${user}], functions: [test.ping]}\n`;
    const set = policies({ 'b.yml': allow('b'), 'a.yaml': allow('a'), 'c.yaml.bak': allow('c') });
    expect(set.rules.map((r) => r.label)).toEqual(['a.yaml#1', 'b.yml#1']);
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['bad YAML', '- allow: {users: [carol]\n', /^Error parsing policy file: .*\/bad\.yaml - .* at line \d+$/],
    ['a mapping, not a list', 'allow: {users: [carol], functions: [test.ping]}\n', /bad\.yaml - a policy file is a list of rules/],
    ['an empty file', '', /bad\.yaml - a policy file is a list of rules .*got nothing/],
    ['neither allow nor deny', '- permit: {users: [carol], functions: [test.ping]}\n', /bad\.yaml - rule 1: a rule is a mapping with one key, allow or deny, got keys permit/],
    ['an unknown field', '- allow: {users: [carol], functions: [test.ping], max_minion: 2}\n', /bad\.yaml - rule 1: unknown field 'max_minion' in allow \(it takes users, groups, functions, args, target, max_minions, force_all\)/],
    ['args in a deny rule', '- deny: {users: [carol], functions: [cmd.run], args: {0: x}}\n', /rule 1: unknown field 'args' in deny/],
    ['no caller', '- allow: {functions: [test.ping]}\n', /rule 1: allow must name its callers: users, groups or both/],
    ['no function', '- allow: {users: [carol]}\n', /rule 1: allow must name its functions/],
    ['a bad regex', "- allow: {users: [carol], functions: [cmd.run], args: {0: 'systemctl (status'}}\n", /bad\.yaml - rule 1: args: 0: invalid regular expression 'systemctl \(status'/],
    ['a regex that escapes its anchor', "- allow: {users: [carol], functions: [cmd.run], args: {0: 'x)|(.*'}}\n", /rule 1: args: 0: invalid regular expression/],
    ['a bad argument key', "- allow: {users: [carol], functions: [cmd.run], args: {'-1': x}}\n", /rule 1: args: '-1' is neither a positional index/],
    ['an empty one_of', '- allow: {users: [carol], functions: [pkg.install], args: {pkgs: {one_of: []}}}\n', /rule 1: args: pkgs: one_of must be a non-empty list/],
    ['a bad target', "- allow: {users: [carol], functions: [test.ping], target: 'G@role:web and'}\n", /rule 1: target: /],
    ['an unknown nodegroup', "- allow: {users: [carol], functions: [test.ping], target: 'N@nowhere'}\n", /rule 1: target: .*nowhere/],
    ['a bad max_minions', '- allow: {users: [carol], functions: [test.ping], max_minions: 0}\n', /rule 1: max_minions must be a positive integer, got 0/],
    ['force_all as text', "- allow: {users: [carol], functions: [test.ping], max_minions: 2, force_all: 'yes'}\n", /rule 1: force_all must be true or false, got "yes"/],
    ['force_all without max_minions', '- allow: {users: [carol], functions: [test.ping], force_all: true}\n', /rule 1: force_all only says whether --force-all may pass max_minions/],
    ['max_minions on runners', "- allow: {users: [carol], functions: ['@runner'], max_minions: 2}\n", /rule 1: target and max_minions judge the minions of a publication/],
    ['an unknown @ marker', "- allow: {users: [carol], functions: ['@jobs']}\n", /rule 1: functions: "@jobs" is not a function glob/],
    ['a bad glob', "- allow: {users: ['[z-a]'], functions: [test.ping]}\n", /rule 1: users: Invalid glob '\[z-a\]'/],
    ['the second rule bad', '- allow: {users: [a], functions: [test.ping]}\n- deny: {users: [b]}\n', /bad\.yaml - rule 2: deny must name its functions/],
  ];
  test.each(invalid)('%s is refused with the file named', (_name, text, message) => {
    const dir = policyDir({ 'good.yaml': '- allow: {users: [root], functions: ["*"]}\n', 'bad.yaml': text });
    expect(() => PolicySet.load(dir, log)).toThrow(SaltConfigurationError);
    expect(() => PolicySet.load(dir, log)).toThrow(message);
  });

  test('a symlink is refused, even to a good policy', () => {
    const elsewhere = policyDir({ 'real.yaml': '- allow: {users: [root], functions: ["*"]}\n' });
    const dir = policyDir({});
    fs.symlinkSync(path.join(elsewhere, 'real.yaml'), path.join(dir, 'link.yaml'));
    expect(() => PolicySet.load(dir, log)).toThrow(`Cannot read policy file ${path.join(dir, 'link.yaml')}: it is a symbolic link; policy files must be regular files`);
  });

  test('a folder named like a policy is refused', () => {
    const dir = policyDir({});
    fs.mkdirSync(path.join(dir, 'sub.yaml'));
    expect(() => PolicySet.load(dir, log)).toThrow(`Cannot read policy file ${path.join(dir, 'sub.yaml')}: it is not a regular file`);
  });

  test('a policy file or folder others may write is refused', () => {
    const dir = policyDir({ 'open.yaml': '- allow: {users: [root], functions: ["*"]}\n' });
    fs.chmodSync(path.join(dir, 'open.yaml'), 0o666);
    expect(() => PolicySet.load(dir, log)).toThrow(`Policy file ${path.join(dir, 'open.yaml')} is writable by group or others (mode 0666)`);
    fs.chmodSync(path.join(dir, 'open.yaml'), 0o644);
    fs.chmodSync(dir, 0o777);
    expect(() => PolicySet.load(dir, log)).toThrow(`policy_dir ${dir} is writable by group or others (mode 0777)`);
  });

  test('a missing policy_dir is refused, not taken for an empty one', () => {
    const dir = path.join(policyDir({}), 'absent');
    expect(() => PolicySet.load(dir, log)).toThrow(`Cannot read policy_dir ${dir}`);
  });

  test('a target may name a nodegroup the master defines', () => {
    const dir = policyDir({ 'ng.yaml': "- allow: {users: [carol], functions: [test.ping], target: 'N@webs'}\n" });
    const set = PolicySet.load(dir, log, NODEGROUPS);
    expect(set?.decide(caller('carol'), publish('test.ping', ['web1', 'db1']), inTarget)).toMatchObject({ allowed: false, reason: expect.stringContaining('(db1)') as string });
  });
});

describe('functions that run the function their arguments name', () => {
  it('an allow glob such as test.* does not reach test.cross_test or test.try; their exact names do; a deny glob still denies them', () => {
    const set = policies({
      'a.yaml': `
- allow:
    users: [alice]
    functions: ['test.*']
- allow:
    users: [bob]
    functions: ['test.*', test.cross_test]
- deny:
    users: [carol]
    functions: ['test.*']
- allow:
    users: [carol]
    functions: [test.try]
`,
    });
    expect(set.decide(caller('alice'), publish('test.ping', ['web1']), inTarget).allowed).toBe(true);
    expect(set.decide(caller('alice'), publish('test.cross_test', ['web1'], ['cmd.run', ['id']]), inTarget)).toMatchObject({ allowed: false, rule: 'policy:default-deny' });
    expect(set.decide(caller('alice'), publish('test.try', ['web1'], [], { module: 'cmd.run' }), inTarget).allowed).toBe(false);
    expect(set.decide(caller('bob'), publish('test.cross_test', ['web1']), inTarget).allowed).toBe(true);
    expect(set.decide(caller('carol'), publish('test.try', ['web1']), inTarget).allowed).toBe(false);
  });
});
