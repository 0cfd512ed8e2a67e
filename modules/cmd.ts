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
import crypto from 'node:crypto';
import { shlexSplit } from '@brine/core/shlex';
import { CommandExecutionError, SaltError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { defineFunction, defineModule, type ArgsOf, type ArgSpec, type ExecContext } from '@brine/core/loader/define';
import { renderFileTemplate, templateEngine } from '@brine/core/render/file-template';
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

/** cmd's arguments after `cmd`, which cmd.script takes after its own `source` and `args`. */
const [, ...RUN_OPTIONS] = ARGS;

/** cmd.script's arguments: Salt's `source` and `args` first, then cmd's options, then its own. */
const SCRIPT_ARGS = [
  { name: 'source', type: 'string', required: true, doc: 'The script: a salt:// URL on the master\'s file server, or an absolute path on the minion.' },
  { name: 'args', type: 'string', doc: "Arguments for the script, as one string split by the shell, e.g. 'one \"two three\"'. Default: none." },
  ...RUN_OPTIONS,
  { name: 'template', type: 'string', doc: "Render the script first with this engine: jinja or handlebars. The template sees salt, grains, pillar, opts and saltenv." },
  { name: 'hide_output', type: 'boolean', default: false, doc: 'Return empty stdout and stderr (the command still runs and its retcode is kept).' },
  { name: 'saltenv', type: 'string', default: 'base', doc: 'File server environment of a salt:// source.' },
] as const satisfies readonly ArgSpec[];

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

/** Where Salt's `which` looks besides PATH, in this order, on POSIX systems. */
const EXTRA_PATH = ['/sbin', '/bin', '/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];

/**
 * Salt's `salt.utils.path.which`: `exe` itself when it is an executable file (a path, or a name in the
 * minion's working directory), else the first PATH entry (then the usual system directories) holding an
 * executable file by that name, symlinks followed.
 * @returns the path found (as PATH spells it, not resolved), or null
 */
async function which(exe: string): Promise<string | null> {
  if (!exe) return null;
  if (await isExecutableFile(exe)) return exe;
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  for (const dir of [...dirs, ...EXTRA_PATH.filter((d) => !dirs.includes(d))]) {
    const candidate = path.join(dir, exe);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** What cmd.script returns when the script cannot be fetched, as Salt. */
const CACHE_ERROR = { pid: 0, retcode: 1, stdout: '', stderr: '', cache_error: true } as const;

/**
 * The script's text, from the file server (salt://) or a local absolute path, rendered when `template` is set.
 * @returns the text, or undefined when the source does not exist (logged, as Salt's cp.cache_file)
 * @throws SaltInvocationError for another kind of source or template; SaltRenderError when the template fails
 */
async function scriptText(ctx: ExecContext, source: string, saltenv: string, template: string | undefined): Promise<Buffer | undefined> {
  if (template) templateEngine(template);
  if (!source.startsWith('salt://') && !path.isAbsolute(source)) {
    throw new SaltInvocationError(`Unsupported source '${source}': use a salt:// URL or an absolute path on the minion`);
  }
  let local = source;
  if (source.startsWith('salt://')) {
    try {
      local = await ctx.files.cacheFile(source, saltenv);
    } catch (err) {
      if (!(err instanceof SaltError)) throw err;
      ctx.log.error(`Unable to cache file '${source}' from saltenv '${saltenv}': ${err.message}`);
      return undefined;
    }
  }
  const data = await fs.readFile(local).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new CommandExecutionError(`Unable to read ${local}: ${err.message}`);
  });
  if (!data) ctx.log.error(`Unable to cache file '${source}': it does not exist`);
  if (!data || !template) return data;
  const vars = { grains: ctx.grains, pillar: ctx.pillar, opts: ctx.opts };
  return Buffer.from(await renderFileTemplate({ engine: template, text: data.toString('utf8'), source, saltenv, vars, salt: ctx.salt, files: ctx.files }));
}

/** Where cmd.script put a script: a private directory of its own and the file in it. */
interface ScriptFile {
  dir: string;
  file: string;
}

/**
 * Write the script into a new private directory (mkdtemp in the system's temporary directory, as Salt's mkstemp
 * without cwd: mode 0700, owned by the minion's user), as `__salt.tmp.<random><extension of source>`, mode 0500.
 * Nobody else can reach it: mode and owner are set on the open descriptors, never by path, and the file is
 * created with O_EXCL|O_NOFOLLOW. With `uid` (runas) the file and then the directory are given to that user, who
 * alone can traverse the directory to run the script (and may change it: it runs as them anyway).
 * @throws CommandExecutionError when it cannot be written
 */
async function writeScript(data: Buffer, source: string, uid: number | undefined): Promise<ScriptFile> {
  let dir: string;
  try {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'brine-script-'));
  } catch (err) {
    throw new CommandExecutionError(`Unable to create a private directory for the script in ${os.tmpdir()}: ${errorMessage(err)}`);
  }
  const file = path.join(dir, `__salt.tmp.${crypto.randomBytes(6).toString('hex')}${path.posix.extname(source)}`);
  try {
    const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_DIRECTORY } = fsConstants;
    const handle = await fs.open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o700);
    try {
      await handle.writeFile(data);
      await handle.chmod(0o500);
      if (uid !== undefined) await handle.chown(uid, -1);
    } finally {
      await handle.close();
    }
    if (uid !== undefined) {
      const dirHandle = await fs.open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      try {
        await dirHandle.chown(uid, -1);
      } finally {
        await dirHandle.close();
      }
    }
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw new CommandExecutionError(`Unable to write the script to ${file}: ${errorMessage(err)}`);
  }
  return { dir, file };
}

