/** Jinja2's TemplateModule: what `{% import %}` gives, an imported template's exports and output. */
import { HostObject, Undefined } from './values';

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
