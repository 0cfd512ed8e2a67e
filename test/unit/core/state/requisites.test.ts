import { SaltRenderError } from '@brine/core/errors';
import { compileLow, type LowChunk } from '@brine/core/state/low';
import { planRun } from '@brine/core/state/requisites';
import { compileHigh } from '@brine/core/state/compile';
import { caught, StateBench } from './harness';

let bench: StateBench;
beforeEach(() => {
  bench = new StateBench();
});
afterEach(() => bench.cleanup());

async function chunks(tree: Record<string, string>): Promise<LowChunk[]> {
  bench.files(tree);
  const ctx = bench.ctx();
  const high = await compileHigh({ files: ctx.files, salt: ctx.salt, grains: ctx.grains, pillar: {}, opts: ctx.opts }, [{ sls: 'main', saltenv: 'base' }]);
  return compileLow(high);
}

/** The plan as IDs, a prereq test run written `id?`. */
async function plan(sls: string, extra: Record<string, string> = {}): Promise<string[]> {
  const low = await chunks({ 'main.sls': sls, ...extra });
  return planRun(low).steps.map((s) => `${low[s.index].__id__}${s.pretest ? '?' : ''}`);
}

async function planError(sls: string): Promise<string> {
  return (await caught(plan(sls), SaltRenderError)).message;
}

describe('run order with requisites', () => {
  it.each<[string, string, string[]]>([
    ['no requisites: definition order', 'a: fake.nop\nb: fake.nop\nc: fake.nop\n', ['a', 'b', 'c']],
    ['require pulls a later state first', 'a:\n  fake.nop:\n    - require:\n      - fake: c\nb: fake.nop\nc: fake.nop\n', ['c', 'a', 'b']],
    ['require_in does the same from the other side', 'a: fake.nop\nb: fake.nop\nc:\n  fake.nop:\n    - require_in:\n      - a\n', ['c', 'a', 'b']],
    ['a bare ID matches any module', 'a:\n  fake.nop:\n    - require:\n      - c\nb: fake.nop\nc: plain.nop\n', ['c', 'a', 'b']],
    ['a module.function reference keeps only the module', 'a:\n  fake.nop:\n    - watch:\n      - plain.change: c\nb: fake.nop\nc: plain.change\n', ['c', 'a', 'b']],
    ['a reference by name', 'a:\n  fake.nop:\n    - onchanges:\n      - fake: /etc/c.conf\nb: fake.nop\nc:\n  fake.change:\n    - name: /etc/c.conf\n', ['c', 'a', 'b']],
    ['a glob reference takes every match, in order', 'a:\n  fake.nop:\n    - require:\n      - fake: web_*\nweb_2: fake.nop\nb: fake.nop\nweb_1: fake.nop\n', ['web_2', 'web_1', 'a', 'b']],
    ['a whole SLS', 'include:\n  - other\na:\n  fake.nop:\n    - require:\n      - sls: other\n', ['x', 'y', 'a']],
    ['requisites of requisites first, each once', 'a:\n  fake.nop:\n    - require: [b, c]\nb:\n  fake.nop:\n    - require: [c]\nc: fake.nop\n', ['c', 'b', 'a']],
    ['prereq: test run of the target, then the state, then the target', 'stop:\n  fake.nop:\n    - prereq:\n      - fake: conf\nconf: fake.change\n', ['conf?', 'stop', 'conf']],
    ['prereq_in, with the target\'s own requisites before its test run', 'dep: fake.nop\nconf:\n  fake.change:\n    - require: [dep]\n    - prereq_in: [stop]\nstop: fake.nop\n', ['dep', 'conf?', 'stop', 'conf']],
  ])('%s', async (_name, sls, expected) => {
    expect(await plan(sls, { 'other.sls': 'x: fake.nop\ny: fake.nop\n' })).toEqual(expected);
  });
});

describe('requisite errors stop the run before anything runs', () => {
  it.each<[string, string, string]>([
    ['a two-state cycle', 'a:\n  fake.nop:\n    - require: [b]\nb:\n  fake.nop:\n    - require: [a]\n', 'Recursive requisite found: main.a (fake.nop) -> main.b (fake.nop) -> main.a (fake.nop)'],
    ['a state requiring itself', 'a:\n  fake.nop:\n    - watch: [a]\n', 'Recursive requisite found: main.a (fake.nop) -> main.a (fake.nop)'],
    [
      'a cycle through _in forms and names',
      'a:\n  fake.nop:\n    - require_in:\n      - fake: /b\nb:\n  fake.nop:\n    - name: /b\n    - onchanges_in: [c]\nc:\n  fake.nop:\n    - onfail_in: [a]\n',
      'Recursive requisite found: main.a (fake.nop) -> main.c (fake.nop) -> main.b (fake.nop /b) -> main.a (fake.nop)',
    ],
    [
      'a prereq on a state that requires the prereq\'ing one',
      'a:\n  fake.nop:\n    - prereq: [b]\nb:\n  fake.change:\n    - require: [a]\n',
      'Recursive requisite found: main.a (fake.nop) -> main.b (fake.change) [test run for prereq] -> main.a (fake.nop)',
    ],
    ['a reference to a missing state', 'a:\n  fake.nop:\n    - require:\n      - fake: ghost\n', 'Referenced state does not exist for requisite [require: (fake: ghost)] in state [a] in SLS [main]'],
    ['a reference with the wrong module', 'a:\n  fake.nop:\n    - require:\n      - plain: b\nb: fake.nop\n', 'Referenced state does not exist for requisite [require: (plain: b)] in state [a] in SLS [main]'],
    ['a missing _in target', 'a:\n  fake.nop:\n    - watch_in: [ghost]\n', 'Referenced state does not exist for requisite [watch_in: (id: ghost)] in state [a] in SLS [main]'],
    ['a reference that is not a string', 'a:\n  fake.nop:\n    - require:\n      - fake: [b]\nb: fake.nop\n', 'Requisite [require: fake] in state [a] in SLS [main] must have a string as the value'],
  ])('%s', async (_name, sls, message) => {
    expect(await planError(sls)).toBe(message);
  });
});
