import { SaltInvocationError } from '@brine/core/errors';
import { makeHarness, type Harness } from '../helpers/exec-context';

let h: Harness;
beforeEach(() => (h = makeHarness()));
afterEach(() => h.cleanup());

/** Call through ctx.salt.call, as a template does: arguments are passed by reference. */
const call = (fun: string, args: unknown[], kwargs: Record<string, unknown> = {}) => h.ctx.salt.call(fun, args, kwargs);

describe('defaults.merge', () => {
  it('merges from the CLI', async () => {
    await expect(h.call('defaults.merge', '{a: b}', '{d: e}')).resolves.toEqual({ a: 'b', d: 'e' });
  });

  it('merges src into dest recursively and in place', async () => {
    const dest = { port: 80, opts: { a: 1, list: [1] } };
    const ret = await call('defaults.merge', [dest, { opts: { b: 2, list: [2] } }]);
    expect(ret).toBe(dest);
    expect(dest).toEqual({ port: 80, opts: { a: 1, b: 2, list: [2] } });
  });

  it('merges lists with merge_lists, and into a copy without in_place', async () => {
    const dest = { list: [1, 2] };
    await expect(call('defaults.merge', [dest, { list: [2, 3] }], { merge_lists: true, in_place: false })).resolves.toEqual({ list: [1, 2, 3] });
    expect(dest).toEqual({ list: [1, 2] });
  });

  it('takes None as {} (convert_none), but not as an in-place dest', async () => {
    await expect(call('defaults.merge', [{ a: 1 }, null])).resolves.toEqual({ a: 1 });
    await expect(call('defaults.merge', [null, { a: 1 }], { in_place: false })).resolves.toEqual({ a: 1 });
    await expect(call('defaults.merge', [null, { a: 1 }])).rejects.toThrow(new SaltInvocationError("Can't perform in-place merge into NoneType"));
    await expect(call('defaults.merge', [{ a: 1 }, null], { convert_none: false })).rejects.toBeInstanceOf(SaltInvocationError);
  });
});

describe('defaults.update', () => {
  it("gives each node the defaults it does not set (Salt's example)", async () => {
    const nodes = { host01: { index: 'foo', upstream: 'bar' }, host02: { index: 'foo2', upstream: 'bar2', extra: ['prod'] } };
    const ret = await call('defaults.update', [nodes, { enabled: true, extra: ['test', 'stage'] }]);
    expect(ret).toBe(nodes);
    expect(nodes).toEqual({
      host01: { enabled: true, extra: ['test', 'stage'], index: 'foo', upstream: 'bar' },
      host02: { enabled: true, extra: ['test', 'stage', 'prod'], index: 'foo2', upstream: 'bar2' },
    });
    await expect(call('defaults.update', [null, {}])).rejects.toThrow("Can't perform in-place update into NoneType");
  });
});

describe('defaults.deepcopy', () => {
  it('copies all the way down', async () => {
    const src = { a: [{ b: 1 }] };
    const copy = (await call('defaults.deepcopy', [src])) as typeof src;
    expect(copy).toEqual(src);
    copy.a[0].b = 2;
    expect(src.a[0].b).toBe(1);
  });
});
