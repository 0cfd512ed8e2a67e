import { moduleKey, type ModuleDef } from '@brine/core/loader/define';
import { MODULES } from '@brine/modules/index';
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
