/** Six minions with known grains and pillar, shared by the matcher and ck-minions tests. */
import { matchTarget, type MinionFacts, type TargetOptions } from '@brine/core/matchers/index';
import type { TargetType } from '@brine/core/protocol/v1/loads';

export const MINIONS: MinionFacts[] = [
  {
    id: 'web1',
    grains: {
      os: 'Debian',
      os_family: 'Debian',
      ipv4: ['127.0.0.1', '10.0.1.11'],
      ipv6: ['::1', 'fe80::1'],
      ip4_interfaces: { lo: ['127.0.0.1'], eth0: ['10.0.1.11'] },
      roles: ['web', 'cache'],
      num_cpus: 4,
      virtual: true,
      disks: [{ name: 'sda', size: 100 }, { name: 'sdb', size: 200 }],
    },
    pillar: { role: 'web', env: 'prod', app: { tier: 'frontend', port: 8080 } },
  },
  {
    id: 'web2',
    grains: {
      os: 'Ubuntu',
      os_family: 'Debian',
      ipv4: ['127.0.0.1', '10.0.1.12'],
      ip4_interfaces: { lo: ['127.0.0.1'], eth0: ['10.0.1.12'] },
      roles: ['web'],
      num_cpus: 2,
      virtual: false,
    },
    pillar: { role: 'web', env: 'staging', app: { tier: 'frontend', port: 8081 } },
  },
  {
    id: 'db1',
    grains: { os: 'Debian', os_family: 'Debian', ipv4: ['10.0.2.21'], ip4_interfaces: { eth1: ['10.0.2.21'] }, roles: ['db'], num_cpus: 8 },
    pillar: { role: 'db', env: 'prod', db: { primary: true } },
  },
  {
    id: 'db2',
    grains: { os: 'CentOS', os_family: 'RedHat', ipv4: ['10.0.2.22'], roles: ['db', 'backup'], num_cpus: 8 },
    pillar: { role: 'db', env: 'prod', db: { primary: false } },
  },
  {
    id: 'db3',
    grains: { os: 'Debian', os_family: 'Debian', ipv4: ['10.0.2.23'], roles: ['db'], num_cpus: 8 },
    pillar: { role: 'db', env: 'staging' },
  },
  {
    id: 'mail',
    grains: { os: 'FreeBSD', os_family: 'FreeBSD', ipv4: ['192.168.5.5'], ipv6: ['2001:db8::25'], banner: 'hello:world', users: [{ name: 'alice' }] },
    pillar: { role: 'mail', env: 'prod', relay: ['mx1.example.com', 'mx2.example.com'] },
  },
];

export const IDS = MINIONS.map((m) => m.id);

/** The master's nodegroups used by the tests: string, list, list of ids, nested, and cyclic forms. */
export const NODEGROUPS: Record<string, string | string[]> = {
  webs: 'web*',
  debian: 'G@os:Debian',
  debian_webs: 'N@debian and N@webs',
  pair: 'db1 mail',
  pair_list: ['db2', 'db3'],
  words: ['G@os:Debian', 'and', 'not', 'db*'],
  wide: 'N@pair or N@pair_list',
  loop_a: 'web1 or N@loop_b',
  loop_b: 'N@loop_a',
  broken: 'web1 and',
  ghost: 'N@nowhere',
};

/** The ids of MINIONS the target selects, matching each minion as it would match itself. */
export function selected(tgt: string | string[], tgtType: TargetType, opts: TargetOptions = {}): string[] {
  return MINIONS.filter((me) => matchTarget(tgt, tgtType, me, opts)).map((me) => me.id);
}
