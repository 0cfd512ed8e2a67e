/**
 * Salt's `test` module: functions to check that a minion answers, that
 * arguments arrive as sent, and that errors, return codes and outputters
 * behave. Every function Salt 3006 lists is here; where Salt's answer is about
 * Python (versions, stack traces, providers' file names), brine answers the
 * same question about its own runtime, as each function's doc says.
 */
import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineFunction, defineModule, moduleKey, type ExecContext } from '@brine/core/loader/define';
import {
  AuthenticationError,
  AuthorizationError,
  CommandExecutionError,
  SaltClientError,
  SaltConfigurationError,
  SaltError,
  SaltInvocationError,
  SaltRenderError,
  SaltReqTimeoutError,
  errorMessage,
} from '@brine/core/errors';
import { cleanKwargs } from '@brine/core/loader/args';
import { fromData, pyRepr, pyStr, truthy, tuple, typeName } from '@brine/core/jinja/runtime/values';
import { brineVersion } from '@brine/core/version';
import { formatVersionsReport, versionsReport } from '@brine/core/versions-report';

/** Salt's exceptions (`salt.exceptions.X`) that brine has, by name. */
const SALT_EXCEPTIONS: Record<string, new (message: string) => Error> = {
  SaltException: SaltError,
  CommandExecutionError,
  SaltInvocationError,
  SaltRenderError,
  SaltConfigurationError,
  AuthenticationError,
  AuthorizationError,
  SaltReqTimeoutError,
  SaltClientError,
};

/** Python 3.11's built-in exception classes, which `test.raise_exception` raises by name. */
const PYTHON_EXCEPTIONS = new Set(
  (
    'BaseException Exception ArithmeticError AssertionError AttributeError BlockingIOError BrokenPipeError BufferError ' +
    'ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError EOFError ' +
    'EnvironmentError FileExistsError FileNotFoundError FloatingPointError GeneratorExit IOError ImportError ' +
    'IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ' +
    'ModuleNotFoundError NameError NotADirectoryError NotImplementedError OSError OverflowError PermissionError ' +
    'ProcessLookupError RecursionError ReferenceError RuntimeError StopAsyncIteration StopIteration SyntaxError ' +
    'SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError ' +
    'UnicodeError UnicodeTranslateError ValueError ZeroDivisionError'
  ).split(' '),
);

/** A Python exception as brine raises it: its class name as the error's name, `str(exc)` as the message. */
function pythonError(name: string, args: unknown[]): Error {
  const err = new Error(args.length === 1 ? pyStr(args[0]) : args.length === 0 ? '' : pyRepr(tuple(args)));
  err.name = name;
  return err;
}

/** Python's `str(type(v))` of decoded data: `<class 'int'>`. */
function pyTypeName(v: unknown): string {
  return `<class '${typeName(fromData(v))}'>`;
}


/** Wait `seconds`, or fail when the job is killed or times out first. */
async function waitFor(ctx: ExecContext, fun: string, seconds: number): Promise<true> {
  try {
    return await sleep(seconds * 1000, true, { signal: ctx.signal });
  } catch (err) {
    throw new CommandExecutionError(`${fun} was interrupted: ${errorMessage(ctx.signal.reason ?? err)}`);
  }
}

/** Seconds elapsed since `start` (a `process.hrtime.bigint()`), as Python's time differences. */
function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * A random integer in [0, size], as a decimal string (Python's randint and str).
 * Any size a number can hold works, as in Python: each draw takes as many bits
 * as `size` has (up to 1024 for 1e308) and is rejected when above it, so the
 * result is uniform and a draw succeeds with probability over 1/2.
 */
function randomUpTo(size: number): string {
  const n = BigInt(Math.floor(size)) + 1n;
  const bits = (n - 1n).toString(2).length;
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const draw = BigInt(`0x${crypto.randomBytes(Math.ceil(bits / 8)).toString('hex') || '0'}`) & mask;
    if (draw < n) return String(draw);
  }
}

/** The hash algorithms `random_hash` accepts: those of Python's hashlib that Node has. */
const HASH_TYPES = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_224', 'sha3_256', 'sha3_384', 'sha3_512', 'blake2b', 'blake2s'];

/** Node's name of a hashlib algorithm (`sha3_256` -> `sha3-256`, `blake2b` -> `blake2b512`). */
function nodeHash(hashType: string): string {
  if (hashType === 'blake2b') return 'blake2b512';
  if (hashType === 'blake2s') return 'blake2s256';
  return hashType.replace('_', '-');
}

