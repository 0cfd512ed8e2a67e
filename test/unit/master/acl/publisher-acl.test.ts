import type { MinionFacts } from '@brine/core/matchers/index';
import type { AclRequest, Caller } from '@brine/master/acl/decision';
import { inTargetOf } from '@brine/master/acl/in-target';
import { authList, blacklistDecision, exprMatch, funMatch, mayPublish, publisherAclDecision, type PublisherAcl } from '@brine/master/acl/publisher-acl';
import { expectedMinions } from '@brine/master/ck-minions';
import { IDS, MINIONS, NODEGROUPS } from '../../core/matchers/minions';

const byId = new Map(MINIONS.map((m) => [m.id, m]));
/** The master has cached nothing for db3. */
const facts = (id: string): MinionFacts | undefined => (id === 'db3' ? undefined : byId.get(id));
const inTarget = inTargetOf(() => IDS, facts, NODEGROUPS);

const user = (name: string, groups: string[] = []): Caller => ({ user: name, groups, via: 'user' });
const alice = user('alice', ['alice', 'ops']);

/** A publish of `fun` to what `tgt` (compound) resolves to, greedily, as the master resolves a target (on `known` facts). */
function publish(fun: string, tgt: string, known = facts): AclRequest {
  return { kind: 'publish', fun, arg: [], kwarg: {}, tgt, tgt_type: 'compound', minions: expectedMinions(tgt, 'compound', IDS, known, { nodegroups: NODEGROUPS }) };
}
const allKnown = (id: string) => byId.get(id);
const runner = (fun: string): AclRequest => ({ kind: 'runner', fun, arg: [], kwarg: {} });
const wheel = (fun: string): AclRequest => ({ kind: 'wheel', fun, arg: [], kwarg: {} });

describe("Salt's expr_match and the function regexes", () => {
  it.each<[string, string, boolean]>([
    ['alice', 'alice', true],
    ['ali*', 'alice', true],
    ['al[iy]ce', 'alice', true],
    ['dev_.*', 'dev_bob', true],
    ['dev_.*', 'xdev_bob', false],
    ['bob', 'bobby', false],
    ['(', '(', true],
    ['[', 'x', false],
  ])('user pattern %j on %j: %s', (pattern, value, want) => {
    expect(exprMatch(pattern, value)).toBe(want);
  });

  it.each<[string, string, boolean]>([
    ['test.*', 'test.ping', true],
    ['test.ping', 'test.ping', true],
    // Salt's re.match would allow these two: brine anchors the end too.
    ['test.ping', 'test.ping_x', false],
    ['cmd.run', 'cmd.run_all', false],
    ['pkg\\.(version|list_pkgs)', 'pkg.version', true],
    ['.*', 'cmd.run', true],
    ['(', 'cmd.run', false],
  ])('function regex %j on %j: %s', (regex, fun, want) => {
    expect(funMatch(regex, fun)).toBe(want);
  });
});

describe('whose entries apply (fill_auth_list)', () => {
  const acl: PublisherAcl = { alice: ['test.ping'], 'ali.*': ['grains.items'], 'ops%': ['disk.usage'], '*': ['test.version'], bob: ['cmd.run'] };

  it('a name, a regex of names and a group all give their entries; * only to users no key names', () => {
    expect(authList(acl, alice)).toEqual({
      keys: ['alice', 'ali.*', 'ops%'],
      entries: [
        { key: 'alice', entry: 'test.ping' },
        { key: 'ali.*', entry: 'grains.items' },
        { key: 'ops%', entry: 'disk.usage' },
      ],
    });
    expect(authList(acl, user('carol')).keys).toEqual(['*']);
    expect(authList({ alice: ['test.ping'] }, user('carol')).keys).toEqual([]);
  });
});

