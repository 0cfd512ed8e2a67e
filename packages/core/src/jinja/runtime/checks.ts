/**
 * What Jinja2's compiler decides before a template runs: unknown filters
 * and tests (an error now, or at run time where Jinja defers it), which
 * special names (`caller`/`kwargs`/`varargs`, `loop`) a body reads, and the
 * template's blocks.
 */
import type * as A from '../ast';
import { TemplateAssertionError } from './errors';

/** Any syntax node (expressions, statements, keywords...). */
interface AnyNode {
  readonly kind: string;
}

/** Call `fn` on each node directly inside `node`, in field order (dict items, keywords and compare operands included). */
function forEachChild(node: object, fn: (child: AnyNode) => void): void {
  for (const key in node) visitValue((node as Record<string, unknown>)[key], fn);
}

function visitValue(v: unknown, fn: (child: AnyNode) => void): void {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) for (const x of v) visitValue(x, fn);
  else if ('kind' in v) fn(v as AnyNode);
  else forEachChild(v, fn);
}

/** The registered names a template's filters and tests are checked against. */
export interface KnownNames {
  readonly filters: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  readonly tests: ReadonlySet<string> | ReadonlyMap<string, unknown>;
}

/** Statements whose parts all run in a new (not "soft") frame in Jinja's compiler; `For`, `With` and `CallBlock` evaluate some parts outside it. */
const INNER = new Set(['Macro', 'FilterBlock', 'AssignBlock', 'Block', 'LoadData']);

/**
 * Jinja's compile-time checks, and the template's blocks. A filter or test
 * that is not registered is an error (`No filter named 'x'.`, `No test
 * named 'x'.`), except inside an `if` statement or an inline if-expression,
 * where Jinja defers the error to the moment the filter runs. Every
 * `{% block %}`, nested ones included, is collected by name.
 * @param name the template's name, for the error
 * @returns the blocks by name
 * @throws TemplateAssertionError (also `block 'x' defined twice`, `Can't assign to special loop variable in for-loop target`)
 */
export function analyzeTemplate(tpl: A.Template, known: KnownNames, name: string | undefined): Map<string, A.Block> {
  const blocks = new Map<string, A.Block>();
  const visit = (node: AnyNode, soft: boolean): void => {
    switch (node.kind) {
      case 'Filter':
      case 'Test': {
        const n = node as A.Filter | A.Test;
        if (!soft && !(node.kind === 'Filter' ? known.filters : known.tests).has(n.name)) {
          throw new TemplateAssertionError(`No ${node.kind === 'Filter' ? 'filter' : 'test'} named '${n.name}'.`, n.line, n.column, name);
        }
        break;
      }
      case 'Block': {
        const b = node as A.Block;
        if (blocks.has(b.name)) throw new TemplateAssertionError(`block '${b.name}' defined twice`, b.line, b.column, name);
        blocks.set(b.name, b);
        break;
      }
      case 'For': {
        const f = node as A.For;
        const targets = f.target.kind === 'Tuple' ? f.target.items : [f.target];
        const loop = targets.find((t) => t.kind === 'Name' && t.name === 'loop');
        if (loop) throw new TemplateAssertionError("Can't assign to special loop variable in for-loop target", loop.line, loop.column, name);
        visit(f.iter, soft);
        for (const c of [f.target, ...f.body, ...f.else_, ...(f.test ? [f.test] : [])]) visit(c, false);
        return;
      }
      case 'With': {
        const w = node as A.With;
        for (const v of w.values) visit(v, soft);
        for (const c of [...w.targets, ...w.body]) visit(c, false);
        return;
      }
      case 'CallBlock': {
        const c = node as A.CallBlock;
        visit(c.call, soft);
        for (const x of [...c.args, ...c.defaults, ...c.body]) visit(x, false);
        return;
      }
      default:
    }
    const childSoft = node.kind === 'If' || node.kind === 'CondExpr' ? true : INNER.has(node.kind) ? false : soft;
    forEachChild(node, (child) => visit(child, childSoft));
  };
  for (const s of tpl.body) visit(s, false);
  return blocks;
}

const UNDECLARED = new WeakMap<object, Map<string, ReadonlySet<string>>>();

/**
 * Which of `names` `body` reads before assigning them: Jinja's
 * `find_undeclared` (its UndeclaredNameVisitor; blocks are not entered),
 * which decides whether a macro takes `caller`/`kwargs`/`varargs` and
 * whether a loop body uses `loop`. Memoized per body.
 */
export function undeclared(body: readonly A.Stmt[], names: readonly string[]): ReadonlySet<string> {
  const key = names.join(',');
  let memo = UNDECLARED.get(body);
  const known = memo?.get(key);
  if (known) return known;
  const pending = new Set(names);
  const found = new Set<string>();
  const visit = (node: AnyNode): void => {
    if (node.kind === 'Block') return;
    if (node.kind === 'Name') {
      const n = node as A.Name;
      if (n.ctx === 'load' && pending.has(n.name)) found.add(n.name);
      else pending.delete(n.name);
      return;
    }
    forEachChild(node, visit);
  };
  body.forEach(visit);
  if (!memo) UNDECLARED.set(body, (memo = new Map()));
  memo.set(key, found);
  return found;
}
