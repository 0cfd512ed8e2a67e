/**
 * Returners with real daemons: `salt --return` makes the minion write a copy
 * of its return (local_file, syslog to a socket the test binds), an unknown
 * returner is logged as Salt logs it, and the master's `event_return:
 * rawfile_json` writes the bus's events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DgramSocket } from 'node-unix-socket';
import { Cluster } from './helpers/cluster';
import { until } from '../unit/helpers/until';

let cluster: Cluster;
let syslogd: DgramSocket;
const datagrams: string[] = [];

beforeAll(async () => {
  cluster = await Cluster.start({ master: { auto_accept: true, event_return: 'rawfile_json' } });
  const sock = path.join(cluster.root, 'syslog.sock');
  syslogd = new DgramSocket();
  syslogd.on('data', (b: Buffer) => datagrams.push(b.toString()));
  syslogd.bind(sock);
  cluster.startMinion('minion1', { 'syslog.socket': sock, 'syslog.tag': 'brine-test' });
  await cluster.authenticated(['minion1']);
});

afterAll(async () => {
  syslogd?.close();
  await cluster?.stop();
});

const jsonLines = (file: string): Record<string, unknown>[] =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];

test("salt --return local_file: the minion writes Salt's return fields as a JSON line under its log folder", async () => {
  const r = await cluster.run('salt', ['minion1', 'test.ping', '--return', 'local_file', '--show-jid']);
  expect(r.code).toBe(0);
  const jid = /jid: (\d+)/.exec(r.stdout)![1];
  const file = path.join(cluster.minionDir('minion1'), 'var/log/salt/returns');
  const mine = () => jsonLines(file).filter((l) => l.jid === jid);
  await until(() => mine().length > 0, 'the local_file line');
  const [line] = mine();
  expect(line).toEqual({ jid, id: 'minion1', fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true });
  // The return went to the master as well.
  expect((await cluster.jobReturns(jid)).get('minion1')?.return).toBe(true);
});

test('salt --return syslog --return_kwargs: one datagram per return, at the level asked', async () => {
  const r = await cluster.run('salt', ['minion1', 'test.echo', 'hi', '--return', 'syslog', '--return_kwargs', '{"level": "LOG_ERR"}']);
  expect(r.code).toBe(0);
  const msg = await until(() => datagrams.find((d) => d.includes('"test.echo"')), 'the syslog datagram');
  expect(msg).toMatch(/^<11>\w{3} [ \d]\d \d\d:\d\d:\d\d brine-test: \{"jid": "\d+", "id": "minion1", "fun": "test.echo", "fun_args": \["hi"\], "return": "hi", "retcode": 0, "success": true, "ret_kwargs": \{"level": "LOG_ERR"\}\}$/);
});

test("an unknown returner is logged by the minion with Salt's words; the job still returns", async () => {
  const r = await cluster.run('salt', ['minion1', 'test.ping', '--return', 'nosuch']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('True');
  await cluster.minions.get('minion1')!.waitFor(/Returner nosuch\.returner could not be loaded: 'nosuch\.returner' is not available\./);
});

test("salt --return_kwargs that is not a dict is refused before anything is published", async () => {
  const r = await cluster.run('salt', ['minion1', 'test.ping', '--return', 'syslog', '--return_kwargs', '[1]']);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('--return_kwargs must be a dict');
});

test('event_return: rawfile_json writes the master events of a job to <master log dir>/events', async () => {
  const r = await cluster.run('salt', ['minion1', 'test.ping', '--show-jid']);
  const jid = /jid: (\d+)/.exec(r.stdout)![1];
  const file = path.join(cluster.masterDir, 'var/log/salt/events');
  const mine = () => jsonLines(file).filter((e) => String(e.tag).includes(jid));
  await until(() => mine().some((e) => String(e.tag).includes('/ret/')), 'the job events in rawfile_json');
  const events = mine();
  expect(events.map((e) => e.tag)).toEqual([jid, `salt/job/${jid}/new`, `salt/job/${jid}/ret/minion1`]);
  expect(events[2].data).toMatchObject({ cmd: '_return', id: 'minion1', jid, fun: 'test.ping', return: true, _stamp: expect.any(String) });
  // The minion's start event went there too.
  expect(jsonLines(file).some((e) => e.tag === 'salt/minion/minion1/start')).toBe(true);
});

test('salt-call --return local_file writes the return with a jid of its own, as Salt', async () => {
  const r = await cluster.run('salt-call', ['--local', 'test.echo', 'from-salt-call', '--return', 'local_file'], { configDir: cluster.minionDir('minion1') });
  expect(r.code).toBe(0);
  const file = path.join(cluster.minionDir('minion1'), 'var/log/salt/returns');
  const line = jsonLines(file).find((l) => l.return === 'from-salt-call');
  expect(line).toEqual({ jid: expect.stringMatching(/^\d{20}$/), id: 'minion1', fun: 'test.echo', fun_args: ['from-salt-call'], return: 'from-salt-call', retcode: 0, success: true });
});