/** `test.versions_report` and its alias `test.versions`. */
function versionsReportFunction(name: string) {
  return defineFunction({
    doc:
      'Return the versions of the components brine runs on, as one string in the layout of `salt --versions-report`:\n' +
      "brine's version where Salt names its own, Node's where Salt names Python's, brine's runtime dependencies, then the\n" +
      'operating system.',
    example: `salt '*' test.${name}`,
    args: [],
    run: () => formatVersionsReport(versionsReport()).replace(/\n$/, ''),
  });
}

export default defineModule({
  name: 'test',
  doc: 'Check that minions respond and see how they receive arguments, errors, return codes and outputters.',
  functions: {
    ping: defineFunction({
      doc: 'Used to make sure the minion is up and responding. Not an ICMP ping.\n\nReturns ``True``.',
      example: "salt '*' test.ping",
      args: [],
      run: (ctx) => {
        ctx.log.debug(`test.ping received for minion '${ctx.opts.id}'`);
        return true;
      },
    }),
    echo: defineFunction({
      doc:
        'Return the given value unchanged. CLI values are parsed as YAML, so `1` comes back as the number 1\n' +
        'and `[a, b]` as a list; quote it to keep a string.',
      example: "salt '*' test.echo 'hello world'",
      args: [{ name: 'text', type: 'any', required: true, doc: 'The value to return.' }],
      run: (_ctx, { text }) => text,
    }),
    outputter: defineFunction({
      doc: 'Return `data` unchanged, to try an outputter on it (`--out`).',
      example: "salt '*' test.outputter foobar --out=json",
      args: [{ name: 'data', type: 'any', required: true, doc: 'The value to return.' }],
      run: (_ctx, { data }) => data,
    }),
    sleep: defineFunction({
      doc:
        'Wait `length` seconds (fractions allowed), then return True. Useful to test job timeouts.\n' +
        'Raises an error when the job is killed or times out before the time is up, or when `length` is negative.',
      example: "salt '*' test.sleep 20",
      args: [{ name: 'length', type: 'number', required: true, doc: 'How long to wait, in seconds.' }],
      run: (ctx, { length }) => {
        if (length < 0) throw new SaltInvocationError(`test.sleep: length must be zero or more seconds, got ${length}`);
        return waitFor(ctx, 'test.sleep', length);
      },
    }),
    rand_sleep: defineFunction({
      doc:
        'Wait a random whole number of seconds from 0 to `max`, then return True: minions answer at different times,\n' +
        'to test long-running commands. Raises an error when the job is killed or times out first.',
      example: "salt '*' test.rand_sleep 60",
      args: [{ name: 'max', type: 'integer', default: 60, doc: 'The longest wait, in seconds.' }],
      run: (ctx, a) => {
        if (a.max < 0) throw new SaltInvocationError(`test.rand_sleep: max must be zero or more seconds, got ${a.max}`);
        return waitFor(ctx, 'test.rand_sleep', crypto.randomInt(0, a.max + 1));
      },
    }),
    version: defineFunction({
      doc: "Return the brine version running on the minion, e.g. '0.1.0'.",
      example: "salt '*' test.version",
      args: [],
      run: () => brineVersion(),
    }),
    versions_report: versionsReportFunction('versions_report'),
    versions: versionsReportFunction('versions'),
    versions_information: defineFunction({
      doc:
        'Return the versions of the components brine runs on as {section: {name: version}}, the data of\n' +
        "test.versions_report: 'Brine Version', 'Node Version', 'Dependency Versions', 'System Versions'.",
      example: "salt '*' test.versions_information",
      args: [],
      run: () => Object.fromEntries(versionsReport().map(([title, rows]) => [title, Object.fromEntries(rows)])),
    }),
    conf_test: defineFunction({
      doc: "Return the value of the option `test.foo` (config.option test.foo): 'unconfigured' unless the minion configuration, grains or pillar set it.",
      example: "salt '*' test.conf_test",
      args: [],
      run: (ctx) => ctx.salt.call('config.option', ['test.foo']),
    }),
    get_opts: defineFunction({
      doc: "Return the minion's configuration, after defaults, as {option: value}.",
      example: "salt '*' test.get_opts",
      args: [],
      run: (ctx) => ctx.opts,
    }),
    opts_pkg: defineFunction({
      doc: "Return the minion's configuration with its grains under the key `grains`.",
      example: "salt '*' test.opts_pkg",
      args: [],
      run: (ctx) => ({ ...ctx.opts, grains: ctx.grains }),
    }),
    cross_test: defineFunction({
      doc: "Run another execution function `func` ('mod.fun') with the positional arguments `args`, as modules call each other, and return what it returns.",
      example: "salt '*' test.cross_test file.user_to_uid '[root]'",
      args: [
        { name: 'func', type: 'string', required: true, doc: "The function, e.g. 'test.echo'." },
        { name: 'args', type: 'list', doc: 'Its positional arguments, as a list. Default: none.' },
      ],
      run: (ctx, a) => ctx.salt.call(a.func, a.args ?? []),
    }),
    attr_call: defineFunction({
      doc: "Return the minion's grains by calling grains.items from this module, as Salt's attribute call does.",
      example: "salt '*' test.attr_call",
      args: [],
      run: (ctx) => ctx.salt.call('grains.items'),
    }),
    module_report: defineFunction({
      doc:
        'Return how the execution functions can be reached, as {functions, function_attrs, function_subs, modules,\n' +
        "module_attrs, missing_attrs, missing_subs} (sorted lists). brine modules call each other by 'mod.fun' only,\n" +
        'so every function is in functions, function_attrs and function_subs, every module in modules and\n' +
        'module_attrs, and the missing lists are empty.',
      example: "salt '*' test.module_report",
      args: [],
      run: (ctx) => {
        const modules = ctx.loader.modules();
        const functions = modules.flatMap((m) => Object.keys(m.functions).map((f) => `${moduleKey(m)}.${f}`)).sort();
        const names = modules.map(moduleKey);
        return { functions, function_attrs: functions, function_subs: functions, modules: names, module_attrs: names, missing_attrs: [], missing_subs: [] };
      },
    }),
    provider: defineFunction({
      doc: "Return the file name of the module serving `module` as users type it ('aptpkg' for 'pkg'), or '' when none is loaded.",
      example: "salt '*' test.provider service",
      args: [{ name: 'module', type: 'string', required: true, doc: "The module name users type, e.g. 'pkg'." }],
      run: (ctx, a) => ctx.loader.module(a.module)?.name ?? '',
    }),
    providers: defineFunction({
      doc: "Return {provider: module} for every loaded module: its file name and the name users type ({aptpkg: pkg, cmd: cmd, ...}), as Salt.",
      example: "salt '*' test.providers",
      args: [],
      run: (ctx) => Object.fromEntries(ctx.loader.modules().map((m) => [m.name, moduleKey(m)])),
    }),
    not_loaded: defineFunction({
      doc: "Return the file names of brine's modules that did not load on this minion (their __virtual__ refused, e.g. systemd_service without systemd), sorted.",
      example: "salt '*' test.not_loaded",
      args: [],
      run: (ctx) => ctx.loader.notLoaded(),
    }),
    kwarg: defineFunction({
      doc: 'Return the keyword arguments the minion received, as {name: value}, to see how CLI values were parsed.',
      example: `salt '*' test.kwarg num=1 txt="two" env='{a: 1, b: "hello"}'`,
      args: [],
      varkwargs: true,
      run: (_ctx, { __kwargs__ }) => __kwargs__,
    }),
    arg: defineFunction({
      doc:
        'Return the arguments the minion received, as `{args: [positional...], kwargs: {name: value}}`.\n' +
        'Shows how CLI values were parsed (YAML: numbers, booleans, lists, dicts).',
      example: "salt '*' test.arg 1 two three=3",
      args: [],
      varargs: true,
      varkwargs: true,
      run: (_ctx, { __args__, __kwargs__ }) => ({ args: __args__, kwargs: __kwargs__ }),
    }),
    arg_clean: defineFunction({
      doc: 'As test.arg, without keyword arguments whose names start with `__` (Salt\'s publication data, `__pub_jid`...).',
      example: `salt '*' test.arg_clean 1 "two" 3.1 txt="hello" wow='{a: 1, b: "hello"}'`,
      args: [],
      varargs: true,
      varkwargs: true,
      run: (_ctx, { __args__, __kwargs__ }) => ({ args: __args__, kwargs: cleanKwargs(__kwargs__) }),
    }),
    arg_repr: defineFunction({
      doc: "Return the arguments as Python's repr() prints them: {args: \"(1, 'two')\", kwargs: \"{'txt': 'hello'}\"}.",
      example: `salt '*' test.arg_repr 1 "two" 3.1 txt="hello" wow='{a: 1, b: "hello"}'`,
      args: [],
      varargs: true,
      varkwargs: true,
      run: (_ctx, { __args__, __kwargs__ }) => ({ args: pyRepr(tuple(__args__)), kwargs: pyRepr(__kwargs__) }),
    }),
    arg_type: defineFunction({
      doc:
        "Return the Python type of each argument, as {args: [\"<class 'int'>\", ...], kwargs: {name: \"<class 'str'>\"}}.\n" +
        'A number is an int when it is whole and a float otherwise (YAML 3.0 arrives as the number 3).',
      example: "salt '*' test.arg_type 1 'int'",
      args: [],
      varargs: true,
      varkwargs: true,
      run: (_ctx, { __args__, __kwargs__ }) => ({
        args: __args__.map(pyTypeName),
        kwargs: Object.fromEntries(Object.entries(__kwargs__).map(([k, v]) => [k, pyTypeName(v)])),
      }),
    }),
    fib: defineFunction({
      doc:
        'Return [F(num), seconds]: the num-th Fibonacci number and the time taken to compute it, in seconds, for\n' +
        'performance tests. F(num) is a number while it is exact (up to F(78)), else its decimal digits as a string.\n' +
        'Raises SaltInvocationError for a negative num.',
      example: "salt '*' test.fib 3",
      args: [{ name: 'num', type: 'integer', required: true, doc: 'Which Fibonacci number, from 0.' }],
      run: (_ctx, a) => {
        if (a.num < 0) throw new SaltInvocationError('Negative number is not allowed!');
        const start = process.hrtime.bigint();
        let [prev, curr] = [0n, 1n];
        for (let i = 1; i < a.num; i++) [prev, curr] = [curr, prev + curr];
        const value = a.num < 2 ? BigInt(a.num) : curr;
        return [value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : String(value), since(start)];
      },
    }),
    collatz: defineFunction({
      doc:
        'Return [steps, seconds]: the Collatz sequence from `start` down to (not including) 1, and the time taken,\n' +
        'in seconds, for performance tests. Raises SaltInvocationError when start is below 1 (Salt would loop forever).',
      example: "salt '*' test.collatz 3",
      args: [{ name: 'start', type: 'integer', required: true, doc: 'The first number, 1 or more.' }],
      run: (_ctx, a) => {
        if (a.start < 1) throw new SaltInvocationError(`test.collatz: start must be 1 or more, got ${a.start}`);
        const begin = process.hrtime.bigint();
        const steps: number[] = [];
        for (let n = a.start; n !== 1; n = n % 2 === 0 ? n / 2 : n * 3 + 1) steps.push(n);
        return [steps, since(begin)];
      },
    }),
    retcode: defineFunction({
      doc: "Set the job's return code to `code` and return True, to test how return codes reach the CLI (salt exits with it under --retcode-passthrough).",
      example: "salt '*' test.retcode 42",
      args: [{ name: 'code', type: 'integer', default: 42, doc: 'The return code.' }],
      run: (ctx, a) => {
        ctx.setRetcode(a.code);
        return true;
      },
    }),
    random_hash: defineFunction({
      doc:
        "Return the hex digest of a random integer from 0 to `size` (its decimal digits), hashed with `hash_type`:\n" +
        "the minion's `hash_type` option when set, else sha256 (Salt's default). Raises SaltInvocationError for an unknown hash type.",
      example: "salt '*' test.random_hash hash_type=sha512",
      args: [
        { name: 'size', type: 'integer', default: 9999999999, doc: 'The largest random integer.' },
        { name: 'hash_type', type: 'string', doc: `Hash to use: ${HASH_TYPES.join(', ')}.` },
      ],
      run: (ctx, a) => randomHash(ctx, a.size, a.hash_type),
    }),
    rand_str: defineFunction({
      doc: 'The former name of test.random_hash, kept as Salt keeps it: the same arguments and return.',
      example: "salt '*' test.rand_str",
      args: [
        { name: 'size', type: 'integer', default: 9999999999, doc: 'The largest random integer.' },
        { name: 'hash_type', type: 'string', doc: `Hash to use: ${HASH_TYPES.join(', ')}.` },
      ],
      run: (ctx, a) => randomHash(ctx, a.size, a.hash_type),
    }),
    exception: defineFunction({
      doc: 'Raise an (unexpected) exception with `message`: the minion returns "The minion function caused an exception: ..." with its stack, and retcode 1.',
      example: "salt '*' test.exception 'Oh noes!'",
      args: [{ name: 'message', type: 'string', default: 'Test Exception', doc: "The exception's message." }],
      run: (_ctx, a) => {
        throw pythonError('Exception', [a.message]);
      },
    }),
    raise_exception: defineFunction({
      doc:
        "Raise the exception named `name` with `args`, to test error handling: a Python built-in ('TypeError', raised as an\n" +
        "unexpected exception) or one of Salt's ('salt.exceptions.CommandExecutionError', reported as Salt reports it:\n" +
        "'ERROR: ...'). An unknown name is logged as an error and returns False.",
      example: `salt '*' test.raise_exception salt.exceptions.CommandExecutionError "Something went wrong"`,
      args: [{ name: 'name', type: 'string', required: true, doc: "The exception's class name." }],
      varargs: true,
      varkwargs: true,
      run: (ctx, a) => {
        if (a.name.startsWith('salt.exceptions.')) {
          const cls = SALT_EXCEPTIONS[a.name.slice('salt.exceptions.'.length)];
          if (cls) throw new cls(a.__args__.length ? pyStr(a.__args__[0]) : '');
        } else if (PYTHON_EXCEPTIONS.has(a.name)) {
          throw pythonError(a.name, a.__args__);
        }
        ctx.log.error(`No such exception: ${a.name}`);
        return false;
      },
    }),
    assertion: defineFunction({
      doc: 'Assert that `assertion` is true (Python truth: None, False, 0, empty text, list or dict are false): returns None, else raises AssertionError.',
      example: "salt '*' test.assertion False",
      args: [{ name: 'assertion', type: 'any', required: true, doc: 'The value to check.' }],
      run: (_ctx, a) => {
        if (!truthy(a.assertion)) throw pythonError('AssertionError', []);
        return null;
      },
    }),
    try: defineFunction({
      doc:
        "Run the function `module` ('mod.fun') with the other keyword arguments and return its result; when it fails,\n" +
        'return None, or the error message with return_try_exception=True. For templates where a call may fail.',
      example: "salt '*' test.try module=file.read path=/nonexistent return_try_exception=True",
      args: [
        { name: 'module', type: 'string', required: true, doc: "The function, e.g. 'file.read'." },
        { name: 'return_try_exception', type: 'boolean', default: false, doc: 'Return the error message instead of None on failure.' },
      ],
      varkwargs: true,
      run: async (ctx, a) => {
        try {
          return await ctx.salt.call(a.module, [], a.__kwargs__);
        } catch (err) {
          return a.return_try_exception ? errorMessage(err) : null;
        }
      },
    }),
    stack: defineFunction({
      doc: "Return the stack of calls that led to this function on the minion, as text (brine's JavaScript stack where Salt prints Python's).",
      example: "salt '*' test.stack",
      args: [],
      run: () => (new Error().stack ?? '').split('\n').slice(1).map((l) => `${l.trim()}\n`).join(''),
    }),
    tty: defineFunction({
      doc: "Deprecated, as in Salt: returns 'ERROR: This function has been moved to cmd.tty'.",
      example: "salt '*' test.tty pts3 'This is a test'",
      args: [],
      varargs: true,
      varkwargs: true,
      run: () => 'ERROR: This function has been moved to cmd.tty',
    }),
    deprecation_warning: defineFunction({
      doc: "Log Salt's two test deprecation warnings (one by version, one by date) on the minion at warning level, and return True.",
      example: "salt '*' test.deprecation_warning",
      args: [],
      run: (ctx) => {
        ctx.log.warning('DeprecationWarning: This is a test deprecation warning by version.');
        ctx.log.warning('DeprecationWarning: This is a test deprecation warning by date very far into the future (3000-01-01).');
        return true;
      },
    }),
    true: defineFunction({
      doc: 'Always return True.',
      example: "salt '*' test.true",
      args: [],
      run: () => true,
    }),
    false: defineFunction({
      doc: 'Always return False.',
      example: "salt '*' test.false",
      args: [],
      run: () => false,
    }),
  },
});

/**
 * Salt's `hashutils.random_hash`: a random integer from 0 to `size`, hashed as text.
 * @throws SaltInvocationError for a negative size or an unknown hash type
 */
function randomHash(ctx: ExecContext, size: number, hashType: string | undefined): string {
  const opt = (ctx.opts as { hash_type?: unknown }).hash_type;
  const type = hashType || (typeof opt === 'string' ? opt : 'sha256');
  if (!HASH_TYPES.includes(type)) throw new SaltInvocationError(`Invalid hash type '${type}': use one of ${HASH_TYPES.join(', ')}`);
  if (size < 0) throw new SaltInvocationError(`size must be zero or more, got ${size}`);
  return crypto.createHash(nodeHash(type)).update(randomUpTo(size)).digest('hex');
}
