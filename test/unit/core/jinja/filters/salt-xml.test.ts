import { err, f } from './context';

describe("Salt's xml filter (ElementTree and minidom's toprettyxml)", () => {
  test.each<[unknown, string]>([
    [
      { root: { id: 1, name: 'a&b<', child: { x: 'y' }, items: [{ k: 1 }, { k: 2 }] } },
      '<?xml version="1.0" ?>\n<root id="1" name="a&amp;b&lt;">\n <child x="y"/>\n <items k="1"/>\n <items k="2"/>\n</root>\n',
    ],
    [{ root: 'text' }, '<?xml version="1.0" ?>\n<root>text</root>\n'],
    [{ root: {} }, '<?xml version="1.0" ?>\n<root/>\n'],
    [{ a: { b: ['t1', 't2'] } }, '<?xml version="1.0" ?>\n<a>\n <b>t1</b>\n <b>t2</b>\n</a>\n'],
    [
      { a: 1, b: { c: true, d: null, e: [{ f: 1.5 }], g: { h: 'x"y' } } },
      '<?xml version="1.0" ?>\n<b c="True" d="None">\n <e f="1.5"/>\n <g h="x&quot;y"/>\n</b>\n',
    ],
    [{ r: { e: '' } }, '<?xml version="1.0" ?>\n<r e=""/>\n'],
  ])('xml(%p)', (value, expected) => {
    expect(f('xml', value)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['a str', () => f('xml', 'x'), 'TemplateRuntimeError: Value is not a dict or list. Cannot render as XML'],
    ['a top-level list of texts', () => f('xml', { a: ['t1', 't2'] }), "AttributeError: 'NoneType' object has no attribute 'iter'"],
    ['an empty list', () => f('xml', { r: { l: [] } }), 'IndexError: list index out of range'],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});
