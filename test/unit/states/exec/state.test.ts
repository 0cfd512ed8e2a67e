import path from 'node:path';
import { SaltInvocationError } from '@brine/core/errors';
import { LocalFileClient } from '@brine/core/fileclient/local';
import { rows, StateBench } from '../../core/state/harness';

let bench: StateBench;
afterEach(() => bench.cleanup());

const TREE = {
  'top.sls': "base:\n  '*':\n    - web\n  'db*':\n    - db\n",
  'web/init.sls':
    'include:\n  - .conf\nweb_dir:\n  fake.present:\n    - name: /srv/www/{{opts.id}}\n    - contents: dir\n' +
    'web_init:\n  fake.change:\n    - name: init {{pillar_get "web:port" 80}}\n    - onchanges:\n      - fake: web_conf\n',
  'web/conf.sls': 'web_conf:\n  fake.present:\n    - contents: port={{pillar.web.port}} host={{pillar.web.host}}\n',
  'db.sls': 'db: fake.nop\n',
  'broken.sls': 'a:\n  fake.nop:\n    - name: {{#if x}}\n',
  'cycle.sls': 'a:\n  fake.nop:\n    - require: [b]\nb:\n  fake.nop:\n    - require: [a]\n',
  'bad.sls': 'x: fake.fail\ny:\n  fake.nop:\n    - require: [x]\n',
};

function setup(tree: Record<string, string> = TREE): StateBench {
  bench = new StateBench({ pillar: { web: { host: 'example.org', port: 80 } } });
  bench.files(tree);
  return bench;
}

describe('state.apply / state.highstate', () => {
  it('applies the top file\'s SLS; a second run changes nothing', async () => {
    setup();
    const first = await bench.call('state.apply');
    expect(first.retcode).toBe(0);
    expect(rows(first.ret)).toEqual([
      ['fake_|-web_conf_|-web_conf_|-present', true, 'web_conf updated'],
      ['fake_|-web_dir_|-/srv/www/minion1_|-present', true, '/srv/www/minion1 updated'],
      ['fake_|-web_init_|-init 80_|-change', true, 'Changed'],
    ]);
    expect(bench.world.get('web_conf')).toBe('port=80 host=example.org');

    const second = await bench.call('state.highstate');
    expect(rows(second.ret).map(([, , comment]) => comment)).toEqual([
      'web_conf is in the correct state',
      '/srv/www/minion1 is in the correct state',
      'State was not run because none of the onchanges reqs changed',
    ]);
    expect(Object.values(second.ret).every((r: any) => Object.keys(r.changes).length === 0)).toBe(true);
  });

  it('test=True reports None for pending changes and touches nothing', async () => {
    setup();
    const { ret, retcode } = await bench.call('state.apply', 'test=True');
    expect(retcode).toBe(0);
    expect(rows(ret).map(([, result]) => result)).toEqual([null, null, null]);
    expect(bench.world.size).toBe(0);
    expect(bench.log.every((l) => l.endsWith('(test)'))).toBe(true);
  });

  it('pillar= merges over the minion\'s pillar', async () => {
    setup();
    const { ret } = await bench.call('state.apply', 'pillar={"web": {"port": 8080}}');
    expect(Object.keys(ret)).toContain('fake_|-web_init_|-init 8080_|-change');
    expect(bench.world.get('web_conf')).toBe('port=8080 host=example.org');
  });

  it('saltenv= reads another environment', async () => {
    bench = new StateBench();
    bench.files({ '../dev/top.sls': "dev:\n  '*':\n    - tools\n", '../dev/tools.sls': 'tool: fake.nop\n' });
    bench.base.files = new LocalFileClient({ base: [path.join(bench.dir, 'roots')], dev: [path.join(bench.dir, 'dev')] });
    const { ret, retcode } = await bench.call('state.apply', 'saltenv=dev');
    expect(retcode).toBe(0);
    expect(Object.keys(ret)).toEqual(['fake_|-tool_|-tool_|-nop']);
    expect((await bench.call('state.sls', 'tools', 'saltenv=dev')).retcode).toBe(0);
  });

  it('a top file that selects nothing gives Salt\'s failed pseudo-state and retcode 2', async () => {
    setup({ 'top.sls': "base:\n  'nobody':\n    - web\n" });
    const { ret, retcode } = await bench.call('state.apply');
    expect(retcode).toBe(2);
    expect(Object.keys(ret)).toEqual(['no_|-states_|-states_|-None']);
    expect(ret['no_|-states_|-states_|-None']).toMatchObject({ result: false, comment: 'No Top file or master_tops data matches found. Please see master log for details.' });
  });
});

