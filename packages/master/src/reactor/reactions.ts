/**
 * Salt's reactor SLS format, from rendered data to the actions to run
 * (salt/utils/reactor.py `reactions` and `ReactWrap.run`, 3006): the data is
 * high data as for states, compiled and ordered the same way (so `order`
 * works, and IDs run sorted by kind, name and function otherwise), where the
 * "state" is the client (`local`, its old name `cmd`, `runner`, `wheel`) and
 * the function what it runs:
 *
 *     apply_web:                              accept_key:
 *       local.state.apply:                      wheel.key.accept:
 *         - tgt: {{ data['id'] }}                  - args:
 *         - tgt_type: glob                          - match: {{ data['id'] }}
 *         - args:
 *           - mods: web
 *
 * Arguments come in Salt's two forms: `args` (a list of single-key mappings,
 * or a mapping), the keyword arguments of the function; or the old
 * `arg` (positional) and `kwarg` (keyword) lists; runner and wheel reactions
 * in the old form take their keyword arguments from the other keys.
 * `caller.*` reactions (a minion's reactor) are not supported on the master.
 */
import { TARGET_TYPES, type TargetType } from '@brine/core/protocol/v1/constants';
import type { PublishRequest } from '@brine/core/protocol/v1/loads';
import { isDict } from '@brine/core/python';
import { parseSlsData, type HighData } from '@brine/core/state/high';
import { compileLow } from '@brine/core/state/low';

/** Where a reaction comes from: its ID and the SLS file. */
interface Origin {
  /** The ID declaration. */
  id: string;
  /** The SLS file's path (or salt:// URL) it was declared in. */
  sls: string;
  /** The function to run (`state.apply`, `jobs.list_jobs`, `key.accept`). */
  fun: string;
  /** Positional arguments. */
  arg: unknown[];
  /** Keyword arguments. */
  kwarg: Record<string, unknown>;
}

/** A `local.*` reaction: publish a job to the minions of a target. */
export interface LocalReaction extends Origin {
  kind: 'local';
  tgt: string | string[];
  tgtType: TargetType;
  /** The job's returners, as the publish load's `ret`, `ret_config` and `ret_kwargs` (salt --return). */
  returners: Pick<PublishRequest, 'ret' | 'ret_config' | 'ret_kwargs'>;
}

/** A `runner.*` or `wheel.*` reaction, run on the master. */
export interface MasterReaction extends Origin {
  kind: 'runner' | 'wheel';
}

/** One action of a reactor SLS. */
export type Reaction = LocalReaction | MasterReaction;

/** The actions of one event's reactor files, and what was wrong with them. */
export interface Compiled {
  reactions: Reaction[];
  /** Errors: when the data is malformed, nothing of it runs (as Salt's verify_high). */
  errors: string[];
  /** Problems that do not stop the rest (an ignored argument, a reaction that cannot run). */
  warnings: string[];
}

/** Low data keys that are the reactor's, not the function's (Salt's REACTOR_INTERNAL_KEYWORDS, and the compiler's own). */
const INTERNAL = new Set(['__id__', '__sls__', '__env__', 'name', 'order', 'fun', 'key', 'state']);

/** Keys a local reaction reads for the publish; any other is reported as ignored. */
const LOCAL_KEYS = new Set(['tgt', 'tgt_type', 'expr_form', 'arg', 'kwarg', 'args', 'ret', 'ret_config', 'ret_kwargs']);

/** Salt's aliases of reaction kinds. */
const ALIASES: Record<string, string> = { cmd: 'local' };

/**
 * A local reaction's returners (Salt passes `ret`, `ret_config` and `ret_kwargs` on to LocalClient.cmd_async):
 * `ret` a returner name, comma-separated names or a list of names; `ret_config` a profile name; `ret_kwargs` a mapping.
 * @returns the publish load's keys, or what is wrong with them
 */
function returnersOf(low: Record<string, unknown>): LocalReaction['returners'] | string {
  const out: LocalReaction['returners'] = {};
  const { ret, ret_config: config, ret_kwargs: kwargs } = low;
  if (ret !== undefined && ret !== null && ret !== '') {
    const names = typeof ret === 'string' ? ret : Array.isArray(ret) && ret.every((r) => typeof r === 'string') ? ret.join(',') : undefined;
    if (names === undefined || names.length > 1024) return `invalid 'ret' ${JSON.stringify(ret)} (a returner name, comma-separated names or a list of names)`;
    out.ret = names;
  }
  if (config !== undefined && config !== null) {
    if (typeof config !== 'string' || config.length > 256) return `invalid 'ret_config' ${JSON.stringify(config)} (a profile name)`;
    out.ret_config = config;
  }
  if (kwargs !== undefined && kwargs !== null) {
    if (!isDict(kwargs)) return `invalid 'ret_kwargs' ${JSON.stringify(kwargs)} (a mapping of returner options)`;
    out.ret_kwargs = kwargs;
  }
  return out;
}

