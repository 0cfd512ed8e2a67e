/**
 * libyaml 0.2.5's emitter (src/emitter.c), which PyYAML's CSafeDumper and so
 * Salt's safe_dump write with: one implicit document, no tags (every node
 * Salt's representer makes is implicit), anchors and aliases, flow and
 * block collections, plain, single- and double-quoted scalars with the
 * same line folding at the best width.
 */
import { anchorsOf, type MappingNode, type ScalarNode, type SequenceNode, type YamlNode } from './represent';
import { resolvePlain } from './resolve';
import { analyzeScalar, isBreak, isPrintable, type ScalarAnalysis } from './scalar-analysis';

/** The escapes of double-quoted scalars by code point (libyaml's and PyYAML's ESCAPE_REPLACEMENTS). */
export const DOUBLE_QUOTED_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x00, '0'], [0x07, 'a'], [0x08, 'b'], [0x09, 't'], [0x0a, 'n'], [0x0b, 'v'], [0x0c, 'f'], [0x0d, 'r'],
  [0x1b, 'e'], [0x22, '"'], [0x5c, '\\'], [0x85, 'N'], [0xa0, '_'], [0x2028, 'L'], [0x2029, 'P'],
]);

type Style = 'plain' | 'single' | 'double';

/** The emitter's state between writes (libyaml's yaml_emitter_t fields of the same names). */
class Emitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;
  private readonly emitted = new Set<YamlNode>();

  constructor(
    private readonly anchors: Map<YamlNode, string>,
    private readonly bestIndent: number,
    private readonly bestWidth: number,
  ) {}

  /** The document: its root node, then a final line break. */
  document(root: YamlNode): string {
    this.node(root, false, false);
    this.writeIndent();
    return this.out;
  }

  private node(node: YamlNode, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    const anchor = this.anchors.get(node);
    if (this.emitted.has(node)) {
      this.writeIndicator(`*${anchor ?? ''}`, true, false, false);
      if (this.simpleKeyContext) this.put(' ');
      return;
    }
    this.emitted.add(node);
    if (node.kind === 'scalar') return this.scalar(node, anchor);
    if (anchor !== undefined) this.writeIndicator(`&${anchor}`, true, false, false);
    const empty = node.kind === 'sequence' ? node.items.length === 0 : node.pairs.length === 0;
    const flow = this.flowLevel > 0 || node.flow || empty;
    if (node.kind === 'sequence') return flow ? this.flowSequence(node) : this.blockSequence(node);
    return flow ? this.flowMapping(node) : this.blockMapping(node);
  }

  private flowSequence(node: SequenceNode): void {
    this.writeIndicator('[', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    node.items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      this.node(item, false, false);
    });
    this.flowLevel--;
    this.indent = this.indents.pop() as number;
    this.writeIndicator(']', false, false, false);
  }

  private flowMapping(node: MappingNode): void {
    this.writeIndicator('{', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    node.pairs.forEach(([key, value], i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.bestWidth) this.writeIndent();
      if (this.isSimpleKey(key)) {
        this.node(key, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, false);
        this.node(key, true, false);
        if (this.column > this.bestWidth) this.writeIndent();
        this.writeIndicator(':', true, false, false);
      }
      this.node(value, true, false);
    });
    this.flowLevel--;
    this.indent = this.indents.pop() as number;
    this.writeIndicator('}', false, false, false);
  }

  private blockSequence(node: SequenceNode): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of node.items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, false, false);
    }
    this.indent = this.indents.pop() as number;
  }

  private blockMapping(node: MappingNode): void {
    this.increaseIndent(false, false);
    for (const [key, value] of node.pairs) {
      this.writeIndent();
      if (this.isSimpleKey(key)) {
        this.node(key, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, true, false);
    }
    this.indent = this.indents.pop() as number;
  }

  /** yaml_emitter_check_simple_key: an alias, a one-line scalar or an empty collection, 128 bytes at most. */
  private isSimpleKey(node: YamlNode): boolean {
    const anchor = this.anchors.get(node);
    const anchorLength = anchor === undefined ? 0 : anchor.length;
    if (this.emitted.has(node)) return anchorLength <= 128;
    if (node.kind === 'scalar') {
      const analysis = analyzeScalar(node.value);
      return !analysis.multiline && anchorLength + analysis.length <= 128;
    }
    return (node.kind === 'sequence' ? node.items.length : node.pairs.length) === 0;
  }

  private scalar(node: ScalarNode, anchor: string | undefined): void {
    const analysis = analyzeScalar(node.value);
    const style = this.scalarStyle(node, analysis);
    if (anchor !== undefined) this.writeIndicator(`&${anchor}`, true, false, false);
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === 'plain') this.writePlain(node.value, allowBreaks);
    else if (style === 'single') this.writeSingleQuoted(node.value, allowBreaks);
    else this.writeDoubleQuoted(node.value, allowBreaks);
    this.indent = this.indents.pop() as number;
  }

  /** yaml_emitter_select_scalar_style for an untagged scalar that asks for no style. */
  private scalarStyle(node: ScalarNode, a: ScalarAnalysis): Style {
    if (this.simpleKeyContext && a.multiline) return 'double';
    let style: Style = 'plain';
    if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single';
    if (a.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    if (resolvePlain(node.value) !== node.tag) style = 'single';
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    return style;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private put(text: string): void {
    this.out += text;
    this.column += text.length;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  /** WRITE_BREAK: LF as a line break, other breaks copied as they are. */
  private writeBreak(ch: string): void {
    if (ch === '\n') this.putBreak();
    else {
      this.out += ch;
      this.column = 0;
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(text: string, allowBreaks: boolean): void {
    if (!this.whitespace && (text.length > 0 || this.flowLevel > 0)) this.put(' ');
    const chars = Array.from(text);
    let spaces = false;
    let breaks = false;
    chars.forEach((ch, i) => {
      const c = ch.codePointAt(0) as number;
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = false;
        spaces = breaks = false;
      }
    });
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(text: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = Array.from(text);
    let spaces = false;
    let breaks = false;
    chars.forEach((ch, i) => {
      const c = ch.codePointAt(0) as number;
      if (ch === ' ') {
        const inside = i !== 0 && i !== chars.length - 1;
        if (allowBreaks && !spaces && this.column > this.bestWidth && inside && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch === "'" ? "''" : ch);
        this.indention = false;
        spaces = breaks = false;
      }
    });
    if (breaks) this.writeIndent();
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(text: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = Array.from(text);
    let spaces = false;
    chars.forEach((ch, i) => {
      const c = ch.codePointAt(0) as number;
      if (!isPrintable(c) || c === 0xfeff || isBreak(c) || ch === '"' || ch === '\\') {
        this.put(`\\${DOUBLE_QUOTED_ESCAPES.get(c) ?? hexEscape(c)}`);
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    });
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }
}

/** `x` and two, `u` and four or `U` and eight upper-case hex digits, by the code point's size. */
export function hexEscape(c: number): string {
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `x${hex.padStart(2, '0')}`;
  if (c <= 0xffff) return `u${hex.padStart(4, '0')}`;
  return `U${hex.padStart(8, '0')}`;
}

/**
 * `root` written as libyaml writes one implicit document of it (no `---`,
 * no `...`), ending with a line break.
 * @param indent libyaml's best_indent (2 unless 2..9)
 * @param width libyaml's best_width (80 unless wider than twice the indent; negative for no limit)
 */
export function emitDocument(root: YamlNode, indent = 2, width = 80): string {
  const bestIndent = indent < 2 || indent > 9 ? 2 : indent;
  const bestWidth = width < 0 ? Number.MAX_SAFE_INTEGER : width <= bestIndent * 2 ? 80 : width;
  return new Emitter(anchorsOf(root), bestIndent, bestWidth).document(root);
}
