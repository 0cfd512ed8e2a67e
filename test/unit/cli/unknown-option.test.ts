import { splitGluedValues, unknownOption } from '@brine/cli/command';

const known = new Set(['l', 'log-level', 'v', 'verbose', 'c', 'config-dir', 'no-color', 'h', 'help']);
const flags = new Set(['v', 'verbose', 'no-color', 'h', 'help']);

test.each<[string, string[], string | undefined]>([
  ['every option known', ['-v', '--log-level=debug', '-c', '/etc/salt', '*', 'test.ping'], undefined],
  ['a long option, named as typed', ['*', 'test.ping', '--no-such-flag'], '--no-such-flag'],
  ['a long option with a value', ['--hide-timeout=yes'], '--hide-timeout'],
  ['a letter of a flag cluster', ['-vZ'], '-Z'],
  ['a value-taking letter takes the rest of the word', ['-lquiet'], undefined],
  ['words after -- are arguments', ['--', '--not-an-option'], undefined],
  ['a lone dash is an argument', ['-'], undefined],
])('%s', (_name, argv, expected) => {
  expect(unknownOption(argv, known, flags)).toBe(expected);
});

test.each<[string, string[], string[]]>([
  ['a glued value', ['-lquiet', 'test.ping'], ['-l', 'quiet', 'test.ping']],
  ['flags, then a glued value', ['-vc/etc/salt'], ['-vc', '/etc/salt']],
  ['a value in the next word', ['-l', 'quiet'], ['-l', 'quiet']],
  ['a flag cluster', ['-vh'], ['-vh']],
  ['an = value is yargs\' own', ['-l=quiet'], ['-l=quiet']],
  ['long options and arguments', ['--log-level', 'debug', '*', '-5'], ['--log-level', 'debug', '*', '-5']],
  ['nothing after --', ['--', '-lquiet'], ['--', '-lquiet']],
])('split: %s', (_name, argv, expected) => {
  expect(splitGluedValues(argv, { known, flags })).toEqual(expected);
});
