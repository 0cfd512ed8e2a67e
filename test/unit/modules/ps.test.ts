import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { makeHarness, type Harness } from '../helpers/exec-context';


describe('ps module on this machine', () => {
  let h: Harness;
  let child: ChildProcess;
  beforeAll(() => {
    h = makeHarness();
    child = spawn('sleep', ['301'], { stdio: 'ignore' });
  });
  afterAll(() => {
    child.kill('SIGKILL');
    h.cleanup();
  });

  it('pgrep finds a process by name, by full command line and by regex, for its user', async () => {
    const me = os.userInfo().username;
    await expect(h.call('ps.pgrep', 'sleep')).resolves.toContain(child.pid);
    await expect(h.call('ps.pgrep', 'sleep 301', 'full=True')).resolves.toContain(child.pid);
    await expect(h.call('ps.pgrep', '^sl.ep$', 'pattern_is_regex=True', `user=${me}`)).resolves.toContain(child.pid);
    await expect(h.call('ps.pgrep', 'sleep 301')).resolves.toBeNull();
    await expect(h.call('ps.pgrep', 'sleep', 'user=no-such-user-here')).resolves.toBeNull();
    await expect(h.call('ps.pgrep', '(', 'pattern_is_regex=True')).rejects.toThrow(SaltInvocationError);
  });

  it('proc_info reports psutil attributes of a process', async () => {
    const info = (await h.call('ps.proc_info', String(process.pid))) as Record<string, unknown>;
    expect(info).toMatchObject({ pid: process.pid, ppid: process.ppid, name: 'node', status: expect.stringMatching(/^(running|sleeping)$/), username: os.userInfo().username, cwd: process.cwd(), exe: process.execPath });
    expect(Math.abs((info.create_time as number) - (Date.now() / 1000 - process.uptime()))).toBeLessThan(2);
    expect(info.uids).toEqual([process.getuid!(), process.geteuid!(), expect.any(Number)]);
    expect((info.memory_info as number[])[0]).toBeGreaterThan(0);
    expect(info.cpu_times).toHaveLength(5);
    await expect(h.call('ps.proc_info', String(child.pid), 'attrs=[name, cmdline]')).resolves.toEqual({ name: 'sleep', cmdline: ['sleep', '301'] });
  });

  it("proc_info refuses a missing process and an unknown attribute with psutil's messages", async () => {
    await expect(h.call('ps.proc_info', '999999999')).rejects.toThrow(new CommandExecutionError('process PID not found (pid=999999999)'));
    await expect(h.call('ps.proc_info', '1', 'attrs=[name, bogus]')).rejects.toThrow(new SaltInvocationError("invalid attr name 'bogus'"));
  });

  it('top returns the busiest processes with cpu and mem breakdowns', async () => {
    const top = (await h.call('ps.top', '3', '0.2')) as Array<Record<string, unknown>>;
    expect(top.length).toBeLessThanOrEqual(3);
    expect(top[0]).toEqual({
      cmd: expect.anything(), user: expect.anything(), status: expect.any(String), pid: expect.any(Number), create_time: expect.any(Number),
      cpu: { user: expect.any(Number), system: expect.any(Number), children_user: expect.any(Number), children_system: expect.any(Number), iowait: expect.any(Number) },
      mem: { rss: expect.any(Number), vms: expect.any(Number), shared: expect.any(Number), text: expect.any(Number), lib: expect.any(Number), data: expect.any(Number), dirty: expect.any(Number) },
    });
  });

  it('top stops when the job is aborted', async () => {
    const job = h.call('ps.top', '5', '30');
    h.abort.abort(new Error('killed'));
    await expect(job).rejects.toThrow('ps.top was interrupted: killed');
  });

  it('pkill signals matching processes and returns their pids, None when none match', async () => {
    const victim = spawn('sleep', ['302'], { stdio: 'ignore' });
    const gone = new Promise((r) => victim.once('exit', (_code, signal) => r(signal)));
    await expect(h.call('ps.pkill', 'sleep 302', 'full=True', 'signal=9')).resolves.toEqual({ killed: [victim.pid] });
    await expect(gone).resolves.toBe('SIGKILL');
    await expect(h.call('ps.pkill', 'no-such-process-name-here')).resolves.toBeNull();
    await expect(h.call('ps.pkill', 'x', 'signal=99')).rejects.toThrow('Invalid signal 99');
  });
});
