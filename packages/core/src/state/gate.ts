/**
 * Whether a chunk may run, from the results of its requisites, as Salt's
 * `check_requisite`:
 * - `fail`: a require/watch/onchanges/prereq/prerequired target failed;
 * - `pre`: every prereq target's test run changed nothing (the chunk is not needed);
 * - `onfail`: it has onfail targets and none failed;
 * - `onchanges`: it has onchanges targets and none changed;
 * - `change`: a watched target changed (the module's mod_watch may fire);
 * - `met`: run it.
 * They are checked in that order.
 */
import type { Requisite } from './requisites';
import type { StateResult } from './result';

/** The decision for one chunk. */
export type Verdict = 'met' | 'fail' | 'pre' | 'onfail' | 'onchanges' | 'change';

/** What the gate reads of a result. */
export type Outcome = Pick<StateResult, 'result' | 'changes' | '__state_ran__'>;

/** Results so far by chunk index: real runs, and prereq test runs. */
export interface RunState {
  running: Map<number, Outcome>;
  pre: Map<number, Outcome>;
}

function changed(res: Outcome): boolean {
  return Object.keys(res.changes).length > 0;
}

/** What one requisite's result says, as the `req_stats` words of Salt's check_requisite. */
function stats(req: Requisite, res: Outcome): string[] {
  if (req.kind === 'onfail') {
    if (res.result === true) return ['onfail'];
    return res.__state_ran__ === false ? [] : ['met'];
  }
  if (res.result === false) return ['fail'];
  switch (req.kind) {
    case 'onchanges':
      return [changed(res) ? 'onchangesmet' : 'onchanges'];
    case 'watch':
      if (changed(res)) return ['change'];
      break;
    case 'prereq':
      return res.result === null ? ['premet', 'met'] : ['pre'];
    case 'prerequired':
      return res.result === null ? ['met'] : [];
  }
  return res.__state_ran__ === false ? [] : ['met'];
}

/**
 * Decide whether a chunk runs (see the file doc).
 * @param requisites the chunk's requisites; each must have a result already (the plan guarantees it)
 */
export function verdict(requisites: Requisite[], state: RunState): Verdict {
  const all = new Set<string>();
  const onfail = new Set<string>();
  for (const req of requisites) {
    const res = (req.kind === 'prereq' ? state.pre : state.running).get(req.index);
    if (!res) throw new Error(`requisite ${req.kind} on chunk ${req.index} has not run`);
    for (const s of stats(req, res)) (req.kind === 'onfail' ? onfail : all).add(s);
  }
  // onfail is satisfied by any one failure among its targets
  if (onfail.has('met')) onfail.delete('onfail');
  for (const s of onfail) all.add(s);
  if (all.has('fail')) return 'fail';
  if (all.has('pre')) return all.has('premet') ? 'met' : 'pre';
  if (all.has('onfail') && !all.has('onchangesmet')) return 'onfail';
  if (all.has('onchanges') && !all.has('onchangesmet')) return 'onchanges';
  if (all.has('change')) return 'change';
  return 'met';
}

/** Salt's `sls.id` of every requisite target that failed, for "One or more requisite failed: ...". */
export function failedRequisites(requisites: Requisite[], state: RunState, name: (index: number) => string): string[] {
  const out: string[] = [];
  for (const req of requisites) {
    const res = state.pre.get(req.index) ?? state.running.get(req.index);
    if (res?.result === false && !out.includes(name(req.index))) out.push(name(req.index));
  }
  return out;
}
