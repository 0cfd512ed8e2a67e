/**
 * The errors a template raises once parsed: Jinja2's TemplateAssertionError
 * (a compile-time check failed, e.g. an unknown filter) and the runtime's
 * TemplateRuntimeError, which carries the Python exception's class name and
 * message and the innermost template position where it happened.
 */
import { SaltError, SaltRenderError } from '../../errors';
import { TemplateSyntaxError } from '../errors';
import type { Position } from '../ast';
import { fromJsError } from './limits';
import { PyError } from './values';

/** Jinja's TemplateAssertionError: the template parsed but cannot be compiled (`No filter named 'x'.`). */
export class TemplateAssertionError extends TemplateSyntaxError {}

/** A failure while rendering, positioned at the innermost template and node being evaluated. */
export class TemplateRuntimeError extends SaltRenderError {
  /**
   * @param pyType the Python exception class (`UndefinedError`, `TypeError`, `TemplateNotFound`...)
   * @param reason the exception's message, e.g. `'dict object' has no attribute 'x'`
   * @param file the template's name, when it has one
   * @param line 1-based line of the failing node
   * @param column 1-based column of the failing node
   * @param source the failing template's source text (for an excerpt)
   * @param cause the original error (e.g. an execution function's)
   */
  constructor(
    readonly pyType: string,
    readonly reason: string,
    readonly file: string | undefined,
    override readonly line: number,
    readonly column: number,
    readonly source: string,
    cause?: unknown,
  ) {
    super(reason, file, line);
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
}

/** The template a node belongs to, as errors name it. */
export interface SourceRef {
  readonly name: string | undefined;
  readonly source: string;
}

/**
 * `e` as the error a template raises at `node` of `tpl`: a PyError keeps its
 * Python class and message, a SaltError (an execution function's) its name
 * and message, another JavaScript error becomes the Python error
 * {@link fromJsError} gives; the original is the `cause`. Errors already positioned (a TemplateRuntimeError
 * from a nested node or template, a TemplateSyntaxError from an imported
 * template) pass unchanged, so the innermost position wins.
 */
export function locate(e: unknown, node: Position, tpl: SourceRef): Error {
  if (e instanceof TemplateRuntimeError || e instanceof TemplateSyntaxError) return e;
  if (e instanceof PyError) return new TemplateRuntimeError(e.pyType, e.message, tpl.name, node.line, node.column, tpl.source, e);
  if (e instanceof SaltError) return new TemplateRuntimeError(e.name, e.message, tpl.name, node.line, node.column, tpl.source, e);
  if (e instanceof Error) {
    const py = fromJsError(e);
    return new TemplateRuntimeError(py.pyType, py.message, tpl.name, node.line, node.column, tpl.source, e);
  }
  return new TemplateRuntimeError('Exception', String(e), tpl.name, node.line, node.column, tpl.source, e);
}
