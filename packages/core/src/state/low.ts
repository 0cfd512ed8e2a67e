/**
 * Low data, Salt's last layer before running: one chunk per state function
 * call, flattened from high data (`names` expanded, one chunk per name) and
 * put in run order, as Salt's `compile_high_data` and `order_chunks`:
 * by `order` (numbers; 'first' is 0, 'last' after every number, negative
 * numbers count back from 'last'), then by module, name and function.
 * The compiler gives every declaration without an `order` the next number
 * from 10000 in definition order (Salt's state_auto_order), so files run top
 * to bottom and included files before the file including them.
 */
import { isDict } from '../python';
import type { HighData, StateArg } from './high';
import type { ChunkName } from './result';

/**
 * One state function call. Besides its name fields it carries `__sls__`,
 * `__env__`, a numeric `order` and the declaration's arguments (requisites
 * included) as properties, as Salt's low chunks.
 */
export interface LowChunk extends ChunkName {
  /** The SLS it came from; null for `state.single`. */
  __sls__: string | null;
  __env__: string;
  order: number;
  [arg: string]: unknown;
}

/** A chunk before ordering: `order` may still be a word or missing. */
type RawChunk = Omit<LowChunk, 'order'> & { order?: unknown; name_order?: number };

/** The chunks of one state declaration: one per entry of `names`, else one. */
function expand(id: string, sls: string, env: string, module: string, fun: string, args: StateArg[]): RawChunk[] {
  const base: RawChunk = { state: module, name: id, __sls__: sls, __env__: env, __id__: id, fun };
  let names: unknown[] | undefined;
  for (const [key, value] of args) {
    if (key === 'names') names = value as unknown[];
    else if (key === 'state' || key === 'fun') continue;
    else if (key === 'name' && typeof value !== 'string') base.name = id;
    else base[key] = value;
  }
  if (!names) return [base];
  return names.map((entry, i) => {
    const live: RawChunk = { ...base, name_order: i + 1 };
    if (isDict(entry)) {
      const [[name, extra]] = Object.entries(entry);
      live.name = name;
      for (const arg of Array.isArray(extra) ? extra : []) if (isDict(arg)) Object.assign(live, arg);
    } else live.name = String(entry);
    return live;
  });
}

/** Salt's `order_chunks`: numeric orders, then sort by (order, module + name + function). */
function orderChunks(raw: RawChunk[]): LowChunk[] {
  let cap = 1;
  for (const c of raw) if (typeof c.order === 'number' && Number.isInteger(c.order) && c.order > cap - 1 && c.order > 0) cap = c.order + 100;
  const chunks = raw.map(({ name_order, order, ...rest }) => {
    let n: number;
    if (typeof order === 'number') n = order;
    else if (order === 'first') n = 0;
    else if (order === 'last') n = cap + 1_000_000;
    else n = cap;
    if (name_order) n += name_order / 10000;
    if (n < 0) n += cap + 1_000_000;
    return { ...rest, order: n } as LowChunk;
  });
  const label = (c: LowChunk): string => `${c.state}${c.name}${c.fun}`;
  return chunks.sort((a, b) => a.order - b.order || (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
}

/**
 * Flatten high data to low chunks in run order (see the file doc).
 * @returns the chunks, sorted; requisites are applied later, at run time
 */
export function compileLow(high: HighData): LowChunk[] {
  const raw: RawChunk[] = [];
  for (const [id, decl] of high) {
    for (const [module, sd] of decl.states) raw.push(...expand(id, decl.sls, decl.env, module, sd.fun, sd.args));
  }
  return orderChunks(raw);
}
