/**
 * The optparse help layout, checked against Salt's own `salt -h` (capture
 * salt_h.txt): fed the same options and help texts, the formatter must
 * print the capture's lines byte for byte.
 */
import { formatHelp, optionStrings, wrap } from '@brine/cli/help';
import { referenceStdout } from './output/reference';

const salt = referenceStdout('salt_h.txt').split('\n');
/** Lines `from`..`to` (1-based, inclusive) of the capture's stdout. */
const lines = (from: number, to: number) => salt.slice(from - 1, to);

it('lays out the usage, description, options and a group as Salt\'s salt -h', () => {
  const text = formatHelp({
    usage: "Usage: salt [options] '<target>' <function> [arguments]",
    description: 'Salt allows for commands to be executed across a swath of remote systems in parallel, so they can be both controlled and queried with ease.',
    options: [
      { names: ['version'], help: "show program's version number and exit" },
      { names: ['V', 'versions-report'], help: "Show program's dependencies version number and exit." },
      { names: ['h', 'help'], help: 'show this help message and exit' },
      { names: ['saltfile'], metavar: 'SALTFILE', help: 'Specify the path to a Saltfile. If not passed, one will be searched for in the current working directory.' },
      { names: ['c', 'config-dir'], metavar: 'CONFIG_DIR', help: "Pass in an alternative configuration directory. Default: '<saltref-cap>/etc/salt'." },
    ],
    groups: [{
      title: 'Target Options',
      description: 'Target selection options.',
      options: [
        { names: ['H', 'hosts'], help: 'List all known hosts to currently visible or other specified rosters' },
        { names: ['E', 'pcre'], help: 'Instead of using shell globs to evaluate the target servers, use pcre regular expressions.' },
      ],
    }, {
      title: 'Additional Target Options',
      description: 'Additional options for minion targeting.',
      options: [{ names: ['delimiter'], metavar: 'DELIMITER', help: "Change the default delimiter for matching in multi-level data structures. Default: ':'." }],
    }],
  });
  const want = [...lines(1, 15), '', ...lines(88, 94), '', ...lines(129, 134)].join('\n');
  expect(text).toBe(`${want}\n`);
});

it('names options as optparse does, short first, with the value placeholder', () => {
  expect(optionStrings({ names: ['batch-size', 'b', 'batch'], metavar: 'BATCH', help: '' })).toBe('-b BATCH, --batch-size=BATCH, --batch=BATCH');
  expect(optionStrings({ names: ['static', 's'], help: '' })).toBe('-s, --static');
});

it('wraps as textwrap: between words and after inner hyphens, cutting words longer than a line', () => {
  expect(wrap('Batch size to use for batch jobs created by batch-safe-limit.', 54)).toEqual(['Batch size to use for batch jobs created by batch-', 'safe-limit.']);
  expect(wrap(`${'x'.repeat(60)} tail`, 20)).toEqual(['x'.repeat(20), 'x'.repeat(20), 'x'.repeat(20), 'tail']);
});
