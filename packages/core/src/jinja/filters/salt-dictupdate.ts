/**
 * Salt 3006's nested-dict editing filters (salt/utils/dictupdate.py):
 * set_dict_key_value, update_dict_key_value, append_dict_key_value,
 * extend_dict_key_value. Each edits `in_dict` in place along a
 * `delimiter`-separated key path, creating dicts on the way, and returns it.
 */
import { PyError, Undefined, dictGet, dictHas, dictSet, isDict, isTuple, pyStr, typeName, type PyDict } from '../runtime/values';
import { defineFilter, p } from './define';
import { iterate } from '../runtime/iterate';
import type { FilterFn } from './types';

/** Python's `type(x)` as text: `<class 'dict'>`. */
function pyType(value: unknown): string {
  return `<class '${typeName(value)}'>`;
}

/** Salt's SaltInvocationError. */
function invocationError(message: string): PyError {
  return new PyError('SaltInvocationError', message);
}

/**
 * Salt's _dict_rpartition: the dict holding the last key of `keys` (dicts
 * created or replaced along the way, as ensure_dict_key), and that key.
 */
function rpartition(inDict: unknown, keys: unknown, delimiter: unknown): [PyDict, string] {
  if (inDict instanceof Undefined) inDict.fail();
  if (!isDict(inDict)) throw new PyError('TypeError', `'${typeName(inDict)}' object does not support item assignment`);
  const path = pyStr(keys);
  const sep = pyStr(delimiter);
  const parts = sep && path.includes(sep) ? path.split(sep) : [path];
  const last = parts.pop() as string;
  let pointer: PyDict = inDict;
  for (const key of parts) {
    const next = dictGet(pointer, key, null);
    if (isDict(next)) pointer = next;
    else {
      const created: PyDict = new Map();
      dictSet(pointer, key, created);
      pointer = created;
    }
  }
  return [pointer, last];
}

/** The value at `last`, replaced by `empty()` when missing or None. */
function slot(pointer: PyDict, last: string, empty: () => unknown): unknown {
  const current = dictGet(pointer, last, null);
  if (dictHas(pointer, last) && current !== null) return current;
  const made = empty();
  dictSet(pointer, last, made);
  return made;
}

/** The four filters' common parameters. */
const PARAMS = [p('in_dict'), p('keys'), p('value'), p('delimiter', ':'), p('ordered_dict', false)];

/** `set_dict_key_value(in_dict, keys, value, delimiter=':')`: set the value at the key path. */
const setValue = defineFilter('set_dict_key_value', PARAMS, (_ctx, [inDict, keys, value, delimiter]) => {
  const [pointer, last] = rpartition(inDict, keys, delimiter);
  dictSet(pointer, last, value);
  return inDict;
});

/** `update_dict_key_value(...)`: dict.update() the dict at the key path (created when missing) with `value`. */
const updateValue = defineFilter('update_dict_key_value', PARAMS, (_ctx, [inDict, keys, value, delimiter]) => {
  const [pointer, last] = rpartition(inDict, keys, delimiter);
  const target = slot(pointer, last, () => new Map());
  if (!isDict(target)) throw invocationError(`The last key contains a ${pyType(target)}, which cannot update.`);
  if (isDict(value)) for (const [k, v] of value) dictSet(target, k, v);
  else if (Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2)) {
    for (const pair of value as unknown[][]) dictSet(target, pair[0], pair[1]);
  } else throw invocationError(`Cannot update ${pyType(target)} with a ${pyType(value)}.`);
  return inDict;
});

/** `append_dict_key_value(...)`: append `value` to the list at the key path (created when missing). */
const appendValue = defineFilter('append_dict_key_value', PARAMS, (_ctx, [inDict, keys, value, delimiter]) => {
  const [pointer, last] = rpartition(inDict, keys, delimiter);
  const target = slot(pointer, last, () => []);
  if (!Array.isArray(target) || isTuple(target)) throw invocationError(`The last key contains a ${pyType(target)}, which cannot append.`);
  target.push(value);
  return inDict;
});

/** `extend_dict_key_value(...)`: extend the list at the key path (created when missing) with the items of `value`. */
const extendValue = defineFilter('extend_dict_key_value', PARAMS, (_ctx, [inDict, keys, value, delimiter]) => {
  const [pointer, last] = rpartition(inDict, keys, delimiter);
  const target = slot(pointer, last, () => []);
  if (!Array.isArray(target) || isTuple(target)) throw invocationError(`The last key contains a ${pyType(target)}, which cannot extend.`);
  if (value instanceof Undefined) value.fail();
  if (typeof value !== 'string' && !Array.isArray(value) && !isDict(value)) throw invocationError(`Cannot extend ${pyType(target)} with a ${pyType(value)}.`);
  target.push(...iterate(value));
  return inDict;
});

/** Salt's dict-editing filters, by name. */
export const SALT_DICTUPDATE_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['set_dict_key_value', setValue],
  ['update_dict_key_value', updateValue],
  ['append_dict_key_value', appendValue],
  ['extend_dict_key_value', extendValue],
];
