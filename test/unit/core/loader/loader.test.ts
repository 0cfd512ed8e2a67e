import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandExecutionError, InvalidArgumentsError, SaltInvocationError } from '@brine/core/errors';
import { defineFunction, defineModule, type ModuleDef } from '@brine/core/loader/define';
import { FunctionNotAvailable, Loader, type CallContext } from '@brine/core/loader/loader';
import { callContext } from '../../helpers/exec-context';

let dir: string;
let base: CallContext;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-loader-'));
  base = callContext(dir, { os: 'Debian' }, new AbortController().signal);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A module served as `pkg` that says which provider answered, loading only when `verdict` is true. */
const pkgProvider = (name: string, verdict: true | string): ModuleDef =>
  defineModule({
    name,
    virtualName: 'pkg',
    doc: `A pkg provider (${name}).`,
    virtual: () => verdict,
    functions: {
      provider: defineFunction({ doc: 'Which provider answers.', example: "salt '*' pkg.provider", args: [], run: () => name }),
    },
  });

/** A module whose functions call other modules through ctx.salt.call and keep a counter in their cache. */
const caller = defineModule({
  name: 'caller',
  doc: 'Calls other modules.',
  functions: {
    relay: defineFunction({
      doc: 'Call `fun` with one positional argument and return what it returned.',
      example: "salt '*' caller.relay test.echo hi",
      args: [
        { name: 'fun', type: 'string', required: true, doc: 'The function to call.' },
        { name: 'value', type: 'any', doc: 'Its one argument.' },
      ],
      run: (ctx, a) => ctx.salt.call(a.fun, a.value === undefined ? [] : [a.value]),
    }),
    count: defineFunction({
      doc: 'Count the calls made to it during the loader\'s life.',
      example: "salt '*' caller.count",
      args: [],
      run: (ctx) => {
        const n = Number(ctx.cache.get('n') ?? 0) + 1;
        ctx.cache.set('n', n);
        return n;
      },
    }),
    dry: defineFunction({
      doc: 'Return ctx.test and the bound test argument.',
      example: "salt '*' caller.dry test=True",
      args: [{ name: 'test', type: 'boolean', doc: 'Dry run.' }],
      run: (ctx, a) => ({ ctx: ctx.test, arg: a.test ?? null }),
    }),
    wet: defineFunction({
      doc: 'Return ctx.test; declares no test argument.',
      example: "salt '*' caller.wet test=True",
      args: [],
      run: (ctx) => ctx.test,
    }),
  },
});

const echo = defineModule({
  name: 'echo',
  doc: 'Echo values back.',
  functions: {
    echo: defineFunction({
      doc: 'Return `text`.',
      example: "salt '*' echo.echo hi",
      args: [{ name: 'text', type: 'string', required: true, doc: 'The text.' }],
      run: (_ctx, a) => a.text,
    }),
    fail: defineFunction({
      doc: 'Throw.',
      example: "salt '*' echo.fail",
      args: [],
      run: () => {
        throw new CommandExecutionError('it broke');
      },
    }),
  },
});

const load = (defs: ModuleDef[]): Loader => new Loader(defs, base.opts, base.grains);

describe('a virtual name with several providers', () => {
  it.each([
    ['the refused provider comes first', [pkgProvider('yumpkg', 'no rpm here'), pkgProvider('aptpkg', true)]],
    ['the refused provider comes last', [pkgProvider('aptpkg', true), pkgProvider('yumpkg', 'no rpm here')]],
  ])('is served by the one that loaded when %s', async (_case, defs) => {
    const loader = load(defs);
    await expect(loader.call('pkg.provider', [], {}, base)).resolves.toBe('aptpkg');
    expect(loader.failed.has('pkg')).toBe(false);
    expect(loader.module('pkg')?.name).toBe('aptpkg');
  });

  it('reports the refusal when no provider loaded', () => {
    const loader = load([pkgProvider('yumpkg', 'no rpm here'), pkgProvider('aptpkg', 'no dpkg here')]);
    expect(() => loader.resolve('pkg.provider')).toThrow(new FunctionNotAvailable("'pkg' __virtual__ returned False: no dpkg here"));
  });
});

describe('functions that cannot run', () => {
  it("refuses a module whose __virtual__ said no with Salt's message and reason", async () => {
    const loader = load([pkgProvider('aptpkg', 'dpkg is not installed')]);
    await expect(loader.call('pkg.provider', [], {}, base)).rejects.toThrow(new FunctionNotAvailable("'pkg' __virtual__ returned False: dpkg is not installed"));
    expect(loader.modules()).toEqual([]);
  });

  it('records a __virtual__ that throws as a refusal with its message', () => {
    const broken = defineModule({
      ...echo,
      virtual: () => {
        throw new Error('cannot probe');
      },
    });
    expect(load([broken]).failed.get('echo')).toBe('cannot probe');
  });

  it.each(['echo.nope', 'nope.echo', 'echo', '.echo', 'echo.toString', 'echo.hasOwnProperty'])("says '%s' is not available", (fun) => {
    const loader = load([echo]);
    expect(() => loader.resolve(fun)).toThrow(new FunctionNotAvailable(`'${fun}' is not available.`));
  });
});

