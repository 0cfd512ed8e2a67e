/**
 * The nesting limit of a parsed template. Jinja2 in Python hits its
 * recursion limit on templates nested a few hundred levels deep (brackets,
 * chained operators and filters, nested tags); here a deep tree would
 * overflow the JavaScript stack of the parser or the evaluator, so a
 * template nested deeper than {@link MAX_NESTING} levels is refused with a
 * TemplateSyntaxError at the node past the limit.
 */
import type * as A from './ast';
import { TemplateSyntaxError } from './errors';
import { MAX_NESTING } from './runtime/limits';

/** The message for a template nested past the limit. */
export const TOO_DEEP = `the template nests expressions or tags more than ${MAX_NESTING} levels deep (brine's limit)`;

/** True for an AST node: an object with a `kind`. */
function isNode(v: unknown): v is { kind: string; line?: number; column?: number } {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
}

/**
 * Check that no node of `tree` is more than {@link MAX_NESTING} nodes below the root (walked without recursion).
 * @throws TemplateSyntaxError {@link TOO_DEEP} at the first node past the limit
 */
export function checkNesting(tree: A.Template, file?: string): void {
  const stack: [unknown, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (!isNode(node)) continue;
    if (depth > MAX_NESTING) throw new TemplateSyntaxError(TOO_DEEP, node.line ?? 1, node.column ?? 1, file);
    for (const value of Object.values(node)) {
      const children: unknown[] = Array.isArray(value) ? value : [value];
      for (const child of children) if (isNode(child)) stack.push([child, depth + 1]);
    }
  }
}
