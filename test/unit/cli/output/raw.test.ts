import { raw } from '@brine/cli/output/raw';

describe('raw', () => {
  it.each<[string, unknown, string]>([
    ['test.ping', { minion1: true }, "{'minion1': True}"],
    ['nested data in insertion order', { m: { z: [1, 'a', null], a: false } }, "{'m': {'z': [1, 'a', None], 'a': False}}"],
    ['quotes as Python repr', { m: "it's" }, '{\'m\': "it\'s"}'],
    ['a multi-line string escaped', { m: 'a\nb' }, "{'m': 'a\\nb'}"],
    ['floats as Python', { m: [0.5, 1e-7] }, "{'m': [0.5, 1e-07]}"],
    ['a bare string as is', 'plain text', 'plain text'],
  ])('%s', (_name, data, expected) => {
    expect(raw(data)).toBe(expected);
  });
});
