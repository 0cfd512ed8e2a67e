import { CommandExecutionError } from '@brine/core/errors';
import { defineModule } from '@brine/core/loader/define';
import { Loader } from '@brine/core/loader/loader';
import { failureText, mustRunArgv, runArgv } from '@brine/modules/lib/argv';
import { execContext, makeHarness, type Harness } from '../../helpers/exec-context';

let h: Harness;
beforeEach(() => (h = makeHarness()));
afterEach(() => h.cleanup());

describe('runArgv', () => {
  it('hands every word to the program byte for byte, without a shell', async () => {
    const words = ["it's", '', 'two words', '$HOME', '${Status}\\t', '*', '"q"', 'a\\b'];
    const res = await runArgv(h.ctx, ['printf', '<%s>', ...words]);
    expect(res).toEqual({ retcode: 0, stdout: words.map((w) => `<${w}>`).join(''), stderr: '' });
  });

  it('adds environment variables to the minion\'s', async () => {
    const res = await runArgv(h.ctx, ['sh', '-c', 'echo "$DEBIAN_FRONTEND:${PATH:+path}"'], { DEBIAN_FRONTEND: 'noninteractive' });
    expect(res.stdout).toBe('noninteractive:path');
  });

  it('returns a failure without raising it or setting the job retcode', async () => {
    const retcodes: number[] = [];
    const ctx = execContext(h.loader, { ...h.ctx, setRetcode: (code) => retcodes.push(code) });
    await expect(runArgv(ctx, ['sh', '-c', 'echo out; echo err >&2; exit 3'])).resolves.toEqual({ retcode: 3, stdout: 'out', stderr: 'err' });
    expect(retcodes).toEqual([]);
  });

  it('refuses what a cmd.run_all of another shape returns', async () => {
    const odd = defineModule({
      name: 'cmd',
      doc: 'A cmd module that answers oddly.',
      functions: { run_all: { doc: 'Answer oddly.', example: "salt '*' cmd.run_all x", args: [], varargs: true, varkwargs: true, run: () => 'done' } },
    });
    const loader = new Loader([odd], h.ctx.opts, {});
    await expect(runArgv(execContext(loader, h.ctx), ['true'])).rejects.toThrow(
      new CommandExecutionError('cmd.run_all returned "done", not {retcode, stdout, stderr}'),
    );
  });
});

describe('mustRunArgv', () => {
  it('returns the standard output of a success', async () => {
    await expect(mustRunArgv(h.ctx, ['printf', 'a b'])).resolves.toBe('a b');
  });

  it.each<[string[], string | undefined, string]>([
    [['sh', '-c', 'echo oops >&2; exit 2'], undefined, 'sh -c echo oops >&2; exit 2 failed: oops'],
    [['sh', '-c', 'echo only-out; exit 2'], undefined, 'sh -c echo only-out; exit 2 failed: only-out'],
    [['sh', '-c', 'exit 4', '', 'x'], undefined, "sh -c exit 4 '' x failed: exit code 4"],
    [['false'], 'useradd deploy', 'useradd deploy failed: exit code 1'],
  ])('%j (as %s) raises "<command> failed: <why>"', async (argv, what, message) => {
    await expect(mustRunArgv(h.ctx, argv, { what })).rejects.toThrow(new CommandExecutionError(message));
  });

  it('explains a failure by stderr, else stdout, else the exit code', () => {
    expect(failureText({ retcode: 1, stdout: 'o', stderr: 'e' })).toBe('e');
    expect(failureText({ retcode: 1, stdout: 'o', stderr: '' })).toBe('o');
    expect(failureText({ retcode: -9, stdout: '', stderr: '' })).toBe('exit code -9');
  });
});
