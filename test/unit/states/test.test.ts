import { makeStateHarness, type StateHarness } from './harness';

let h: StateHarness;
beforeAll(() => (h = makeStateHarness()));
afterAll(() => h.cleanup());

const CHANGES = { testing: { old: 'Unchanged', new: 'Something pretended to change' } };

describe('test states', () => {
  it.each([
    ['test.nop', false, true, 'Success!', {}],
    ['test.nop', true, true, 'Success!', {}],
    ['test.succeed_without_changes', false, true, 'Success!', {}],
    ['test.succeed_without_changes', true, true, 'Success!', {}],
    ['test.succeed_with_changes', false, true, 'Success!', CHANGES],
    ['test.succeed_with_changes', true, null, "If we weren't testing, this would be successful with changes", CHANGES],
    ['test.fail_without_changes', false, false, 'Failure!', {}],
    ['test.fail_without_changes', true, false, "If we weren't testing, this would be a failure!", {}],
    ['test.fail_with_changes', false, false, 'Failure!', CHANGES],
    ['test.fail_with_changes', true, null, "If we weren't testing, this would be failed with changes", CHANGES],
  ])('%s (test=%s) returns %s: %s', async (fun, test, result, comment, changes) => {
    await expect(h.run(fun, { name: 'foo' }, test)).resolves.toEqual({ name: 'foo', result, comment, changes });
  });

  it('takes a custom comment', async () => {
    await expect(h.run('test.fail_without_changes', { name: 'foo', comment: 'OS not supported!' })).resolves.toMatchObject({ result: false, comment: 'OS not supported!' });
  });
});