describe('state.apply <sls> / state.sls', () => {
  it.each<[string, string[]]>([
    ['one SLS', ['web']],
    ['a comma-separated list', ['db,web']],
    ['a YAML list', ['[db, web]']],
  ])('%s', async (_name, words) => {
    setup();
    const { ret, retcode } = await bench.call('state.apply', ...words);
    expect(retcode).toBe(0);
    expect(Object.keys(ret).length).toBeGreaterThanOrEqual(3);
  });

  it('a failed state sets retcode 2 (EX_STATE_FAILURE)', async () => {
    setup();
    const { ret, retcode } = await bench.call('state.sls', 'bad');
    expect(retcode).toBe(2);
    expect(rows(ret).map(([, result, comment]) => [result, comment])).toEqual([[false, 'Failure!'], [false, 'One or more requisite failed: bad.x']]);
  });

  it.each<[string, string, RegExp]>([
    ['a missing SLS', 'ghost', /^No matching sls found for 'ghost' in env 'base'$/],
    ['a render error', 'broken', /^Rendering SLS 'base:broken' failed: Handlebars syntax error: .*; line 3\n\n---\n/],
    ['a requisite cycle', 'cycle', /^Recursive requisite found: cycle\.a \(fake\.nop\) -> cycle\.b \(fake\.nop\) -> cycle\.a \(fake\.nop\)$/],
  ])('%s returns the list of errors with retcode 1', async (_name, sls, message) => {
    setup();
    const { ret, retcode } = await bench.call('state.apply', sls);
    expect(retcode).toBe(1);
    expect(ret).toEqual([expect.stringMatching(message)]);
  });
});

describe('state.single', () => {
  it('runs one state function', async () => {
    setup();
    const { ret, retcode } = await bench.call('state.single', 'fake.present', 'name=motd', 'contents=hello');
    expect(retcode).toBe(0);
    expect(ret).toEqual({
      'fake_|-motd_|-motd_|-present': expect.objectContaining({ name: 'motd', result: true, changes: { new: 'hello' }, __run_num__: 0, __sls__: null, __id__: 'motd' }),
    });
    expect(bench.world.get('motd')).toBe('hello');
  });

  it('honours test=True and reports failures with retcode 2', async () => {
    setup();
    expect(Object.values((await bench.call('state.single', 'fake.present', 'motd', 'contents=x', 'test=True')).ret).map((r: any) => r.result)).toEqual([null]);
    expect((await bench.call('state.single', 'fake.fail', 'x')).retcode).toBe(2);
  });

  it('refuses a function without a module', async () => {
    setup();
    await expect(bench.call('state.single', 'present', 'name=x')).rejects.toThrow(SaltInvocationError);
  });

  it('a state function that does not exist is a compile error', async () => {
    setup();
    expect(await bench.call('state.single', 'fake.nothing', 'x')).toEqual({
      ret: ["State 'fake.nothing' was not found\nReason: 'fake.nothing' is not available.\n"],
      retcode: 1,
    });
  });
});

describe('state.show_*', () => {
  it('show_top', async () => {
    setup();
    expect(await bench.call('state.show_top')).toEqual({ ret: { base: ['web'] }, retcode: 0 });
  });

  it('show_sls returns Salt\'s high data', async () => {
    setup();
    const { ret } = await bench.call('state.show_sls', 'db');
    expect(ret).toEqual({ db: { fake: ['nop', { order: 10000 }], __sls__: 'db', __env__: 'base' } });
  });

  it('show_highstate and show_lowstate', async () => {
    setup();
    const high = (await bench.call('state.show_highstate')).ret;
    expect(Object.keys(high)).toEqual(['web_conf', 'web_dir', 'web_init']);
    const low = (await bench.call('state.show_lowstate')).ret;
    expect(low.map((c: any) => `${c.state}.${c.fun} ${c.__id__}`)).toEqual(['fake.present web_conf', 'fake.present web_dir', 'fake.change web_init']);
    expect(low[2]).toMatchObject({ __sls__: 'web', __env__: 'base', name: 'init 80', onchanges: [{ fake: 'web_conf' }] });
  });

  it('show_sls errors come back as a list with retcode 1', async () => {
    setup();
    expect(await bench.call('state.show_sls', 'ghost')).toEqual({ ret: ["No matching sls found for 'ghost' in env 'base'"], retcode: 1 });
  });

  it('nothing is shown as an empty result when the top file selects nothing', async () => {
    setup({ 'top.sls': "base:\n  'nobody':\n    - web\n" });
    expect((await bench.call('state.show_highstate')).ret).toEqual({});
    expect((await bench.call('state.show_lowstate')).ret).toEqual([]);
  });
});

describe('module metadata', () => {
  it('apply, sls, highstate and single use the highstate outputter; show_* do not', () => {
    setup();
    const out = Object.fromEntries(
      ['apply', 'sls', 'highstate', 'single', 'show_sls', 'show_top', 'show_highstate', 'show_lowstate'].map((f) => [f, bench.loader.resolve(`state.${f}`).outputter]),
    );
    expect(out).toEqual({
      apply: 'highstate', sls: 'highstate', highstate: 'highstate', single: 'highstate',
      show_sls: undefined, show_top: undefined, show_highstate: undefined, show_lowstate: undefined,
    });
  });

  it('every function takes test, saltenv and pillar', () => {
    setup();
    for (const fn of Object.values(bench.loader.module('state')!.functions)) {
      expect(fn.args.map((a) => a.name)).toEqual(expect.arrayContaining(['test', 'saltenv', 'pillar']));
      expect(fn.doc.length).toBeGreaterThan(20);
      expect(fn.example).toMatch(/^salt '\*' state\./);
    }
  });
});
