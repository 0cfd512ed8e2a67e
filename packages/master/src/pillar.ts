/**
 * Pillar compilation on the master, as Salt's: `top.sls` in pillar_roots maps
 * targets to pillar SLS; each SLS is rendered with Handlebars (the minion's
 * grains in scope) and parsed as YAML; `include:` pulls in other SLS first;
 * the results merge recursively in top order, later keys winning. A render
 * error names the SLS and line, is reported under `_errors`, and the rest of
 * the pillar still arrives. Pillar is compiled for one authenticated minion
 * and sent only to it. The grains come from that minion, which can claim any:
 * with pillar_minion_id_only the top file may target the minion id alone, and
 * entries matching on grains, pillar or addresses are refused under `_errors`.
 */
import { CommandExecutionError, errorMessage } from '@brine/core/errors';
import { LocalFileClient } from '@brine/core/fileclient/local';
import type { FileRoots } from '@brine/core/fileserver/roots';
import type { Grains, Pillar, SaltCaller } from '@brine/core/loader/define';
import { compileTemplate } from '@brine/core/render/pipe';
import { SlsFiles } from '@brine/core/state/sls-files';
import { matchTop, type TopOptions } from '@brine/core/state/top';
import { isDict } from '@brine/core/python';

/** Pillar templates run on the master, where no execution module runs. */
const NO_SALT: SaltCaller = {
  call: async (fun) => {
    throw new CommandExecutionError(`'${fun}' cannot be called while rendering pillar on the master`);
  },
  has: () => false,
};

/** Merge `src` into `dst` recursively (dicts merge, anything else replaces), as Salt's pillar merge. */
export function mergePillar(dst: Record<string, unknown>, src: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(src)) {
    const cur = dst[k];
    dst[k] = isDict(cur) && isDict(v) ? mergePillar({ ...cur }, v) : v;
  }
  return dst;
}

/** Compiles pillar from pillar_roots. */
export class PillarCompiler {
  /**
   * @param targeting the master's nodegroups, and `idOnly` (pillar_minion_id_only) to refuse top targets on minion-reported data
   */
  constructor(
    private readonly roots: FileRoots,
    private readonly targeting: TopOptions,
    private readonly renderer: string,
  ) {}

  /**
   * The pillar of minion `id` with these grains.
   * @returns the merged pillar; `_errors` lists render and top file problems (the rest still compiles)
   */
  async compile(id: string, grains: Grains, saltenv = 'base'): Promise<Pillar> {
    if (!Object.hasOwn(this.roots, saltenv)) return {};
    const client = new LocalFileClient(this.roots);
    const files = new SlsFiles(client);
    const renderFile = (file: { text: string; path: string }, sls: string, current: Record<string, unknown>) =>
      compileTemplate({ text: file.text, path: file.path, sls, saltenv, vars: { grains, pillar: current, opts: {} }, salt: NO_SALT, files: client }, this.renderer);
    const pillar: Record<string, unknown> = {};
    const errors: string[] = [];
    const render = async (name: string, stack: string[]): Promise<void> => {
      if (stack.includes(name)) return void errors.push(`Pillar SLS '${name}' includes itself (${[...stack, name].join(' -> ')})`);
      const file = await files.find(name, saltenv);
      if (!file) return void errors.push(`Specified SLS '${name}' in environment '${saltenv}' is not available on the salt master`);
      let data: unknown;
      try {
        data = await renderFile(file, name, pillar);
      } catch (err) {
        return void errors.push(`Rendering SLS '${name}' failed: ${errorMessage(err)}`);
      }
      if (!isDict(data)) return void errors.push(`Pillar SLS '${name}' does not render to a dictionary`);
      const { include, ...rest } = data;
      for (const inc of Array.isArray(include) ? include : []) {
        const target = String(inc).startsWith('.') ? name.replace(/(\.[^.]*)?$/, '') + String(inc) : String(inc);
        await render(target, [...stack, name]);
      }
      mergePillar(pillar, rest);
    };
    const topFile = await files.find('top', saltenv);
    if (topFile) {
      try {
        const topData = await renderFile(topFile, 'top', {});
        const { top, errors: topErrors } = matchTop(topData, { id, grains, pillar: {} }, saltenv, this.targeting);
        errors.push(...topErrors);
        for (const name of top[saltenv] ?? []) await render(name, []);
      } catch (err) {
        errors.push(`Rendering SLS 'top' failed: ${errorMessage(err)}`);
      }
    }
    if (errors.length) pillar._errors = errors;
    return pillar;
  }
}
