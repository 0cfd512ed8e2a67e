/**
 * The message Salt 3006's YAML renderer (salt/renderers/yaml.py) gives for
 * a document libyaml refuses, rebuilt from js-yaml's reason and position:
 * a scanner problem alone (`mapping values are not allowed in this
 * context`), a parser or constructor error as PyYAML's MarkedYAMLError
 * prints it (`while parsing a block mapping`, its mark, the problem, its
 * mark; marks read `  in "<unicode string>", line L, column C`, 1-based).
 */

/** A 1-based position. */
export interface Mark {
  readonly line: number;
  readonly column: number;
}

/** A YAML error as Salt reports it: the message and the line SaltRenderError carries. */
export interface SaltYamlError {
  readonly message: string;
  readonly line: number;
}

/** PyYAML's Mark.__str__ for a string stream read by libyaml. */
function markText(mark: Mark): string {
  return `  in "<unicode string>", line ${mark.line}, column ${mark.column}`;
}

/**
 * PyYAML's MarkedYAMLError.__str__: the context and its mark (left out
 * when it is the problem's mark), the problem and its mark.
 */
export function markedError(context: string | null, contextMark: Mark | null, problem: string, problemMark: Mark): SaltYamlError {
  const lines: string[] = [];
  if (context !== null) lines.push(context);
  if (contextMark && (contextMark.line !== problemMark.line || contextMark.column !== problemMark.column)) lines.push(markText(contextMark));
  lines.push(problem, markText(problemMark));
  return { message: lines.join('\n'), line: problemMark.line };
}

/** A scanner error: Salt's renderer keeps only the problem (libyaml's marks carry no buffer to quote). */
function scannerError(problem: string, line: number): SaltYamlError {
  return { message: problem, line };
}

/** The indentation of a line, or null for a blank or comment-only line. */
function indentOf(text: string): number | null {
  const body = text.trimStart();
  return body === '' || body.startsWith('#') ? null : text.length - body.length;
}

/**
 * The start of a block collection, found from the indentation of the lines
 * above `at`: with `siblings`, the first of the lines indented as `at` is
 * just above it (`at` itself when there is none: the node starts its
 * collection); otherwise the first of the run of lines indented as the
 * nearest line above that is indented no deeper than `at` (the collection
 * a misplaced node breaks).
 */
export function blockStart(lines: readonly string[], at: Mark, siblings: boolean): Mark {
  let level: number | null = siblings ? at.column - 1 : null;
  let start: Mark = siblings ? at : { line: 1, column: 1 };
  for (let i = at.line - 1; i >= 1; i--) {
    const indent = indentOf(lines[i - 1] ?? '');
    if (indent === null) continue;
    if (level === null) {
      if (indent > at.column - 1) continue;
      level = indent;
    }
    if (indent < level) break;
    if (indent === level) start = { line: i, column: indent + 1 };
  }
  return start;
}

/** The unclosed `[` or `{` before `offset` (quotes skipped), and its kind. */
function openFlow(text: string, offset: number): { mark: Mark; sequence: boolean } | null {
  const stack: number[] = [];
  let quote: string | null = null;
  for (let i = 0; i < offset; i++) {
    const ch = text[i] as string;
    if (quote !== null) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') stack.push(i);
    else if (ch === ']' || ch === '}') stack.pop();
  }
  const at = stack.pop();
  if (at === undefined) return null;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { mark: { line, column: at - before.lastIndexOf('\n') }, sequence: text[at] === '[' };
}

/** libyaml's parser error for a flow collection left open at `open`. */
function flowError(open: { mark: Mark; sequence: boolean }, at: Mark): SaltYamlError {
  const [kind, close] = open.sequence ? ['sequence', "']'"] : ['mapping', "'}'"];
  return markedError(`while parsing a flow ${kind}`, open.mark, `did not find expected ',' or ${close}`, at);
}

/**
 * Salt's message for js-yaml's `reason` at `at` in `text`.
 * @param offset the error's offset in `text`
 */
