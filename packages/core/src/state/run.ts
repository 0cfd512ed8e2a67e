/**
 * Running low chunks, as Salt's `call_chunks`: the plan from requisites.ts
 * step by step, each chunk gated by its requisites' results (gate.ts), and
 * the return in Salt's shape, `{tag: {name, result, changes, comment,
 * duration, start_time, __run_num__, __sls__, __id__}}` in execution order.
 *
 * - A failed requisite gives result False, "One or more requisite failed: sls.id, ...".
 * - onchanges / onfail not triggered give result True, "State was not run because ...".
 * - A watched state that changed makes the watcher call its module's
 *   `mod_watch` (with the watcher's arguments plus `sfun`) when its own
 *   function changed nothing, as Salt.
 * - prereq: the prereq'd state runs in test mode first; the state declaring
 *   the prereq runs only if that test run would change something (else
 *   result True, "No changes detected").
 * - failhard (on the chunk, or `failhard` in the options): the first failure
 *   ends the run; the return holds what ran. Ignored in test mode, as Salt.
 */
import { CommandExecutionError, errorMessage } from '../errors';
import { callState, hasModWatch, type StateEnv } from './call';
import type { StateReturn } from './define';
import { failedRequisites, verdict, type RunState, type Verdict } from './gate';
import type { LowChunk } from './low';
import { planRun, type RunPlan, type Step } from './requisites';
import { chunkTag, Stopwatch, type StateResult, type StateResults } from './result';

/** What a run needs besides its chunks. */
export interface RunEnv extends StateEnv {
  /** Dry run: every state function sees ctx.test true. */
  test: boolean;
  /** Stop at the first failure (Salt's `failhard` option); a chunk's own `failhard` wins. */
  failhard: boolean;
}

/** A state return with its timing, before it is numbered. */
type Timed = StateReturn & Pick<StateResult, 'duration' | 'start_time' | '__state_ran__'>;

/** Comments of the results a requisite decides without running the state. */
const SKIPPED: Record<Exclude<Verdict, 'met' | 'change' | 'fail'>, { comment: string; ran: boolean }> = {
  pre: { comment: 'No changes detected', ran: true },
  onfail: { comment: 'State was not run because onfail req did not change', ran: false },
  onchanges: { comment: 'State was not run because none of the onchanges reqs changed', ran: false },
};

function changed(ret: StateReturn): boolean {
  return Object.keys(ret.changes).length > 0;
}

/** One run: the plan, the results so far and the return being built. */
class ChunkRunner {
  private readonly running = new Map<number, StateResult>();
  private readonly pre = new Map<number, Timed>();
  private readonly state: RunState = { running: this.running, pre: this.pre };
  private readonly results: StateResults = {};
  private readonly plan: RunPlan;

  constructor(private readonly env: RunEnv, private readonly chunks: LowChunk[]) {
    this.plan = planRun(chunks);
  }

  async run(): Promise<StateResults> {
    for (const step of this.plan.steps) {
      if (this.env.ctx.signal.aborted) throw new CommandExecutionError(`The state run was interrupted: ${errorMessage(this.env.ctx.signal.reason)}`);
      if (this.running.has(step.index)) continue;
      await this.step(step);
      const res = this.running.get(step.index);
      const chunk = this.chunks[step.index];
      const failhard = typeof chunk.failhard === 'boolean' ? chunk.failhard : this.env.failhard;
      if (res?.result === false && failhard && !this.env.test) break;
    }
    return this.results;
  }

  /** Number a result and add it to the return. */
  private record(index: number, timed: Timed): void {
    const chunk = this.chunks[index];
    const entry: StateResult = { ...timed, __run_num__: this.running.size, __sls__: chunk.__sls__, __id__: chunk.__id__ };
    this.running.set(index, entry);
    this.results[chunkTag(chunk)] = entry;
  }

  /** A result decided without calling the state function. */
  private decided(index: number, watch: Stopwatch, result: boolean, comment: string, ran = true): Timed {
    const out: Timed = { name: this.chunks[index].name, result, changes: {}, comment, start_time: watch.start_time, duration: watch.duration() };
    if (!ran) out.__state_ran__ = false;
    return out;
  }

  private async call(index: number, test: boolean, v: Verdict): Promise<Timed> {
    const watch = new Stopwatch();
    const chunk = this.chunks[index];
    let ret = await callState(this.env, chunk, { test });
    if (v === 'change' && !changed(ret) && hasModWatch(this.env, chunk)) ret = await callState(this.env, chunk, { test, modWatch: true });
    return { ...ret, start_time: watch.start_time, duration: watch.duration() };
  }

  private async step({ index, pretest }: Step): Promise<void> {
    const watch = new Stopwatch();
    const requisites = this.plan.requisites[index].filter((r) => !(pretest && r.kind === 'prerequired'));
    const v = verdict(requisites, this.state);
    if (v === 'met' || v === 'change') {
      if (!pretest) return this.record(index, await this.call(index, this.env.test, v));
      const ret = await this.call(index, true, v);
      // a prereq'd state whose watch fired would act even without changes of its own
      this.pre.set(index, v === 'change' && !changed(ret) ? { ...ret, result: null, changes: { watch: 'watch' } } : ret);
      return;
    }
    let timed: Timed;
    if (v === 'fail') {
      const own = this.pre.get(index);
      timed = own?.result === false ? own : this.decided(index, watch, false, `One or more requisite failed: ${failedRequisites(requisites, this.state, (i) => `${this.chunks[i].__sls__}.${this.chunks[i].__id__}`).join(', ')}`);
    } else {
      timed = this.decided(index, watch, true, SKIPPED[v].comment, SKIPPED[v].ran);
    }
    this.record(index, timed);
    if (pretest) this.pre.set(index, timed);
  }
}

/**
 * Run low chunks (in run order, from compileLow) with their requisites.
 * @returns the return in Salt's shape (see the file doc), in execution order
 * @throws SaltRenderError for a dangling, malformed or cyclic requisite (nothing runs);
 *   CommandExecutionError when the job is aborted between states
 */
export function runChunks(chunks: LowChunk[], env: RunEnv): Promise<StateResults> {
  return new ChunkRunner(env, chunks).run();
}
