/**
 * The objects that stand for a template inside templates: Jinja2's
 * TemplateModule (what `{% import %}` gives: an imported template's exports
 * and output) and TemplateReference (`self`, whose blocks can be rendered
 * again: `{{ self.title() }}`).
 */
import { HostObject, PyFunction, Undefined } from './values';

/** An imported template: its exported top-level variables and macros as attributes; printed, its output. */
export class TemplateModule extends HostObject {
  readonly typeName = 'jinja2.runtime.TemplateModule';

  /**
   * @param templateName the imported template's name
   * @param exports its exported variables, by name
   * @param body what rendering it printed (`str(module)`)
   */
  constructor(
    readonly templateName: string | undefined,
    readonly exports: ReadonlyMap<string, unknown>,
    readonly body: string,
  ) {
    super();
  }

  /** An exported name, or an Undefined. */
  getattr(name: string): unknown {
    return this.exports.has(name) ? this.exports.get(name) : new Undefined(name, this);
  }

  /** `str(module)`, the rendered output. */
  override repr(): string {
    return this.body;
  }
}

/** Jinja's `self`: `self.name()` renders block `name` (its most derived version) again. */
export class TemplateReference extends HostObject {
  readonly typeName = 'jinja2.runtime.TemplateReference';

  /**
   * @param blocks the names of the blocks that exist
   * @param renderBlock renders a block by name and returns its output
   */
  constructor(
    private readonly blocks: ReadonlyMap<string, unknown>,
    private readonly renderBlock: (name: string) => Promise<string>,
  ) {
    super();
  }

  /** A function rendering the block, or an Undefined. */
  getattr(name: string): unknown {
    return this.blocks.has(name) ? new PyFunction(name, () => this.renderBlock(name)) : new Undefined(name, this);
  }
}
