/**
 * The methods of Python's list (`append`, `extend`, `insert`, `pop`,
 * `remove`, `index`, `count`, `sort`, `reverse`, `copy`, `clear`) and tuple
 * (`index`, `count`), with CPython 3.11's semantics and messages.
 */
import { PyError, pyEquals, pyRepr } from '../runtime/values';
import { checkLength } from '../runtime/limits';
import { pySorted } from './sorted';
import { asIndex, pyCall } from './coerce';
import { iterate } from '../runtime/iterate';
import type { MethodDef, MethodTable } from './method-table';

/**
 * `seq.index(value, start, stop)`: the first position of an equal item.
 * @throws PyError ValueError `notFound`
 */
function indexOf(seq: unknown[], value: unknown, startArg: unknown, stopArg: unknown, notFound: string): number {
  const clip = (i: number): number => (i < 0 ? Math.max(i + seq.length, 0) : Math.min(i, seq.length));
  const stop = clip(asIndex(stopArg));
  for (let i = clip(asIndex(startArg)); i < stop; i++) if (pyEquals(seq[i], value)) return i;
  throw new PyError('ValueError', notFound);
}

/** index, as list and tuple define it. */
function index(notFound: (value: unknown) => string): MethodDef<unknown[]> {
  return {
    params: [{ name: 'value' }, { name: 'start', default: 0 }, { name: 'stop', default: Number.MAX_SAFE_INTEGER }],
    call: (seq, [value, start, stop]) => indexOf(seq, value, start, stop, notFound(value)),
  };
}

/** count, as list and tuple define it. */
const count: MethodDef<unknown[]> = {
  params: [{ name: 'value' }],
  call: (seq, [value]) => seq.filter((x) => pyEquals(x, value)).length,
};

/** `list.pop(index=-1)`. @throws PyError IndexError `pop from empty list`, `pop index out of range` */
function pop(list: unknown[], indexArg: unknown): unknown {
  let i = asIndex(indexArg);
  if (list.length === 0) throw new PyError('IndexError', 'pop from empty list');
  if (i < 0) i += list.length;
  if (i < 0 || i >= list.length) throw new PyError('IndexError', 'pop index out of range');
  return list.splice(i, 1)[0];
}

/**
 * `list.sort(key=None, reverse=False)`: stable, Python's `<` ordering, equal
 * items keep their order also when reversed; `key` a callable applied once per item.
 */
function sort(list: unknown[], keyFn: unknown, reverseArg: unknown): null {
  const reverse = asIndex(reverseArg) !== 0;
  const key = keyFn === null || keyFn === undefined ? undefined : (x: unknown) => pyCall(keyFn, [x]);
  // written back item by item: spreading a long list into splice() would overflow the call stack
  pySorted(list, key, reverse).forEach((x, i) => {
    list[i] = x;
  });
  return null;
}

const listEntries: [string, MethodDef<unknown[]>][] = [
  ['append', { params: [{ name: 'object' }], call: (l, [x]) => (l.push(x), null) }],
  [
    'extend',
    {
      params: [{ name: 'iterable' }],
      call: (l, [it]) => {
        const items = iterate(it);
        checkLength('list', l.length + items.length);
        items.forEach((x) => l.push(x));
        return null;
      },
    },
  ],
  [
    'insert',
    {
      params: [{ name: 'index' }, { name: 'object' }],
      call: (l, [at, x]) => {
        const i = asIndex(at);
        l.splice(i < 0 ? Math.max(i + l.length, 0) : Math.min(i, l.length), 0, x);
        return null;
      },
    },
  ],
  ['pop', { params: [{ name: 'index', default: -1 }], call: (l, [at]) => pop(l, at) }],
  [
    'remove',
    {
      params: [{ name: 'value' }],
      call: (l, [value]) => {
        l.splice(indexOf(l, value, 0, l.length, 'list.remove(x): x not in list'), 1);
        return null;
      },
    },
  ],
  ['index', index((value) => `${pyRepr(value)} is not in list`)],
  ['count', count],
  [
    'sort',
    {
      params: [{ name: 'key', default: null }, { name: 'reverse', default: false }],
      style: 'keyword-only',
      call: (l, [key, reverse]) => sort(l, key, reverse),
    },
  ],
  ['reverse', { params: [], call: (l) => (l.reverse(), null) }],
  ['copy', { params: [], call: (l) => [...l] }],
  ['clear', { params: [], call: (l) => (l.splice(0), null) }],
];

/** list's methods by name. */
export const LIST_METHODS: MethodTable<unknown[]> = new Map(listEntries);

/** tuple's methods by name. */
export const TUPLE_METHODS: MethodTable<unknown[]> = new Map([
  ['index', index(() => 'tuple.index(x): x not in tuple')],
  ['count', count],
]);
