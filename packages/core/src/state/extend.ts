/**
 * `extend` and `exclude` over gathered high data, as Salt's
 * `reconcile_extend` and `apply_exclude`. Extending an ID replaces its
 * function and same-named arguments, adds new arguments, and appends to
 * requisite lists rather than replacing them; `name` replaces `names`.
 * Excluding drops IDs, named directly or through their SLS (a glob).
 */
import { globMatch } from '../matchers/glob';
import type { ExcludeRef, ExtendDecl, HighData, StateArg } from './high';
import { REQUISITE_KEYWORDS } from './requisites';

/** An `extend` block and where it was written. */
export interface Extension {
  id: string;
  decl: ExtendDecl;
  sls: string;
  env: string;
}

function mergeArgs(target: StateArg[], extra: StateArg[]): void {
  for (const [key, value] of extra) {
    const at = target.findIndex(([k]) => k === key || (key === 'name' && k === 'names'));
    if (at < 0) target.push([key, value]);
    else if (REQUISITE_KEYWORDS.has(key) && Array.isArray(target[at][1]) && Array.isArray(value)) {
      target[at] = [key, [...(target[at][1] as unknown[]), ...value]];
    } else target[at] = [key, value];
  }
}

/**
 * Apply extensions in order, in place.
 * @returns Salt's error for each extension of an ID that is not in the high data
 */
export function applyExtends(high: HighData, extensions: Extension[]): string[] {
  const errors: string[] = [];
  for (const { id, decl, sls, env } of extensions) {
    const target = high.get(id);
    if (!target) {
      errors.push(
        `Cannot extend ID '${id}' in '${env}:${sls}'. It is not part of the high state.\n` +
          `This is likely due to a missing include statement or an incorrectly typed ID.\n` +
          `Ensure that a state with an ID of '${id}' is available\nin environment '${env}' and to SLS '${sls}'`,
      );
      continue;
    }
    for (const [module, ext] of decl) {
      const current = target.states.get(module);
      if (!current) {
        if (ext.fun) target.states.set(module, { fun: ext.fun, funAt: ext.funAt, args: [...ext.args] });
        else errors.push(`Cannot extend ID '${id}' in '${env}:${sls}' with state '${module}': it has no '${module}' state and the extension names no function`);
        continue;
      }
      if (ext.fun) current.fun = ext.fun;
      mergeArgs(current.args, ext.args);
    }
  }
  return errors;
}

/** Remove excluded IDs, in place: `{id}` by name, `{sls}` (a glob) by the SLS they came from. */
export function applyExcludes(high: HighData, excludes: ExcludeRef[]): void {
  for (const ref of excludes) {
    if ('id' in ref) high.delete(ref.id);
    else for (const [id, decl] of high) if (globMatch(ref.sls, decl.sls)) high.delete(id);
  }
}