describe('binding', () => {
  it('binds CLI words to the declared arguments', async () => {
    await expect(load([echo]).call('echo.echo', [42], {}, base)).resolves.toBe('42');
  });

  it.each<[unknown[], Record<string, unknown>, string]>([
    [[], {}, "Passed invalid arguments to echo.echo: echo() missing 1 required positional argument: 'text'"],
    [[null], {}, "Passed invalid arguments to echo.echo: argument 'text' must be of type string, got null"],
    [['a', 'b'], {}, 'Passed invalid arguments to echo.echo: takes at most 1 positional argument (2 given)'],
  ])('refuses %j %j', async (arg, kwarg, message) => {
    await expect(load([echo]).call('echo.echo', arg, kwarg, base)).rejects.toThrow(new InvalidArgumentsError(message));
  });

  it('refuses an unknown keyword', async () => {
    await expect(load([echo]).call('echo.echo', ['a'], { bogus: 1 }, base)).rejects.toThrow(
      new SaltInvocationError('The following keyword arguments are not valid: bogus'),
    );
  });

  it('passes test=True as ctx.test, and binds it only to functions that declare it', async () => {
    const loader = load([caller]);
    const dry = { ...base, test: true };
    await expect(loader.call('caller.dry', [], { test: true }, dry)).resolves.toEqual({ ctx: true, arg: true });
    await expect(loader.call('caller.wet', [], { test: true }, dry)).resolves.toBe(true);
    await expect(loader.call('caller.dry', [], {}, base)).resolves.toEqual({ ctx: false, arg: null });
  });
});

describe('cross-module calls through ctx.salt.call', () => {
  it('run the other function with its own binding and return its result', async () => {
    await expect(load([caller, echo]).call('caller.relay', ['echo.echo', 7], {}, base)).resolves.toBe('7');
  });

  it('throw what the other function throws, and the loader errors', async () => {
    const loader = load([caller, echo, pkgProvider('aptpkg', 'no dpkg')]);
    await expect(loader.call('caller.relay', ['echo.fail'], {}, base)).rejects.toThrow(new CommandExecutionError('it broke'));
    await expect(loader.call('caller.relay', ['echo.echo'], {}, base)).rejects.toThrow("echo() missing 1 required positional argument: 'text'");
    await expect(loader.call('caller.relay', ['echo.nope'], {}, base)).rejects.toThrow("'echo.nope' is not available.");
    await expect(loader.call('caller.relay', ['pkg.provider'], {}, base)).rejects.toThrow("'pkg' __virtual__ returned False: no dpkg");
  });

  it('keep one cache per module for the life of the loader', async () => {
    const loader = load([caller]);
    await loader.call('caller.count', [], {}, base);
    await expect(loader.call('caller.relay', ['caller.count'], {}, base)).resolves.toBe(2);
    await expect(load([caller]).call('caller.count', [], {}, base)).resolves.toBe(1);
  });
});

describe('custom modules', () => {
  /** A custom `echo` that answers differently from the built-in one. */
  const customEcho = defineModule({
    name: 'echo',
    doc: 'A site echo.',
    functions: { echo: defineFunction({ doc: 'Shout `text`.', example: "salt '*' echo.echo hi", args: [{ name: 'text', type: 'string', required: true, doc: 'The text.' }], run: (_ctx, a) => a.text.toUpperCase() }) },
  });

  it('override a built-in of the same name when listed after it, as Salt', async () => {
    await expect(load([echo, customEcho]).call('echo.echo', ['hi'], {}, base)).resolves.toBe('HI');
  });

  it("that failed to load answer with the reason, in Salt's words; a built-in of that name stays", async () => {
    const broken = new Map([['hello', 'SyntaxError: Unexpected token (hello.js, line 3)'], ['echo', 'SyntaxError: x']]);
    const loader = new Loader([echo], base.opts, base.grains, { broken });
    expect(() => loader.resolve('hello.world')).toThrow(new FunctionNotAvailable("'hello' __virtual__ returned False: SyntaxError: Unexpected token (hello.js, line 3)"));
    await expect(loader.call('echo.echo', ['hi'], {}, base)).resolves.toBe('hi');
  });

  it('are replaced on reload: a changed module answers anew and loses its cache, one gone is no longer available', async () => {
    const loader = load([caller, echo]);
    await loader.call('caller.count', [], {}, base);
    loader.reload([{ ...caller }, customEcho], base.opts, base.grains);
    await expect(loader.call('echo.echo', ['hi'], {}, base)).resolves.toBe('HI');
    await expect(loader.call('caller.count', [], {}, base)).resolves.toBe(1);
    loader.reload([caller], base.opts, base.grains, { broken: new Map([['echo', 'gone bad']]) });
    expect(() => loader.resolve('echo.echo')).toThrow("'echo' __virtual__ returned False: gone bad");
    loader.reload([caller], base.opts, base.grains);
    expect(() => loader.resolve('echo.echo')).toThrow("'echo.echo' is not available.");
  });

  it('keep their cache across a reload that leaves them unchanged', async () => {
    const loader = load([caller]);
    await loader.call('caller.count', [], {}, base);
    loader.reload([caller], base.opts, base.grains);
    await expect(loader.call('caller.count', [], {}, base)).resolves.toBe(2);
  });
});
