import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { Loader } from '@brine/core/loader/loader';
import { MODULES } from '@brine/modules/index';
import { callContext, makeHarness, type Harness } from '../helpers/exec-context';

let h: Harness;
beforeEach(() => (h = makeHarness({ os: 'Debian' })));
afterEach(() => h.cleanup());

const rootVersion = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

/** The 37 functions Salt 3006 lists for `sys.list_functions test` (reference sys_list_functions_test.txt). */
const SALT_TEST_FUNCTIONS = fs
  .readFileSync(path.join(__dirname, '../../fixtures/reference/sys_list_functions_test.txt'), 'utf8')
  .split('\n')
  .flatMap((l) => /^ {4}- test\.(\S+)$/.exec(l)?.slice(1) ?? []);

describe('test module', () => {
  it('has every function Salt 3006 lists, and no other', () => {
    expect(SALT_TEST_FUNCTIONS).toHaveLength(37);
    expect(Object.keys(h.loader.module('test')!.functions).sort()).toEqual([...SALT_TEST_FUNCTIONS].sort());
  });

  it.each([
    ['test.ping', [], true],
    ['test.true', [], true],
    ['test.false', [], false],
    ['test.echo', ['1'], 1],
    ['test.echo', ['hello world'], 'hello world'],
    ['test.echo', ['[a, 2]'], ['a', 2]],
    ['test.echo', ['text=true'], true],
    ['test.outputter', ['{a: 1}'], { a: 1 }],
    ['test.arg', ['1', 'two', 'three=3'], { args: [1, 'two'], kwargs: { three: 3 } }],
    ['test.arg', [], { args: [], kwargs: {} }],
    ['test.kwarg', ['num=1', 'txt=two'], { num: 1, txt: 'two' }],
    ['test.arg_clean', ['1', '__pub_jid=123', 'txt=hello'], { args: [1], kwargs: { txt: 'hello' } }],
    ['test.arg_repr', ['1', 'two', '3.1', 'txt=hello', 'wow={a: 1, b: "hello"}'], { args: "(1, 'two', 3.1)", kwargs: "{'txt': 'hello', 'wow': {'a': 1, 'b': 'hello'}}" }],
    ['test.arg_repr', ['1'], { args: '(1,)', kwargs: '{}' }],
    ['test.arg_type', ['1', 'int', '2.5', 'null', 'x=[1]', 'y={}', 'z=True'], {
      args: ["<class 'int'>", "<class 'str'>", "<class 'float'>", "<class 'NoneType'>"],
      kwargs: { x: "<class 'list'>", y: "<class 'dict'>", z: "<class 'bool'>" },
    }],
    ['test.tty', ['pts3', 'hi'], 'ERROR: This function has been moved to cmd.tty'],
    ['test.sleep', ['0.01'], true],
    ['test.rand_sleep', ['0'], true],
    ['test.assertion', ['True'], null],
    ['test.provider', ['pkg'], 'aptpkg'],
    ['test.provider', ['nosuch'], ''],
    ['test.cross_test', ['test.echo', '[hi]'], 'hi'],
    ['test.conf_test', [], 'unconfigured'],
    ['test.deprecation_warning', [], true],
    ['test.try', ['module=test.echo', 'text=hi'], 'hi'],
    ['test.try', ['module=file.read', 'path=/nonexistent/x'], null],
    ['test.raise_exception', ['NoSuchError'], false],
  ])('%s %j returns %j', async (fun, words, expected) => {
    await expect(h.call(fun, ...words)).resolves.toEqual(expected);
  });

  it('test.version and the versions report name brine and Node', async () => {
    await expect(h.call('test.version')).resolves.toBe(rootVersion);
    const report = (await h.call('test.versions_report')) as string;
    expect(report).toMatch(/^Brine Version:\n +brine: \S+\n \nNode Version:\n +Node: /);
    expect(report.endsWith(' ')).toBe(true);
    await expect(h.call('test.versions')).resolves.toBe(report);
    const info = (await h.call('test.versions_information')) as Record<string, Record<string, string>>;
    expect(Object.keys(info)).toEqual(['Brine Version', 'Node Version', 'Dependency Versions', 'System Versions']);
    expect(info['Node Version'].Node).toBe(process.versions.node);
  });

  it('test.fib and test.collatz compute and time their sequences', async () => {
    const [f10, secs] = (await h.call('test.fib', '10')) as [number, number];
    expect(f10).toBe(55);
    expect(secs).toBeGreaterThanOrEqual(0);
    await expect(h.call('test.fib', '0')).resolves.toEqual([0, expect.any(Number)]);
    await expect(h.call('test.fib', '1')).resolves.toEqual([1, expect.any(Number)]);
    await expect(h.call('test.fib', '100')).resolves.toEqual(['354224848179261915075', expect.any(Number)]);
    await expect(h.call('test.fib', '-1')).rejects.toThrow('Negative number is not allowed!');
    await expect(h.call('test.collatz', '3')).resolves.toEqual([[3, 10, 5, 16, 8, 4, 2], expect.any(Number)]);
    await expect(h.call('test.collatz', '0')).rejects.toBeInstanceOf(SaltInvocationError);
  });

  it('test.retcode sets the job retcode', async () => {
    const codes: number[] = [];
    const loader = new Loader(MODULES, h.ctx.opts, {});
    const base = callContext(h.dir, {}, h.abort.signal, { setRetcode: (c) => codes.push(c) });
    await expect(loader.call('test.retcode', [], {}, base)).resolves.toBe(true);
    await expect(loader.call('test.retcode', [3], {}, base)).resolves.toBe(true);
    expect(codes).toEqual([42, 3]);
  });

  it('test.random_hash hashes a random number with the asked hash', async () => {
    const a = (await h.call('test.random_hash')) as string;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await h.call('test.random_hash')).not.toBe(a);
    await expect(h.call('test.random_hash', 'hash_type=md5')).resolves.toMatch(/^[0-9a-f]{32}$/);
    await expect(h.call('test.rand_str', 'hash_type=sha512')).resolves.toMatch(/^[0-9a-f]{128}$/);
    // size=0 draws 0 every time: the hash of '0'.
    await expect(h.call('test.random_hash', 'size=0', 'hash_type=sha3_256')).resolves.toBe(crypto.createHash('sha3-256').update('0').digest('hex'));
    await expect(h.call('test.random_hash', 'hash_type=crc32')).rejects.toBeInstanceOf(SaltInvocationError);
  });

  it('test.random_hash takes any size a number holds, as Python does, and stays uniform', async () => {
    // A size of 2**64 or more made the old 64-bit rejection limit 0: the draw loop never ended and the minion froze.
    for (const size of ['18446744073709551616', '1e308']) {
      await expect(h.call('test.random_hash', `size=${size}`, 'hash_type=md5')).resolves.toMatch(/^[0-9a-f]{32}$/);
      await expect(h.call('test.rand_str', `size=${size}`, 'hash_type=md5')).resolves.toMatch(/^[0-9a-f]{32}$/);
    }
    // size=1 draws 0 or 1, and both come up.
    const hashes = new Set<unknown>();
    for (let i = 0; i < 64; i++) hashes.add(await h.call('test.random_hash', 'size=1', 'hash_type=md5'));
    expect(hashes).toEqual(new Set(['0', '1'].map((n) => crypto.createHash('md5').update(n).digest('hex'))));
    await expect(h.call('test.random_hash', 'size=-1')).rejects.toThrow(new SaltInvocationError('size must be zero or more, got -1'));
  });

  it('raises the exceptions asked for, as Salt reports them', async () => {
    await expect(h.call('test.exception')).rejects.toMatchObject({ name: 'Exception', message: 'Test Exception' });
    await expect(h.call('test.exception', 'Oh noes!')).rejects.toMatchObject({ name: 'Exception', message: 'Oh noes!' });
    await expect(h.call('test.raise_exception', 'TypeError', 'An integer is required')).rejects.toMatchObject({ name: 'TypeError', message: 'An integer is required' });
    await expect(h.call('test.raise_exception', 'salt.exceptions.CommandExecutionError', 'Something went wrong')).rejects.toThrow(
      new CommandExecutionError('Something went wrong'),
    );
    await expect(h.call('test.raise_exception', 'salt.exceptions.SaltInvocationError', 'bad')).rejects.toBeInstanceOf(SaltInvocationError);
    await expect(h.call('test.raise_exception', 'salt.exceptions.Nope')).resolves.toBe(false);
    await expect(h.call('test.assertion', 'False')).rejects.toMatchObject({ name: 'AssertionError' });
    await expect(h.call('test.assertion', '[]')).rejects.toMatchObject({ name: 'AssertionError' });
    await expect(h.call('test.try', 'module=file.read', 'path=/nonexistent/x', 'return_try_exception=True')).resolves.toMatch(/Unable to read \/nonexistent\/x/);
  });

  it('reports options, grains and the loader', async () => {
    await expect(h.call('test.get_opts')).resolves.toMatchObject({ id: 'minion1', cachedir: h.dir });
    await expect(h.call('test.opts_pkg')).resolves.toMatchObject({ id: 'minion1', grains: { os: 'Debian' } });
    const providers = (await h.call('test.providers')) as Record<string, string>;
    expect(providers).toMatchObject({ aptpkg: 'pkg', test: 'test', cmd: 'cmd' });
    const report = (await h.call('test.module_report')) as Record<string, string[]>;
    expect(report.functions).toContain('test.module_report');
    expect(report.modules).toContain('pkg');
    expect(report.missing_attrs).toEqual([]);
    const notLoaded = (await h.call('test.not_loaded')) as string[];
    expect(notLoaded).toEqual(fs.existsSync('/run/systemd/system') ? [] : ['systemd_service']);
    const stack = (await h.call('test.stack')) as string;
    expect(stack).toMatch(/^at .*\n/);
  });

  it('test.attr_call returns the grains from grains.items', async () => {
    await expect(h.call('test.attr_call')).resolves.toMatchObject({ os: 'Debian' });
  });

  it('test.sleep rejects when the job is aborted', async () => {
    const pending = h.call('test.sleep', '30');
    h.abort.abort(new Error('job timed out'));
    await expect(pending).rejects.toThrow(new CommandExecutionError('test.sleep was interrupted: job timed out'));
  });

  it('test.sleep refuses a negative length', async () => {
    await expect(h.call('test.sleep', '-1')).rejects.toBeInstanceOf(SaltInvocationError);
  });

  it('test.echo without its argument is an invocation error', async () => {
    await expect(h.call('test.echo')).rejects.toThrow("Passed invalid arguments to test.echo: echo() missing 1 required positional argument: 'text'");
  });

  it('an unknown function is not available', async () => {
    await expect(h.call('test.nope')).rejects.toThrow("'test.nope' is not available.");
  });
});

