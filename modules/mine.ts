/**
 * Salt's `mine` module: minions run the functions of `mine_functions` (or one
 * sent with mine.send) and the master keeps their results, which any minion
 * then reads with mine.get, by target. The data lives on the master, stored
 * under the id of the minion that sent it; an entry sent with `allow_tgt` is
 * readable only by the minions that target selects (Salt's minion-side ACL).
 *
 * Unlike Salt, the master takes only glob, list and grain (glob) targets from
 * a minion, in mine.get and in allow_tgt: Salt allows compound and the other
 * types, with which a minion could probe another's pillar (`I@...`) or make
 * the master run its regular expressions.
 */
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { defineFunction, defineModule, type ExecContext, type MineAccess } from '@brine/core/loader/define';
import { MINE_GET_MAX_BYTES, MINE_TARGET_MAX_CHARS, MINE_TARGET_TYPES, type TargetType } from '@brine/core/protocol/v1/constants';
import { isDict } from '@brine/core/python';

/** Salt's marker of an entry wrapped with a minion-side ACL, and its version (salt/utils/mine.py). */
const MINE_ACL_ID = '__saltmine_acl__';
const MINE_ACL_VERSION = 1;

/** One mine function as `mine_functions` defines it, parsed as Salt's parse_function_definition. */
export interface MineFunctionDef {
  /** The function to run (`mine_function`), when the alias is not itself its name. */
  fun?: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  allowTgt?: unknown;
  allowTgtType?: unknown;
}

/**
 * Parse one `mine_functions` entry: a list of positional arguments where dicts give keyword arguments, or a
 * dict of keyword arguments; `mine_function`, `allow_tgt` and `allow_tgt_type` are taken out of the keywords.
 * Anything else means no arguments.
 */
export function parseMineFunction(def: unknown): MineFunctionDef {
  const args: unknown[] = [];
  let kwargs: Record<string, unknown> = {};
  if (isDict(def)) kwargs = { ...def };
  else if (Array.isArray(def)) for (const item of def) isDict(item) ? Object.assign(kwargs, item) : args.push(item);
  const { mine_function: fun, allow_tgt: allowTgt, allow_tgt_type: allowTgtType, ...rest } = kwargs;
  return { fun: typeof fun === 'string' && fun ? fun : undefined, args, kwargs: rest, allowTgt, allowTgtType };
}

/** A result as stored: wrapped with its ACL when `allow_tgt` is set (Salt's wrap_acl_structure). */
function wrap(data: unknown, allowTgt: unknown, allowTgtType: unknown): unknown {
  if (!allowTgt) return data;
  return { __data__: data, [MINE_ACL_ID]: MINE_ACL_VERSION, allow_tgt: allowTgt, allow_tgt_type: allowTgtType ?? null };
}

/**
 * `mine_functions` as Salt's config.merge finds it: the minion config's entries over the pillar's.
 * @returns alias -> definition (empty when neither defines a dict)
 */
export function configuredMineFunctions(ctx: Pick<ExecContext, 'opts' | 'pillar'>): Record<string, unknown> {
  const fromPillar = isDict(ctx.pillar.mine_functions) ? ctx.pillar.mine_functions : {};
  const fromOpts = isDict(ctx.opts.mine_functions) ? ctx.opts.mine_functions : {};
  return { ...fromPillar, ...fromOpts };
}

/** The master's mine. @throws CommandExecutionError without one (salt-call --local) */
function mineOf(ctx: ExecContext): MineAccess {
  if (!ctx.mine) throw new CommandExecutionError('The mine is kept on the master: it is not available with file_client: local');
  return ctx.mine;
}

/** Keyword arguments as the caller meant them: Salt's clean_kwargs drops the `__`-prefixed ones the system adds. */
function cleanKwargs(kwargs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kwargs).filter(([k]) => !k.startsWith('__')));
}

/** Run mine function `fun`; a failure (a missing function too) is logged, as Salt's, and gives ok: false. */
async function runMineFunction(ctx: ExecContext, fun: string, args: unknown[], kwargs: Record<string, unknown>, caller: string): Promise<{ ok: boolean; data?: unknown }> {
  try {
    return { ok: true, data: await ctx.salt.call(fun, args, kwargs) };
  } catch (err) {
    ctx.log.error(`Function ${fun} in ${caller} failed to execute: ${errorMessage(err)}`);
    return { ok: false };
  }
}