export function saltYamlError(text: string, reason: string, at: Mark, offset: number): SaltYamlError {
  const lines = text.split(/\r\n|\r|\n/);
  const source = lines[at.line - 1] ?? '';
  const ch = source[at.column - 1] ?? '';
  if (/tab characters must not be used/.test(reason) || ch === '\t') {
    const previous = lines.slice(0, at.line - 1).reverse().find((l) => indentOf(l) !== null) ?? '';
    const plainBefore = /(?:^|:|-)[ \t]+[^\s|>'"[{&*!#][^:#]*$/.test(previous);
    return scannerError(plainBefore ? 'found a tab character that violates indentation' : 'found character that cannot start any token', at.line);
  }
  if (/^unexpected end of the stream within a (?:single|double) quoted scalar/.test(reason)) {
    return scannerError('found unexpected end of stream', text.split(/\r\n|\r|\n/).length);
  }
  if (/^unexpected end of the stream within a flow collection/.test(reason)) {
    const open = openFlow(text, offset);
    if (open) return flowError(open, at);
  }
  if (reason === 'missed comma between flow collection entries') {
    if ('@`%|>'.includes(ch) && ch !== '') return scannerError('found character that cannot start any token', at.line);
    const open = openFlow(text, offset);
    if (open) return flowError(open, at);
  }
  if (reason === 'a line break is expected') return scannerError('did not find expected comment or line break', at.line);
  if (reason === 'unknown escape sequence') return scannerError('found unknown escape character', at.line);
  if (reason === 'expected hexadecimal character') return scannerError('did not find expected hexdecimal number', at.line);
  if (reason.startsWith('expected the node content, but found')) {
    return markedError('while parsing a flow node', at, 'did not find expected node content', at);
  }
  if (/^can not read (?:a block mapping entry; a multiline key|an implicit mapping pair; a colon is missed)/.test(reason)) {
    return scannerError("could not find expected ':'", at.line);
  }
  if (reason === 'bad indentation of a sequence entry') {
    if (ch === ':') return scannerError('mapping values are not allowed in this context', at.line);
    return markedError('while parsing a block collection', blockStart(lines, at, false), "did not find expected '-' indicator", at);
  }
  if (/^incomplete explicit mapping pair/.test(reason)) {
    return markedError('while parsing a block mapping', at, 'did not find expected key', at);
  }
  if (reason === 'bad indentation of a mapping entry' || reason === 'end of the stream or a document separator is expected') {
    const firstOnLine = source.slice(0, at.column - 1).trim() === '';
    if (ch === '-' && !firstOnLine && /^-(?:\s|$)/.test(source.slice(at.column - 1)) && reason.startsWith('bad')) {
      return scannerError('block sequence entries are not allowed in this context', at.line);
    }
    if (ch === ':') return scannerError('mapping values are not allowed in this context', at.line);
    if ('@`%'.includes(ch) && ch !== '') return scannerError('found character that cannot start any token', at.line);
    if (ch === '}' || ch === ']') {
      if (/:\s*$/.test(source.slice(0, at.column - 1))) return markedError('while parsing a block node', at, 'did not find expected node content', at);
    }
    const start = blockStart(lines, at, false);
    if ((lines[start.line - 1] ?? '').slice(start.column - 1).startsWith('-')) {
      return markedError('while parsing a block collection', start, "did not find expected '-' indicator", at);
    }
    return markedError('while parsing a block mapping', start, 'did not find expected key', at);
  }
  const tag = /^unknown tag !<(.*)>$/.exec(reason);
  if (tag?.[1] === 'tag:yaml.org,2002:omap') return markedError(null, null, 'expected a mapping node, but found sequence', startOf(source, '!!omap', at));
  if (tag) return markedError(null, null, `could not determine a constructor for the tag '${tag[1]}'`, startOf(source, tagAsWritten(tag[1] ?? ''), at));
  const alias = /^unidentified alias "(.*)"$/.exec(reason);
  if (alias) return markedError(null, null, 'found undefined alias', startOf(source, `*${alias[1] ?? ''}`, at));
  if (/^expected a single document in the stream/.test(reason)) {
    const first = lines.findIndex((l) => indentOf(l) !== null && !/^(?:---|%)/.test(l));
    const next = lines.findIndex((l, i) => i > first && l.startsWith('---'));
    const context = { line: first + 1, column: 1 };
    return markedError('expected a single document in the stream', context, 'but found another document', next < 0 ? at : { line: next + 1, column: 1 });
  }
  return markedError(null, null, reason, at);
}

/** A tag as a document writes it: `!!str` for the standard ones, `!foo` for local ones, `!<uri>` otherwise. */
function tagAsWritten(tag: string): string {
  if (tag.startsWith('tag:yaml.org,2002:')) return `!!${tag.slice(18)}`;
  return tag.startsWith('!') ? tag : `!<${tag}>`;
}

/** The mark of the last `token` on the line before `at`, or `at`. */
function startOf(source: string, token: string, at: Mark): Mark {
  const i = source.lastIndexOf(token, at.column - 1);
  return i < 0 ? at : { line: at.line, column: i + 1 };
}
