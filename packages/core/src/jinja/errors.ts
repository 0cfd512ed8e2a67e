/**
 * The error a template that cannot be tokenized or parsed raises.
 *
 * It follows Jinja2's `TemplateSyntaxError`: the message uses Jinja's wording
 * ("unexpected '}'", "Encountered unknown tag 'x'."), and the error carries
 * the template's name and the 1-based line and column of the fault, so a
 * render error can name the file, line and column (issue 13).
 */
import { SaltRenderError } from '../errors';

/** A template is not valid Jinja; `line` and `column` are 1-based, `file` is the template's name (e.g. a `salt://` path) when known. */
export class TemplateSyntaxError extends SaltRenderError {
  constructor(
    message: string,
    override readonly line: number,
    readonly column: number,
    readonly file?: string,
  ) {
    super(message, file, line);
  }
}
