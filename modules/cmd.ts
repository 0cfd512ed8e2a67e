/**
 * The `cmd` execution module: run shell commands on the minion, as Salt's
 * `cmdmod`. Commands run as `[shell, '-c', cmd]` in their own process group,
 * asynchronously (other jobs keep running), and are killed as a group on
 * `timeout` or when the job is aborted.
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { defineFunction, defineModule, type ArgsOf, type ArgSpec, type ExecContext } from '@brine/core/loader/define';
import { redactText } from '@brine/core/redact';
import { killGroup } from './lib/process-group';
import { spawnTurn } from './lib/spawn-turn';

/** Levels accepted by `output_loglevel`, most severe first after `quiet`. */
const OUTPUT_LEVELS = ['quiet', 'critical', 'error', 'warning', 'info', 'debug', 'trace'] as const;
type OutputLevel = (typeof OUTPUT_LEVELS)[number];

function isOutputLevel(level: string): level is OutputLevel {
  return OUTPUT_LEVELS.some((l) => l === level);
}

/** Arguments shared by every `cmd` function, in Salt's positional order. */
const ARGS = [
  { name: 'cmd', type: 'string', required: true, doc: "The command line to run, e.g. 'ls -l /tmp | grep foo'." },
  {
    name: 'cwd',
    type: 'string',
    doc: "Absolute directory to run in. Default: the home directory of `runas` (else of the minion's user), or / when it is unreadable.",
  },
  { name: 'stdin', type: 'string', doc: 'Text fed to the command on standard input. Default: empty input.' },
  {
    name: 'runas',
    type: 'string',
    doc: "User to run as, looked up in /etc/passwd; HOME, USER and LOGNAME are set for that user. Needs a minion running as root, unless it names the minion's own user.",
  },
  { name: 'shell', type: 'string', doc: "Shell that runs the command as `shell -c cmd`. Default: the `shell` grain, else /bin/sh." },
  {
    name: 'python_shell',
    type: 'boolean',
    default: true,
    doc: 'When false, no shell runs: `cmd` is split into words with shell-like quoting and executed directly (no pipes, globs or variables).',
  },
  { name: 'env', type: 'dict', doc: "Extra environment variables, e.g. env='{LANG: C}'; added to the minion's environment." },
  {
    name: 'output_loglevel',
    type: 'string',
    default: 'debug',
    doc: `Level at which the output is logged on the minion (${OUTPUT_LEVELS.join(', ')}); quiet also hides the command line.`,
  },
  { name: 'timeout', type: 'number', doc: 'Seconds after which the command and its children (its process group) get SIGTERM, then SIGKILL 2 s later, and the call fails. Default: none.' },
  { name: 'ignore_retcode', type: 'boolean', default: false, doc: "When true, a non-zero exit code neither sets the job's retcode nor is logged as an error." },
] as const satisfies readonly ArgSpec[];

/** The bound arguments of every `cmd` function. */
type CmdArgs = ArgsOf<typeof ARGS>;

/** Common notes appended to each function's doc. */
const NOTES = `Output is decoded as UTF-8; trailing whitespace is removed.
A non-zero exit code sets the job's retcode (unless ignore_retcode=True) but is not an error.
Raises CommandExecutionError when the command cannot start (cwd, shell, runas), or on timeout or abort
(the command and its children are killed); SaltInvocationError for a bad argument.`;

/** What one finished command produced. */
interface Outcome {
  pid: number;
  /** Exit code, or minus the signal number when a signal ended the process (as Python's subprocess). */
  retcode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in the order they reached the minion. */
  output: string;
}

/** A user's /etc/passwd entry. */
interface User {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/**
 * Look `name` up in /etc/passwd (read directly; no `id` process).
 * @throws CommandExecutionError "User 'x' is not available" when absent
 */
async function lookupUser(name: string): Promise<User> {
  const passwd = await fs.readFile('/etc/passwd', 'utf8');
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid, , home] = line.split(':');
    if (user === name && home !== undefined) return { name, uid: Number(uid), gid: Number(gid), home };
  }
  throw new CommandExecutionError(`User '${name}' is not available`);
}

/**
 * Split a command line into words as Python's `shlex.split` (POSIX mode):
 * quotes group words, a backslash escapes the next character outside single quotes.
 * @throws SaltInvocationError on an unclosed quote or a trailing backslash
 */
function shlexSplit(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (quote === '"' && c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (c === '"' || c === "'") quote = c;
      else if (c !== '\\') word += c;
      else if (i + 1 < line.length) word += line[++i];
      else throw new SaltInvocationError(`No escaped character at the end of command: ${line}`);
    }
  }
  if (quote) throw new SaltInvocationError(`No closing quotation in command: ${line}`);
  if (inWord) words.push(word);
  return words;
}

