/**
 * Salt's `test` state module: states with fixed outcomes, to try requisites,
 * ordering and outputters. Comments and changes are Salt's, word for word.
 */
import { arg, type ExecContext, type FunctionDef } from '@brine/core/loader/define';
import { defineStateFunction, defineStateModule, stateReturn, type StateReturn } from '@brine/core/state/define';

/** The pretend change Salt's test states report. */
const CHANGES = { testing: { old: 'Unchanged', new: 'Something pretended to change' } };

const NAME = arg({ name: 'name', type: 'string', required: true, doc: "A unique string, the state's name." });
const COMMENT = (fallback: string) => arg({ name: 'comment', type: 'string', default: fallback, doc: `The comment to return. Default: "${fallback}".` });

/** What a test state returns under test=True instead of its usual outcome. */
interface InTest {
  result: boolean | null;
  comment: string;
}

/**
 * One test state: result `result` with the `comment` argument (default `fallback`), with
 * or without the pretend change; under test=True `inTest` replaces result and comment when given.
 */
function fixed(fun: string, doc: string, fallback: string, result: boolean, withChanges: boolean, inTest?: InTest): FunctionDef<ExecContext, StateReturn> {
  return defineStateFunction({
    doc,
    example: `salt '*' state.single test.${fun} name=foo`,
    args: [NAME, COMMENT(fallback)],
    run: (ctx, a) => {
      const changes = withChanges ? CHANGES : {};
      if (ctx.test && inTest) return stateReturn(a.name, inTest.result, inTest.comment, changes);
      return stateReturn(a.name, result, a.comment, changes);
    },
  });
}

export default defineStateModule({
  name: 'test',
  doc: "States with fixed outcomes, as Salt's test states: useful to try requisites, ordering and output.",
  functions: {
    nop: defineStateFunction({
      doc: 'Do nothing and succeed: result True, no changes, comment "Success!" (also under test=True).',
      example: "salt '*' state.single test.nop name=foo",
      args: [NAME],
      run: (_ctx, a) => stateReturn(a.name, true, 'Success!'),
    }),
    succeed_without_changes: fixed(
      'succeed_without_changes',
      'Succeed without changes: result True, comment "Success!" (also under test=True).',
      'Success!',
      true,
      false,
    ),
    succeed_with_changes: fixed(
      'succeed_with_changes',
      'Succeed with a pretend change {testing: {old, new}}. Under test=True: result None, "If we weren\'t testing, this would be successful with changes".',
      'Success!',
      true,
      true,
      { result: null, comment: "If we weren't testing, this would be successful with changes" },
    ),
    fail_without_changes: fixed(
      'fail_without_changes',
      'Fail without changes: result False, comment "Failure!". Under test=True: still False, "If we weren\'t testing, this would be a failure!".',
      'Failure!',
      false,
      false,
      { result: false, comment: "If we weren't testing, this would be a failure!" },
    ),
    fail_with_changes: fixed(
      'fail_with_changes',
      'Fail with a pretend change {testing: {old, new}}. Under test=True: result None, "If we weren\'t testing, this would be failed with changes".',
      'Failure!',
      false,
      true,
      { result: null, comment: "If we weren't testing, this would be failed with changes" },
    ),
  },
});
