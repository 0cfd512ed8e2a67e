import { yaml } from '@brine/cli/output/yaml';

const grains = { minion1: { os: 'Debian', kernel: 'Linux', cpus: 2, ipv4: ['127.0.0.1', '10.0.0.2'], virtual: null } };

describe('yaml', () => {
  it('dumps block style with sorted keys and unindented lists, as PyYAML', () => {
    expect(yaml(grains)).toBe([
      'minion1:',
      '  cpus: 2',
      '  ipv4:',
      '  - 127.0.0.1',
      '  - 10.0.0.2',
      '  kernel: Linux',
      '  os: Debian',
      '  virtual: null',
    ].join('\n'));
  });

  it('prints booleans, empty containers and strings that need quotes', () => {
    expect(yaml({ minion1: { ok: true, l: [], d: {}, s: 'yes', num: '12' } }))
      .toBe("minion1:\n  d: {}\n  l: []\n  num: '12'\n  ok: true\n  s: 'yes'");
  });

  it('never folds long lines nor uses anchors for repeated objects', () => {
    const shared = { a: 1 };
    const long = 'word '.repeat(40).trim();
    expect(yaml({ m: { x: shared, z: shared, long } })).toBe(`m:\n  long: ${long}\n  x:\n    a: 1\n  z:\n    a: 1`);
  });
});
