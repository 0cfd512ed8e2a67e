/**
 * Where Jinja's `import`, `include` and Salt's `import_yaml` find templates:
 * the file server of the template's saltenv, as Salt's SaltCacheLoader.
 * Names are paths from the file roots (`nginx/map.jinja`); names starting
 * with `./` or `../` are relative to the importing template's directory, and
 * no name may climb out of the roots.
 */
import path from 'node:path/posix';
import { promises as fs } from 'node:fs';
import type { FileClient } from '../loader/define';
import type { TemplateLoader, TemplateSource } from '../jinja/environment';
import { MAX_STRING, memoryError } from '../jinja/runtime/limits';
import { PyError } from '../jinja/runtime/values';

/** Template names as file-root paths; the `salt://` form of a name is what messages show. */
export class SaltTemplateLoader implements TemplateLoader {
  private readonly sources = new Map<string, Promise<TemplateSource>>();

  constructor(private readonly files: FileClient, private readonly saltenv: string) {}

  /**
   * The source of template `name` imported from `parent`.
   * @throws PyError TemplateNotFound for a missing file, or a name that climbs out of the file roots;
   *   MemoryError for a file larger than the engine's str limit (runtime/limits MAX_STRING)
   */
  getSource(name: string, parent: string | null): Promise<TemplateSource> {
    const resolved = resolveName(name, parent);
    let source = this.sources.get(resolved);
    if (!source) {
      source = this.fetch(resolved);
      this.sources.set(resolved, source);
    }
    return source;
  }

  private async fetch(name: string): Promise<TemplateSource> {
    const url = `salt://${name}`;
    if (!(await this.files.hashFile(url, this.saltenv))) throw new PyError('TemplateNotFound', name);
    const file = await this.files.cacheFile(url, this.saltenv);
    if ((await fs.stat(file)).size > MAX_STRING) throw memoryError(`${url} is larger than ${MAX_STRING} bytes, too large to load as a template`);
    return { name, source: await fs.readFile(file, 'utf8') };
  }
}

/**
 * Salt's template name resolution: `./x` and `../x` from the parent's
 * directory, anything else from the roots; a `salt://` prefix is dropped.
 * @throws PyError TemplateNotFound when the result leaves the roots
 */
export function resolveName(name: string, parent: string | null): string {
  let rel = name.startsWith('salt://') ? name.slice('salt://'.length) : name;
  const first = rel.split('/', 1)[0];
  if ((first === '.' || first === '..') && parent !== null) rel = path.join(path.dirname(parent), rel);
  const normal = path.normalize(rel);
  if (normal === '..' || normal.startsWith('../') || path.isAbsolute(normal) || normal === '.') throw new PyError('TemplateNotFound', name);
  return normal;
}
