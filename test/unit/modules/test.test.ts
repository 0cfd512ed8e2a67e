import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { makeHarness, type Harness } from '../helpers/exec-context';

let h: Harness;
beforeEach(() => (h = makeHarness()));
afterEach(() => h.cleanup());

const rootVersion = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

describe('test module', () => {
  it.each([
    ['test.ping', [], true],
    ['test.true', [], true],
    ['test.false', [], false],
    ['test.echo', ['1'], 1],
    ['test.echo', ['hello world'], 'hello world'],
    ['test.echo', ['[a, 2]'], ['a', 2]],
    ['test.echo', ['text=true'], true],
    ['test.arg', ['1', 'two', 'three=3'], { args: [1, 'two'], kwargs: { three: 3 } }],
    ['test.arg', [], { args: [], kwargs: {} }],
    ['test.sleep', ['0.01'], true],
  ])('%s %j returns %j', async (fun, words, expected) => {
    await expect(h.call(fun, ...words)).resolves.toEqual(expected);
  });

  it('test.version returns the version in the root package.json', async () => {
    await expect(h.call('test.version')).resolves.toBe(rootVersion);
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
