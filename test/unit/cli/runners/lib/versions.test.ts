import { compareVersions, versionReport } from '@brine/cli/runners/lib/versions';

describe('comparing versions as Salt orders releases', () => {
  it.each<[string, string, number]>([
    ['3006.10', '3006.10', 0],
    ['3006.9', '3006.10', -1],
    ['3007.0', '3006.10', 1],
    ['0.1.0', '0.1', 0],
    ['0.1.1', '0.1.0', 1],
    ['v0.2.0', '0.2.0', 0],
    ['3006.0rc1', '3006.0', -1],
    ['3006.0rc2', '3006.0rc10', -1],
    ['0.2.0-beta.1', '0.2.0', -1],
    ['0.2.0', '0.1.9-rc.1', 1],
    ['not a version', '0.1.0', -1],
    ['0.1.0', 'garbage', 1],
  ])('%s against %s is %d', (a, b, want) => {
    expect(compareVersions(a, b)).toBe(want);
  });
});

describe("manage.versions' report", () => {
  it('groups minions under Salt\'s labels, sorted, with the master\'s version', () => {
    const answers = new Map<string, unknown>([
      ['web2', '0.1.0'],
      ['web1', '0.1.0'],
      ['old', '0.0.9'],
      ['new', '0.2.0'],
      ['silent', ''],
      ['broken', false],
    ]);
    expect(versionReport('0.1.0', answers)).toEqual({
      Master: '0.1.0',
      'Up to date': { web1: '0.1.0', web2: '0.1.0' },
      'Minion requires update': { old: '0.0.9' },
      'Minion newer than master': { new: '0.2.0' },
      'Minion offline': { broken: false, silent: false },
    });
    expect(Object.keys(versionReport('0.1.0', answers)['Up to date'] as object)).toEqual(['web1', 'web2']);
  });

  it('has only the master without answers', () => {
    expect(versionReport('0.1.0', new Map())).toEqual({ Master: '0.1.0' });
  });
});
