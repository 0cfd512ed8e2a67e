import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diskusagePaths, parsePs, parseW, statfsUsage, uptimeFigures, type Statfs } from '@brine/modules/status';
import { makeHarness, type Harness } from '../helpers/exec-context';

const FIXTURES = path.resolve(__dirname, '../../fixtures/commands');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('status parsing', () => {
  it("uptime figures as Salt's status_uptime capture (2411 s: 0 days, '0:40')", () => {
    expect(uptimeFigures(2411, 1796108885.853070)).toEqual({
      seconds: 2411, since_iso: '2026-12-01T06:27:54.853070', since_t: 1796106474, days: 0, time: '0:40',
    });
    expect(uptimeFigures(90061, 1796108885)).toMatchObject({ days: 1, time: '1:1', since_iso: '2026-11-30T06:07:04' });
  });

  it('w -fh: one session per line', () => {
    expect(parseW(read('w-fh.txt'))).toEqual([
      { idle: '3:02m', jcpu: '0.05s', login: '09:12', pcpu: '0.05s', tty: 'pts/0', user: 'alice', what: '-bash' },
      { idle: '1.00s', jcpu: '0.20s', login: '10:40', pcpu: '0.01s', tty: 'pts/1', user: 'bob', what: 'vim /etc/salt/minion' },
    ]);
    expect(parseW('')).toEqual([]);
  });

  it('ps -efHww: {pid: {user, cmd}}, indentation collapsed', () => {
    const procs = parsePs(read('ps-efHww.txt'));
    expect(procs['2']).toEqual({ user: 'root', cmd: '[kthreadd]' });
    expect(Object.keys(procs)).toHaveLength(read('ps-efHww.txt').trim().split('\n').length - 1);
    expect(parsePs('  PID USER     COMMAND\n    7 daemon   /usr/sbin/atd -f\n')).toEqual({ 7: { user: 'daemon', cmd: '/usr/sbin/atd -f' } });
  });
});

describe('status module on this machine', () => {
  let h: Harness;
  beforeAll(() => (h = makeHarness()));
  afterAll(() => h.cleanup());

  it('uptime agrees with /proc/uptime and os.uptime', async () => {
    const up = (await h.call('status.uptime')) as Record<string, unknown>;
    expect(Object.keys(up)).toEqual(['seconds', 'since_iso', 'since_t', 'days', 'time', 'users']);
    expect(Math.abs((up.seconds as number) - os.uptime())).toBeLessThanOrEqual(2);
    expect(up.since_iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(Math.abs((up.since_t as number) + (up.seconds as number) - Date.now() / 1000)).toBeLessThan(3);
    expect(up.users).toBeGreaterThanOrEqual(1);
  });

  it('loadavg has the three averages', async () => {
    const load = (await h.call('status.loadavg')) as Record<string, number>;
    expect(Object.keys(load).sort()).toEqual(['1-min', '15-min', '5-min']);
    expect(load['1-min']).toBeGreaterThanOrEqual(0);
  });

  it('meminfo and cpuinfo read /proc', async () => {
    const mem = (await h.call('status.meminfo')) as Record<string, { value: string; unit?: string }>;
    expect(Number(mem.MemTotal.value) * 1024).toBe(os.totalmem());
    const cpu = (await h.call('status.cpuinfo')) as Record<string, unknown>;
    expect(cpu.processor).toBe(String(os.cpus().length - 1));
  });

  it('diskusage of / matches statfs, and types select mount points', async () => {
    const st = fs.statfsSync('/');
    const usage = (await h.call('status.diskusage', '/')) as Record<string, { available: number; total: number }>;
    expect(usage).toEqual({ '/': { available: expect.any(Number), total: st.blocks * st.bsize } });
    const all = (await h.call('status.diskusage')) as Record<string, unknown>;
    expect(all).toHaveProperty('/');
    const rootType = fs.readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')).find((c) => c[1] === '/')![2];
    expect(await h.call('status.diskusage', `${rootType.slice(0, -1)}?`)).toHaveProperty('/');
    await expect(h.call('status.diskusage', '/no/such/path')).rejects.toThrow('Cannot read the disk usage of /no/such/path');
  });

  it('procs lists this process', async () => {
    const procs = (await h.call('status.procs')) as Record<string, { user: string; cmd: string }>;
    expect(procs[String(process.pid)].cmd).toContain('node');
  });

  it('w gives a list', async () => {
    await expect(h.call('status.w')).resolves.toEqual(expect.any(Array));
  });
});

describe('status.diskusage and dead mounts', () => {
  const mounts = fs.readFileSync(path.resolve(__dirname, '../../fixtures/proc/mounts-network'), 'utf8');

  it('leaves network file systems out unless a path or a type asks for them', () => {
    expect(diskusagePaths([], mounts)).toEqual(['/', '/proc', '/run', '/srv/data']);
    expect(diskusagePaths(['nfs*'], mounts)).toEqual(['/home', '/mnt/old']);
    expect(diskusagePaths(['fuse.*', 'x?s'], mounts)).toEqual(['/srv/data', '/mnt/bastion srv']);
    expect(diskusagePaths(['/home', '/'], mounts)).toEqual(['/home', '/']);
  });

  it('gives up on a statfs that never answers, with a clear error, and does not ask the dead mount again', async () => {
    // A hard NFS mount whose server is gone: statfs never returns. statfsSync froze the minion for good.
    const calls: string[] = [];
    const hung: Statfs = (p) => {
      calls.push(p);
      return new Promise(() => undefined);
    };
    const started = Date.now();
    await expect(statfsUsage('/mnt/dead', hung, 200)).rejects.toThrow('Cannot read the disk usage of /mnt/dead: no answer within 0.2 s (a dead network mount?)');
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(statfsUsage('/mnt/dead', hung, 50)).rejects.toThrow('no answer within 0.05 s');
    expect(calls).toEqual(['/mnt/dead']);
  });

  it('answers for live file systems meanwhile', async () => {
    const st = fs.statfsSync('/');
    await expect(statfsUsage('/')).resolves.toEqual({ available: expect.any(Number), total: st.blocks * st.bsize });
  });
});
