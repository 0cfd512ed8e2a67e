import { promises as fs, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { parseCliArgs } from '@brine/core/loader/args';
import { Loader, type CallContext } from '@brine/core/loader/loader';
import cmdModule from '@brine/modules/cmd';
import { callContext, minionConfig } from '../helpers/exec-context';
import { until } from '../helpers/until';

let tmp: string;
let loader: Loader;
let retcodes: number[];
let controller: AbortController;

/** A fresh call context; `retcodes` records every ctx.setRetcode. */
function ctxBase(grains: Record<string, unknown> = {}): CallContext {
  return callContext(path.join(tmp, 'cache'), grains, controller.signal, { setRetcode: (code) => retcodes.push(code) });
}

function call(fun: string, arg: unknown[], kwarg: Record<string, unknown> = {}, grains?: Record<string, unknown>): Promise<unknown> {
  return loader.call(fun, arg, kwarg, ctxBase(grains));
}

/** The trimmed content of `file`, once a child process has written it. */
const waitForFile = (file: string): Promise<string> => until(async () => (await fs.readFile(file, 'utf8').catch(() => '')).trim(), `${file} to be written`);

/** Resolve once process `pid` has exited (gone, or a zombie awaiting its reaper). */
const waitGone = (pid: number): Promise<unknown> =>
  until(async () => {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    return !stat || / Z /.test(stat);
  }, `process ${pid} to exit`);

beforeEach(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'brine-cmd-')));
  loader = new Loader([cmdModule], minionConfig(path.join(tmp, 'cache')), {});
  retcodes = [];
  controller = new AbortController();
});

afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('cmd output functions', () => {
  const script = 'echo out; echo err >&2; exit 3';
  it.each([
    ['cmd.run', 'out\nerr'],
    ['cmd.run_stdout', 'out'],
    ['cmd.run_stderr', 'err'],
    ['cmd.retcode', 3],
  ])('%s returns its part of the result and sets the job retcode', async (fun, expected) => {
    await expect(call(fun, [script])).resolves.toEqual(expected);
    expect(retcodes).toEqual([3]);
  });

  it('run_all returns pid, retcode and each stream, trailing whitespace removed', async () => {
    const ret = (await call('cmd.run_all', ['printf "a\\n\\n"; printf "b  \\n" >&2; exit 2'])) as Record<string, unknown>;
    expect(ret).toEqual({ pid: expect.any(Number), retcode: 2, stdout: 'a', stderr: 'b' });
    expect(ret.pid).toBeGreaterThan(0);
    expect(retcodes).toEqual([2]);
  });

  it('run interleaves stdout and stderr in the order they were written', async () => {
    await expect(call('cmd.run', ['echo 1; echo 2 >&2; sleep 0.05; echo 3; sleep 0.05; echo 4 >&2'])).resolves.toBe('1\n2\n3\n4');
  });

  it('leaves the job retcode alone on success or with ignore_retcode', async () => {
    await expect(call('cmd.run', ['true'])).resolves.toBe('');
    await expect(call('cmd.retcode', ['exit 5'], { ignore_retcode: true })).resolves.toBe(5);
    expect(retcodes).toEqual([]);
  });

  it('reports a signal death as minus the signal number', async () => {
    await expect(call('cmd.retcode', ['kill -9 $$'])).resolves.toBe(-9);
  });
});

describe('cmd options', () => {
  it('parses CLI words into cmd and keyword options', async () => {
    const { arg, kwarg } = parseCliArgs(['echo hi', 'cwd=/tmp']);
    await expect(call('cmd.run', arg, kwarg)).resolves.toBe('hi');
    const pwd = parseCliArgs(['pwd', `cwd=${tmp}`]);
    await expect(call('cmd.run', pwd.arg, pwd.kwarg)).resolves.toBe(tmp);
  });

  it('adds env to the minion environment', async () => {
    const out = await call('cmd.run', ['echo "$FOO $EMPTY|"; command -v sh'], { env: { FOO: 'bar', EMPTY: null } });
    expect(out).toMatch(/^bar \|\n\/.*sh$/);
  });

  it('feeds stdin to the command', async () => {
    await expect(call('cmd.run', ['tr a-z A-Z'], { stdin: 'hello\nworld\n' })).resolves.toBe('HELLO\nWORLD');
    await expect(call('cmd.run', ['cat'])).resolves.toBe('');
  });

  it('runs under the shell option, else the shell grain, else /bin/sh', async () => {
    const probe = 'echo ${BASH_VERSION:-nobash}';
    await expect(call('cmd.run', [probe], { shell: '/bin/bash' })).resolves.toMatch(/^\d+\./);
    await expect(call('cmd.run', [probe], {}, { shell: '/bin/bash' })).resolves.toMatch(/^\d+\./);
    await expect(call('cmd.run', ['readlink /proc/$$/exe'])).resolves.toBe(realpathSync('/bin/sh'));
  });

  it('runs without a shell when python_shell=False', async () => {
    await expect(call('cmd.run', [`printf '%s|' "a b" c\\ d $HOME`], { python_shell: false })).resolves.toBe('a b|c d|$HOME|');
    await expect(call('cmd.run', ['echo "open'], { python_shell: false })).rejects.toThrow(SaltInvocationError);
    await expect(call('cmd.run', ['no-such-program-brine -x'], { python_shell: false })).rejects.toThrow(
      /Unable to run command 'no-such-program-brine -x' in directory '.*': spawn no-such-program-brine ENOENT/,
    );
  });

  it('runs jobs concurrently without blocking the event loop', async () => {
    const slow = call('cmd.run', ['sleep 0.5; echo slow']);
    await expect(Promise.race([slow, call('cmd.run', ['echo fast'])])).resolves.toBe('fast');
    await expect(slow).resolves.toBe('slow');
  });
});

