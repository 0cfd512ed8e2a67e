/**
 * brine's Jinja2 Environment and Template: compile templates from strings
 * or through a loader, and render them with Jinja2 3.1's semantics as Salt
 * 3006 configures it (StrictUndefined, the `do` and `loopcontrols`
 * extensions, no autoescaping, Salt's serializer tags).
 */
import type { FilterContext, FilterFn, TestFn } from './filters/types';
import { FILTERS } from './filters/index';
import { parse } from './parser';
import { getattr, getitem } from './runtime/access';
import { analyzeTemplate } from './runtime/checks';
import { TemplateRuntimeError, locate } from './runtime/errors';
import { RenderState, type CompiledTemplate, type TemplateHost } from './runtime/frame';
import { renderTemplate } from './runtime/statements';
import { PyError, Undefined, pyStr, typeName } from './runtime/values';
import { TESTS } from './tests/index';

/** The errors compiling and rendering raise (TemplateSyntaxError is in ./errors). */
export { TemplateAssertionError, TemplateRuntimeError } from './runtime/errors';

/** A template's text and the name it resolved to. */
export interface TemplateSource {
  readonly name: string;
  readonly source: string;
}

/** Where `{% include %}`, `{% import %}` and `{% extends %}` find templates. */
export interface TemplateLoader {
  /**
   * Source of template `name` as imported/included from template `parent` (null at top level).
   * Resolves relative names itself.
   * @throws PyError TemplateNotFound (message: the name) when absent
   */
  getSource(name: string, parent: string | null): Promise<TemplateSource>;
}

/** How an Environment compiles and renders. */
export interface EnvironmentOptions {
  /** Where named templates come from. */
  loader?: TemplateLoader;
  /** Template values every template sees, imports without context included (Salt: `template.globals.update(context)`). */
  globals?: Record<string, unknown>;
  /** Filters added to (or replacing) the builtin ones. */
  filters?: ReadonlyMap<string, FilterFn>;
  /** Tests added to (or replacing) the builtin ones. */
  tests?: ReadonlyMap<string, TestFn>;
  /** Drop the first newline after a block tag (Salt's `jinja_trim_blocks`). */
  trimBlocks?: boolean;
  /** Strip whitespace before a block tag at the start of a line (Salt's `jinja_lstrip_blocks`). */
  lstripBlocks?: boolean;
}

/** Jinja2's Environment: the filters, tests, globals and loader templates compile and render with. */
export class Environment implements TemplateHost {
  /** The globals; a loader may update them while templates load (Salt sets `tpldir` this way). Each template execution reads them when it starts. */
  readonly globals: Record<string, unknown>;
  /** The builtin filters with the options' added or replacing them. */
  readonly filters: ReadonlyMap<string, FilterFn>;
  /** The builtin tests with the options' added or replacing them. */
  readonly tests: ReadonlyMap<string, TestFn>;
  /** What filters and tests receive to call back into the engine. */
  readonly filterContext: FilterContext;
  private readonly loader: TemplateLoader | undefined;
  private readonly lexing: { trimBlocks: boolean; lstripBlocks: boolean };
  private readonly cache = new Map<string, CompiledTemplate>();

  constructor(options: EnvironmentOptions = {}) {
    this.loader = options.loader;
    this.globals = { ...options.globals };
    this.filters = new Map([...FILTERS, ...(options.filters ?? [])]);
    this.tests = new Map([...TESTS, ...(options.tests ?? [])]);
    this.lexing = { trimBlocks: options.trimBlocks ?? false, lstripBlocks: options.lstripBlocks ?? false };
    this.filterContext = {
      filter: (name) => this.filters.get(name),
      test: (name) => this.tests.get(name),
      getattr,
      getitem,
    };
  }

  /**
   * Compile `source` now.
   * @param name the template's name for errors (e.g. `salt://top.sls`)
   * @throws TemplateSyntaxError; TemplateAssertionError (`No filter named 'x'.`)
   */
  fromString(source: string, name?: string): Template {
    return new Template(this, this.compile(source, name));
  }

  /**
   * The template `name` from the loader (as imported from `parent`), parsed
   * once per resolved name and source.
   * @throws PyError TemplateNotFound; TemplateSyntaxError; TemplateAssertionError
   */
  async getTemplate(name: string, parent: string | null = null): Promise<Template> {
    return new Template(this, await this.loadTemplate(name, parent));
  }

  /**
   * A compiled template by name, or the first found of a list of names
   * (Jinja's `select_template`), for the runtime.
   * @throws UndefinedError for an Undefined name; PyError TemplateNotFound / TemplatesNotFound
   */
  async loadTemplate(name: unknown, parent: string | null): Promise<CompiledTemplate> {
    if (name instanceof Undefined) return name.fail();
    if (name instanceof Template) return name.compiled;
    if (typeof name === 'string') return this.loadNamed(name, parent);
    if (!Array.isArray(name)) throw new PyError('TypeError', `a template name must be a str, not '${typeName(name)}'`);
    if (name.length === 0) throw new PyError('TemplatesNotFound', 'Tried to select from an empty list of templates.');
    for (const candidate of name) {
      try {
        return await this.loadTemplate(candidate, parent);
      } catch (e) {
        if (!(e instanceof PyError && e.pyType === 'TemplateNotFound')) throw e;
      }
    }
    const names = name.map((n) => (n instanceof Undefined ? n.message() : pyStr(n)));
    throw new PyError('TemplatesNotFound', `none of the templates given were found: ${names.join(', ')}`);
  }

  /** The Environment's globals as they are now. */
  globalsSnapshot(): Map<string, unknown> {
    return new Map(Object.entries(this.globals));
  }

  private async loadNamed(name: string, parent: string | null): Promise<CompiledTemplate> {
    if (this.loader === undefined) throw new PyError('TypeError', 'no loader for this environment specified');
    const src = await this.loader.getSource(name, parent);
    const cached = this.cache.get(src.name);
    if (cached !== undefined && cached.source === src.source) return cached;
    const compiled = this.compile(src.source, src.name);
    this.cache.set(src.name, compiled);
    return compiled;
  }

  private compile(source: string, name: string | undefined): CompiledTemplate {
    const ast = parse(source, { ...this.lexing, file: name });
    return { name, source, ast, blocks: analyzeTemplate(ast, this, name) };
  }
}

/** A compiled template, ready to render. */
export class Template {
  readonly name: string | undefined;

  /** @param compiled the parsed template (from {@link Environment.fromString} or {@link Environment.getTemplate}) */
  constructor(
    private readonly env: Environment,
    readonly compiled: CompiledTemplate,
  ) {
    this.name = compiled.name;
  }

  /**
   * Render with `vars` (template values: Maps for dicts, see runtime/values)
   * on top of the Environment's globals.
   * @returns the output (Jinja drops one trailing newline of the source)
   * @throws TemplateRuntimeError at the innermost failing template and node;
   *   TemplateSyntaxError from a template it loads
   */
  async render(vars: Record<string, unknown> = {}): Promise<string> {
    const given = this.env.globalsSnapshot();
    for (const [k, v] of Object.entries(vars)) given.set(k, v);
    const out: string[] = [];
    try {
      await renderTemplate(this.compiled, given, new RenderState(this.env), out);
    } catch (e) {
      throw e instanceof TemplateRuntimeError ? e : locate(e, { line: 1, column: 1 }, this.compiled);
    }
    return out.join('');
  }
}
