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

describe('json numbers', () => {
  it('prints floats as Python does (json.dumps uses repr)', () => {
    // Python: json.dumps({'a': 1e-05, 'b': 0.1, 'c': 1e+22}, indent=4)
    expect(json({ a: 1e-5, b: 0.1, c: 1e22 })).toBe('{\n    "a": 1e-05,\n    "b": 0.1,\n    "c": 1e+22\n}');
  });
});

describe('json with --out-indent', () => {
  const data = { a: [1, { b: null }], c: 'é' };
  it('indents by N spaces, keeping line breaks at 0 (Python json.dumps indent=N)', () => {
    expect(json(data, { outIndent: 0 })).toBe('{\n"a": [\n1,\n{\n"b": null\n}\n],\n"c": "é"\n}');
    expect(json({ b: { z: 1, a: 2 }, a: [] }, { outIndent: 2 })).toBe('{\n  "b": {\n    "z": 1,\n    "a": 2\n  },\n  "a": []\n}');
  });
  it('prints one line with Python separators for a negative indent', () => {
    expect(json(data, { outIndent: -1 })).toBe('{"a": [1, {"b": null}], "c": "é"}');
  });
  it('sorts every mapping for pretty', () => {
    expect(json({ b: { z: 1, a: 2 }, a: 1 }, { outIndent: 'pretty' })).toBe('{\n    "a": 1,\n    "b": {\n        "a": 2,\n        "z": 1\n    }\n}');
  });
});