describe('cmd failures', () => {
  it('kills the whole process group on timeout and throws', async () => {
    const pidFile = path.join(tmp, 'pid');
    // The command would run 30 s, past the 5 s test timeout: only its own 0.3 s timeout can end it in time.
    await expect(call('cmd.run', [`sleep 30 & echo $! > ${pidFile}; wait`], { timeout: 0.3 })).rejects.toThrow(
      new CommandExecutionError(`Command 'sleep 30 & echo $! > ${pidFile}; wait' timed out after 0.3 seconds`),
    );
    await waitGone(Number(await waitForFile(pidFile)));
  });

  it('kills the process group and rejects when the job is aborted', async () => {
    const pidFile = path.join(tmp, 'pid');
    const running = call('cmd.run', [`echo $$ > ${pidFile}; exec sleep 30`]);
    const pid = Number(await waitForFile(pidFile));
    controller.abort(new Error('job killed'));
    await expect(running).rejects.toThrow(/was aborted: job killed/);
    await waitGone(pid);
  });

  it('does not start a command when the job is already aborted', async () => {
    controller.abort();
    const marker = path.join(tmp, 'ran');
    await expect(call('cmd.run', [`touch ${marker}`])).rejects.toThrow(CommandExecutionError);
    await expect(fs.access(marker)).rejects.toThrow();
  });

  it.each([
    [{ cwd: '/nonexistent/dir' }, "Specified cwd '/nonexistent/dir' either not absolute or does not exist"],
    [{ cwd: 'relative' }, "Specified cwd 'relative' either not absolute or does not exist"],
    [{ shell: '/no/such/shell' }, 'The shell /no/such/shell is not available'],
    [{ runas: 'no_such_user_brine' }, "User 'no_such_user_brine' is not available"],
  ])('cannot start with %j', async (kwarg, message) => {
    await expect(call('cmd.run', ['true'], kwarg)).rejects.toThrow(new CommandExecutionError(message));
  });

  it.each([[{ timeout: 0 }], [{ output_loglevel: 'loud' }], [{ env: { A: [1] } }]])('rejects bad argument %j', async (kwarg) => {
    await expect(call('cmd.run', ['true'], kwarg)).rejects.toThrow(SaltInvocationError);
  });
});

describe('cmd runas', () => {
  it('runs as the current user, with its HOME', async () => {
    const me = os.userInfo();
    await expect(call('cmd.run', ['id -un; echo "$USER $HOME"'], { runas: me.username })).resolves.toBe(`${me.username}\n${me.username} ${me.homedir}`);
  });

  it('switches user only when the minion runs as root', async () => {
    const run = call('cmd.run', ['id -un; pwd'], { runas: 'nobody' });
    if (process.getuid?.() === 0) await expect(run).resolves.toBe('nobody\n/');
    else await expect(run).rejects.toThrow(/Cannot run as user 'nobody'.*only root can switch users/);
  });
});

