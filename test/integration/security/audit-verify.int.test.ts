/**
 * `salt-run audit.verify` against a real master: the master reads the audit
 * log in its own cachedir (written here by AuditLog, as the master's local
 * channel writes it) and salt-run prints the runner's dict, exiting 1 when the
 * chain is broken.
 */
import fs from 'node:fs';
import path from 'node:path';
import { consoleLogger } from '@brine/core/log';
import { AuditLog } from '@brine/master/acl/audit-log';
import { Cluster } from '../helpers/cluster';

let cluster: Cluster;
let file: string;

beforeAll(async () => {
  cluster = await Cluster.start();
  const cachedir = path.join(cluster.masterDir, 'var', 'cache', 'salt', 'master');
  file = path.join(cachedir, 'audit.log');
  const audit = AuditLog.open(cachedir, consoleLogger('quiet'));
  for (const [user, allowed] of [['alice', true], ['bob', false], ['alice', true]] as const) {
    audit.record({
      caller: { user, groups: [], via: 'user' },
      command: 'publish',
      request: { kind: 'publish', fun: 'test.ping', arg: [], kwarg: {}, tgt: 'web*', tgt_type: 'glob', minions: ['web1'] },
      decision: { allowed, rule: allowed ? 'publisher_acl:alice' : 'publisher_acl_blacklist:users:bob', reason: '' },
    });
  }
  audit.close();
}, 30000);

afterAll(async () => {
  await cluster?.stop();
});

test('an intact chain: True, the lines checked, exit 0', async () => {
  const r = await cluster.run('salt-run', ['audit.verify']);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('lines:\n    3\nresult:\n    True\n');
});

test('an edited line: False, the first bad line and the problem, exit 1', async () => {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines[1] = lines[1].replace('"allowed":false', '"allowed":true');
  fs.writeFileSync(file, lines.join('\n'));
  const r = await cluster.run('salt-run', ['audit.verify', '--out', 'json']);
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout)).toEqual({
    result: false, lines: 3, file, first_bad_line: 2, problem: 'line 2 of audit.log was edited: the prev of line 3 of audit.log is not its hash',
  });
});
