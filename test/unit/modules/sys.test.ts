import { defineFunction, defineModule, moduleKey, type ModuleDef } from '@brine/core/loader/define';
import { Loader } from '@brine/core/loader/loader';
import jobsRunners from '@brine/cli/runners/jobs';
import manageRunners from '@brine/cli/runners/manage';
import { MODULES } from '@brine/modules/index';
import { STATES } from '@brine/states/index';
import { makeHarness, type Harness } from '../helpers/exec-context';

let h: Harness;
beforeEach(() => (h = makeHarness()));
afterEach(() => h.cleanup());

/** The test module's functions: the 37 Salt 3006 lists (reference sys_list_functions_test.txt), sorted. */
const TEST_FUNCTIONS = Object.keys(MODULES.find((m) => m.name === 'test')!.functions).map((f) => `test.${f}`).sort();

/** The registered modules that load on this host (systemd_service needs systemd as PID 1), by the names users type. */
const loaded = (): ModuleDef[] => MODULES.filter((m) => !h.loader.failed.has(moduleKey(m)));

describe('sys module', () => {
  it('list_modules returns the modules that loaded, by the names users type, sorted', async () => {
    await expect(h.call('sys.list_modules')).resolves.toEqual(loaded().map(moduleKey).sort());
  });

  it.each([
    [['test'], TEST_FUNCTIONS],
    [['tes'], []],
    [['nope'], []],
  ])('list_functions %j', async (words, expected) => {
    await expect(h.call('sys.list_functions', ...words)).resolves.toEqual(expected);
  });

  it('list_functions without a name lists every function, sorted', async () => {
    const all = (await h.call('sys.list_functions')) as string[];
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining([...TEST_FUNCTIONS, 'grains.get', 'sys.doc']));
    expect(all).toHaveLength(loaded().reduce((n, m) => n + Object.keys(m.functions).length, 0));
  });

  it('doc of one function shows its text and CLI example', async () => {
    const docs = (await h.call('sys.doc', 'test.ping')) as Record<string, string>;
    expect(Object.keys(docs)).toEqual(['test.ping']);
    expect(docs['test.ping']).toBe("\n    Used to make sure the minion is up and responding. Not an ICMP ping.\n\n    Returns ``True``.\n\n    CLI Example:\n\n        salt '*' test.ping\n    ");
  });

  it('doc of a module shows the module description and each of its functions', async () => {
    const docs = (await h.call('sys.doc', 'test')) as Record<string, string>;
    expect(Object.keys(docs).sort()).toEqual(['test', ...TEST_FUNCTIONS]);
    expect(docs.test).toContain('Check that minions respond');
  });

  it('doc of an unknown name is empty', async () => {
    await expect(h.call('sys.doc', 'nope.nothing')).resolves.toEqual({});
  });

  it('argspec describes declared arguments, defaults and extras', async () => {
    await expect(h.call('sys.argspec', 'grains.get')).resolves.toEqual({
      'grains.get': { args: ['key', 'default', 'delimiter'], defaults: ['', ':'], varargs: null, kwargs: null },
    });
    await expect(h.call('sys.argspec', 'test.arg')).resolves.toEqual({
      'test.arg': { args: [], defaults: [], varargs: '__args__', kwargs: '__kwargs__' },
    });
  });

  it('argspec of a module covers all its functions', async () => {
    const spec = (await h.call('sys.argspec', 'test')) as Record<string, unknown>;
    expect(Object.keys(spec)).toEqual(TEST_FUNCTIONS);
  });
});

describe('sys on state modules and runners', () => {
  /** A loader over MODULES that also knows STATES and a runner registry, as the minion's. */
  const withCatalog = (): Loader => new Loader(MODULES, h.ctx.opts, {}, { states: STATES, runners: () => [jobsRunners, manageRunners] });
  const call = (loader: Loader, fun: string, ...args: string[]) => loader.call(fun, args, {}, h.ctx);
  const fileFunctions = Object.keys(STATES.find((m) => m.name === 'file')!.functions).map((f) => `file.${f}`).sort();

  it('list_state_modules lists the state modules, sorted; a name or a glob on module.function narrows it', async () => {
    const loader = withCatalog();
    await expect(call(loader, 'sys.list_state_modules')).resolves.toEqual(STATES.map(moduleKey).sort());
    await expect(call(loader, 'sys.list_state_modules', 'file', 'nope')).resolves.toEqual(['file']);
    await expect(call(loader, 'sys.list_state_modules', 'pkg.inst*', 'u*')).resolves.toEqual(['pkg', 'user']);
  });

  it('list_state_functions lists module.function names; a module name selects its functions, a glob or a dotted name matches', async () => {
    const loader = withCatalog();
    const all = (await call(loader, 'sys.list_state_functions')) as string[];
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining([...fileFunctions, 'pkg.installed', 'test.nop']));
    await expect(call(loader, 'sys.list_state_functions', 'file')).resolves.toEqual(fileFunctions);
    await expect(call(loader, 'sys.list_state_functions', 'pkg.installed', 'pkg.l*', 'fil')).resolves.toEqual(['pkg.installed', 'pkg.latest']);
  });

  it('state_doc returns the docs of the selected state functions with their module descriptions', async () => {
    const docs = (await call(withCatalog(), 'sys.state_doc', 'test.nop')) as Record<string, string>;
    expect(Object.keys(docs)).toEqual(['test', 'test.nop']);
    expect(docs.test).toBe(STATES.find((m) => m.name === 'test')!.doc);
    expect(docs['test.nop']).toMatch(/^\n {4}Do nothing and succeed.*\n\n {4}CLI Example:\n\n {8}salt '\*' state.single test.nop name=foo\n {4}$/s);
    await expect(call(withCatalog(), 'sys.state_doc', 'nope')).resolves.toEqual({});
  });

  it('list_runners lists the runner modules the minion was given, sorted; without a registry, none', async () => {
    await expect(call(withCatalog(), 'sys.list_runners')).resolves.toEqual(['jobs', 'manage']);
    await expect(call(withCatalog(), 'sys.list_runners', 'manage.*', 'jobs')).resolves.toEqual(['jobs', 'manage']);
    await expect(call(withCatalog(), 'sys.list_runners', 'j*', 'x*')).resolves.toEqual(['jobs']);
    await expect(h.call('sys.list_runners')).resolves.toEqual([]);
  });

  it('list_modules, list_functions and doc cover custom modules loaded after the built-ins', async () => {
    const hello = defineModule({
      name: 'hello',
      doc: 'Greetings.',
      functions: { world: defineFunction({ doc: 'Say hello.', example: "salt '*' hello.world", args: [], run: () => 'Hello' }) },
    });
    const loader = new Loader([...MODULES, hello], h.ctx.opts, {});
    await expect(call(loader, 'sys.list_modules')).resolves.toContain('hello');
    await expect(call(loader, 'sys.list_functions', 'hello')).resolves.toEqual(['hello.world']);
    await expect(call(loader, 'sys.doc', 'hello')).resolves.toEqual({ hello: 'Greetings.', 'hello.world': "\n    Say hello.\n\n    CLI Example:\n\n        salt '*' hello.world\n    " });
  });
});
