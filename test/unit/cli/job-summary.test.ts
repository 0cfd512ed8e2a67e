/**
 * salt --summary's block: Salt's counts (capture test_ping_summary.txt), and
 * with -v the silent and failed minions and the timings.
 */
import { summaryLines } from '@brine/cli/job-summary';
import { referenceStdout } from './output/reference';

it('prints Salt\'s summary after the returns', () => {
  const tally = { returned: ['minion3', 'minion1', 'minion2'].map((id, i) => ({ id, retcode: 0, at: i })), missing: [], publishMs: 1 };
  const returns = 'minion3:\n    True\nminion1:\n    True\nminion2:\n    True\n';
  expect(returns + summaryLines(tally, false).map((l) => `${l}\n`).join('')).toBe(referenceStdout('test_ping_summary.txt'));
});

it('with -v names the silent and failed minions and gives the timings in ms', () => {
  const tally = {
    returned: [{ id: 'a', retcode: 0, at: 10 }, { id: 'b', retcode: 2, at: 30 }],
    missing: [{ id: 'c', why: 'Not connected' }, { id: 'd', why: 'No response' }, { id: 'e', why: 'No response' }],
    publishMs: 4.25,
  };
  expect(summaryLines(tally, true).slice(5)).toEqual([
    '# of minions targeted: 5',
    '# of minions returned: 2',
    '# of minions that did not return: 3',
    '# of minions with errors: 1',
    'Minions not connected: c',
    'Minions not responding: d e',
    'Minions with failures: b',
    'Publish time: 4.3 ms',
    'First return: 10.0 ms',
    'Last return: 30.0 ms',
    'Return time min/avg/max: 10.0 ms / 20.0 ms / 30.0 ms',
    '-------------------------------------------',
  ]);
});
