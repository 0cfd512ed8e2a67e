/**
 * The master's audit log end to end: the commands root runs through the
 * local channel are written to cachedir/audit.log by the master (a publish
 * with its jid), `salt-run audit.verify` checks the chain (its own run is a
 * line too), and one edited line is found: False, the first bad line and the
 * problem, exit 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Cluster } from '../helpers/cluster';

let cluster: Cluster;
let file: string;
let jid: string;

beforeAll(async () => {
  cluster = await Cluster.start();
  file = path.join(cluster.masterDir, 'var', 'cache', 'salt', 'master', 'audit.log');
  cluster.startMinion('m1');
  await cluster.acceptAll(['m1']);
  const r = await cluster.run('salt', ['m1', 'test.ping', '-v']);
  expect(r.code).toBe(0);
  jid = /Executing job with jid (\d{20})/.exec(r.stdout)![1];
}, 60000);

afterAll(async () => {
  await cluster?.stop();
});

/** The audit lines, parsed. */
const lines = (): Array<Record<string, unknown>> => fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test("the master writes root's publish with its jid, its target and the rule that allowed it; an intact chain verifies", async () => {
  const published = lines().filter((l) => l.command === 'publish');
  expect(published).toEqual([
    expect.objectContaining({ seq: expect.any(Number), user: 'root', via: 'root', fun: 'test.ping', tgt: 'm1', tgt_type: 'glob', minions: 1, allowed: true, rule: 'root', jid }),
  ]);
  const r = await cluster.run('salt-run', ['audit.verify']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^lines:\n {4}\d+\nresult:\n {4}True\n$/);
  // audit.verify's own run is written before it reads the log.
  expect(lines().at(-1)).toMatchObject({ command: 'audit_verify', fun: 'audit.verify', allowed: true });
});

test('an edited line: False, the first bad line and the problem, exit 1', async () => {
  const text = fs.readFileSync(file, 'utf8').split('\n');
  const at = text.findIndex((l) => l.includes('"fun":"test.ping"'));
  text[at] = text[at].replace('"fun":"test.ping"', '"fun":"test.echo"');
  fs.writeFileSync(file, text.join('\n'));
  const r = await cluster.run('salt-run', ['audit.verify', '--out', 'json']);
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout)).toMatchObject({
    result: false, file, first_bad_line: at + 1, problem: `line ${at + 1} of audit.log was edited: the prev of line ${at + 2} of audit.log is not its hash`,
  });
});
