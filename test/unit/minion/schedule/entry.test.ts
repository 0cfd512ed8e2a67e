import { parseEntry } from '@brine/minion/schedule/entry';

test("defaults as Salt's scheduler: maxrunning 1, return_job and enabled True, run_on_start False", () => {
  expect(parseEntry('j', { function: 'test.ping', seconds: 5 })).toMatchObject({
    name: 'j', function: 'test.ping', args: [], kwargs: {}, timing: { kind: 'interval', seconds: 5 }, maxrunning: 1,
    returnJob: true, enabled: true, runOnStart: false,
  });
});

test("settings written as strings read as Salt's list shows them", () => {
  expect(parseEntry('j', { function: 'test.ping', seconds: '5', enabled: 'false', return_job: 'False', run_on_start: 'true' })).toMatchObject({
    timing: { kind: 'interval', seconds: 5 }, enabled: false, returnJob: false, runOnStart: true,
  });
});

test.each([
  [{ seconds: 5 }, /"function" must name a module function/],
  [{ function: 'test.ping' }, /No interval, cron, when or once/],
  [{ function: 'test.ping', seconds: 5, cron: '* * * * *' }, /Unable to use "seconds", "minutes", "hours", or "days" with "when" or "cron" options/],
  [{ function: 'test.ping', cron: 'nonsense' }, /Invalid cron string "nonsense"/],
  [{ function: 'test.ping', seconds: -1 }, /seconds must be a number/],
  [{ function: 'test.ping', seconds: 5, args: 'a' }, /"args" must be a list/],
  [{ function: 'test.ping', seconds: 5, kwargs: [] }, /"kwargs" must be a dict/],
  [{ function: 'test.ping', seconds: 5, maxrunning: 0 }, /"maxrunning" must be a whole number/],
  [{ function: 'test.ping', seconds: 5, splay: { start: 5, end: 1 } }, /splay needs whole seconds start <= end/],
  [{ function: 'test.ping', seconds: 5, until: '5pm' }, /until needs a date/],
  [{ function: 'test.ping', when: 'whenever' }, /Invalid date string "whenever" for when/],
])('%j is refused: %s', (settings, message) => {
  expect(parseEntry('j', settings)).toMatch(message);
});

test('a job that is not a dict is refused', () => {
  expect(parseEntry('j', 'test.ping')).toBe('Job j: the job must be a dict, not "test.ping"');
});
