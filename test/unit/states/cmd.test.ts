import fs from 'node:fs';
import path from 'node:path';
import { makeStateHarness, type StateHarness } from './harness';

let h: StateHarness;
beforeEach(() => (h = makeStateHarness()));
afterEach(() => h.cleanup());

describe('cmd.run', () => {
  it('runs a command and reports pid, retcode, stdout and stderr', async () => {
    const name = 'echo out; echo err >&2';
    await expect(h.run('cmd.run', { name })).resolves.toEqual({
      name,
      result: true,
      comment: `Command "${name}" run`,
      changes: { pid: expect.any(Number), retcode: 0, stdout: 'out', stderr: 'err' },
    });
  });

  it('fails on a non-zero exit code, keeping the output as changes', async () => {
    await expect(h.run('cmd.run', { name: 'exit 3' })).resolves.toMatchObject({ result: false, comment: 'Command "exit 3" run', changes: { retcode: 3 } });
  });

  it('under test=True runs nothing', async () => {
    const done = path.join(h.dir, 'done');
    const name = `touch ${done}`;
    await expect(h.run('cmd.run', { name }, true)).resolves.toEqual({ name, result: null, comment: `Command "${name}" would have been executed`, changes: { cmd: name } });
    expect(fs.existsSync(done)).toBe(false);
  });

  it('uses cwd and env', async () => {
    const ret = await h.run('cmd.run', { name: 'pwd; echo $GREETING', cwd: h.dir, env: { GREETING: 'hi' } });
    expect(ret.changes).toMatchObject({ stdout: `${fs.realpathSync(h.dir)}\nhi` });
  });

  it('fails for a missing cwd', async () => {
    await expect(h.run('cmd.run', { name: 'true', cwd: '/nonexistent-brine' })).resolves.toMatchObject({
      result: false,
      comment: 'Desired working directory "/nonexistent-brine" is not available',
    });
  });

  (process.getuid?.() === 0 ? it : it.skip)('runs as another user (as root)', async () => {
    await expect(h.run('cmd.run', { name: 'id -un', runas: 'nobody' })).resolves.toMatchObject({ result: true, changes: { stdout: 'nobody' } });
  });

  describe('guards', () => {
    it.each([
      [{ creates: '/etc/hostname' }, '/etc/hostname exists'],
      [{ creates: ['/etc/hostname', '/etc/passwd'] }, 'All files in creates exist'],
      [{ unless: 'true' }, 'unless condition is true'],
      [{ unless: ['false', 'true'] }, 'unless condition is true'],
      [{ onlyif: 'false' }, 'onlyif condition is false: false'],
      [{ onlyif: ['true', 'test -e /nonexistent-brine'] }, 'onlyif condition is false: test -e /nonexistent-brine'],
      [{ onlyif: 5 }, 'onlyif is not a string or list of strings'],
    ])('%j stops the command: %s (in both modes)', async (guard, comment) => {
      const marker = path.join(h.dir, 'ran');
      for (const test of [false, true]) {
        await expect(h.run('cmd.run', { name: `touch ${marker}`, ...guard }, test)).resolves.toMatchObject({ result: true, comment, changes: {} });
      }
      expect(fs.existsSync(marker)).toBe(false);
    });

    it('runs when the guards allow it', async () => {
      const marker = path.join(h.dir, 'ran');
      const ret = await h.run('cmd.run', { name: `touch ${marker}`, onlyif: 'true', unless: 'false', creates: marker });
      expect(ret.result).toBe(true);
      expect(fs.existsSync(marker)).toBe(true);
      await expect(h.run('cmd.run', { name: `touch ${marker}`, creates: marker })).resolves.toMatchObject({ comment: `${marker} exists`, changes: {} });
    });
  });
});

describe('cmd.mod_watch', () => {
  it('runs the command when a watched state changed', async () => {
    const marker = path.join(h.dir, 'watched');
    await expect(h.watch('cmd.run', { name: `touch ${marker}` })).resolves.toMatchObject({ result: true, changes: { retcode: 0 } });
    expect(fs.existsSync(marker)).toBe(true);
  });
});
