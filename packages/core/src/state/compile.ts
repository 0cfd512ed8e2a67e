/**
 * The state compiler's first stage, as Salt's HighState: render the SLS
 * files asked for and everything they include into one high data set, then
 * apply `extend` and `exclude`. (compileLow in low.ts is the second stage.)
 *
 * - `include` entries are SLS names, `{saltenv: name}`, or relative names:
 *   `.foo` is `foo` beside the including SLS (inside it for an init.sls),
 *   each further dot one package up. Every SLS renders once per environment.
 * - Declarations get auto order numbers from 10000 as they are met, included
 *   files first, unless they set `order` (Salt's state_auto_order).
 * - An ID may be declared by one SLS only.
 * Errors are collected over all files, then thrown together.
 */
import { errorMessage, SaltRenderError } from '../errors';
import type { FileClient, SaltCaller } from '../loader/define';
import { StateCompileError } from './compile-error';
import { applyExcludes, applyExtends, type Extension } from './extend';
import { parseSlsData, type ExcludeRef, type HighData, type IdDecl } from './high';
import { compileTemplate, DEFAULT_RENDERER } from '../render/pipe';
import { SlsFiles } from './sls-files';

/** What compiling reads from: the file server, execution functions for templates, and the template variables. */
export interface CompileEnv {
  files: FileClient;
  salt: SaltCaller;
  grains: Record<string, unknown>;
  pillar: Record<string, unknown>;
  opts: Record<string, unknown>;
}

/** An SLS to compile, and its environment. */
export interface SlsRef {
  sls: string;
  saltenv: string;
}

/** Salt's first auto order number. */
const FIRST_AUTO_ORDER = 10000;

/** Resolve a relative include (`.foo`, `..foo`) against the including SLS; other names are returned as they are. */
export function resolveInclude(inc: string, from: SlsRef, init: boolean): string {
  const m = /^(\.+)(.*)$/.exec(inc);
  if (!m) return inc;
  const comps = from.sls.split('.');
  if (init) comps.push('init');
  if (m[1].length > comps.length) {
    throw new SaltRenderError(`Attempted relative include of '${inc}' within SLS '${from.saltenv}:${from.sls}' goes beyond top level package`, from.sls);
  }
  return [...comps.slice(0, comps.length - m[1].length), m[2]].join('.');
}

/**
 * Render the text of SLS `ref` (at `path` from the file roots) with the template variables of `env`, through its
 * shebang's renderer pipe or the `renderer` config key's.
 * @throws StateCompileError "Rendering SLS 'base:x' failed: <reason>; line N ..." for a render or YAML error
 */
export async function renderRef(env: CompileEnv, text: string, ref: SlsRef, path: string): Promise<unknown> {
  try {
    const input = { text, path, sls: ref.sls, saltenv: ref.saltenv, vars: { grains: env.grains, pillar: env.pillar, opts: env.opts }, salt: env.salt, files: env.files };
    return await compileTemplate(input, typeof env.opts.renderer === 'string' ? env.opts.renderer : DEFAULT_RENDERER);
  } catch (err) {
    if (err instanceof SaltRenderError) throw new StateCompileError([`Rendering SLS '${ref.saltenv}:${ref.sls}' failed: ${err.message}`]);
    throw err;
  }
}

/** One compilation. */
class HighCompiler {
  private order = FIRST_AUTO_ORDER;
  private readonly seen = new Set<string>();
  private readonly files: SlsFiles;
  readonly high: HighData = new Map();
  readonly extensions: Extension[] = [];
  readonly excludes: ExcludeRef[] = [];
  readonly errors: string[] = [];

  constructor(private readonly env: CompileEnv) {
    this.files = new SlsFiles(env.files);
  }

  /** Fetch and render one SLS. @returns its data and whether it is an init.sls, or undefined after recording an error */
  private async load(ref: SlsRef): Promise<{ data: unknown; init: boolean } | undefined> {
    try {
      const file = await this.files.find(ref.sls, ref.saltenv);
      if (!file) {
        this.errors.push(`No matching sls found for '${ref.sls}' in env '${ref.saltenv}'`);
        return undefined;
      }
      return { data: await renderRef(this.env, file.text, ref, file.path), init: file.init };
    } catch (err) {
      if (err instanceof StateCompileError) this.errors.push(...err.errors);
      else this.errors.push(errorMessage(err));
      return undefined;
    }
  }

  /** Render `ref` and its includes into the high data. */
  async add(ref: SlsRef): Promise<void> {
    const key = `${ref.saltenv}:${ref.sls}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const loaded = await this.load(ref);
    if (!loaded) return;
    const { data, init } = loaded;
    const frag = parseSlsData(data, ref.sls, ref.saltenv);
    this.errors.push(...frag.errors);
    for (const inc of frag.include) {
      try {
        await this.add({ sls: resolveInclude(inc.sls, ref, init), saltenv: inc.saltenv ?? ref.saltenv });
      } catch (err) {
        this.errors.push(errorMessage(err));
      }
    }
    for (const [id, decl] of frag.ids) this.merge(id, decl);
    for (const [id, decl] of frag.extend) this.extensions.push({ id, decl, sls: ref.sls, env: ref.saltenv });
    this.excludes.push(...frag.exclude);
  }

  /** Add an ID, numbering its declarations that have no `order`. */
  private merge(id: string, decl: IdDecl): void {
    const prior = this.high.get(id);
    if (prior) {
      this.errors.push(
        `Detected conflicting IDs, SLS IDs need to be globally unique.\n    The conflicting ID is '${id}' and is found in SLS '${prior.env}:${prior.sls}' and SLS '${decl.env}:${decl.sls}'`,
      );
      return;
    }
    for (const sd of decl.states.values()) if (!sd.args.some(([k]) => k === 'order')) sd.args.push(['order', this.order++]);
    this.high.set(id, decl);
  }
}

/**
 * Compile SLS files (and their includes) to high data, extends and excludes applied.
 * @param mods the SLS to compile, in order
 * @throws StateCompileError with every problem found: a missing SLS ("No matching sls found for 'x'
 *   in env 'base'"), a render error ("Rendering SLS 'base:x' failed: ..."), a malformed
 *   declaration, a conflicting ID, or an extension of an unknown ID
 */
export async function compileHigh(env: CompileEnv, mods: SlsRef[]): Promise<HighData> {
  const compiler = new HighCompiler(env);
  for (const ref of mods) await compiler.add(ref);
  compiler.errors.push(...applyExtends(compiler.high, compiler.extensions));
  applyExcludes(compiler.high, compiler.excludes);
  if (compiler.errors.length) throw new StateCompileError(compiler.errors);
  return compiler.high;
}
