/**
 * A Salt-style Jinja state tree end to end (issue 13): `renderer: jinja|yaml`
 * on the master and the minion, a formula with the map.jinja pattern
 * (grains.filter_by, pillar.get with merge, import with context,
 * import_yaml), pillar written in Jinja, a Jinja-templated managed file, and
 * a render error as state.show_sls shows it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from './helpers/cluster';

const JINJA = 'jinja|yaml';
let cluster: Cluster;
let base: string;
let out: string;

/** Write `files` under `dir`. */
function tree(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-jinja-states-'));
  out = path.join(base, 'out');
  tree(path.join(base, 'salt'), {
    'top.sls': "base:\n  '*':\n    - app\n",
    'app/defaults.yaml': 'app:\n  port: 80\n  workers: 2\n',
    'app/map.jinja': [
      "{% import_yaml tpldir ~ '/defaults.yaml' as defaults %}",
      "{% set os_map = salt['grains.filter_by']({'Debian': {'user': 'www-data'}, 'RedHat': {'user': 'apache'}}, default='Debian') %}",
      "{% do defaults.app.update(os_map) %}",
      "{% set app = salt['pillar.get']('app', defaults.app, merge=True) %}",
    ].join('\n'),
    'app/init.sls': [
      '{% from "app/map.jinja" import app with context %}',
      `{% set root = '${out}' %}`,
      'app_conf:',
      '  file.managed:',
      "    - name: {{ root }}/{{ grains['id'] }}.conf",
      '    - source: salt://app/files/app.conf.j2',
      '    - template: jinja',
      '    - makedirs: True',
      '    - context:',
      '        app: {{ app | json }}',
      '{% for i in range(app.workers) %}',
      'worker_{{ loop.index }}:',
      '  cmd.run:',
      '    - name: echo worker {{ i }}',
      '    - unless: "true"',
      '{% endfor %}',
      '',
    ].join('\n'),
    'app/files/app.conf.j2': 'port={{ app.port }} user={{ app.user }} workers={{ app.workers }} os={{ grains.os }}\n',
    'broken.sls': "ok:\n  test.nop: []\n{% set cfg = {'a': 1} %}\nbad:\n  test.nop:\n    - name: {{ cfg.b.c }}\n",
  });
  tree(path.join(base, 'pillar'), {
    'top.sls': "base:\n  '*':\n    - app\n",
    'app.sls': "{% set w = 1 + 2 %}\napp:\n  workers: {{ w }}\n  role: {{ grains['id'] | upper }}\n",
  });
  cluster = await Cluster.start({
    master: { renderer: JINJA, file_roots: { base: [path.join(base, 'salt')] }, pillar_roots: { base: [path.join(base, 'pillar')] }, timeout: 30 },
  });
  cluster.startMinion('m1', { renderer: JINJA });
  await cluster.acceptAll(['m1']);
});

afterAll(async () => {
  await cluster?.stop();
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

test('pillar SLS render through the Jinja renderer on the master', async () => {
  const r = await cluster.run('salt', ['m1', 'pillar.items', '--out', 'json']);
  expect(JSON.parse(r.stdout)).toEqual({ m1: { app: { workers: 3, role: 'M1' } } });
});

test('a formula with the map.jinja pattern applies, and its managed file renders with the context', async () => {
  const r = await cluster.run('salt', ['m1', 'state.apply', '--out', 'json']);
  expect(r.code).toBe(0);
  const ret = JSON.parse(r.stdout) as { m1: Record<string, { result: boolean; name: string }> };
  const names = Object.values(ret.m1).map((s) => s.name).sort();
  expect(names).toEqual([path.join(out, 'm1.conf'), 'echo worker 0', 'echo worker 1', 'echo worker 2'].sort());
  expect(Object.values(ret.m1).every((s) => s.result)).toBe(true);
  expect(fs.readFileSync(path.join(out, 'm1.conf'), 'utf8')).toBe('port=80 user=www-data workers=3 os=Debian\n');
});

test('a render error names the file, line, column and expression, with the lines around it', async () => {
  const r = await cluster.run('salt', ['m1', 'state.show_sls', 'broken']);
  expect(r.code).not.toBe(0);
  expect(r.stdout).toContain(
    "Rendering SLS 'base:broken' failed: Jinja variable 'dict object' has no attribute 'b'; line 6, column 16 of salt://broken.sls: cfg.b.c",
  );
  expect(r.stdout).toContain('    - name: {{ cfg.b.c }}    <======================');
});
