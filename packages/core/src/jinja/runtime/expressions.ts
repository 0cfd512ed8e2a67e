/**
 * Evaluating expression nodes with Jinja2 3.1's semantics (names,
 * literals, operators, attribute and item access, calls, filters, tests).
 * Calls and filters may return Promises (Salt's execution functions); they
 * are awaited. A failure is raised as a TemplateRuntimeError positioned at
 * the innermost failing node.
 */
import type * as A from '../ast';
import { pyStrRepr } from '../../python';
import { getattr, getitem, getslice } from './access';
import { locate } from './errors';
import { checkSize } from './limits';
import { lookup, type Frame } from './frame';
import { iterate } from './iterate';
import { LoopContext } from './loop';
import { checkHashable } from '../python/coerce';
import { binaryOp, compareOp, unaryOp } from './operators';
import { PyError, PyFunction, Undefined, dictSet, isDict, pyStr, truthy, tuple, typeName, type Kwargs, type PyDict } from './values';

/** `line N in 'name'`, as Jinja's compiler writes a position into messages. */
export function position(node: A.Position, frame: Frame): string {
  const { name } = frame.tpl;
  return name === undefined ? `line ${node.line}` : `line ${node.line} in ${pyStrRepr(name)}`;
}

/** What {@link quick} returns for a node it cannot evaluate synchronously. */
export const SLOW: unique symbol = Symbol('slow');

/**
 * The value of the commonest nodes (constants, names, `a.b`, `a['b']`
 * chains over them) without going through a Promise, or {@link SLOW} for
 * any other node. Rendering tries this first, so templates made mostly of
 * `{{ pkg.name }}` pay no async overhead.
 * @throws TemplateRuntimeError positioned at the failing node
 */
export function quick(node: A.Expr, frame: Frame): unknown {
  switch (node.kind) {
    case 'Const':
      return typeof node.value === 'bigint' ? Number(node.value) : node.value;
    case 'Name':
      return lookup(frame, node.name);
    case 'Getattr': {
      const obj = quick(node.node, frame);
      if (obj === SLOW) return SLOW;
      try {
        return getattr(obj, node.attr);
      } catch (e) {
        throw locate(e, node, frame.tpl);
      }
    }
    case 'Getitem': {
      if (node.arg.kind === 'Slice') return SLOW;
      const obj = quick(node.node, frame);
      const key = obj === SLOW ? SLOW : quick(node.arg, frame);
      if (key === SLOW) return SLOW;
      try {
        return getitem(obj, key);
      } catch (e) {
        throw locate(e, node, frame.tpl);
      }
    }
    default:
      return SLOW;
  }
}

/**
 * The value of `node` in `frame`.
 * @throws TemplateRuntimeError positioned at the innermost failing node
 */
