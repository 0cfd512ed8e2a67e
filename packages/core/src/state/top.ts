/**
 * The top file: `top.sls` maps targets to SLS names per environment, as Salt:
 *
 *     base:
 *       '*':
 *         - common
 *       'os:Debian':
 *         - match: grain
 *         - debian
 *
 * Targets are globs on the minion id unless a `- match: <type>` entry names
 * another target type (grain, pcre, list, compound, pillar, ipcidr,
 * nodegroup, ...), matched by matchers/index. The top file is rendered like
 * any SLS (Handlebars, then YAML). The pillar top can be limited to targets on
 * the minion id (`idOnly`, the master's pillar_minion_id_only).
 */
import { errorMessage } from '../errors';
import { readsMinionData } from '../matchers/id-only';
import { compileTarget, type MinionFacts, type TargetOptions } from '../matchers/index';
import { evaluate, type TargetNode } from '../matchers/tree';
import type { TargetType } from '../protocol/v1/loads';
import { isDict } from '../python';
import { StateCompileError } from './compile-error';
import { renderRef, type CompileEnv, type SlsRef } from './compile';
import { SlsFiles } from './sls-files';

/** The SLS names that apply to a minion, per environment, in top file order without repeats. */
export type Top = Record<string, string[]>;

/** Options of {@link matchTop}: targeting options, and `idOnly` to refuse targets that read grains, pillar or addresses. */
export interface TopOptions extends TargetOptions {
  /** The master's `pillar_minion_id_only`: only targets on the minion id may select SLS (see matchers/id-only). */
  idOnly?: boolean;
}

/** One target's entries: its match type and SLS names. */
function targetEntries(tgt: string, body: unknown, errors: string[]): { type: string; sls: string[] } {
  const out = { type: 'glob', sls: [] as string[] };
  if (!Array.isArray(body)) {
    errors.push(`Top file target '${tgt}' is not formed as a list`);
    return out;
  }
  for (const item of body) {
    if (typeof item === 'string') out.sls.push(item);
    else if (isDict(item) && typeof item.match === 'string') out.type = item.match;
  }
  return out;
}

/**
 * The SLS of rendered top data that select this minion.
 * @param only keep that environment alone (an explicit saltenv), else every environment in the file
 * @param opts nodegroups for `N@` and `match: nodegroup`; with `idOnly`, a target reading grains, pillar
 *   or addresses is refused (Salt has no such option: it matches them, and a minion forging a grain gets its SLS)
 * @returns the top, and Salt-style messages for malformed parts, bad targets and refused targets (those parts are skipped)
 */
export function matchTop(data: unknown, me: MinionFacts, only?: string, opts: TopOptions = {}): { top: Top; errors: string[] } {
  const top: Top = {};
  const errors: string[] = [];
  if (!isDict(data)) return { top, errors: ['Top file does not render to a dictionary'] };
  for (const [env, targets] of Object.entries(data)) {
    if (only !== undefined && env !== only) continue;
    if (!isDict(targets)) {
      errors.push(`Top file environment '${env}' is not a dictionary`);
      continue;
    }
    for (const [tgt, body] of Object.entries(targets)) {
      const { type, sls } = targetEntries(tgt, body, errors);
      const entry = `Top file target '${tgt}' (match: ${type}) in environment '${env}'`;
      let tree: TargetNode;
      try {
        tree = compileTarget(tgt, type as TargetType, opts);
      } catch (err) {
        errors.push(`${entry} is invalid: ${errorMessage(err)}`);
        continue;
      }
      if (opts.idOnly && readsMinionData(tree)) {
        errors.push(`${entry} is refused: it matches on grains, pillar or IP addresses, which the minion reports itself, and pillar_minion_id_only is true`);
        continue;
      }
      if (evaluate(tree, (leaf) => leaf.test(me)) !== true) continue;
      const list = (top[env] ??= []);
      for (const name of sls) if (!list.includes(name)) list.push(name);
    }
  }
  return { top, errors };
}

/**
 * Read, render and match `top.sls` of `saltenv` (base when not given).
 * A missing top file gives an empty top.
 * @param saltenv an explicit environment: only its part of the top file counts
 * @throws StateCompileError when the top file does not render or holds malformed parts or targets
 */
export async function compileTop(env: CompileEnv, me: MinionFacts, saltenv?: string): Promise<Top> {
  const where = saltenv ?? 'base';
  const file = await new SlsFiles(env.files).find('top', where);
  if (!file) return {};
  const data = await renderRef(env, file.text, { saltenv: where, sls: 'top' }, file.path);
  const nodegroups = env.opts.nodegroups;
  const { top, errors } = matchTop(data, me, saltenv, isDict(nodegroups) ? { nodegroups: nodegroups as TargetOptions['nodegroups'] } : {});
  if (errors.length) throw new StateCompileError(errors);
  return top;
}

/** The SLS to compile for a top, environment by environment. */
export function topRefs(top: Top): SlsRef[] {
  return Object.entries(top).flatMap(([saltenv, names]) => names.map((sls) => ({ sls, saltenv })));
}
