/**
 * Rendering statement nodes with Jinja2 3.1's semantics, plus Salt's
 * serializer tags: output, `if`, `for` (with `loop`, `else`, filtering,
 * recursion, break/continue), assignments and Jinja's scoping, macros and
 * call blocks, filter and `with` blocks, include/import (with and without
 * context), template inheritance, `import_yaml`/`load_yaml` and friends.
 */
import type * as A from '../ast';
import { pyStrRepr } from '../../python';
import { undeclared } from './checks';
import { loadData } from './data-load';
import { locate } from './errors';
import { SLOW, applyFilter, evalCall, evalExpr, evalStr, evalTruthy, position, quick } from './expressions';
import { Frame, RenderContext, define, lookup, visibleVars, type CompiledTemplate, type RenderState } from './frame';
import { iterate, unpack } from './iterate';
import { LoopContext } from './loop';
import { Macro, NOT_GIVEN, type MacroArgs } from './macro';
import { TemplateModule, TemplateReference } from './template-module';
import { Namespace, PyError, PyFunction, Undefined, pyStr } from './values';

/** How a statement list ended: normally, or by `{% break %}` / `{% continue %}`. */
type Flow = 'break' | 'continue' | undefined;

/**
 * Render `body` in `frame`, appending to `out`.
 * @returns the loop control that stopped it, if any
 * @throws TemplateRuntimeError positioned at the innermost failing node
 */
export async function renderStmts(body: readonly A.Stmt[], frame: Frame, out: string[]): Promise<Flow> {
  for (const stmt of body) {
    let flow: Flow;
    try {
      const pause = frame.ctx.state.step();
      if (pause !== undefined) await pause;
      flow = await renderStmt(stmt, frame, out);
    } catch (e) {
      throw locate(e, stmt, frame.tpl);
    }
    if (flow !== undefined) return flow;
  }
  return undefined;
}

async function renderStmt(node: A.Stmt, frame: Frame, out: string[]): Promise<Flow> {
  switch (node.kind) {
    case 'Output':
      if (frame.silenced()) return undefined;
      for (const n of node.nodes) out.push(frame.ctx.state.print(n.kind === 'TemplateData' ? n.data : await evalStr(n, frame)));
      return undefined;
    case 'If':
      for (const branch of [node, ...node.elifs]) {
        if (await evalTruthy(branch.test, frame)) return renderStmts(branch.body, frame, out);
      }
      return renderStmts(node.else_, frame, out);
    case 'For':
      await renderFor(node, frame, out, await evalExpr(node.iter, frame), 0);
      return undefined;
    case 'Break':
      return 'break';
    case 'Continue':
      return 'continue';
    case 'Assign': {
      const v = quick(node.node, frame);
      assign(node.target, v === SLOW ? await evalExpr(node.node, frame) : v, frame);
      return undefined;
    }
    case 'AssignBlock': {
      const inner = frame.inner();
      const text = await renderToString(node.body, inner);
      assign(node.target, node.filter === null ? text : await applyFilter(node.filter, text, inner), frame);
      return undefined;
    }
    case 'FilterBlock': {
      const inner = frame.inner();
      out.push(pyStr(await applyFilter(node.filter, await renderToString(node.body, inner), inner)));
      return undefined;
    }
    case 'With': {
      const values: unknown[] = [];
      for (const v of node.values) values.push(await evalExpr(v, frame));
      const inner = frame.inner();
      node.targets.forEach((t, i) => assign(t, values[i], inner));
      return renderStmts(node.body, inner, out);
    }
    case 'ExprStmt':
      await evalExpr(node.node, frame);
      return undefined;
    case 'Print':
      for (const n of node.nodes) out.push(await evalStr(n, frame));
      return undefined;
    case 'Macro':
      define(frame, node.name, makeMacro(node.name, node, frame), true);
      return undefined;
    case 'CallBlock': {
      const caller = makeMacro('caller', node, frame);
      out.push(pyStr(await evalCall(node.call, frame, caller)));
      return undefined;
    }
    case 'Profile':
      return renderStmts(node.body, frame, out);
    case 'Include':
      await include(node, frame, out);
      return undefined;
    case 'Import':
      define(frame, node.target, await importModule(node.template, node.withContext, frame), false);
      return undefined;
    case 'FromImport':
      await fromImport(node, frame);
      return undefined;
    case 'ImportData': {
      const module = await importModule(node.template, node.withContext, frame);
      define(frame, node.target, loadData(node.format, module.body, module.templateName), true);
      return undefined;
    }
    case 'LoadData': {
      const text = await renderToString(node.body, new Frame(frame.ctx, frame.tpl, frame, false, null));
      assign(node.target, loadData(node.format, text, frame.tpl.name), frame);
      return undefined;
    }
    case 'Extends':
      await extend(node, frame);
      return undefined;
    case 'Block': {
      if (frame.toplevel && frame.extended !== null) return undefined;
      if (node.required && (frame.ctx.blocks.get(node.name) ?? []).length <= 1) {
        throw new PyError('TemplateRuntimeError', `Required block '${node.name}' not found`);
      }
      await renderBlock(frame.ctx, node.name, 0, node.scoped ? frame : null, out);
      return undefined;
    }
  }
}

