/**
 * Secrets stay out of the logs at every level (issue 10, finding 8: an
 * invalid `password=` kwarg was logged at INFO on the minion). With master
 * and minion logging at trace, on the console and in their log files, jobs
 * pass secrets as keyword arguments, inside a command line, and as invalid
 * keywords. The minion's logs show the calls with the secrets hidden, the
 * master's show no argument values; the returns keep the real values.
 */
import fs from 'node:fs';
import path from 'node:path';
import { until } from '../../unit/helpers/until';
import { Cluster } from '../helpers/cluster';

const SECRET = 'hunter2';
let cluster: Cluster;
const masterLog = () => fs.readFileSync(path.join(cluster.masterDir, 'var/log/salt/master'), 'utf8');
const minionLog = () => fs.readFileSync(path.join(cluster.minionDir('m1'), 'var/log/salt/minion'), 'utf8');

/** Run `salt m1 ...` with JSON output. @returns m1's return */
async function salt(...args: string[]): Promise<unknown> {
  const r = await cluster.run('salt', ['m1', ...args, '--out', 'json']);
  return (JSON.parse(r.stdout) as Record<string, unknown>).m1;
}

beforeAll(async () => {
  cluster = await Cluster.start({ master: { auto_accept: true, log_level_logfile: 'trace' }, logLevel: 'trace' });
  cluster.startMinion('m1', { log_level_logfile: 'trace' });
  await cluster.authenticated(['m1']);
});

afterAll(async () => {
  await cluster?.stop();
});

test('secrets in arguments reach the function and its return, never a log line', async () => {
  expect(await salt('test.arg', `mysql --password=${SECRET}`, `password=${SECRET}`, `token=${SECRET}-t`, `api_key=${SECRET}-k`, 'color=red')).toEqual({
    args: [`mysql --password=${SECRET}`],
    kwargs: { password: SECRET, token: `${SECRET}-t`, api_key: `${SECRET}-k`, color: 'red' },
  });
  expect(await salt('cmd.run', `echo --password=${SECRET}`)).toBe(`--password=${SECRET}`);
  // Invalid keywords, one a misspelled secret: the error names them, without their values.
  expect(await salt('cmd.run', 'echo ok', `pasword=${SECRET}`, `password=${SECRET}`)).toBe(
    "ERROR executing 'cmd.run': The following keyword arguments are not valid: pasword, password",
  );

  // The calls were logged, secrets hidden (the files are written asynchronously: wait for the last lines).
  await until(() => minionLog().includes('failed: The following keyword arguments are not valid: pasword, password'), 'the minion log', 10000);
  // The master logs no argument values at any level: it cannot know which keywords a function takes.
  await until(() => (masterLog().match(/Published job \d+ cmd\.run/g) ?? []).length === 2, 'the master log', 10000);
  const hidden = '"password":"** hidden **"';
  expect(minionLog()).toContain(`Command details: test.arg {"arg":["mysql --password=** hidden **"],"kwarg":{${hidden},"token":"** hidden **","api_key":"** hidden **","color":"red"}}`);
  expect(minionLog()).toContain("Executing command 'echo --password=** hidden **'");
  expect(minionLog()).toContain('stdout: --password=** hidden **');
  expect(minionLog()).toContain(`"pasword":"** hidden **",${hidden}`);
  for (const [name, text] of [['master log file', masterLog()], ['minion log file', minionLog()], ['master console', cluster.master.output], ['minion console', cluster.minions.get('m1')!.output]]) {
    expect({ name, leaks: text.split('\n').filter((l) => l.includes(SECRET)) }).toEqual({ name, leaks: [] });
  }
});
