/**
 * Render errors with the offending lines, as Salt's SaltRenderError prints
 * them: `<cause>; line N` then the excerpt from `salt.utils.stringutils.get_context`
 * between `---` lines, the faulty line marked `    <======================`.
 */
import { SaltRenderError } from '../errors';

const MARKER = '    <======================';

/** The lines of `text`, without a last empty line after a final newline. */
function textLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Salt's `get_context`: up to `around` lines either side of 1-based `line`,
 * `[...]` where lines were cut, the faulty line marked, framed by `---`.
 * A line past the end gives the whole text unframed, as Salt.
 */
export function excerpt(text: string, line: number, around = 5): string {
  const lines = textLines(text);
  if (line > lines.length) return text;
  const start = Math.max(0, line - around - 1);
  const end = Math.min(lines.length, line + around);
  const buf = lines.slice(start, end);
  buf[line - start - 1] += MARKER;
  if (start > 0) buf.unshift('[...]');
  if (end < lines.length) buf.push('[...]');
  return `---\n${buf.join('\n')}\n---`;
}

/**
 * A SaltRenderError for `sls`: the message is `cause`, plus `; line N` and the
 * excerpt of `text` when the line is known. A line past the end (an
 * unexpected end of file) points at the last line.
 */
export function renderError(sls: string, cause: string, text: string, line?: number): SaltRenderError {
  if (line === undefined || line < 1) return new SaltRenderError(cause, sls);
  const at = Math.min(line, Math.max(1, textLines(text).length));
  return new SaltRenderError(`${cause}; line ${at}\n\n${excerpt(text, at)}`, sls, at);
}