/** The output of `body` rendered in `frame`. */
async function renderToString(body: readonly A.Stmt[], frame: Frame): Promise<string> {
  const out: string[] = [];
  await renderStmts(body, frame, out);
  return out.join('');
}

/**
 * Assign `value` to a target: a name (in the innermost scope), a tuple of
 * targets (unpacked as Python does) or `ns.attr` on a namespace().
 * @throws PyError ValueError/TypeError from unpacking; TemplateRuntimeError `cannot assign attribute on non-namespace object`
 */
function assign(target: A.Expr, value: unknown, frame: Frame): void {
  switch (target.kind) {
    case 'Name':
      define(frame, target.name, value, true);
      return;
    case 'Tuple': {
      const items = unpack(value, target.items.length);
      target.items.forEach((t, i) => assign(t, items[i], frame));
      return;
    }
    case 'NSRef': {
      const ns = lookup(frame, target.name);
      if (!(ns instanceof Namespace)) throw new PyError('TemplateRuntimeError', 'cannot assign attribute on non-namespace object');
      ns.attrs.set(target.attr, value);
      return;
    }
    default:
      throw new PyError('TemplateRuntimeError', `cannot assign to ${target.kind}`);
  }
}

/**
 * A `{% for %}` over `iterValue` at recursion level `depth0`. Each
 * iteration runs in a fresh scope (assignments do not leak); `else` runs
 * when nothing was iterated. With an `if` clause, as in Jinja, an item is
 * tested only when the loop reaches it, unless the body reads `loop`, whose
 * `length`/`last` need every kept item up front.
 */
async function renderFor(node: A.For, frame: Frame, out: string[], iterValue: unknown, depth0: number): Promise<void> {
  const items = iterate(iterValue);
  const keep = async (item: unknown): Promise<boolean> => {
    if (node.test === null) return true;
    const scope = frame.inner();
    assign(node.target, item, scope);
    return evalTruthy(node.test, scope);
  };
  if (!node.recursive && !undeclared(node.body, LOOP_NAMES).has('loop')) {
    let iterated = false;
    for (const item of items) {
      await iteration(frame);
      if (!(await keep(item))) continue;
      iterated = true;
      const scope = frame.inner();
      assign(node.target, item, scope);
      if ((await renderStmts(node.body, scope, out)) === 'break') break;
    }
    if (!iterated) await renderStmts(node.else_, frame.inner(), out);
    return;
  }
  const kept: unknown[] = [];
  for (const item of items) {
    await iteration(frame);
    if (await keep(item)) kept.push(item);
  }
  const recurse = node.recursive
    ? async (more: unknown): Promise<string> => {
        const buf: string[] = [];
        await frame.ctx.state.nested(() => renderFor(node, frame, buf, more, depth0 + 1));
        return buf.join('');
      }
    : null;
  const loop = new LoopContext(kept, depth0, recurse);
  for (let i = 0; i < kept.length; i++) {
    loop.index0 = i;
    const scope = frame.inner();
    scope.vars.set('loop', loop);
    assign(node.target, kept[i], scope);
    if ((await renderStmts(node.body, scope, out)) === 'break') break;
  }
  if (kept.length === 0) await renderStmts(node.else_, frame.inner(), out);
}

