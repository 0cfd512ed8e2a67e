/**
 * The evaluator's scopes, after Jinja2's compiler and runtime: a
 * {@link RenderContext} per template execution (Jinja's Context: the
 * variables it was given, its top-level assignments and exports, its
 * blocks) and a chain of {@link Frame}s for the local scopes (`for`
 * iterations, macro calls, `with`, set blocks). `{% set %}` writes the
 * innermost frame; at the top level that is the context's variables, which
 * are the template module's exports.
 */
import type * as A from '../ast';
import type { FilterContext, FilterFn, TestFn } from '../filters/types';
import type { SourceRef } from './errors';
import { BUILTINS } from './globals';
import { MAX_OUTPUT, MAX_STEPS, STEPS_PER_YIELD, memoryError } from './limits';
import type { TemplateModule } from './template-module';
import { PyError, Undefined } from './values';

/** A parsed and checked template, as the Environment caches it. */
export interface CompiledTemplate extends SourceRef {
  readonly ast: A.Template;
  /** Its `{% block %}`s by name (nested ones included). */
  readonly blocks: ReadonlyMap<string, A.Block>;
}

/** What the runtime needs from the Environment. */
export interface TemplateHost {
  /**
   * The template `name` (a name, or a list of names to try in turn) as
   * loaded from template `parent`.
   * @throws PyError TemplateNotFound / TemplatesNotFound; TemplateSyntaxError for a template that does not parse
   */
  loadTemplate(name: unknown, parent: string | null): Promise<CompiledTemplate>;
  /** Filters by name. */
  readonly filters: ReadonlyMap<string, FilterFn>;
  /** Tests by name. */
  readonly tests: ReadonlyMap<string, TestFn>;
  /** What filters and tests receive. */
  readonly filterContext: FilterContext;
  /** The Environment's globals now, for a new context. */
  globalsSnapshot(): Map<string, unknown>;
}

/** How deep includes, imports and macro calls may nest (Python's recursion limit, roughly). */
const MAX_DEPTH = 500;

/** State shared by one top-level render and everything it includes or imports. */
export class RenderState {
  /** Templates imported without context, rendered once per render. */
  readonly modules = new Map<CompiledTemplate, TemplateModule>();
  private depth = 0;
  private steps = 0;
  private printed = 0;

  constructor(readonly host: TemplateHost) {}

  /**
   * Count one statement or loop iteration; every {@link STEPS_PER_YIELD}
   * steps the returned Promise lets the event loop run first (await it when
   * given), so a long render never starves the daemon.
   * @throws PyError MemoryError past {@link MAX_STEPS} steps
   */
  step(): Promise<void> | undefined {
    this.steps++;
    if (this.steps > MAX_STEPS) throw memoryError(`more than ${MAX_STEPS} statements and loop iterations`);
    return this.steps % STEPS_PER_YIELD === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined;
  }

  /**
   * Count `text` as printed (captured output, as a macro's or a set block's, included).
   * @throws PyError MemoryError past {@link MAX_OUTPUT} characters
   */
  print(text: string): string {
    this.printed += text.length;
    if (this.printed > MAX_OUTPUT) throw memoryError(`an output of more than ${MAX_OUTPUT} characters`);
    return text;
  }

  /**
   * Run `fn` one nesting level deeper.
   * @throws PyError RecursionError `maximum recursion depth exceeded` past the limit
   */
  async nested<T>(fn: () => Promise<T>): Promise<T> {
    if (this.depth >= MAX_DEPTH) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
    this.depth++;
    try {
      return await fn();
    } finally {
      this.depth--;
    }
  }
}

/** A template's block override chain entry: the block and the template it belongs to. */
export interface BlockEntry {
  readonly node: A.Block;
  readonly tpl: CompiledTemplate;
}