/** Salt's repack_dictlist: a list of single-key mappings as one mapping; undefined when it is not such a list. */
function repackDictlist(list: unknown[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const item of list) {
    if (!isDict(item) || Object.keys(item).length !== 1) return undefined;
    Object.assign(out, item);
  }
  return out;
}

/**
 * Compile the rendered data of an event's reactor files into the actions to run, in Salt's run order.
 * @param files each file's path and rendered data; a later file's ID replaces an earlier one's (Salt's dict update)
 * @returns the reactions, with errors (then no reaction) and warnings in Salt's words where Salt has them
 */
export function compileReactions(files: ReadonlyArray<{ path: string; data: unknown }>): Compiled {
  const errors: string[] = [];
  const warnings: string[] = [];
  const high: HighData = new Map();
  for (const { path, data } of files) {
    const frag = parseSlsData(data, path, 'base');
    errors.push(...frag.errors);
    if (frag.include.length || frag.extend.size || frag.exclude.length) errors.push(`Reactor SLS '${path}': include, extend and exclude are not supported in a reactor SLS`);
    for (const [id, decl] of frag.ids) high.set(id, decl);
  }
  if (errors.length) return { reactions: [], errors, warnings };
  const reactions: Reaction[] = [];
  for (const low of compileLow(high)) {
    const kind = ALIASES[low.state] ?? low.state;
    const id = String(low.__id__);
    const sls = String(low.__sls__);
    const fun = low.fun;
    if (kind !== 'local' && kind !== 'runner' && kind !== 'wheel') {
      warnings.push(kind === 'caller' ? `Reactor '${id}' in ${sls}: caller reactions run on a minion's reactor, not the master's` : `ReactWrap is missing a wrapper function for '${kind}'`);
      continue;
    }
    let arg: unknown[] = [];
    let kwarg: Record<string, unknown> = {};
    if ('args' in low) {
      for (const old of ['arg', 'kwarg']) {
        if (old in low) {
          warnings.push(`Reactor '${id}' is ignoring '${old}' param ${JSON.stringify(low[old])} due to presence of 'args' param. Check the Reactor System documentation for the correct argument format.`);
        }
      }
      const args = low.args;
      const packed = isDict(args) ? args : Array.isArray(args) ? repackDictlist(args) : undefined;
      if (!packed || Object.keys(packed).length === 0) {
        warnings.push(`Reactor '${id}' failed to execute ${kind} '${fun}': Incorrect argument format, check the Reactor System documentation for the correct format.`);
        continue;
      }
      kwarg = packed;
    } else {
      if ('arg' in low) arg = Array.isArray(low.arg) ? low.arg : [low.arg];
      if (isDict(low.kwarg)) kwarg = low.kwarg;
      if (kind !== 'local' && !('arg' in low) && !('kwarg' in low)) {
        kwarg = Object.fromEntries(Object.entries(low).filter(([k]) => !INTERNAL.has(k) && !k.startsWith('__')));
      }
    }
    if (kind !== 'local') {
      reactions.push({ kind, id, sls, fun, arg, kwarg });
      continue;
    }
    const tgt = low.tgt;
    const tgtType = low.tgt_type ?? low.expr_form ?? 'glob';
    if (typeof tgt !== 'string' && !(Array.isArray(tgt) && tgt.every((t) => typeof t === 'string'))) {
      warnings.push(`Reactor '${id}' failed to execute local '${fun}': missing or invalid 'tgt' (a target expression or a list of minion ids)`);
      continue;
    }
    if (!(TARGET_TYPES as readonly unknown[]).includes(tgtType)) {
      warnings.push(`Reactor '${id}' failed to execute local '${fun}': invalid tgt_type ${JSON.stringify(tgtType)} (one of ${TARGET_TYPES.join(', ')})`);
      continue;
    }
    const returners = returnersOf(low);
    if (typeof returners === 'string') {
      warnings.push(`Reactor '${id}' failed to execute local '${fun}': ${returners}`);
      continue;
    }
    const ignored = Object.keys(low).filter((k) => !INTERNAL.has(k) && !k.startsWith('__') && !LOCAL_KEYS.has(k));
    if (ignored.length) warnings.push(`Reactor '${id}' ignores ${ignored.join(', ')}: brine's local client does not take them`);
    reactions.push({ kind, id, sls, fun, tgt: tgt as string | string[], tgtType: tgtType as TargetType, arg, kwarg, returners });
  }
  return { reactions, errors, warnings };
}
