import type { MinionConfig } from '@brine/core/config/minion';
import { StateCompileError } from '@brine/core/state/compile-error';
import type { StateResults } from '@brine/core/state/result';
import { StateSystem } from '@brine/core/state/system';
import { rows, StateBench } from './harness';

let bench: StateBench;
beforeEach(() => {
  bench = new StateBench();
});
afterEach(() => bench.cleanup());

async function apply(sls: string, test = false, opts: Partial<MinionConfig> = {}): Promise<StateResults> {
  bench.files({ 'main.sls': sls });
  const ctx = bench.ctx();
  const sys = new StateSystem({ ctx: { ...ctx, opts: { ...ctx.opts, ...opts } }, states: bench.states, test });
  return sys.run(sys.low(await sys.sls(['main'])));
}

/** `[id, result, comment]` in run order. */
async function outcome(sls: string, test = false): Promise<Array<[string, boolean | null, string]>> {
  return rows(await apply(sls, test)).map(([tag, result, comment]) => [tag.split('_|-')[1], result, comment]);
}

describe('the return has Salt\'s shape', () => {
  it('keys module_|-id_|-name_|-function; values with timing and bookkeeping, numbered in run order', async () => {
    const ret = await apply('b:\n  fake.present:\n    - name: /etc/b\n    - contents: hi\na:\n  fake.nop:\n    - require_in: [b]\n');
    expect(Object.keys(ret)).toEqual(['fake_|-a_|-a_|-nop', 'fake_|-b_|-/etc/b_|-present']);
    const b = ret['fake_|-b_|-/etc/b_|-present'];
    expect(Object.keys(b).sort()).toEqual(['__id__', '__run_num__', '__sls__', 'changes', 'comment', 'duration', 'name', 'result', 'start_time']);
    expect(b).toMatchObject({ name: '/etc/b', result: true, changes: { new: 'hi' }, comment: '/etc/b updated', __run_num__: 1, __sls__: 'main', __id__: 'b' });
    expect(b.start_time).toMatch(/^\d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(typeof b.duration).toBe('number');
    expect(b.duration).toBeGreaterThanOrEqual(0);
    expect(Math.round(b.duration * 1000) / 1000).toBe(b.duration);
    expect(ret['fake_|-a_|-a_|-nop'].__run_num__).toBe(0);
  });

  it.each<[string, string, string | RegExp]>([
    ['a state function that throws', 'x: fake.raise\n', /^An exception occurred in this state: Error: kaboom\n\s+at /],
    ['a malformed return', 'x: fake.shape\n', 'The following keys were not present in the state return: changes,comment'],
    ['an unknown argument', 'x:\n  fake.nop:\n    - bogus: 1\n', "'bogus' is an invalid keyword argument for 'fake.nop'"],
    ['unknown arguments', 'x:\n  fake.nop:\n    - a: 1\n    - b: 2\n    - c: 3\n', "'a', 'b' and 'c' are invalid keyword arguments for 'fake.nop'"],
    ['an argument of the wrong type', 'x:\n  fake.present:\n    - contents: [1]\n', /^Passed invalid arguments to fake.present: argument 'contents' must be of type string/],
  ])('%s gives result False with the error as comment', async (_name, sls, comment) => {
    const [[, result, text]] = await outcome(sls);
    expect(result).toBe(false);
    expect(text).toEqual(comment instanceof RegExp ? expect.stringMatching(comment) : comment);
  });

  it('a state function that does not exist is a compile error, before anything runs', async () => {
    await expect(apply('a: fake.nop\nb: fake.nothing\n')).rejects.toThrow(StateCompileError);
    await expect(apply('a: fake.nop\nb: fake.nothing\n')).rejects.toThrow("State 'fake.nothing' was not found in SLS 'main'\nReason: 'fake.nothing' is not available.\n");
    expect(bench.log).toEqual([]);
  });

  it('a requisite cycle runs nothing', async () => {
    await expect(apply('a:\n  fake.change:\n    - require: [b]\nb:\n  fake.change:\n    - require: [a]\n')).rejects.toThrow(/^Recursive requisite found/);
    expect(bench.log).toEqual([]);
  });
});

describe('failure propagation', () => {
  it('a failed requisite blocks what depends on it, down the chain; others run', async () => {
    const sls = 'bad: fake.fail\nb:\n  fake.nop:\n    - require: [bad]\nc:\n  fake.nop:\n    - require: [b]\nd: fake.nop\n';
    expect(await outcome(sls)).toEqual([
      ['bad', false, 'Failure!'],
      ['b', false, 'One or more requisite failed: main.bad'],
      ['c', false, 'One or more requisite failed: main.b'],
      ['d', true, 'Nothing to do'],
    ]);
    expect(bench.log).toEqual(['fail bad', 'nop d']);
  });

  it('every failed requisite is named', async () => {
    const sls = 'x: fake.fail\ny: fake.raise\nz:\n  fake.nop:\n    - require: [x]\n    - watch: [y]\n';
    expect((await outcome(sls))[2]).toEqual(['z', false, 'One or more requisite failed: main.x, main.y']);
  });

  it.each<[string, string]>([['onchanges', 'onchanges'], ['watch', 'watch'], ['a prereq\'d test run', 'prereq']])('a failed %s blocks too', async (_name, kind) => {
    const ids = await outcome(`x: fake.fail\ny:\n  fake.nop:\n    - ${kind}: [x]\n`);
    expect(ids.find(([id]) => id === 'y')).toEqual(['y', false, 'One or more requisite failed: main.x']);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['failhard on the state', {}, 'a:\n  fake.fail:\n    - failhard: True\nb: fake.nop\n'],
    ['the failhard option', { failhard: true }, 'a: fake.fail\nb: fake.nop\n'],
  ])('%s stops the run at the first failure', async (_name, opts, sls) => {
    expect(Object.keys(await apply(sls, false, opts))).toEqual(['fake_|-a_|-a_|-fail']);
    expect(Object.keys(await apply(sls, true, opts))).toHaveLength(2);
  });

  it('failhard False on a state overrides the option', async () => {
    expect(Object.keys(await apply('a:\n  fake.fail:\n    - failhard: False\nb: fake.nop\n', false, { failhard: true }))).toHaveLength(2);
  });
});

describe('onchanges, onfail, watch', () => {
  it.each<[string, string, Array<[string, boolean | null, string]>]>([
    ['onchanges runs when a target changed', 'x: fake.change\ny:\n  fake.nop:\n    - onchanges: [x]\n', [['x', true, 'Changed'], ['y', true, 'Nothing to do']]],
    [
      'onchanges skips when no target changed',
      'x: fake.nop\ny:\n  fake.change:\n    - onchanges: [x]\n',
      [['x', true, 'Nothing to do'], ['y', true, 'State was not run because none of the onchanges reqs changed']],
    ],
    ['onchanges runs when any target changed', 'x: fake.nop\nw: fake.change\ny:\n  fake.nop:\n    - onchanges: [x, w]\n', [['x', true, 'Nothing to do'], ['w', true, 'Changed'], ['y', true, 'Nothing to do']]],
    ['onfail runs when a target failed', 'x: fake.fail\ny:\n  fake.nop:\n    - onfail: [x]\n', [['x', false, 'Failure!'], ['y', true, 'Nothing to do']]],
    ['onfail skips when no target failed', 'x: fake.nop\ny:\n  fake.nop:\n    - onfail: [x]\n', [['x', true, 'Nothing to do'], ['y', true, 'State was not run because onfail req did not change']]],
    ['onfail runs when any target failed', 'x: fake.nop\nw: fake.fail\ny:\n  fake.nop:\n    - onfail: [x, w]\n', [['x', true, 'Nothing to do'], ['w', false, 'Failure!'], ['y', true, 'Nothing to do']]],
    ['a watched change fires mod_watch', 'x: fake.change\ny:\n  fake.nop:\n    - watch: [x]\n', [['x', true, 'Changed'], ['y', true, 'Restarted']]],
    ['no change, no mod_watch', 'x: fake.nop\ny:\n  fake.nop:\n    - watch: [x]\n', [['x', true, 'Nothing to do'], ['y', true, 'Nothing to do']]],
    ['a watcher that changed by itself needs no mod_watch', 'x: fake.change\ny:\n  fake.change:\n    - watch: [x]\n', [['x', true, 'Changed'], ['y', true, 'Changed']]],
    ['watch on a module without mod_watch acts as require', 'x: fake.change\ny:\n  plain.nop:\n    - watch: [x]\n', [['x', true, 'Changed'], ['y', true, 'Nothing to do']]],
  ])('%s', async (_name, sls, expected) => {
    expect(await outcome(sls)).toEqual(expected);
  });

  it('mod_watch gets the watcher\'s arguments plus sfun, and its changes are the result', async () => {
    const ret = await apply('x: fake.change\ny:\n  fake.nop:\n    - name: svc\nz:\n  fake.nop:\n    - name: other\n    - watch: [x]\n');
    expect(bench.log).toEqual(['change x', 'nop svc', 'nop other', 'mod_watch(nop) other']);
    expect(ret['fake_|-z_|-other_|-nop'].changes).toEqual({ restarted: true });
  });

  it('a state skipped by onchanges does not count as run for its own onchanges dependents', async () => {
    const sls = 'x: fake.nop\ny:\n  fake.change:\n    - onchanges: [x]\nz:\n  fake.nop:\n    - onchanges: [y]\n';
    expect((await outcome(sls))[2]).toEqual(['z', true, 'State was not run because none of the onchanges reqs changed']);
  });
});

describe('prereq', () => {
  const SLS = 'stop:\n  fake.nop:\n    - prereq:\n      - fake: conf\nconf:\n  fake.present:\n    - contents: v2\n';

  it('runs the target in test mode first, the prereq\'ing state only if it would change, then the target', async () => {
    expect(await outcome(SLS)).toEqual([['stop', true, 'Nothing to do'], ['conf', true, 'conf updated']]);
    expect(bench.log).toEqual(['present conf (test)', 'nop stop', 'present conf']);
  });

  it('when the target would not change, the prereq\'ing state does not run', async () => {
    bench.world.set('conf', 'v2');
    expect(await outcome(SLS)).toEqual([['stop', true, 'No changes detected'], ['conf', true, 'conf is in the correct state']]);
    expect(bench.log).toEqual(['present conf (test)', 'present conf']);
  });

  it('when the target\'s test run fails, both fail and the target shows its own error', async () => {
    expect(await outcome('stop:\n  fake.nop:\n    - prereq: [conf]\nconf: fake.fail\n')).toEqual([
      ['stop', false, 'One or more requisite failed: main.conf'],
      ['conf', false, 'Failure!'],
    ]);
    expect(bench.log).toEqual(['fail conf (test)']);
  });

  it('when the prereq\'ing state fails, the target does not run', async () => {
    expect(await outcome('stop:\n  fake.fail:\n    - prereq: [conf]\nconf: fake.change\n')).toEqual([
      ['stop', false, 'Failure!'],
      ['conf', false, 'One or more requisite failed: main.stop'],
    ]);
  });
});

describe('test mode', () => {
  it('state modules see ctx.test; would-be changes come back None; nothing changes', async () => {
    const ret = await apply('conf:\n  fake.present:\n    - contents: v1\nsame: fake.nop\nafter:\n  fake.nop:\n    - onchanges: [conf]\n', true);
    expect(rows(ret).map(([, r]) => r)).toEqual([null, true, true]);
    expect(ret['fake_|-conf_|-conf_|-present'].changes).toEqual({ new: 'v1' });
    expect(bench.world.size).toBe(0);
    expect(bench.log).toEqual(['present conf (test)', 'nop same (test)', 'nop after (test)']);
  });
});
