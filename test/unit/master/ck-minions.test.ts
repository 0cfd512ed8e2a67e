import { TargetError } from '@brine/core/errors';
import type { MinionFacts } from '@brine/core/matchers/index';
import type { TargetType } from '@brine/core/protocol/v1/loads';
import { expectedMinions } from '@brine/master/ck-minions';
import { IDS, MINIONS, NODEGROUPS } from '../core/matchers/minions';

const byId = new Map(MINIONS.map((m) => [m.id, m]));
const allFacts = (id: string): MinionFacts | undefined => byId.get(id);
/** The master has cached nothing yet for db3 and mail. */
const someFacts = (id: string): MinionFacts | undefined => (id === 'db3' || id === 'mail' ? undefined : byId.get(id));
const opts = { nodegroups: NODEGROUPS };

describe('expectedMinions (CkMinions)', () => {
  it.each<[string | string[], TargetType, string[]]>([
    ['*', 'glob', IDS],
    ['db*', 'glob', ['db1', 'db2', 'db3']],
    ['web\\d', 'pcre', ['web1', 'web2']],
    ['db3,mail,ghost', 'list', ['db3', 'mail']],
    ['os:Debian', 'grain', ['web1', 'db1', 'db3']],
    ['ip4_interfaces:eth0:10.0.1.*', 'grain', ['web1', 'web2']],
    ['os:(CentOS|FreeBSD)', 'grain_pcre', ['db2', 'mail']],
    ['env:staging', 'pillar', ['web2', 'db3']],
    ['app:port:808[01]$', 'pillar_pcre', ['web1', 'web2']],
    ['10.0.2.0/24', 'ipcidr', ['db1', 'db2', 'db3']],
    ['debian_webs', 'nodegroup', ['web1']],
    ['wide', 'nodegroup', ['db1', 'db2', 'db3', 'mail']],
    ['G@os:Debian and web* or E@db[0-9]+ and not L@db3', 'compound', ['web1', 'db1', 'db2']],
  ])('with every minion cached: %j (%s)', (tgt, type, ids) => {
    expect(expectedMinions(tgt, type, IDS, allFacts, opts)).toEqual(ids);
  });

  it.each<[string | string[], TargetType, string[]]>([
    ['db*', 'glob', ['db1', 'db2', 'db3']],
    ['db3,mail', 'list', ['db3', 'mail']],
    ['os:Debian', 'grain', ['web1', 'db1', 'db3', 'mail']],
    ['role:web', 'pillar', ['web1', 'web2', 'db3', 'mail']],
    ['10.0.1.0/24', 'ipcidr', ['web1', 'web2', 'db3', 'mail']],
    ['web* and G@os:Debian', 'compound', ['web1']],
    ['G@os:Debian and not db*', 'compound', ['web1', 'mail']],
    ['not G@os:Debian', 'compound', ['web2', 'db2', 'db3', 'mail']],
    ['G@os:Debian or not G@os:Debian', 'compound', IDS],
    ['E@db and ( I@env:prod or S@10.0.0.0/8 )', 'compound', ['db1', 'db2', 'db3']],
    ['mail or db3', 'compound', ['db3', 'mail']],
    ['debian_webs', 'nodegroup', ['web1']],
    ['debian', 'nodegroup', ['web1', 'db1', 'db3', 'mail']],
  ])('greedy where facts are missing (db3, mail): %j (%s)', (tgt, type, ids) => {
    expect(expectedMinions(tgt, type, IDS, someFacts, opts)).toEqual(ids);
  });

  it('keeps the three-argument call: no facts, so data targets select every accepted minion', () => {
    expect(expectedMinions('os:Nowhere', 'grain', IDS)).toEqual(IDS);
    expect(expectedMinions('web*', 'glob', IDS)).toEqual(['web1', 'web2']);
    expect(expectedMinions('web* and G@os:Nowhere', 'compound', IDS)).toEqual(['web1', 'web2']);
  });

  it('looks facts up only for targets that read them, once per minion', () => {
    const looked: string[] = [];
    const counting = (id: string) => (looked.push(id), allFacts(id));
    expectedMinions('web*', 'glob', IDS, counting);
    expectedMinions('db3,mail', 'list', IDS, counting);
    expect(looked).toEqual([]);
    expect(expectedMinions('G@os:Debian and G@roles:web', 'compound', IDS, counting)).toEqual(['web1']);
    expect(looked).toEqual(IDS);
  });

  it('selects only accepted minions', () => {
    expect(expectedMinions('*', 'glob', ['web1', 'db1'], allFacts)).toEqual(['web1', 'db1']);
    expect(expectedMinions('web2,db1', 'list', ['web1', 'db1'], allFacts)).toEqual(['db1']);
  });

  it('passes the delimiter to grain and pillar targets', () => {
    expect(expectedMinions('app|tier|front*', 'pillar', IDS, allFacts, { delimiter: '|' })).toEqual(['web1', 'web2']);
  });

  it('refuses a malformed target', () => {
    expect(() => expectedMinions('( web*', 'compound', IDS, allFacts)).toThrow(TargetError);
    expect(() => expectedMinions('( web*', 'compound', IDS, allFacts)).toThrow("unclosed '(' at column 1");
  });

  // A user who may publish anything sends the target: a regex that backtracks without end on a long id must not stop
  // the master (its event loop serves every client and minion); the match stops after a time limit and the target is refused.
  it('refuses a regular expression that backtracks without end instead of hanging the master', () => {
    const ids = ['web-server-production-01.example'];
    const started = Date.now();
    expect(() => expectedMinions('(.*)*X', 'pcre', ids)).toThrow(TargetError);
    expect(() => expectedMinions('web* and E@(.*)*X', 'compound', ids)).toThrow('took more than');
    expect(Date.now() - started).toBeLessThan(9000);
  }, 30_000);

  // A 16 MiB request holds a compound of a million terms, which takes seconds to compile: limited as the match is.
  it('refuses a target too large to compile within the time limit', () => {
    const huge = Array.from({ length: 1_000_000 }, (_, i) => `m${i}`).join(' or ');
    const started = Date.now();
    expect(() => expectedMinions(huge, 'compound', ['web1'])).toThrow('it is too large');
    expect(Date.now() - started).toBeLessThan(5000);
  }, 30_000);
});
