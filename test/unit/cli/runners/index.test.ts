import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentsError, SaltInvocationError } from '@brine/core/errors';
import { bindArgs, parseCliArgs } from '@brine/core/loader/args';
import saltRun from '@brine/cli/commands/salt-run';
import { resolveRunner, RUNNERS, runnerDocs } from '@brine/cli/runners/index';
import { describeRegistry } from '../../helpers/registry';

describeRegistry('the runner registry', {
  dir: path.join(__dirname, '../../../../packages/cli/src/runners'),
  notEntries: ['define.ts'],
  entries: RUNNERS,
  example: (key, fun) => new RegExp(`^salt-run ${key}\\.${fun}( |$)`),
});

describe('resolving a runner function', () => {
  it('finds registered functions', () => {
    expect(resolveRunner('jobs.lookup_jid')).toBe(RUNNERS.find((r) => r.name === 'jobs')?.functions.lookup_jid);
  });

  it.each(['jobs.nope', 'nope.up', 'jobs', 'manage.', '.up', 'jobs.toString'])("says '%s' is not available", (fun) => {
    expect(() => resolveRunner(fun)).toThrow(new SaltInvocationError(`'${fun}' is not available.`));
  });
});

describe('binding salt-run arguments, as module arguments', () => {
  const bind = (fun: string, ...words: string[]) => {
    const { arg, kwarg } = parseCliArgs(words);
    return bindArgs(fun, resolveRunner(fun), arg, kwarg);
  };

  it.each<[string, string[], Record<string, unknown>]>([
    ['jobs.list_jobs', [], { count: undefined }],
    ['jobs.list_jobs', ['count=5'], { count: 5 }],
    ['jobs.lookup_jid', ['20261121162312416306'], { jid: '20261121162312416306' }],
    ['manage.up', [], {}],
  ])('%s %j binds as %j', (fun, words, bound) => {
    expect(bind(fun, ...words)).toEqual(bound);
  });

  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-salt-run-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each<[string[], typeof SaltInvocationError, string]>([
    [['jobs.nope'], SaltInvocationError, "'jobs.nope' is not available."],
    [['jobs.list_jobs', 'count=many'], InvalidArgumentsError, `Passed invalid arguments to jobs.list_jobs: argument 'count' must be of type integer, got "many"`],
    [['jobs.lookup_jid'], InvalidArgumentsError, "Passed invalid arguments to jobs.lookup_jid: lookup_jid() missing 1 required positional argument: 'jid'"],
    [['manage.up', 'tgt=web*'], SaltInvocationError, 'The following keyword arguments are not valid: tgt'],
  ])('salt-run %j fails before contacting the master', async (words, cls, message) => {
    const run = saltRun.run([...words, '-c', dir]);
    await expect(run).rejects.toThrow(cls);
    await expect(run).rejects.toThrow(message);
  });
});

describe('salt-run -d: the docs of runner functions', () => {
  it('documents one function, a module, a glob or everything, sorted', () => {
    expect(Object.keys(runnerDocs('survey.hash'))).toEqual(['survey.hash']);
    expect(Object.keys(runnerDocs('cache'))).toEqual(['cache.grains', 'cache.mine', 'cache.pillar']);
    expect(Object.keys(runnerDocs('*.file_list'))).toEqual(['fileserver.file_list']);
    expect(Object.keys(runnerDocs()).length).toBe(RUNNERS.reduce((n, r) => n + Object.keys(r.functions).length, 0));
    expect(runnerDocs('nope')).toEqual({});
  });

  it('shows the doc and the CLI example, as sys.doc does', () => {
    expect(runnerDocs('manage.versions')['manage.versions']).toMatch(/Up to date[\s\S]*CLI Example:\n\n {8}salt-run manage\.versions\n/);
  });
});
