/**
 * The `survey` runner, as Salt's (MCollective-style aggregation): run one
 * function on the targeted minions and group them by answer, to find the
 * minions that are not like the others.
 */
import { SaltInvocationError } from '@brine/core/errors';
import { defineRunner, defineRunnerFunction, type RunnerContext } from './define';
import { gather } from './lib/gather';
import { surveyDiffText, surveyPools, type SurveyPool } from './lib/survey';

/**
 * The positional arguments both functions take: `salt-run survey.hash [survey_sort=up/down] <tgt> <fun> [args...]`;
 * the keywords `survey_sort` and `tgt_type` are survey's own (Salt's, keyword only), the rest go to the function.
 */
const SURVEY_ARGS = [
  { name: 'tgt', type: 'string', required: true, doc: "Target of the minions to ask: compound, or pcre with tgt_type=pcre (Salt's rule)." },
  { name: 'fun', type: 'string', required: true, doc: 'The execution function to run (module.function); further arguments go to it.' },
] as const;

/** What both functions' docs say of their keywords. */
const SURVEY_KEYWORDS =
  "Keywords: survey_sort=down (default: largest pool first) or up; tgt_type=compound (default) or pcre (any other is " +
  "taken as compound, as Salt's); every other keyword, except those starting with `_`, goes to the function.";

/** Bound arguments of a survey function. */
interface SurveyCall {
  tgt: string;
  fun: string;
  __args__: unknown[];
  __kwargs__: Record<string, unknown>;
}

/**
 * Run the function on the target and pool the answers that land within the timeout (Salt's _get_pool_results).
 * @throws SaltInvocationError for a survey_sort other than up or down
 */
async function poolResults(ctx: RunnerContext, a: SurveyCall): Promise<SurveyPool[]> {
  const { survey_sort: sort = 'down', tgt_type: type = 'compound', ...rest } = a.__kwargs__;
  if (sort !== 'up' && sort !== 'down') throw new SaltInvocationError(`survey_sort must be 'up' or 'down', not ${JSON.stringify(sort)}`);
  const kwarg = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('_')));
  const target = { tgt: a.tgt, tgt_type: type === 'pcre' ? ('pcre' as const) : ('compound' as const) };
  const answers = await gather(ctx, a.fun, { arg: a.__args__, kwarg, target });
  return surveyPools(new Map([...answers].map(([id, r]) => [id, r.return])), sort);
}

export default defineRunner({
  name: 'survey',
  doc: "Run a function on many minions and group them by answer, as Salt's survey runner.",
  functions: {
    hash: defineRunnerFunction({
      doc:
        'Run `fun` (with the remaining arguments) on the minions `tgt` selects and group them by answer: a list of ' +
        '{pool: [minions], result: answer as text}, largest pool first (survey_sort=up: smallest first). Minions ' +
        'that do not answer within the timeout are left out. `salt-run survey.hash "*" test.ping` is manage.up.\n\n' +
        SURVEY_KEYWORDS,
      example: "salt-run survey.hash '*' file.get_hash /etc/salt/minion survey_sort=up",
      args: SURVEY_ARGS,
      varargs: true,
      varkwargs: true,
      run: (ctx, a) => poolResults(ctx, a),
    }),
    diff: defineRunnerFunction({
      doc:
        'As survey.hash, and print each pool with its size: the first pool\'s result in full, and for every other ' +
        'pool its differences from the first (a unified diff without context, as Python\'s difflib). Returns the pools.\n\n' +
        SURVEY_KEYWORDS,
      example: "salt-run survey.diff survey_sort=up '*' cp.get_file_str file:///etc/hosts",
      args: SURVEY_ARGS,
      varargs: true,
      varkwargs: true,
      run: async (ctx, a) => {
        const pools = await poolResults(ctx, a);
        ctx.print(surveyDiffText(pools));
        return pools;
      },
    }),
  },
});