/** `env` as strings; null becomes '' (as Salt). @throws SaltInvocationError for a list or dict value */
function extraEnv(env: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env ?? {}).map(([key, value]) => {
      if (value !== null && typeof value === 'object') {
        throw new SaltInvocationError(`env value of '${key}' must be a string, got ${JSON.stringify(value)}`);
      }
      return [key, value === null || value === undefined ? '' : String(value)];
    }),
  );
}

/** True when `file` is a regular file this process may execute. */
async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.X_OK);
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** How to start one command. */
interface Launch {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Switch to these ids (runas another user); absent to keep the minion's. */
  ids?: { uid: number; gid: number };
  /** Text for standard input; undefined gives the command /dev/null. */
  stdin?: string;
  timeout?: number;
  signal: AbortSignal;
  /** The command as the user typed it, for messages. */
  cmd: string;
}

/**
 * Start `argv` in a new process group, at its turn (lib/spawn-turn.ts), and collect its output.
 * @throws CommandExecutionError when it cannot start, times out, or `signal` aborts: then only once its whole
 *   group is killed (lib/process-group.ts), so a job ends with no process of its own left
 */
async function launch(l: Launch): Promise<Outcome> {
  // One fork per event-loop turn (lib/spawn-turn.ts): a burst of commands must not stop the minion answering.
  await spawnTurn();
  return new Promise((resolve, reject) => {
    if (l.signal.aborted) {
      reject(new CommandExecutionError(`Command '${l.cmd}' was aborted before it started`));
      return;
    }
    const child = spawn(l.argv[0], l.argv.slice(1), {
      cwd: l.cwd,
      env: l.env,
      uid: l.ids?.uid,
      gid: l.ids?.gid,
      detached: true,
      // Without input, stdin is /dev/null: Node's stdio pipes are socketpairs, and bash reads ~/.bashrc
      // when its stdin is a socket (it takes that for rshd/sshd), slowing every command down.
      stdio: [l.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    // stdio[1] and [2] are pipes, so these streams exist.
    const stdout = child.stdout!;
    const stderr = child.stderr!;
    const chunks: Array<{ err: boolean; data: Buffer }> = [];
    stdout.on('data', (data: Buffer) => chunks.push({ err: false, data }));
    stderr.on('data', (data: Buffer) => chunks.push({ err: true, data }));
    if (child.stdin) {
      child.stdin.on('error', () => {}); // EPIPE when the command exits without reading its input
      child.stdin.end(l.stdin);
    }

    let timer: NodeJS.Timeout | undefined;
    let stopping = false;
    const cleanup = (): void => {
      clearTimeout(timer);
      l.signal.removeEventListener('abort', onAbort);
    };
    const stop = (message: string): void => {
      stopping = true;
      stdout.destroy();
      stderr.destroy();
      cleanup();
      const fail = (): void => reject(new CommandExecutionError(message));
      if (child.pid === undefined) fail();
      else void killGroup(child.pid).then(fail);
    };
    const onAbort = (): void => stop(`Command '${l.cmd}' was aborted: ${errorMessage(l.signal.reason)}`);
    l.signal.addEventListener('abort', onAbort, { once: true });
    if (l.timeout !== undefined) timer = setTimeout(() => stop(`Command '${l.cmd}' timed out after ${l.timeout} seconds`), l.timeout * 1000);

    child.on('error', (err) => {
      cleanup();
      reject(new CommandExecutionError(`Unable to run command '${l.cmd}' in directory '${l.cwd}': ${err.message}`));
    });
    child.on('close', (code, signal) => {
      cleanup();
      // Stopped: the promise settles once the group is killed, as a failure.
      if (stopping) return;
      const text = (err?: boolean): string =>
        Buffer.concat(chunks.filter((c) => err === undefined || c.err === err).map((c) => c.data)).toString('utf8').trimEnd();
      resolve({
        pid: child.pid ?? 0,
        retcode: code ?? -os.constants.signals[signal as NodeJS.Signals],
        stdout: text(false),
        stderr: text(true),
        output: text(),
      });
    });
  });
}

/** Log the command's outcome as Salt does: failures at error, output at `level` (raised to error on failure); `name=value` secrets hidden. */
function logOutcome(ctx: ExecContext, level: OutputLevel, cmd: string, out: Outcome, ignoreRetcode: boolean): void {
  if (level === 'quiet') return;
  let outLevel: Exclude<OutputLevel, 'quiet'> = level;
  if (out.retcode !== 0 && !ignoreRetcode) {
    ctx.log.error(`Command '${redactText(cmd)}' failed with return code: ${out.retcode}`);
    if (level !== 'critical') outLevel = 'error';
  }
  if (out.stdout) ctx.log[outLevel](`stdout: ${redactText(out.stdout)}`);
  if (out.stderr) ctx.log[outLevel](`stderr: ${redactText(out.stderr)}`);
}

/**
 * Validate the bound arguments, run the command, set the job's retcode on failure and log.
 * @throws SaltInvocationError for bad arguments, CommandExecutionError as {@link launch} and for cwd, shell or runas
 */
async function execute(ctx: ExecContext, a: CmdArgs): Promise<Outcome> {
  const { cmd, output_loglevel: level, timeout } = a;
  if (!isOutputLevel(level)) {
    throw new SaltInvocationError(`Invalid output_loglevel '${level}'; expected one of: ${OUTPUT_LEVELS.join(', ')}`);
  }
  if (timeout !== undefined && !(timeout > 0)) throw new SaltInvocationError(`timeout must be a positive number of seconds, got ${timeout}`);

  const user = a.runas ? await lookupUser(a.runas) : undefined;
  const me = process.getuid?.();
  const ids = user && user.uid !== me ? { uid: user.uid, gid: user.gid } : undefined;
  if (ids && me !== 0) {
    throw new CommandExecutionError(`Cannot run as user '${a.runas}': the minion runs as uid ${me}, and only root can switch users`);
  }

  let cwd = a.cwd;
  if (!cwd) {
    const home = user?.home ?? os.homedir();
    cwd = await fs.access(home, fsConstants.R_OK).then(() => home, () => '/');
  }
  const isDir = path.isAbsolute(cwd) && (await fs.stat(cwd).then((s) => s.isDirectory(), () => false));
  if (!isDir) throw new CommandExecutionError(`Specified cwd '${cwd}' either not absolute or does not exist`);

  let argv: string[];
  if (a.python_shell === false) {
    argv = shlexSplit(cmd);
    if (argv.length === 0) throw new SaltInvocationError('cmd is empty');
  } else {
    const shell = a.shell ?? (typeof ctx.grains.shell === 'string' ? ctx.grains.shell : '/bin/sh');
    if (!(await isExecutableFile(shell))) throw new CommandExecutionError(`The shell ${shell} is not available`);
    argv = [shell, '-c', cmd];
  }

  const userEnv = user ? { HOME: user.home, USER: user.name, LOGNAME: user.name } : {};
  const env = { ...process.env, ...userEnv, ...extraEnv(a.env) };

  // The command line is logged with `name=value` secrets hidden (`--password=...`); the return keeps it whole.
  if (level !== 'quiet') ctx.log.info(`Executing command '${redactText(cmd)}' ${user ? `as user '${user.name}' ` : ''}in directory '${cwd}'`);
  const out = await launch({ argv, cwd, env, ids, stdin: a.stdin, timeout, signal: ctx.signal, cmd });
  if (out.retcode !== 0 && !a.ignore_retcode) ctx.setRetcode(out.retcode);
  logOutcome(ctx, level, cmd, out, a.ignore_retcode);
  return out;
}

export default defineModule({
  name: 'cmd',
  doc: `Run shell commands on the minion, as Salt's cmdmod.

Every function takes the same arguments; they differ in what they return.
Commands run in their own process group with the minion's environment, and never block other jobs.`,
  virtual: () => (process.platform === 'win32' ? 'cmd needs a POSIX system' : true),
  functions: {
    run: defineFunction({
      doc: `Run a command and return its output: stdout and stderr together as one string, in the order they were written.
${NOTES}`,
      example: "salt '*' cmd.run 'ls -l /tmp' cwd=/tmp",
      args: ARGS,
      run: async (ctx, a) => (await execute(ctx, a)).output,
    }),
    run_all: defineFunction({
      doc: `Run a command and return {pid, retcode, stdout, stderr}: the process id (number), the exit code (number;
minus the signal number when killed by a signal) and each stream as a string.
${NOTES}`,
      example: "salt '*' cmd.run_all 'systemctl is-active nginx' ignore_retcode=True",
      args: ARGS,
      run: async (ctx, a) => {
        const { pid, retcode, stdout, stderr } = await execute(ctx, a);
        return { pid, retcode, stdout, stderr };
      },
    }),
    run_stdout: defineFunction({
      doc: `Run a command and return only its standard output, as a string.
${NOTES}`,
      example: "salt '*' cmd.run_stdout 'df -h /' runas=nobody",
      args: ARGS,
      run: async (ctx, a) => (await execute(ctx, a)).stdout,
    }),
    run_stderr: defineFunction({
      doc: `Run a command and return only its standard error, as a string.
${NOTES}`,
      example: "salt '*' cmd.run_stderr 'ls /nonexistent'",
      args: ARGS,
      run: async (ctx, a) => (await execute(ctx, a)).stderr,
    }),
    retcode: defineFunction({
      doc: `Run a command and return its exit code (number; minus the signal number when killed by a signal).
${NOTES}`,
      example: "salt '*' cmd.retcode 'test -f /etc/motd'",
      args: ARGS,
      run: async (ctx, a) => (await execute(ctx, a)).retcode,
    }),
  },
});