/**
 * Remove the script and its directory. Only the script's own name is unlinked and the directory removed when
 * empty: a runas user who owns it may have put other things there, which are left (logged) rather than
 * removed recursively as root.
 */
async function removeScript(ctx: ExecContext, { dir, file }: ScriptFile): Promise<void> {
  try {
    await fs.rm(file, { force: true });
    await fs.rmdir(dir);
  } catch (err) {
    ctx.log.error(`cmd.script: Unable to clean tempfile '${file}': ${errorMessage(err)}`);
  }
}

/** Quote a path for the shell: 'it'\''s'. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export default defineModule({
  name: 'cmd',
  doc: `Run shell commands on the minion, as Salt's cmdmod.

The run functions take the same arguments and differ in what they return; script runs a file from the
master's file server with those options; which and has_exec find programs.
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
    script: defineFunction({
      doc: `Download a script from the master's file server (or take a local file), run it with \`args\`, and return
{pid, retcode, stderr, stdout}, as Salt's cmd.script. The script is copied into a new private directory in the
system's temporary directory (mode 0700; with \`runas\`, owned by that user alone) as a file of mode 0500, run as
\`<file> <args>\` through the shell in \`cwd\`, then removed with its directory: it needs a #! line, and a
temporary directory mounted noexec stops it (as Salt). \`cwd\`, \`env\`, \`runas\`, \`stdin\`, \`timeout\` and
the other options are cmd.run's.
When the source does not exist, returns {pid: 0, retcode: 1, stdout: '', stderr: '', cache_error: True} (as Salt).
${NOTES}`,
      example: "salt '*' cmd.script salt://scripts/runme.sh 'arg1 arg2 \"arg 3\"'",
      args: SCRIPT_ARGS,
      run: async (ctx, a) => {
        const data = await scriptText(ctx, a.source, a.saltenv, a.template);
        if (!data) return { ...CACHE_ERROR };
        const user = a.runas ? await lookupUser(a.runas) : undefined;
        const script = await writeScript(data, a.source, user?.uid);
        try {
          const cmd = a.args ? `${shellQuote(script.file)} ${a.args}` : shellQuote(script.file);
          const { pid, retcode, stdout, stderr } = await execute(ctx, { ...a, cmd });
          return a.hide_output ? { pid, retcode, stdout: '', stderr: '' } : { pid, retcode, stdout, stderr };
        } finally {
          await removeScript(ctx, script);
        }
      },
    }),
    which: defineFunction({
      doc: `Return the path of the executable \`cmd\` as the minion finds it (PATH, then /sbin, /bin, /usr/sbin, /usr/bin,
/usr/local/sbin, /usr/local/bin), or None when there is none, as Salt's cmd.which.`,
      example: "salt '*' cmd.which cat",
      args: [{ name: 'cmd', type: 'string', required: true, doc: "A program name ('cat') or path." }],
      run: (_ctx, a) => which(a.cmd),
    }),
    which_bin: defineFunction({
      doc: 'Return the path of the first of `cmds` the minion finds (as cmd.which), or None when it finds none.',
      example: "salt '*' cmd.which_bin '[pip3, pip]'",
      args: [{ name: 'cmds', type: 'list', items: 'string', required: true, doc: 'Program names, tried in order.' }],
      run: async (_ctx, a) => {
        for (const cmd of a.cmds) {
          const found = await which(cmd);
          if (found) return found;
        }
        return null;
      },
    }),
    has_exec: defineFunction({
      doc: 'Return True when the executable `cmd` is available on the minion (cmd.which finds it), else False.',
      example: "salt '*' cmd.has_exec cat",
      args: [{ name: 'cmd', type: 'string', required: true, doc: "A program name ('cat') or path." }],
      run: async (_ctx, a) => (await which(a.cmd)) !== null,
    }),
  },
});