/** Count a loop iteration as a step of the render (see RenderState.step). */
async function iteration(frame: Frame): Promise<void> {
  const pause = frame.ctx.state.step();
  if (pause !== undefined) await pause;
}

const MACRO_NAMES = ['caller', 'kwargs', 'varargs'];
const LOOP_NAMES = ['loop'];

/**
 * The Macro a `{% macro %}` or a call block's `caller` defines; it closes
 * over `frame`, and its defaults are evaluated at each call.
 */
function makeMacro(name: string, node: A.Macro | A.CallBlock, frame: Frame): Macro {
  const reads = undeclared(node.body, MACRO_NAMES);
  const uses = { caller: reads.has('caller'), kwargs: reads.has('kwargs'), varargs: reads.has('varargs') };
  const params = node.args.map((a) => a.name);
  const firstDefault = params.length - node.defaults.length;
  const spec = { name, params, catchKwargs: uses.kwargs, catchVarargs: uses.varargs, caller: uses.caller };
  const invoke = (bound: MacroArgs): Promise<string> =>
    frame.ctx.state.nested(async () => {
      const scope = new Frame(frame.ctx, frame.tpl, frame, false, null);
      params.forEach((p, i) => scope.vars.set(p, bound.values[i]));
      for (let i = 0; i < params.length; i++) {
        if (bound.values[i] !== NOT_GIVEN) continue;
        const dflt = node.defaults[i - firstDefault];
        const p = params[i] as string;
        scope.vars.set(p, dflt === undefined ? new Undefined(p, undefined, `parameter '${p}' was not provided`) : await evalExpr(dflt, scope));
      }
      if (uses.caller && bound.caller !== null) scope.vars.set('caller', bound.caller);
      if (uses.kwargs) scope.vars.set('kwargs', bound.kwargs);
      if (uses.varargs) scope.vars.set('varargs', bound.varargs);
      return renderToString(node.body, scope);
    });
  return new Macro(spec, invoke);
}

/** The template an include or import names, loaded relative to the current one. */
async function loadTemplate(expr: A.Expr, frame: Frame): Promise<CompiledTemplate> {
  const name = await evalExpr(expr, frame);
  return frame.ctx.state.host.loadTemplate(name, frame.tpl.name ?? null);
}

/** Render `tpl` as a new template execution given `vars`, appending to `out`; follows `{% extends %}`. */
export async function renderTemplate(tpl: CompiledTemplate, vars: ReadonlyMap<string, unknown>, state: RenderState, out: string[]): Promise<RenderContext> {
  const ctx = new RenderContext(tpl, vars, state);
  ctx.self = new TemplateReference(ctx.blocks, async (name) => {
    const buf: string[] = [];
    await renderBlock(ctx, name, 0, null, buf);
    return buf.join('');
  });
  const renderLevel = async (current: CompiledTemplate): Promise<void> => {
    const root: Frame = new Frame(ctx, current, null, true, null);
    await renderStmts(current.ast.body, root, out);
    const parent = root.extended;
    if (parent !== null) await state.nested(() => renderLevel(parent));
  };
  await state.nested(() => renderLevel(tpl));
  return ctx;
}

/** `tpl` rendered as a module given `vars`: its exports and output. */
async function makeModule(tpl: CompiledTemplate, vars: ReadonlyMap<string, unknown>, state: RenderState): Promise<TemplateModule> {
  const out: string[] = [];
  const ctx = await renderTemplate(tpl, vars, state, out);
  const exports = new Map<string, unknown>();
  for (const name of ctx.exported) exports.set(name, ctx.vars.get(name));
  return new TemplateModule(tpl.name, exports, out.join(''));
}

