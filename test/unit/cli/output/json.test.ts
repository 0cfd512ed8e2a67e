import { json } from '@brine/cli/output/json';

const grains = { minion1: { os: 'Debian', kernel: 'Linux', cpus: 2, ipv4: ['127.0.0.1', '10.0.0.2'], virtual: null } };

describe('json', () => {
  it('indents by 4 and keeps insertion order, as Salt without --out-indent', () => {
    expect(json({ minion1: true })).toBe('{\n    "minion1": true\n}');
    expect(json(grains)).toBe([
      '{',
      '    "minion1": {',
      '        "os": "Debian",',
      '        "kernel": "Linux",',
      '        "cpus": 2,',
      '        "ipv4": [',
      '            "127.0.0.1",',
      '            "10.0.0.2"',
      '        ],',
      '        "virtual": null',
      '    }',
      '}',
    ].join('\n'));
  });

  it('leaves non-ASCII text unescaped (ensure_ascii=False) and empty containers inline', () => {
    expect(json({ m: { s: 'é日', l: [], d: {} } })).toBe('{\n    "m": {\n        "s": "é日",\n        "l": [],\n        "d": {}\n    }\n}');
  });
});