export async function evalExpr(node: A.Expr, frame: Frame): Promise<unknown> {
  try {
    switch (node.kind) {
      case 'Const':
        return typeof node.value === 'bigint' ? Number(node.value) : node.value;
      case 'Name':
        return lookup(frame, node.name);
      case 'Tuple':
        return tuple(await evalAll(node.items, frame));
      case 'List':
        return evalAll(node.items, frame);
      case 'Dict':
        return evalDict(node, frame);
      case 'CondExpr':
        if (await evalTruthy(node.test, frame)) return await evalExpr(node.expr1, frame);
        if (node.expr2 !== null) return await evalExpr(node.expr2, frame);
        return new Undefined(null, undefined, `the inline if-expression on ${position(node, frame)} evaluated to false and no else section was defined.`);
      case 'BinOp': {
        let left = quick(node.left, frame);
        if (left === SLOW) left = await evalExpr(node.left, frame);
        let right = quick(node.right, frame);
        if (right === SLOW) right = await evalExpr(node.right, frame);
        return checkSize(binaryOp(node.op, left, right));
      }
      case 'Logical': {
        let left = quick(node.left, frame);
        if (left === SLOW) left = await evalExpr(node.left, frame);
        return truthy(left) === (node.op === 'and') ? await evalExpr(node.right, frame) : left;
      }
      case 'Unary': {
        let v = quick(node.node, frame);
        if (v === SLOW) v = await evalExpr(node.node, frame);
        return node.op === 'not' ? !truthy(v) : unaryOp(node.op, v);
      }
      case 'Concat': {
        let s = '';
        for (const n of node.nodes) s += await evalStr(n, frame);
        return checkSize(s);
      }
      case 'Compare':
        return await evalCompare(node, frame);
      case 'Getattr':
        return getattr(await evalExpr(node.node, frame), node.attr);
      case 'Getitem': {
        const obj = await evalExpr(node.node, frame);
        const { arg } = node;
        if (arg.kind !== 'Slice') return getitem(obj, await evalExpr(arg, frame));
        const part = (e: A.Expr | null): Promise<unknown> => (e === null ? Promise.resolve(null) : evalExpr(e, frame));
        return getslice(obj, { start: await part(arg.start), stop: await part(arg.stop), step: await part(arg.step) });
      }
      case 'Call':
        return checkSize(await evalCall(node, frame, null));
      case 'Filter':
        return await applyFilter(node, null, frame);
      case 'Test':
        return await applyTest(node, frame);
      case 'NSRef':
        throw new PyError('TemplateRuntimeError', `cannot read '${node.name}.${node.attr}' as a value here`);
    }
  } catch (e) {
    throw locate(e, node, frame.tpl);
  }
}

/**
 * `str()` of the value of `node`, as `{{ }}` prints it.
 * @throws TemplateRuntimeError at `node` (UndefinedError for an Undefined)
 */
export async function evalStr(node: A.Expr, frame: Frame): Promise<string> {
  let v = quick(node, frame);
  if (v === SLOW) v = await evalExpr(node, frame);
  if (typeof v === 'string') return v;
  try {
    return pyStr(v);
  } catch (e) {
    throw locate(e, node, frame.tpl);
  }
}

/**
 * The truth of the value of `node`, as `if` tests it.
 * @throws TemplateRuntimeError at `node` (UndefinedError for an Undefined)
 */
export async function evalTruthy(node: A.Expr, frame: Frame): Promise<boolean> {
  let v = quick(node, frame);
  if (v === SLOW) v = await evalExpr(node, frame);
  try {
    return truthy(v);
  } catch (e) {
    throw locate(e, node, frame.tpl);
  }
}

/** The values of `nodes`, in order. */
async function evalAll(nodes: readonly A.Expr[], frame: Frame): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const n of nodes) {
    const v = quick(n, frame);
    out.push(v === SLOW ? await evalExpr(n, frame) : v);
  }
  return out;
}

/** A dict literal: later equal keys replace earlier values in the first key's place. */
async function evalDict(node: A.Dict, frame: Frame): Promise<PyDict> {
  const d: PyDict = new Map();
  for (const { key, value } of node.items) {
    const k = await evalExpr(key, frame);
    checkHashable(k);
    dictSet(d, k, await evalExpr(value, frame));
  }
  return d;
}

/** A comparison chain `a < b < c`: each operand evaluated once, stopping at the first false comparison. */
async function evalCompare(node: A.Compare, frame: Frame): Promise<boolean> {
  let left = quick(node.expr, frame);
  if (left === SLOW) left = await evalExpr(node.expr, frame);
  for (const { op, expr } of node.ops) {
    let right = quick(expr, frame);
    if (right === SLOW) right = await evalExpr(expr, frame);
    if (!compareOp(op, left, right)) return false;
    left = right;
  }
  return true;
}

/**
 * The positional and keyword arguments of a call, filter or test, with
 * `*args` and `**kwargs` unpacked.
 * @throws PyError TypeError for a `**` that is not a dict, a non-string or repeated keyword
 */
