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

  it('folds long lines and anchors repeated objects, as PyYAML', () => {
    // Python: yaml.dump({'m': {'x': s, 'z': s, 'long': ' '.join(['word'] * 40)}}, Dumper=yaml.CSafeDumper,
    //   default_flow_style=False, allow_unicode=True) with s = {'a': 1}
    const shared = { a: 1 };
    const long = 'word '.repeat(40).trim();
    const words = (n: number): string => Array(n).fill('word').join(' ');
    expect(yaml({ m: { x: shared, z: shared, long } })).toBe(
      `m:\n  long: ${words(15)}\n    ${words(16)}\n    ${words(9)}\n  x: &id001\n    a: 1\n  z: *id001`,
    );
  });

  it('writes flow style for a negative --out-indent (default_flow_style=True, indent=0)', () => {
    expect(yaml({ m: { x: [1], z: {} } }, { outIndent: -1 })).toBe('{m: {x: [1], z: {}}}');
  });
});
