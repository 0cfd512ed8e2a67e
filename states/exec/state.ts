/**
 * Salt's `state` execution module: apply SLS files and the highstate, run
 * one state, and show each stage of the compiler. Built by a factory over the
 * state modules, since execution modules cannot import states/ (the minion
 * and salt-call pass STATES from states/index.ts).
 */
import { SaltRenderError } from '@brine/core/errors';
import { EX_STATE_COMPILER_ERROR, EX_STATE_FAILURE } from '@brine/core/exit-codes';
import { arg, defineFunction, defineModule, type ArgsOf, type ArgSpec, type ExecContext, type ModuleDef } from '@brine/core/loader/define';
import { StateCompileError } from '@brine/core/state/compile-error';
import { saltHighData } from '@brine/core/state/high';
import { noStatesReturn, StateSystem } from '@brine/core/state/system';
import { isDict } from '@brine/core/python';


/** Arguments every function takes, after its own. */
const COMMON = [
  { name: 'test', type: 'boolean', doc: "Dry run: report what would change (result None) and change nothing. Default: the job's test flag." },
  { name: 'saltenv', type: 'string', doc: "File server environment to read from. Default: 'base' for SLS; for a highstate, every environment named in base's top.sls." },
  { name: 'pillar', type: 'dict', doc: 'Pillar data merged over the minion\'s pillar for this run, e.g. pillar=\'{"web": {"port": 8080}}\'.' },
] as const satisfies readonly ArgSpec[];

/** The bound {@link COMMON} arguments. */
type CommonArgs = ArgsOf<typeof COMMON>;

const MODS = arg({
  name: 'mods',
  type: 'list',
  items: 'string',
  required: true,
  doc: "SLS names, as a list or comma-separated ('web,db'); 'a.b' is salt://a/b.sls or salt://a/b/init.sls.",
});

const RETURNS =
  'Returns {"<module>_|-<id>_|-<name>_|-<function>": {name, result, changes, comment, duration (ms), start_time, ' +
  '__run_num__, __sls__, __id__}} and sets retcode 2 when a state failed; when the SLS do not render or compile, ' +
  'returns the list of errors with retcode 1.';

/** The state system for one call: the call's saltenv, pillar and test flag (else the job's). */
function system(ctx: ExecContext, a: CommonArgs, states: ModuleDef[]): StateSystem {
  return new StateSystem({ ctx, states, saltenv: a.saltenv, pillar: a.pillar, test: a.test ?? ctx.test });
}

/** Turn compile errors into Salt's list-of-errors return with retcode 1. */
async function compiled<T>(ctx: ExecContext, work: () => Promise<T>): Promise<T | string[]> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof SaltRenderError)) throw err;
    ctx.setRetcode(EX_STATE_COMPILER_ERROR);
    return err instanceof StateCompileError ? err.errors : [err.message];
  }
}

/** Run states and set retcode 2 when any failed, as Salt's `_set_retcode`. */
async function applied(ctx: ExecContext, work: () => Promise<Record<string, unknown>>): Promise<unknown> {
  const ret = await compiled(ctx, work);
  if (!Array.isArray(ret) && Object.values(ret).some((r) => isDict(r) && r.result === false)) ctx.setRetcode(EX_STATE_FAILURE);
  return ret;
}

/**
 * The `state` execution module over `states` (the state modules; the minion
 * and salt-call pass STATES from states/index.ts).
 */
export function stateModule(states: ModuleDef[]): ModuleDef {
  const highstate = (ctx: ExecContext, a: CommonArgs) =>
    applied(ctx, async () => {
      const sys = system(ctx, a, states);
      const high = await sys.highstate();
      return high ? sys.run(sys.low(high)) : noStatesReturn();
    });
  const sls = (ctx: ExecContext, a: CommonArgs & { mods: string[] }) =>
    applied(ctx, async () => {
      const sys = system(ctx, a, states);
      return sys.run(sys.low(await sys.sls(a.mods)));
    });
  return defineModule({
    name: 'state',
    doc: 'Apply states: SLS files rendered with Handlebars then YAML, compiled with their requisites and run in order, as Salt\'s state system.',
    functions: {
      apply: defineFunction({
        doc: `Apply SLS files, or the highstate (the top file's SLS for this minion) when none is named.\n${RETURNS}`,
        example: "salt '*' state.apply web,db test=True",
        outputter: 'highstate',
        args: [{ ...MODS, required: false, default: [] }, ...COMMON],
        run: (ctx, a) => (a.mods.length ? sls(ctx, a) : highstate(ctx, a)),
      }),
      sls: defineFunction({
        doc: `Apply the named SLS files and what they include.\n${RETURNS}`,
        example: "salt '*' state.sls web saltenv=base",
        outputter: 'highstate',
        args: [MODS, ...COMMON],
        run: sls,
      }),
      highstate: defineFunction({
        doc: `Apply the highstate: every SLS the top file assigns to this minion. When the top file selects nothing, returns Salt's failed pseudo-state "No Top file or master_tops data matches found".\n${RETURNS}`,
        example: "salt '*' state.highstate test=True",
        outputter: 'highstate',
        args: COMMON,
        run: highstate,
      }),
      single: defineFunction({
        doc: `Run one state function outside any SLS; other keyword arguments are the state's arguments.\n${RETURNS}`,
        example: "salt '*' state.single file.touch name=/tmp/x",
        outputter: 'highstate',
        args: [
          { name: 'fun', type: 'string', required: true, doc: "The state function, 'module.function' (file.touch)." },
          { name: 'name', type: 'string', required: true, doc: "The state's name argument." },
          ...COMMON,
        ],
        varkwargs: true,
        run: (ctx, a) => applied(ctx, () => system(ctx, a, states).single(a.fun, a.name, a.__kwargs__)),
      }),
      show_sls: defineFunction({
        doc: 'Return the high data of SLS files after include, extend and exclude: {id: {module: [function, {arg: value}, ...], __sls__, __env__}}. Errors come back as a list with retcode 1.',
        example: "salt '*' state.show_sls web",
        args: [MODS, ...COMMON],
        run: (ctx, a) => compiled(ctx, async () => saltHighData(await system(ctx, a, states).sls(a.mods))),
      }),
      show_top: defineFunction({
        doc: "Return the SLS the top file assigns to this minion: {saltenv: [sls, ...]}. Errors come back as a list with retcode 1.",
        example: "salt '*' state.show_top",
        args: COMMON,
        run: (ctx, a) => compiled(ctx, () => system(ctx, a, states).top()),
      }),
      show_highstate: defineFunction({
        doc: 'Return the high data of the highstate (see show_sls for its shape); {} when the top file selects nothing.',
        example: "salt '*' state.show_highstate",
        args: COMMON,
        run: (ctx, a) => compiled(ctx, async () => saltHighData((await system(ctx, a, states).highstate()) ?? new Map())),
      }),
      show_lowstate: defineFunction({
        doc: 'Return the low chunks of the highstate in run order: [{state, __id__, name, fun, __sls__, __env__, order, ...arguments}].',
        example: "salt '*' state.show_lowstate",
        args: COMMON,
        run: (ctx, a) =>
          compiled(ctx, async () => {
            const sys = system(ctx, a, states);
            const high = await sys.highstate();
            return high ? sys.low(high) : [];
          }),
      }),
    },
  });
}
