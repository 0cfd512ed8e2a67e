/**
 * Nodegroups (Salt's `-N group` / `N@group`): named targets from the master's
 * `nodegroups:` config, as Salt's nodegroup_comp expands them.
 * - A value is a compound expression: a string (split on whitespace) or a
 *   list of words (each element kept whole).
 * - A value of plain minion ids only (no operator, no `X@` prefix, no glob
 *   character) is a list of ids: `'web1 web2'` or `[web1, web2]` means `L@web1,web2`.
 * - `N@other` inside a value expands recursively; every expansion is wrapped
 *   in parentheses, so `N@g and x` keeps g's own precedence.
 * - An unknown nodegroup or a cycle is an error (Salt logs and expands to
 *   nothing, which silently changes the meaning of the expression).
 */
import type { TargetType } from '../protocol/v1/loads';
import { TargetError } from '../errors';
import { OPERATORS, sourceText, splitWords, wordError, type Word } from './words';

/** The master's `nodegroups:` map: name to a compound string or a list of words. */
export type Nodegroups = Record<string, string | string[]>;

const PLAIN_ID = /^(?![A-Z].?@)[^*?[]+$/;

/** The words one nodegroup's value stands for (before nested N@ expansion). */
function definition(name: string, value: string | string[]): Word[] {
  const words = splitWords(value, name);
  const plain = words.every((w) => !OPERATORS.has(w.text) && PLAIN_ID.test(w.text));
  return plain && words.length ? [{ text: `L@${words.map((w) => w.text).join(',')}`, col: 1, group: name }] : words;
}

/**
 * Replace every `N@name` word by `( ...name's words... )`, recursively.
 * @param source the whole expression, for error messages
 * @throws TargetError naming the word and column for `N@` without a name, an unknown nodegroup, or a cycle
 */
export function expandNodegroups(words: Word[], nodegroups: Nodegroups, source: string, stack: string[] = []): Word[] {
  return words.flatMap((w) => {
    if (!w.text.startsWith('N@')) return [w];
    const name = w.text.slice(2);
    if (!name) throw wordError(source, "'N@' needs a nodegroup name", w);
    if (!Object.hasOwn(nodegroups, name)) {
      throw wordError(source, `unknown nodegroup '${name}'`, w, 'Nodegroups are defined under nodegroups: in the master config');
    }
    if (stack.includes(name)) throw wordError(source, `nodegroup '${name}' includes itself (${[...stack, name].join(' -> ')})`, w);
    const inner = expandNodegroups(definition(name, nodegroups[name]), nodegroups, source, [...stack, name]);
    return [{ ...w, text: '(' }, ...inner, { ...w, text: ')' }];
  });
}

/**
 * The compound expression `-N name` stands for: `N@name`.
 * @throws TargetError when `name` is not one non-empty word
 */
export function nodegroupExpression(name: string): string {
  if (!/^\S+$/.test(name)) throw new TargetError(`Invalid nodegroup name '${name}'`);
  return `N@${name}`;
}

/**
 * What the master publishes for a target so minions, which do not know the
 * nodegroups, can match it (Salt's LocalClient does the same): a `nodegroup`
 * target, or a `compound` one containing `N@`, becomes a compound list of words
 * with every nodegroup expanded. Other targets come back unchanged.
 * @returns `{ tgt, tgtType }` to publish
 * @throws TargetError for an unknown nodegroup, a cycle, or a list given as a nodegroup name
 */
export function resolveNodegroups(
  tgt: string | string[],
  tgtType: TargetType,
  nodegroups: Nodegroups,
): { tgt: string | string[]; tgtType: TargetType } {
  let expr = tgt;
  if (tgtType === 'nodegroup') {
    if (typeof tgt !== 'string') throw new TargetError('A nodegroup target is one name, not a list');
    expr = nodegroupExpression(tgt);
  } else if (tgtType !== 'compound') return { tgt, tgtType };
  const words = splitWords(expr);
  if (!words.some((w) => w.text.startsWith('N@'))) return { tgt, tgtType };
  return { tgt: expandNodegroups(words, nodegroups, sourceText(expr)).map((w) => w.text), tgtType: 'compound' };
}