/** Jinja's Context: one execution of a template (a render, an include, an import). */
export class RenderContext {
  /** Its top-level assignments, macros and imports. */
  readonly vars = new Map<string, unknown>();
  /** Which of {@link vars} an import exports. */
  readonly exported = new Set<string>();
  /** For each block name, the override chain, most derived first. */
  readonly blocks = new Map<string, BlockEntry[]>();
  /** What `self` names (Jinja's TemplateReference), once the renderer sets it. */
  self: unknown = null;

  /**
   * @param tpl the template being executed
   * @param parent the variables it was given (globals, render variables, or an includer's variables)
   * @param state the render it belongs to
   */
  constructor(
    readonly tpl: CompiledTemplate,
    readonly parent: ReadonlyMap<string, unknown>,
    readonly state: RenderState,
  ) {
    for (const [name, node] of tpl.blocks) this.blocks.set(name, [{ node, tpl }]);
  }
}

/** A scope of local variables. */
export class Frame {
  readonly vars: Map<string, unknown>;
  /** The top-level frame whose `extends` silences this scope's output, if any (a top-level frame is its own). */
  readonly outputRoot: Frame | null;
  /** On a top-level frame: the template `{% extends %}` named, after which top-level output stops. */
  extended: CompiledTemplate | null = null;

  /**
   * @param ctx the template execution this scope belongs to
   * @param tpl the template whose nodes run in it (for error positions)
   * @param parent the enclosing scope, or null to read the context directly
   * @param toplevel whether this is the template's top level (its variables are the context's)
   * @param outputRoot the top-level frame whose `extends` silences this scope's output (macro and block bodies: none)
   */
  constructor(
    readonly ctx: RenderContext,
    readonly tpl: CompiledTemplate,
    readonly parent: Frame | null,
    readonly toplevel: boolean,
    outputRoot: Frame | null,
  ) {
    this.vars = toplevel ? ctx.vars : new Map();
    this.outputRoot = toplevel ? this : outputRoot;
  }

  /** A nested scope (`for` iteration, `with`, set block) that inherits the output check. */
  inner(): Frame {
    return new Frame(this.ctx, this.tpl, this, false, this.outputRoot);
  }

  /** True when output here is dropped because the template extends another. */
  silenced(): boolean {
    return this.outputRoot !== null && this.outputRoot.extended !== null;
  }
}

/**
 * Jinja's name resolution: the local scopes innermost first, the template's
 * top-level variables, the variables it was given (globals included), `self`,
 * then the builtin globals; an Undefined (`'x' is undefined`) when none has it.
 */
export function lookup(frame: Frame, name: string): unknown {
  for (let f: Frame | null = frame; f !== null; f = f.parent) {
    const v = f.vars.get(name);
    if (v !== undefined || f.vars.has(name)) return v;
  }
  const { ctx } = frame;
  if (ctx.vars.has(name)) return ctx.vars.get(name);
  if (ctx.parent.has(name)) return ctx.parent.get(name);
  if (name === 'self' && ctx.self !== null) return ctx.self;
  if (BUILTINS.has(name)) return BUILTINS.get(name);
  return new Undefined(name);
}

/**
 * Bind `name` in the innermost scope. At the top level the variable is the
 * context's, and `exported` says whether an import sees it (names starting
 * with `_` never are).
 */
export function define(frame: Frame, name: string, value: unknown, exported: boolean): void {
  frame.vars.set(name, value);
  if (!frame.toplevel) return;
  if (exported && !name.startsWith('_')) frame.ctx.exported.add(name);
  else frame.ctx.exported.delete(name);
}

/** Everything visible from `frame` (Jinja's `context.get_all()` plus the local scopes), for an include or import with context. */
export function visibleVars(frame: Frame): Map<string, unknown> {
  const all = new Map(frame.ctx.parent);
  for (const [k, v] of frame.ctx.vars) all.set(k, v);
  const scopes: Frame[] = [];
  for (let f: Frame | null = frame; f !== null; f = f.parent) scopes.unshift(f);
  for (const f of scopes) for (const [k, v] of f.vars) all.set(k, v);
  return all;
}
