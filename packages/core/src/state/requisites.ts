/**
 * Requisites between low chunks, and the run plan they give.
 *
 * A chunk names others in `require`, `watch`, `onchanges`, `onfail` and
 * `prereq` (or, from the other side, `require_in`, `watch_in`, ...), each
 * entry `- module: id_or_name`, `- id_or_name` (any module) or `- sls: name`
 * (every state of that SLS); names and IDs may be globs, as Salt's fnmatch.
 * `prereq` also gives the reverse edge `prerequired`: in Salt, when A has
 * `prereq: B`, B first runs in test mode before A, A runs only if that test
 * run would change something, and B runs for real after A.
 *
 * The plan is a depth-first walk over the chunks in their order: every
 * chunk's requisites come first (in their own order), then the chunk, as
 * Salt's `call_chunk` recursion. A requisite cycle is found while planning,
 * before anything runs, and is an error naming the chunks on it.
 */
import { SaltRenderError } from '../errors';
import { globMatch } from '../matchers/glob';
import { isDict } from '../python';
import type { LowChunk } from './low';

/** The requisite kinds an SLS can declare. */
const REQUISITE_KINDS = ['require', 'watch', 'onchanges', 'onfail', 'prereq'] as const;

/** A requisite kind an SLS can declare. */
export type RequisiteKind = (typeof REQUISITE_KINDS)[number];

/** Every requisite keyword, the `_in` forms included. */
export const REQUISITE_KEYWORDS: ReadonlySet<string> = new Set(REQUISITE_KINDS.flatMap((k) => [k, `${k}_in`]));

/** A dependency of a chunk: of what kind, on which chunk (an index into the chunk list). */
export interface Requisite {
  kind: RequisiteKind | 'prerequired';
  index: number;
}

/** One step of a run: run chunk `index`, or (`pretest`) run it in test mode for a prereq. */
export interface Step {
  index: number;
  pretest: boolean;
}

/** Chunks, their requisites, and the order to run them in. */
export interface RunPlan {
  chunks: LowChunk[];
  /** For each chunk, what it depends on, in chunk order. */
  requisites: Requisite[][];
  steps: Step[];
}

function refError(chunk: LowChunk, text: string): SaltRenderError {
  return new SaltRenderError(text, chunk.__sls__ ?? undefined);
}

/** The chunks one requisite entry names. @throws SaltRenderError for a malformed entry or one naming no state */
function resolve(chunks: LowChunk[], owner: LowChunk, keyword: string, ref: unknown): number[] {
  let key = 'id';
  let value: unknown = ref;
  if (isDict(ref)) [[key, value]] = Object.entries(ref);
  key = key.split('.')[0];
  const where = `in state [${owner.name}] in SLS [${owner.__sls__}]`;
  if (typeof value !== 'string') throw refError(owner, `Requisite [${keyword}: ${key}] ${where} must have a string as the value`);
  const found: number[] = [];
  chunks.forEach((c, i) => {
    const hit = key === 'sls'
      ? c.__sls__ !== null && globMatch(value as string, c.__sls__)
      : (key === 'id' || c.state === key) && (globMatch(value as string, c.name) || globMatch(value as string, c.__id__));
    if (hit) found.push(i);
  });
  if (!found.length) throw refError(owner, `Referenced state does not exist for requisite [${keyword}: (${key}: ${value})] ${where}`);
  return found;
}

function refsOf(chunk: LowChunk, keyword: string): unknown[] {
  const refs = chunk[keyword];
  if (refs === undefined || refs === null) return [];
  return Array.isArray(refs) ? refs.filter((r) => r !== null && r !== undefined) : [refs];
}

/** Every chunk's requisites, `_in` forms turned around. @throws SaltRenderError for a malformed or dangling reference */
function collect(chunks: LowChunk[]): Requisite[][] {
  const reqs: Requisite[][] = chunks.map(() => []);
  const add = (from: number, kind: Requisite['kind'], to: number): void => {
    if (!reqs[from].some((r) => r.kind === kind && r.index === to)) reqs[from].push({ kind, index: to });
  };
  chunks.forEach((chunk, i) => {
    for (const kind of REQUISITE_KINDS) {
      for (const ref of refsOf(chunk, kind)) for (const t of resolve(chunks, chunk, kind, ref)) add(i, kind, t);
      for (const ref of refsOf(chunk, `${kind}_in`)) for (const t of resolve(chunks, chunk, `${kind}_in`, ref)) add(t, kind, i);
    }
  });
  chunks.forEach((_, i) => {
    for (const r of reqs[i]) if (r.kind === 'prereq') add(r.index, 'prerequired', i);
  });
  for (const list of reqs) list.sort((a, b) => a.index - b.index);
  return reqs;
}

/** How a chunk is named in a cycle error: `sls.id (module.function)`. */
function describe(chunk: LowChunk, pretest: boolean): string {
  const what = `${chunk.__sls__}.${chunk.__id__} (${chunk.state}.${chunk.fun}${chunk.name !== chunk.__id__ ? ` ${chunk.name}` : ''})`;
  return pretest ? `${what} [test run for prereq]` : what;
}

/**
 * Resolve the requisites of `chunks` (already in run order) and plan the run.
 * @throws SaltRenderError for a reference naming no state ("Referenced state does not exist
 *   for requisite ..."), a malformed one, or a cycle ("Recursive requisite found: a -> b -> a")
 */
export function planRun(chunks: LowChunk[]): RunPlan {
  const requisites = collect(chunks);
  const steps: Step[] = [];
  const done = new Set<string>();
  const path: Step[] = [];
  const visit = (step: Step): void => {
    const key = `${step.pretest ? 'p' : 'r'}${step.index}`;
    if (done.has(key)) return;
    const at = path.findIndex((s) => s.index === step.index && s.pretest === step.pretest);
    if (at >= 0) {
      const cycle = [...path.slice(at), step].map((s) => describe(chunks[s.index], s.pretest));
      throw refError(chunks[step.index], `Recursive requisite found: ${cycle.join(' -> ')}`);
    }
    path.push(step);
    for (const r of requisites[step.index]) {
      if (r.kind === 'prerequired' && step.pretest) continue;
      visit({ index: r.index, pretest: r.kind === 'prereq' });
    }
    path.pop();
    done.add(key);
    steps.push(step);
  };
  chunks.forEach((_, index) => visit({ index, pretest: false }));
  return { chunks, requisites, steps };
}
