/**
 * Custom modules synced from the master, on a real master and two minions:
 * the README's `hello.js` example as written, synced from salt://_modules
 * and run on both; a change synced again and seen; Salt's shapes of
 * saltutil.sync_modules and sync_all; a broken module answering with its
 * reason while the minion keeps working; custom state and grains modules; a
 * module removed from the master removed from the minions; and a restarted
 * minion loading what it synced before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster, REPO, type CliResult } from './helpers/cluster';

const MINIONS = ['minion1', 'minion2'];

let cluster: Cluster;
let srv: string;

/** The README's custom-module example, as printed there. */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const m = /<!-- custom-module-example:hello\.js -->\n```js\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md has no custom-module-example block');
  return m[1];
}

/** Write `salt://<rel>` on the master. */
function put(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(srv, rel)), { recursive: true });
  fs.writeFileSync(path.join(srv, rel), text);
}

/** `salt '*' ...` (or another target), with its output as JSON by minion. */
async function salt(args: string[], tgt = '*'): Promise<{ r: CliResult; json: Record<string, unknown> }> {
  const r = await cluster.run('salt', [tgt, ...args, '--out', 'json', '--static']);
  return { r, json: r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {} };
}

/** What every minion of MINIONS returns, as `{minion1: v, minion2: v}`. */
const each = (v: unknown): Record<string, unknown> => Object.fromEntries(MINIONS.map((id) => [id, v]));

beforeAll(async () => {
  srv = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-srv-'));
  cluster = await Cluster.start({ master: { auto_accept: true, file_roots: { base: [srv] } } });
  for (const id of MINIONS) cluster.startMinion(id);
  await cluster.authenticated(MINIONS);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (srv) fs.rmSync(srv, { recursive: true, force: true });
});

test("the README's hello.js, synced from salt://_modules, runs on both minions and sync_modules prints Salt's list", async () => {
  put('_modules/hello.js', readmeExample());
  const sync = await cluster.run('salt', ['*', 'saltutil.sync_modules']);
  expect(sync.code).toBe(0);
  for (const id of MINIONS) expect(sync.stdout).toContain(`${id}:\n    - modules.hello\n`);
  const hello = await cluster.run('salt', ['*', 'hello.world']);
  expect(hello.code).toBe(0);
  for (const id of MINIONS) expect(hello.stdout).toContain(`${id}:\n    Hello, world! (from ${id})\n`);
  expect((await salt(['hello.world', 'greeting=Hi'], 'minion2')).json).toEqual({ minion2: 'Hi, world! (from minion2)' });
  expect((await salt(['sys.list_functions', 'hello'])).json).toEqual(each(['hello.world']));
  expect((await salt(['sys.argspec', 'hello.world'])).json).toEqual(
    each({ 'hello.world': { args: ['greeting'], defaults: ['Hello'], varargs: null, kwargs: null } }),
  );
}, 60_000);

test('a changed module is synced again and replaces the old one; an unchanged one is not reported', async () => {
  put('_modules/hello.js', readmeExample().replace('world! (from', 'brave new world! (from'));
  expect((await salt(['saltutil.sync_modules'])).json).toEqual(each(['modules.hello']));
  expect((await salt(['hello.world'])).json).toEqual({ minion1: 'Hello, brave new world! (from minion1)', minion2: 'Hello, brave new world! (from minion2)' });
  expect((await salt(['saltutil.sync_modules'])).json).toEqual(each([]));
}, 60_000);

test('a broken module answers with its reason, as Salt; the minion and its other modules keep working', async () => {
  put('_modules/broken.js', "module.exports = {\n  name: 'broken',\n  functions: { ping: { run: ( } },\n};\n");
  put('_modules/nameless.js', "module.exports = { name: 'other', doc: '', functions: {} };\n");
  expect((await salt(['saltutil.sync_modules'])).json).toEqual(each(['modules.broken', 'modules.nameless']));
  const broken = await salt(['broken.ping']);
  expect(broken.r.code).not.toBe(0);
  for (const id of MINIONS) expect(broken.json[id]).toMatch(/^'broken' __virtual__ returned False: SyntaxError: .+ \(broken\.js, line 3\)$/);
  expect((await salt(['nameless.x'])).json).toEqual(each("'nameless' __virtual__ returned False: it declares name 'other', but its file is nameless.js"));
  expect((await salt(['test.ping'])).json).toEqual(each(true));
  expect((await salt(['hello.world'], 'minion1')).json).toEqual({ minion1: 'Hello, brave new world! (from minion1)' });
  for (const id of MINIONS) expect(cluster.minions.get(id)!.output).toMatch(/Failed to load custom module .*broken\.js: SyntaxError/);
}, 60_000);

