/**
 * A function's documentation as Salt shows it to users: shaped like the
 * Python docstring Salt reads it from, so `sys.doc` and the "Passed invalid
 * arguments" message lay out as Salt's.
 */

/**
 * The doc and CLI example of a function as one docstring: a leading line
 * break, every non-empty line of the doc indented by 4, `CLI Example:`, the
 * example indented by 8, and a last line of 4 spaces (where Python's closing
 * quotes sit).
 */
export function docstring(def: { doc: string; example: string }): string {
  const indent = (text: string, by: string) => text.replace(/^(?=.)/gm, by);
  return `\n${indent(def.doc, '    ')}\n\n    CLI Example:\n\n${indent(def.example, '        ')}\n    `;
}