export default defineModule({
  name: 'mine',
  doc:
    'The Salt mine: minions send the results of chosen functions to the master, and every minion can read those ' +
    'of the minions a target selects. The functions come from `mine_functions` in the minion config or its pillar ' +
    '(config entries win); the minion sends them when it starts and on mine.update.',
  functions: {
    update: defineFunction({
      doc:
        'Run the configured mine functions and send their results to the master, as Salt\'s mine.update.\n\n' +
        '`mine_functions` (minion config merged over pillar) maps an alias to its arguments: a list of positional ' +
        'arguments where a dict gives keyword arguments (`network.ip_addrs: [eth0]`), or a dict of keyword arguments; ' +
        '`mine_function: mod.fun` runs another function under the alias, `allow_tgt`/`allow_tgt_type` restrict which ' +
        'minions may read the entry (glob, list or grain only; the master refuses the update otherwise). A function that is missing or fails is logged and left out.\n\n' +
        '`clear=True` replaces this minion\'s whole mine with the new data instead of merging it in. `mine_functions` ' +
        'given here (a dict as in the config, or a list of function names) updates only those.\n\n' +
        'Returns True once the master stored the data, or None when no mine function is configured.',
      example: "salt '*' mine.update",
      args: [
        { name: 'clear', type: 'boolean', default: false, doc: 'Replace this minion\'s mine instead of merging into it.' },
        { name: 'mine_functions', type: 'any', doc: 'Update only these: a dict as mine_functions, or a list of function names.' },
      ],
      async run(ctx, { clear, mine_functions }) {
        let defs: Record<string, unknown>;
        if (mine_functions === undefined || mine_functions === null || (typeof mine_functions === 'object' && Object.keys(mine_functions).length === 0)) {
          defs = configuredMineFunctions(ctx);
          if (Object.keys(defs).length === 0) return null;
        } else if (Array.isArray(mine_functions)) {
          defs = Object.fromEntries(mine_functions.map((f) => [String(f), {}]));
        } else if (isDict(mine_functions)) {
          defs = mine_functions;
        } else {
          return null;
        }
        const data: Record<string, unknown> = {};
        for (const [alias, def] of Object.entries(defs)) {
          const { fun, args, kwargs, allowTgt, allowTgtType } = parseMineFunction(def);
          const r = await runMineFunction(ctx, fun ?? alias, args, kwargs, 'mine.update');
          if (r.ok) data[alias] = wrap(r.data, allowTgt, allowTgtType);
        }
        return mineOf(ctx).store(data, clear);
      },
    }),
    send: defineFunction({
      doc:
        'Run one function and store its result in the mine under `name`, as Salt\'s mine.send. Keywords: ' +
        '`mine_function=mod.fun` runs that function under the name `name` (else `name` is the function run); ' +
        '`allow_tgt` (with `allow_tgt_type`, default glob; glob, list or grain only) limits which minions may read the entry; every other ' +
        'argument goes to the function.\n\n' +
        'Returns True once the master stored it, False when the function is missing or fails (the error is logged).',
      example: "salt '*' mine.send eth0_ip_addrs mine_function=network.ip_addrs interface=eth0",
      args: [{ name: 'name', type: 'string', required: true, doc: 'The mine entry, and the function to run unless mine_function is given; further arguments go to the function.' }],
      varargs: true,
      varkwargs: true,
      async run(ctx, { name, __args__, __kwargs__ }) {
        const mine = mineOf(ctx);
        const { mine_function, allow_tgt, allow_tgt_type, ...kwargs } = cleanKwargs(__kwargs__);
        const fun = typeof mine_function === 'string' && mine_function ? mine_function : name;
        const r = await runMineFunction(ctx, fun, __args__, kwargs, 'mine.send');
        if (!r.ok) return false;
        return mine.store({ [name]: wrap(r.data, allow_tgt, allow_tgt_type) }, false);
      },
    }),
    get: defineFunction({
      doc:
        'Get mine data from the master, as Salt\'s mine.get: {minion: data} of the minions `tgt` selects that hold ' +
        'data for `fun`; with several functions (a list, or comma-separated) {function: {minion: data}}. Entries ' +
        'whose allow_tgt does not select this minion are left out. Minions without data are absent.\n\n' +
        `Unlike Salt (which allows compound and every other type), the target is a glob, a list or a grain glob, ` +
        `of at most ${MINE_TARGET_MAX_CHARS} characters: the other types would let a minion probe pillar data or ` +
        `run regular expressions on the master. The same holds for allow_tgt in mine.send and mine_functions. ` +
        `The master refuses a get whose data passes ${MINE_GET_MAX_BYTES} bytes, and its \`mine_get\` option ` +
        '(Salt\'s master-side ACL) may limit which functions this minion reads.',
      example: "salt '*' mine.get '*' network.ip_addrs",
      args: [
        { name: 'tgt', type: 'any', required: true, doc: 'Target of the minions whose data to get.' },
        { name: 'fun', type: 'any', required: true, doc: 'Mine function name; a list or a comma-separated string for several.' },
        { name: 'tgt_type', type: 'string', default: 'glob', doc: `Target type: ${MINE_TARGET_TYPES.join(', ')}.` },
        { name: 'exclude_minion', type: 'boolean', default: false, doc: 'Leave this minion out of the result.' },
      ],
      async run(ctx, { tgt, fun, tgt_type, exclude_minion }) {
        if (!(MINE_TARGET_TYPES as readonly string[]).includes(tgt_type)) {
          throw new SaltInvocationError(`Invalid tgt_type '${tgt_type}' for mine.get: use one of ${MINE_TARGET_TYPES.join(', ')} (brine refuses the others in the mine)`);
        }
        const target = Array.isArray(tgt) ? tgt.map(String) : String(tgt);
        const funs = Array.isArray(fun) ? fun.map(String) : String(fun);
        const ret = await mineOf(ctx).get(target, funs, tgt_type as TargetType);
        if (exclude_minion) delete ret[ctx.opts.id];
        return ret;
      },
    }),
    delete: defineFunction({
      doc: 'Remove one function\'s data from this minion\'s mine on the master, as Salt\'s mine.delete. Returns True when it was there, False otherwise.',
      example: "salt '*' mine.delete network.interfaces",
      args: [{ name: 'fun', type: 'string', required: true, doc: 'The mine entry (function name or alias) to remove.' }],
      run: (ctx, { fun }) => mineOf(ctx).delete(fun),
    }),
    flush: defineFunction({
      doc: 'Remove all of this minion\'s mine data on the master, as Salt\'s mine.flush. Returns True when there was some, False otherwise.',
      example: "salt '*' mine.flush",
      args: [],
      run: (ctx) => mineOf(ctx).delete(),
    }),
  },
});
