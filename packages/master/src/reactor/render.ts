/**
 * Rendering a reactor SLS, as Salt's `render_reaction`: the map's path is a
 * `salt://` URL (found in file_roots' base) or a path on the master, which
 * may hold glob characters (Python's glob: every file matching is rendered,
 * hidden files only by a pattern starting with a dot); each file goes through
 * the master's renderer pipe (its shebang line, else the `renderer` key,
 * Jinja or Handlebars then YAML) with `tag` and `data` in scope.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, errorMessage, SaltRenderError } from '@brine/core/errors';
import { LocalFileClient } from '@brine/core/fileclient/local';
import type { FileRoots } from '@brine/core/fileserver/roots';
import type { SaltCaller } from '@brine/core/loader/define';
import { globMatch } from '@brine/core/matchers/glob';
import { compileTemplate } from '@brine/core/render/pipe';
import { unlessGone } from '@brine/core/paths';

/** Reactor templates run on the master, where no execution module runs (as pillar's). */
const NO_SALT: SaltCaller = {
  call: async (fun) => {
    throw new CommandExecutionError(`'${fun}' cannot be called while rendering a reactor SLS on the master`);
  },
  has: () => false,
};

/** What rendering reactor files needs from the master config. */
export interface RenderConfig {
  file_roots: FileRoots;
  renderer: string;
  jinja_trim_blocks: boolean;
  jinja_lstrip_blocks: boolean;
}

/** One rendered file, or why it could not be. */
export type Rendered = { path: string; data: unknown } | { path: string; error: string };

const MAGIC = /[*?[]/;

/** Python's glob.glob of an absolute `pattern`: the existing paths it matches, sorted. */
export function expandGlob(pattern: string): string[] {
  if (!MAGIC.test(pattern)) return fs.existsSync(pattern) ? [pattern] : [];
  const parts = path.resolve(pattern).split(path.sep).slice(1);
  let found: string[] = [path.sep];
  for (const part of parts) {
    if (!MAGIC.test(part)) {
      found = found.map((dir) => path.join(dir, part)).filter((p) => fs.existsSync(p));
      continue;
    }
    found = found.flatMap((dir) =>
      (unlessGone(() => fs.readdirSync(dir)) ?? [])
        .filter((name) => (part.startsWith('.') || !name.startsWith('.')) && globMatch(part, name))
        .map((name) => path.join(dir, name)),
    );
  }
  return found.sort();
}

/** Renders the files of the reactor map. */
export class ReactorRenderer {
  private readonly files: LocalFileClient;

  constructor(private readonly config: RenderConfig) {
    this.files = new LocalFileClient(config.file_roots);
  }

  /**
   * Render what map path `ref` names for an event. Never throws: a missing file, a render error (with the file
   * and, when known, the line) are returned as errors, and the other files still render (as Salt's).
   */
  async render(ref: string, tag: string, data: Record<string, unknown>): Promise<Rendered[]> {
    let files: Array<{ file: string; rel?: string }>;
    try {
      if (ref.startsWith('salt://')) {
        const file = await this.files.cacheFile(ref, 'base');
        files = [{ file, rel: ref.slice('salt://'.length) }];
      } else files = expandGlob(ref).map((file) => ({ file }));
    } catch (err) {
      return [{ path: ref, error: `Can not render SLS ${ref} for tag ${tag}: ${errorMessage(err)}` }];
    }
    if (files.length === 0) return [{ path: ref, error: `Can not render SLS ${ref} for tag ${tag}. File missing or not found.` }];
    const out: Rendered[] = [];
    for (const { file, rel } of files) {
      const name = rel ? `salt://${rel}` : file;
      try {
        const text = fs.readFileSync(file, 'utf8');
        const { jinja_trim_blocks, jinja_lstrip_blocks } = this.config;
        const vars = { tag, data, opts: { jinja_trim_blocks, jinja_lstrip_blocks } };
        const rendered = await compileTemplate({ text, path: rel, sls: rel ? '' : file, saltenv: 'base', vars, salt: NO_SALT, files: this.files }, this.config.renderer);
        out.push({ path: name, data: rendered });
      } catch (err) {
        const line = err instanceof SaltRenderError && err.line !== undefined ? ` at line ${err.line}` : '';
        out.push({ path: name, error: `Failed to render "${name}"${line}: ${errorMessage(err)}` });
      }
    }
    return out;
  }
}
