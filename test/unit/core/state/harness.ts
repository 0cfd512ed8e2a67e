/**
 * A real state system on a temporary folder for unit tests: SLS files under
 * `<dir>/roots` (served by a LocalFileClient), the built-in execution modules,
 * and two test-only state modules over an in-memory world:
 * - `fake`: present (name, contents), change, nop, fail, raise (throws),
 *   shape (returns a malformed return) and mod_watch, each logging its call;
 * - `plain`: nop and change, without mod_watch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, type ExecContext, type FunctionDef, type ModuleDef } from '@brine/core/loader/define';
import { parseCliArgs } from '@brine/core/loader/args';
import { Loader, type CallContext } from '@brine/core/loader/loader';
import { defineStateFunction, defineStateModule, stateReturn, type StateReturn } from '@brine/core/state/define';
import { MODULES } from '@brine/modules/index';
import { stateModule } from '@brine/states/exec/state';
import { callContext, execContext } from '../../helpers/exec-context';

const NAME = arg({ name: 'name', type: 'string', required: true, doc: 'What the state is about.' });

/** The test-only state modules, logging `fun name` (and test mode) into `log` and keeping files in `world`. */
export function fakeStates(log: string[], world: Map<string, string>): ModuleDef[] {
  const note = (ctx: ExecContext, fun: string, name: string): void => {
    log.push(`${fun} ${name}${ctx.test ? ' (test)' : ''}`);
  };
  /** A function of `name` alone that logs its call. */
  const simple = (fun: string, doc: string, ret: (ctx: ExecContext, name: string) => StateReturn): FunctionDef<ExecContext, StateReturn> =>
    defineStateFunction({
      doc,
      example: `fake.${fun} x`,
      args: [NAME],
      run: (ctx, { name }) => {
        note(ctx, fun, name);
        return ret(ctx, name);
      },
    });
  const change = simple('change', 'Always changes something.', (ctx, name) =>
    stateReturn(name, ctx.test ? null : true, ctx.test ? 'Would change' : 'Changed', { changed: name }));
  const nop = simple('nop', 'Changes nothing.', (_ctx, name) => stateReturn(name, true, 'Nothing to do'));
  // Not declared with defineStateModule, as an extension module would not be: `shape` returns what the contract forbids.
  const fake: ModuleDef = {
    name: 'fake',
    doc: 'Test-only states over an in-memory world.',
    functions: {
      present: defineStateFunction({
        doc: 'World entry `name` holds `contents`.',
        example: 'fake.present x contents=y',
        args: [NAME, { name: 'contents', type: 'string', default: '', doc: 'What it holds.' }],
        run: (ctx, { name, contents }) => {
          note(ctx, 'present', name);
          if (world.get(name) === contents) return stateReturn(name, true, `${name} is in the correct state`);
          // reports result True with changes in test mode on purpose: the engine must turn it into None
          if (!ctx.test) world.set(name, contents);
          return stateReturn(name, true, `${name} updated`, { new: contents });
        },
      }),
      change,
      nop,
      fail: simple('fail', 'Always fails.', (_ctx, name) => stateReturn(name, false, 'Failure!')),
      raise: {
        doc: 'Throws.',
        example: 'fake.raise x',
        args: [NAME],
        run: () => {
          throw new Error('kaboom');
        },
      },
      shape: {
        doc: 'Returns a malformed state return.',
        example: 'fake.shape x',
        args: [NAME],
        run: (_ctx, { name }) => ({ name, result: 'yes' }),
      },
      mod_watch: defineStateFunction({
        doc: 'Reacts to a watched change.',
        example: 'fake.mod_watch x sfun=nop',
        args: [NAME, { name: 'sfun', type: 'string', required: true, doc: 'The watching function.' }],
        run: (ctx, { name, sfun }) => {
          note(ctx, `mod_watch(${sfun})`, name);
          return stateReturn(name, true, 'Restarted', { restarted: true });
        },
      }),
    },
  };
  const plain = defineStateModule({ name: 'plain', doc: 'Test-only states without mod_watch.', functions: { change, nop } });
  return [fake, plain];
}

/** A state system test bench on a temporary folder. */
export class StateBench {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-state-'));
  readonly log: string[] = [];
  readonly world = new Map<string, string>();
  readonly states = fakeStates(this.log, this.world);
  readonly base: CallContext;
  readonly loader: Loader;
  private retcode = 0;

  constructor(extra: Partial<CallContext> = {}) {
    this.base = callContext(this.dir, { os: 'Debian', roles: ['web'] }, new AbortController().signal, {
      setRetcode: (code) => {
        this.retcode = code;
      },
      ...extra,
    });
    this.loader = new Loader([...MODULES, stateModule(this.states)], this.base.opts, this.base.grains);
  }

  /** Write files under `<dir>/roots` (the base file_roots), creating folders. */
  files(tree: Record<string, string>): this {
    for (const [rel, text] of Object.entries(tree)) {
      const file = path.join(this.dir, 'roots', rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    return this;
  }

  /** An execution context as the `state` module's functions get it. */
  ctx(): ExecContext {
    return execContext(this.loader, this.base);
  }

  /** Run `fun` with CLI words, as salt-call; returns the return and the retcode it set. */
  async call(fun: string, ...words: string[]): Promise<{ ret: any; retcode: number }> {
    this.retcode = 0;
    const { arg, kwarg } = parseCliArgs(words);
    const ret = await this.loader.call(fun, arg, kwarg, { ...this.base, test: kwarg.test === true });
    return { ret, retcode: this.retcode };
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The error `work` rejects with; fails the test unless it is a `type`. */
export async function caught<T extends Error>(work: Promise<unknown>, type: abstract new (...args: any[]) => T): Promise<T> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof type)) throw new Error(`expected a ${type.name}, got ${err === undefined ? 'success' : String(err)}`);
  return err;
}

/** The `{tag: entry}` of a return as `[tag, result, comment]` rows in run order. */
export function rows(ret: Record<string, any>): Array<[string, boolean | null, string]> {
  return Object.entries(ret)
    .sort(([, a], [, b]) => a.__run_num__ - b.__run_num__)
    .map(([tag, r]) => [tag, r.result, r.comment]);
}