describe('publisher_acl on a publish', () => {
  const acl: PublisherAcl = {
    alice: [{ 'web*': ['test.*'] }],
    bob: ['test.ping', { 'G@os:Debian': ['pkg.version'] }, '@runner'],
    carol: [{ 'N@webs': ['grains.item'] }, { 'L@web1,web2,db1': ['disk.usage'] }],
  };
  const judge = (who: Caller, req: AclRequest) => publisherAclDecision(acl, who, req, inTarget);

  it.each<[string, Caller, AclRequest, boolean, string]>([
    ['alice test.* on web*', alice, publish('test.ping', 'web*'), true, 'publisher_acl:alice'],
    ['alice test.* on one web minion', alice, publish('test.version', 'web1'), true, 'publisher_acl:alice'],
    ['alice test.* through a grain resolving to the web minions', alice, publish('test.ping', 'G@roles:web', allKnown), true, 'publisher_acl:alice'],
    // The master resolves greedily: db3, of unknown grains, may have the grain, so the target may reach it.
    ['alice test.* through a grain that may reach db3', alice, publish('test.ping', 'G@roles:web'), false, 'publisher_acl:alice'],
    ['alice cmd.run on web*', alice, publish('cmd.run', 'web*'), false, 'publisher_acl:alice'],
    ['alice test.ping on every minion', alice, publish('test.ping', '*'), false, 'publisher_acl:alice'],
    ['alice test.ping through a nodegroup reaching db1', alice, publish('test.ping', 'N@pair'), false, 'publisher_acl:alice'],
    // CVE-2021-22941 class: the text looks like web*, the minions it resolves to are not all web minions.
    ['alice test.ping on "web* or db1"', alice, publish('test.ping', 'web* or db1'), false, 'publisher_acl:alice'],
    ['bob test.ping anywhere', user('bob'), publish('test.ping', '*'), true, 'publisher_acl:bob'],
    ['bob pkg.version on the Debian minions he may', user('bob'), publish('pkg.version', 'web1 or db1'), true, 'publisher_acl:bob'],
    // db3 is Debian, but the master has no grains cached for it: not known to be inside G@os:Debian.
    ['bob pkg.version reaching a minion of unknown grains', user('bob'), publish('pkg.version', 'db3'), false, 'publisher_acl:bob'],
    ['carol grains.item on the webs nodegroup', user('carol'), publish('grains.item', 'web1'), true, 'publisher_acl:carol'],
    ['carol disk.usage on a list', user('carol'), publish('disk.usage', 'web*'), true, 'publisher_acl:carol'],
    ['saltutil.find_job for any named user', alice, publish('saltutil.find_job', '*'), true, 'publisher_acl:alice'],
    ['a user publisher_acl does not name', user('mallory'), publish('test.ping', 'web1'), false, 'no-acl'],
  ])('%s', (_name, who, req, allowed, rule) => {
    expect(judge(who, req)).toMatchObject({ allowed, rule });
  });

  // test.cross_test and test.try run the function their arguments name: `test.*` would give alice cmd.run as root.
  it('a function pattern does not reach a function that runs another (test.cross_test, test.try, mine.send); its exact name does', () => {
    for (const fun of ['test.cross_test', 'test.try', 'mine.send', 'mine.update', 'schedule.add', 'schedule.modify']) {
      expect(judge(alice, publish(fun, 'web1'))).toMatchObject({ allowed: false, rule: 'publisher_acl:alice' });
    }
    expect(judge(alice, publish('test.cross_test', 'web1')).reason).toContain('runs the function its arguments name');
    const named: PublisherAcl = { alice: [{ 'web*': ['test.cross_test'] }, 'mine\\.send'] };
    expect(publisherAclDecision(named, alice, publish('test.cross_test', 'web1'), inTarget).allowed).toBe(true);
    expect(publisherAclDecision(named, alice, publish('mine.send', 'web1'), inTarget).allowed).toBe(true);
  });

  it('names the minions outside the allowed set', () => {
    const d = judge(alice, publish('test.ping', 'web* or db1'));
    expect(d.reason).toBe('publisher_acl allows alice test.ping only on web* (outside it: db1): the target resolved to minions outside the allowed set');
    expect(judge(alice, publish('cmd.run', '*')).reason).toBe('publisher_acl does not allow alice to run cmd.run');
  });

  it('a malformed target in publisher_acl allows nothing, and the reason says so', () => {
    const d = publisherAclDecision({ alice: [{ 'web* and': ['test.*'] }] }, alice, publish('test.ping', 'web1'), inTarget);
    expect(d.allowed).toBe(false);
    expect(d.reason).toMatch(/^publisher_acl allows alice test\.ping only on web\* and \(a malformed target, which allows nothing: .+\)/);
  });
});

describe('publisher_acl on runner and wheel functions (spec_check)', () => {
  const acl: PublisherAcl = {
    alice: ['@runner'],
    bob: [{ '@runner': ['jobs\\..*'] }, { '@wheel': ['key\\.list_all'] }],
    carol: ['@jobs', { '@manage': ['present'] }, 'test.*'],
    dave: ['@wheel'],
  };
  it.each<[Caller, AclRequest, boolean]>([
    [alice, runner('jobs.list_jobs'), true],
    [alice, wheel('key.accept'), false],
    [user('bob'), runner('jobs.lookup_jid'), true],
    [user('bob'), runner('manage.up'), false],
    [user('bob'), wheel('key.list_all'), true],
    [user('bob'), wheel('key.delete'), false],
    [user('carol'), runner('jobs.print_job'), true],
    [user('carol'), runner('manage.present'), true],
    [user('carol'), runner('manage.alived'), false],
    [user('carol'), runner('test.ping'), false],
    [user('dave'), wheel('key.accept'), true],
    [user('dave'), runner('jobs.list_jobs'), false],
  ])('%j asking %j: %s', (who, req, allowed) => {
    expect(publisherAclDecision(acl, who, req, inTarget).allowed).toBe(allowed);
  });

  it('runner and wheel entries give nothing to publish', () => {
    expect(publisherAclDecision(acl, alice, publish('test.ping', 'web1'), inTarget).allowed).toBe(false);
    expect(mayPublish(acl, alice)).toBe(false);
    expect(mayPublish(acl, user('carol'))).toBe(true);
    expect(mayPublish({ alice: [{ 'web*': ['test.*'] }] }, alice)).toBe(true);
  });
});

describe('publisher_acl_blacklist', () => {
  const blacklist = { users: ['bob', 'dev_.*'], modules: ['cmd.*', 'state\\.(apply|highstate)'] };
  it.each<[Caller, AclRequest, string | undefined]>([
    [user('bob'), publish('test.ping', 'web1'), 'publisher_acl_blacklist:users:bob'],
    [user('dev_x'), runner('jobs.list_jobs'), 'publisher_acl_blacklist:users:dev_.*'],
    [{ user: 'root', groups: [], via: 'root' }, publish('cmd.run', '*'), 'publisher_acl_blacklist:modules:cmd.*'],
    [alice, publish('state.apply', 'web1'), 'publisher_acl_blacklist:modules:state\\.(apply|highstate)'],
    [alice, publish('state.sls', 'web1'), undefined],
    [alice, publish('test.ping', 'web1'), undefined],
  ])('%j asking %j', (who, req, rule) => {
    expect(blacklistDecision(blacklist, who, req)?.rule).toBe(rule);
  });
});
