import { txt } from '@brine/cli/output/txt';

describe('txt', () => {
  it.each<[string, unknown, string]>([
    ['a scalar return', { minion1: true }, 'minion1: True'],
    ['one line per line of a string', { minion1: 'a\nb\n' }, 'minion1: a\nminion1: b'],
    ['an empty string prints nothing', { minion1: '', minion2: 'x' }, 'minion2: x'],
    ['a mapping as Python str()', { minion1: { os: 'Debian', n: null } }, "minion1: {'os': 'Debian', 'n': None}"],
    ['a list as Python str()', { minion1: ['a', 1.5] }, "minion1: ['a', 1.5]"],
    ['non-mapping data as str()', ['a', 1], "['a', 1]"],
    ['a bare string as is', 'hello\n', 'hello'],
  ])('%s', (_name, data, expected) => {
    expect(txt(data)).toBe(expected);
  });
});