/**
 * `tpl` imported without context: it sees only the Environment's globals and is rendered once per render (Jinja
 * caches it once it is made, so templates importing each other recurse until RecursionError, as in Jinja).
 */
async function defaultModule(tpl: CompiledTemplate, state: RenderState): Promise<TemplateModule> {
  let module = state.modules.get(tpl);
  if (module === undefined) {
    module = await makeModule(tpl, state.host.globalsSnapshot(), state);
    state.modules.set(tpl, module);
  }
  return module;
}

/** The module of the template `expr` names; with context it sees everything visible here. */
async function importModule(expr: A.Expr, withContext: boolean, frame: Frame): Promise<TemplateModule> {
  const tpl = await loadTemplate(expr, frame);
  return withContext ? makeModule(tpl, visibleVars(frame), frame.ctx.state) : defaultModule(tpl, frame.ctx.state);
}

/** `{% from tpl import a, b as c %}`: a name the module does not export is an Undefined explaining so. */
async function fromImport(node: A.FromImport, frame: Frame): Promise<void> {
  const module = await importModule(node.template, node.withContext, frame);
  for (const { name, alias } of node.names) {
    const value = module.exports.has(name)
      ? module.exports.get(name)
      : new Undefined(
          name,
          undefined,
          `the template ${module.templateName === undefined ? 'None' : pyStrRepr(module.templateName)} (imported on ${position(node, frame)}) does not export the requested name ${pyStrRepr(name)}`,
        );
    define(frame, alias ?? name, value, false);
  }
}

/** `{% include %}`: with context the template sees everything visible here; `ignore missing` skips a missing one. */
async function include(node: A.Include, frame: Frame, out: string[]): Promise<void> {
  let tpl: CompiledTemplate;
  try {
    tpl = await loadTemplate(node.template, frame);
  } catch (e) {
    if (node.ignoreMissing && e instanceof PyError && (e.pyType === 'TemplateNotFound' || e.pyType === 'TemplatesNotFound')) return;
    throw e;
  }
  const { state } = frame.ctx;
  if (node.withContext) await renderTemplate(tpl, visibleVars(frame), state, out);
  else out.push((await defaultModule(tpl, state)).body);
}

/** `{% extends %}`: remember the parent (rendered after this template's top level) and queue its blocks behind ours. */
async function extend(node: A.Extends, frame: Frame): Promise<void> {
  if (!frame.toplevel) throw new PyError('TemplateRuntimeError', 'cannot use extend from a non top-level scope');
  if (frame.extended !== null) throw new PyError('TemplateRuntimeError', 'extended multiple times');
  const parent = await loadTemplate(node.template, frame);
  frame.extended = parent;
  for (const [name, block] of parent.blocks) {
    const chain = frame.ctx.blocks.get(name);
    if (chain) chain.push({ node: block, tpl: parent });
    else frame.ctx.blocks.set(name, [{ node: block, tpl: parent }]);
  }
}

/**
 * Render entry `index` of block `name`'s override chain. The block sees the
 * template's variables (and, when `scope` is given, a `scoped` block's local
 * ones); `super()` renders the next entry.
 */
async function renderBlock(ctx: RenderContext, name: string, index: number, scope: Frame | null, out: string[]): Promise<void> {
  const chain = ctx.blocks.get(name) ?? [];
  const entry = chain[index];
  if (entry === undefined) return;
  const frame = new Frame(ctx, entry.tpl, scope, false, null);
  frame.vars.set(
    'super',
    index + 1 < chain.length
      ? new PyFunction('super', async () => {
          const buf: string[] = [];
          await renderBlock(ctx, name, index + 1, scope, buf);
          return buf.join('');
        })
      : new Undefined('super', undefined, `there is no parent block called '${name}'.`),
  );
  await renderStmts(entry.node.body, frame, out);
}
