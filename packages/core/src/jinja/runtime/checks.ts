/**
 * What Jinja2's compiler decides before a template runs: unknown filters
 * and tests (an error now, or at run time where Jinja defers it), which of
 * `caller`/`kwargs`/`varargs` a macro body reads, and the template's blocks.
 */
import type * as A from '../ast';
import { TemplateAssertionError } from './errors';

/** Any syntax node (expressions, statements, keywords...). */
interface AnyNode {
  readonly kind: string;
}

/** The nodes directly inside `node`, in field order (dict items and compare operands included). */
function children(node: object): AnyNode[] {
  const out: AnyNode[] = [];
  const add = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(add);
    else if (v !== null && typeof v === 'object') {
      if ('kind' in v) out.push(v as AnyNode);
      else Object.values(v).forEach(add);
    }
  };
  for (const v of Object.values(node)) add(v);
  return out;
}

/** The registered names a template's filters and tests are checked against. */
export interface KnownNames {
  readonly filters: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  readonly tests: ReadonlySet<string> | ReadonlyMap<string, unknown>;
}

/** Statements that open a new (not "soft") frame in Jinja's compiler. */
const INNER = new Set(['For', 'Macro', 'CallBlock', 'FilterBlock', 'With', 'AssignBlock', 'Block', 'LoadData']);

/**
 * Jinja's compile-time checks: a filter or test that is not registered is
 * an error (`No filter named 'x'.`, `No test named 'x'.`), except inside
 * an `if` statement or an inline if-expression, where Jinja defers the error
 * to the moment the filter runs.
 * @param name the template's name, for the error
 * @throws TemplateAssertionError
 */
export function checkTemplate(tpl: A.Template, known: KnownNames, name: string | undefined): void {
  const visit = (node: AnyNode, soft: boolean): void => {
    if (!soft && (node.kind === 'Filter' || node.kind === 'Test')) {
      const n = node as A.Filter | A.Test;
      const registry = node.kind === 'Filter' ? known.filters : known.tests;
      if (!registry.has(n.name)) {
        throw new TemplateAssertionError(`No ${node.kind === 'Filter' ? 'filter' : 'test'} named '${n.name}'.`, n.line, n.column, name);
      }
    }
    const childSoft = node.kind === 'If' || node.kind === 'CondExpr' ? true : INNER.has(node.kind) ? false : soft;
    if (node.kind === 'For') {
      const f = node as A.For;
      visit(f.iter, soft);
      [f.target, ...f.body, ...f.else_, ...(f.test ? [f.test] : [])].forEach((c) => visit(c, false));
      return;
    }
    for (const child of children(node)) visit(child, childSoft);
  };
  tpl.body.forEach((s) => visit(s, false));
}

/** Which special names a macro body reads (Jinja's `find_undeclared` over the body). */
export interface MacroUses {
  readonly caller: boolean;
  readonly kwargs: boolean;
  readonly varargs: boolean;
}

const USES = new WeakMap<object, MacroUses>();

/**
 * Whether `body` reads `caller`, `kwargs` or `varargs` before assigning them,
 * as Jinja's UndeclaredNameVisitor decides (blocks are not entered).
 * Memoized per body.
 */
export function macroUses(body: readonly A.Stmt[]): MacroUses {
  const known = USES.get(body);
  if (known) return known;
  const names = new Set(['caller', 'kwargs', 'varargs']);
  const found = new Set<string>();
  const visit = (node: AnyNode): void => {
    if (node.kind === 'Block') return;
    if (node.kind === 'Name') {
      const n = node as A.Name;
      if (n.ctx === 'load' && names.has(n.name)) found.add(n.name);
      else names.delete(n.name);
      return;
    }
    children(node).forEach(visit);
  };
  body.forEach(visit);
  const uses = { caller: found.has('caller'), kwargs: found.has('kwargs'), varargs: found.has('varargs') };
  USES.set(body, uses);
  return uses;
}

/**
 * Every `{% block %}` of a template, nested ones included, by name.
 * @throws TemplateAssertionError `block 'x' defined twice`
 */
export function collectBlocks(tpl: A.Template, name: string | undefined): Map<string, A.Block> {
  const blocks = new Map<string, A.Block>();
  const visit = (node: AnyNode): void => {
    if (node.kind === 'Block') {
      const b = node as A.Block;
      if (blocks.has(b.name)) throw new TemplateAssertionError(`block '${b.name}' defined twice`, b.line, b.column, name);
      blocks.set(b.name, b);
    }
    children(node).forEach(visit);
  };
  tpl.body.forEach(visit);
  return blocks;
}