describe('cmd.script', () => {
  /** Put `text` at salt://scripts/<name> (the local file client's roots). */
  async function serve(name: string, text: string): Promise<void> {
    const dir = path.join(tmp, 'cache', 'roots', 'scripts');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  const HELLO = '#!/bin/sh\necho "hello from hello.sh, args: $*"\necho "a line on stderr" >&2\nexit 0\n';

  it("runs a salt:// script with args and returns Salt's {pid, retcode, stderr, stdout}", async () => {
    await serve('hello.sh', HELLO);
    const ret = (await call('cmd.script', ['salt://scripts/hello.sh', 'one two'])) as Record<string, unknown>;
    expect(ret).toEqual({ pid: expect.any(Number), retcode: 0, stderr: 'a line on stderr', stdout: 'hello from hello.sh, args: one two' });
    expect(retcodes).toEqual([]);
  });

  it('runs in cwd with env, from a private directory of its own that is removed afterwards', async () => {
    // The script used to be written into cwd and chmod'ed/chown'ed by path: whoever owned cwd could swap it for a
    // symlink (root then chowned e.g. /etc/shadow) or replace the script before root ran it.
    await serve('where.sh', '#!/bin/sh\necho "$PWD $GREETING $0"\nstat -c "%a %U" "$0" "$(dirname "$0")"\nexit 4\n');
    const work = path.join(tmp, 'work');
    await fs.mkdir(work);
    await fs.chmod(work, 0o777);
    const ret = (await call('cmd.script', ['salt://scripts/where.sh'], { cwd: work, env: { GREETING: 'hi' } })) as Record<string, string>;
    const [line, fileMode, dirMode] = ret.stdout.split('\n');
    const [pwd, greeting, file] = line.split(' ');
    const me = os.userInfo().username;
    expect([pwd, greeting, fileMode, dirMode]).toEqual([work, 'hi', `500 ${me}`, `700 ${me}`]);
    expect(path.dirname(path.dirname(file))).toBe(os.tmpdir());
    expect(file).toMatch(/\/brine-script-\w+\/__salt\.tmp\.\w+\.sh$/);
    expect(ret.retcode).toBe(4);
    expect(retcodes).toEqual([4]);
    await expect(fs.readdir(work)).resolves.toEqual([]);
    await expect(fs.stat(path.dirname(file))).rejects.toThrow(/ENOENT/);
  });

  (process.getuid?.() === 0 ? it : it.skip)('with runas, only that user can reach the script, and it runs as them', async () => {
    await serve('who.sh', '#!/bin/sh\nid -un\nstat -c "%a %U" "$0" "$(dirname "$0")"\necho "$0"\n');
    const ret = (await call('cmd.script', ['salt://scripts/who.sh'], { runas: 'nobody', cwd: '/' })) as Record<string, string>;
    const [user, fileMode, dirMode, file] = ret.stdout.split('\n');
    expect([user, fileMode, dirMode]).toEqual(['nobody', '500 nobody', '700 nobody']);
    await expect(fs.stat(path.dirname(file))).rejects.toThrow(/ENOENT/);
  });

  it('passes args through the shell, quotes and all', async () => {
    await serve('args.sh', '#!/bin/sh\nfor a in "$@"; do echo "[$a]"; done\n');
    await expect(call('cmd.script', ['salt://scripts/args.sh', `one "two three" 'fo ur'`])).resolves.toMatchObject({ stdout: '[one]\n[two three]\n[fo ur]' });
  });

  it('renders a handlebars or jinja template and hides output when asked', async () => {
    await serve('tpl.sh', '#!/bin/sh\necho "os={{grains.os}}"\n');
    await expect(call('cmd.script', ['salt://scripts/tpl.sh'], { template: 'handlebars' }, { os: 'Debian' })).resolves.toMatchObject({ stdout: 'os=Debian' });
    await serve('tpl-jinja.sh', "#!/bin/sh\necho \"os={{ grains['os'] | lower }} {{ salt['cmd.has_exec']('sh') }}\"\n");
    await expect(call('cmd.script', ['salt://scripts/tpl-jinja.sh'], { template: 'jinja' }, { os: 'Debian' })).resolves.toMatchObject({ stdout: 'os=debian True' });
    await expect(call('cmd.script', ['salt://scripts/tpl.sh'], { hide_output: true })).resolves.toEqual({ pid: expect.any(Number), retcode: 0, stdout: '', stderr: '' });
    await expect(call('cmd.script', ['salt://scripts/tpl.sh'], { template: 'mako' })).rejects.toThrow('Specified template format mako is not supported');
  });

  it("returns Salt's cache_error answer for a missing source", async () => {
    await expect(call('cmd.script', ['salt://scripts/nosuch.sh'])).resolves.toEqual({ pid: 0, retcode: 1, stdout: '', stderr: '', cache_error: true });
    await expect(call('cmd.script', [path.join(tmp, 'nosuch.sh')])).resolves.toMatchObject({ cache_error: true });
    await expect(call('cmd.script', ['relative.sh'])).rejects.toBeInstanceOf(SaltInvocationError);
  });

  it('runs a local script by absolute path', async () => {
    const local = path.join(tmp, 'local.sh');
    await fs.writeFile(local, '#!/bin/sh\necho local "$1"\n');
    await expect(call('cmd.script', [local, 'x'])).resolves.toMatchObject({ stdout: 'local x', retcode: 0 });
  });
});

describe('cmd.which, which_bin and has_exec', () => {
  it('find programs as Salt does', async () => {
    const sh = (await call('cmd.which', ['sh'])) as string;
    expect(path.basename(sh)).toBe('sh');
    expect(path.isAbsolute(sh)).toBe(true);
    await expect(call('cmd.which', ['no-such-program-here'])).resolves.toBeNull();
    await expect(call('cmd.which', ['/bin/sh'])).resolves.toBe('/bin/sh');
    await expect(call('cmd.which', ['/etc/passwd'])).resolves.toBeNull();
    await expect(call('cmd.which_bin', [['no-such-program-here', 'sh']])).resolves.toBe(sh);
    await expect(call('cmd.which_bin', [['no-such-program-here']])).resolves.toBeNull();
    await expect(call('cmd.has_exec', ['sh'])).resolves.toBe(true);
    await expect(call('cmd.has_exec', ['no-such-program-here'])).resolves.toBe(false);
  });
});