export async function evalArgs(c: A.CallArgs, frame: Frame): Promise<[unknown[], Kwargs]> {
  const args = await evalAll(c.args, frame);
  if (c.dynArgs !== null) for (const arg of iterate(await evalExpr(c.dynArgs, frame))) args.push(arg);
  const kwargs: Kwargs = new Map();
  for (const k of c.kwargs) {
    const v = quick(k.value, frame);
    kwargs.set(k.key, v === SLOW ? await evalExpr(k.value, frame) : v);
  }
  if (c.dynKwargs !== null) {
    const more = await evalExpr(c.dynKwargs, frame);
    if (more instanceof Undefined) more.fail();
    if (!isDict(more)) throw new PyError('TypeError', `argument after ** must be a mapping, not ${typeName(more)}`);
    for (const [k, v] of more) {
      if (typeof k !== 'string') throw new PyError('TypeError', 'keywords must be strings');
      if (kwargs.has(k)) throw new PyError('TypeError', `got multiple values for keyword argument '${k}'`);
      kwargs.set(k, v);
    }
  }
  return [args, kwargs];
}

/**
 * Python's `callee(*args, **kwargs)` for template values: a PyFunction
 * (builtin, method, macro, execution function; its result awaited), or a
 * recursive loop's `loop(items)`.
 * @throws UndefinedError when `callee` is an Undefined
 * @throws PyError TypeError `'str' object is not callable`
 */
export async function callValue(callee: unknown, args: unknown[], kwargs: Kwargs): Promise<unknown> {
  if (callee instanceof PyFunction) return await callee.call(args, kwargs);
  if (callee instanceof Undefined) return callee.fail();
  if (callee instanceof LoopContext) {
    if (callee.recurse === null) throw new PyError('TypeError', "The loop must have the 'recursive' marker to be called recursively.");
    if (args.length !== 1 || kwargs.size) throw new PyError('TypeError', `LoopContext.__call__() takes 2 positional arguments but ${args.length + 1} were given`);
    return await callee.recurse(args[0]);
  }
  throw new PyError('TypeError', `'${typeName(callee)}' object is not callable`);
}

/** A Call node; `caller` (a call block's) is passed as the `caller` keyword when given. */
export async function evalCall(node: A.Call, frame: Frame, caller: PyFunction | null): Promise<unknown> {
  const callee = await evalExpr(node.node, frame);
  const [args, kwargs] = await evalArgs(node, frame);
  if (caller !== null) kwargs.set('caller', caller);
  return await callValue(callee, args, kwargs);
}

/**
 * `value | name(args)`: the registered filter applied (awaited when async).
 * In a filter block or a set block the innermost filter of the chain has no
 * operand; `body`, the block's output, is its value.
 * @throws PyError TemplateRuntimeError `No filter named 'x' found.` for a filter Jinja let compile inside an `if`
 */
export async function applyFilter(node: A.Filter, body: string | null, frame: Frame): Promise<unknown> {
  const { host } = frame.ctx.state;
  const fn = host.filters.get(node.name);
  if (fn === undefined) throw new PyError('TemplateRuntimeError', `No filter named '${node.name}' found.`);
  const operand = node.node;
  let value = operand === null ? body : operand.kind === 'Filter' ? await applyFilter(operand, body, frame) : quick(operand, frame);
  if (value === SLOW) value = await evalExpr(operand as A.Expr, frame);
  const [args, kwargs] = await evalArgs(node, frame);
  return checkSize(await fn(host.filterContext, value, args, kwargs));
}

/**
 * `value is name(args)`.
 * @throws PyError TemplateRuntimeError `No test named 'x' found.` for a test Jinja let compile inside an `if`
 */
async function applyTest(node: A.Test, frame: Frame): Promise<unknown> {
  const { host } = frame.ctx.state;
  const fn = host.tests.get(node.name);
  if (fn === undefined) throw new PyError('TemplateRuntimeError', `No test named '${node.name}' found.`);
  const value = await evalExpr(node.node, frame);
  const [args, kwargs] = await evalArgs(node, frame);
  return await fn(host.filterContext, value, args, kwargs);
}
