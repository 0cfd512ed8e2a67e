/**
 * The typed module contract: what `defineFunction` and `defineStateFunction`
 * let a module write. The type errors are part of the test (`npm run
 * typecheck` fails when an expected error disappears); the runtime checks
 * show the definitions are the values the registries hold.
 */
import { bindArgs } from '@brine/core/loader/args';
import { arg, defineFunction, type ArgsOf, type ArgSpec } from '@brine/core/loader/define';
import { defineStateFunction, stateReturn } from '@brine/core/state/define';
import { makeHarness } from '../../helpers/exec-context';

const NAME = arg({ name: 'name', type: 'string', required: true, doc: 'A name.' });
const SHARED = [NAME, { name: 'groups', type: 'list', items: 'string', doc: 'Groups.' }] as const satisfies readonly ArgSpec[];

describe('defineFunction', () => {
  it('types each argument from its spec: required or defaulted as its type, optional as type or undefined', async () => {
    const fn = defineFunction({
      doc: 'd',
      example: "salt '*' m.f x",
      args: [
        NAME,
        { name: 'count', type: 'integer', doc: 'A count.' },
        { name: 'force', type: 'boolean', default: false, doc: 'Force.' },
        { name: 'env', type: 'dict', doc: 'Env.' },
        { name: 'groups', type: 'list', items: 'string', required: true, doc: 'Groups.' },
        { name: 'pkgs', type: 'list', doc: 'Packages.' },
        { name: 'value', type: 'any', doc: 'Anything.' },
      ],
      run: (_ctx, a) => {
        const name: string = a.name;
        const count: number | undefined = a.count;
        const force: boolean = a.force;
        const env: Record<string, unknown> | undefined = a.env;
        const groups: string[] = a.groups;
        const pkgs: unknown[] | undefined = a.pkgs;
        const value: unknown = a.value;
        // @ts-expect-error an optional argument may be undefined
        const sure: number = a.count;
        // @ts-expect-error an undeclared argument does not exist
        void a.nope;
        return { name, count, force, env, groups, pkgs, value, sure };
      },
    });
    const h = makeHarness();
    try {
      const bound = bindArgs('m.f', fn, ['x'], { count: '3', groups: 'adm,www' });
      await expect(Promise.resolve(fn.run(h.ctx, bound))).resolves.toEqual({
        name: 'x', count: 3, force: false, env: undefined, groups: ['adm', 'www'], pkgs: undefined, value: undefined, sure: 3,
      });
    } finally {
      h.cleanup();
    }
  });

  it('adds __args__ and __kwargs__ only when varargs and varkwargs are set', () => {
    const both = defineFunction({ doc: 'd', example: 'e', args: [], varargs: true, varkwargs: true, run: (_ctx, a) => [a.__args__.length, Object.keys(a.__kwargs__)] });
    // @ts-expect-error no varargs, no __args__
    const neither = defineFunction({ doc: 'd', example: 'e', args: [], run: (_ctx, a) => a.__args__ });
    expect(bindArgs('m.f', both, [1, 2], { k: 1 })).toEqual({ __args__: [1, 2], __kwargs__: { k: 1 } });
    expect(bindArgs('m.f', neither, [], {})).toEqual({});
  });

  it('keeps the literal types of shared specs declared with arg() or as const', () => {
    const read = (a: ArgsOf<typeof SHARED>): [string, string[] | undefined] => [a.name, a.groups];
    expect(read({ name: 'x', groups: undefined })).toEqual(['x', undefined]);
  });
});

describe('defineStateFunction', () => {
  it('accepts a function returning a state return', () => {
    const ok = defineStateFunction({ doc: 'd', example: 'e', args: [NAME], run: (_ctx, a) => stateReturn(a.name, true, 'fine') });
    expect(ok.args).toEqual([NAME]);
  });

  it('refuses one that returns anything else', () => {
    const bad = defineStateFunction({
      doc: 'd',
      example: 'e',
      args: [NAME],
      // @ts-expect-error a state function must return {name, changes, result, comment}
      run: (_ctx, a) => ({ name: a.name, result: 'yes' }),
    });
    expect(bad.doc).toBe('d');
  });
});