test("custom state and grains modules sync with sync_all, which returns Salt's keys", async () => {
  put('_states/site.js', [
    "const { defineStateModule, defineStateFunction, stateReturn } = require('@brine/sdk');",
    'module.exports = defineStateModule({',
    "  name: 'site', doc: 'Site states.',",
    '  functions: {',
    '    greeted: defineStateFunction({',
    "      doc: 'Succeed with a greeting.', example: \"salt '*' state.single site.greeted name=x\", args: [{ name: 'name', type: 'string', required: true, doc: 'Who.' }],",
    "      run: (ctx, a) => stateReturn(a.name, true, `greeted ${a.name} on ${ctx.grains.id}`),",
    '    }),',
    '  },',
    '});',
    '',
  ].join('\n'));
  put('_grains/roles.js', [
    "const { defineGrainsModule } = require('@brine/sdk');",
    "module.exports = defineGrainsModule({ name: 'roles', doc: 'Site roles.', functions: { roles: (ctx) => ({ roles: ['web'], role_of: ctx.grains.id }) } });",
    '',
  ].join('\n'));
  const { json } = await salt(['saltutil.sync_all']);
  const keys = ['beacons', 'clouds', 'engines', 'executors', 'grains', 'log_handlers', 'matchers', 'modules', 'output', 'proxymodules', 'renderers',
    'returners', 'sdb', 'serializers', 'states', 'thorium', 'utils'];
  expect(json).toEqual(each(Object.fromEntries(keys.map((k) => [k, k === 'grains' ? ['grains.roles'] : k === 'states' ? ['states.site'] : []]))));
  expect((await salt(['grains.item', 'roles', 'role_of'])).json).toEqual({ minion1: { roles: ['web'], role_of: 'minion1' }, minion2: { roles: ['web'], role_of: 'minion2' } });
  const matched = await cluster.run('salt', ['-G', 'roles:web', 'test.ping', '--out', 'json', '--static']);
  expect(JSON.parse(matched.stdout)).toEqual(each(true));
  const state = await salt(['state.single', 'site.greeted', 'name=you'], 'minion2');
  expect(Object.values(state.json.minion2 as Record<string, { result: boolean; comment: string }>)).toEqual([
    expect.objectContaining({ result: true, comment: 'greeted you on minion2' }),
  ]);
  expect((await salt(['sys.list_state_modules', 'site'], 'minion1')).json).toEqual({ minion1: ['site'] });
}, 60_000);

test('a module removed from the master is removed from the minions; a restarted minion loads what it synced', async () => {
  fs.rmSync(path.join(srv, '_modules', 'broken.js'));
  fs.rmSync(path.join(srv, '_modules', 'nameless.js'));
  fs.rmSync(path.join(srv, '_modules', 'hello.js'));
  put('_modules/kept.js', readmeExample().replace("name: 'hello'", "name: 'kept'"));
  expect((await salt(['saltutil.sync_modules'])).json).toEqual(each(['modules.kept']));
  expect((await salt(['hello.world'])).json).toEqual(each("'hello.world' is not available."));
  expect(fs.readdirSync(path.join(cluster.minionDir('minion1'), 'var/cache/salt/minion/extmods/modules'))).toEqual(['kept.js']);

  await cluster.minions.get('minion1')!.stop();
  cluster.startMinion('minion1');
  await cluster.authenticated(['minion1']);
  expect((await salt(['kept.world'], 'minion1')).json).toEqual({ minion1: 'Hello, world! (from minion1)' });
  expect((await salt(['grains.item', 'roles'], 'minion1')).json).toEqual({ minion1: { roles: ['web'] } });
}, 60_000);

test('a synced saltutil.js replaces saltutil, but never its sync_* and refresh_modules: a bad one can be synced away', async () => {
  put('_modules/saltutil.js', [
    "const { defineModule, defineFunction } = require('@brine/sdk');",
    'module.exports = defineModule({',
    "  name: 'saltutil',",
    "  doc: 'A site saltutil that breaks syncing.',",
    '  functions: {',
    "    note: defineFunction({ doc: 'A site function.', example: \"salt '*' saltutil.note\", args: [], run: () => 'site note' }),",
    "    sync_modules: defineFunction({ doc: 'Broken.', example: \"salt '*' saltutil.sync_modules\", args: [], run: () => 'hijacked' }),",
    '  },',
    '});',
    '',
  ].join('\n'));
  expect((await salt(['saltutil.sync_modules'])).json).toEqual(each(['modules.saltutil']));
  expect((await salt(['saltutil.note'])).json).toEqual(each('site note'));
  fs.rmSync(path.join(srv, '_modules', 'saltutil.js'));
  expect((await salt(['saltutil.sync_modules'])).json).toEqual(each([]));
  expect((await salt(['saltutil.note'])).json).toEqual(each("'saltutil.note' is not available."));
}, 60_000);
