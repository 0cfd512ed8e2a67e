import { jsonDumps, printableDefault } from '@brine/core/python-json';

describe('jsonDumps default (json.dumps(default=...))', () => {
  test('without one, a value json cannot encode raises TypeError as Python does', () => {
    expect(() => jsonDumps({ b: new Uint8Array([1]) })).toThrow('Object of type');
  });

  test('printableDefault prints UTF-8 bytes as text, other bytes as Python repr, timestamps as ISO 8601', () => {
    const data = {
      text: new TextEncoder().encode('héllo'),
      raw: new Uint8Array([0x00, 0x27, 0x5c, 0x0a, 0x41, 0xff]),
      at: new Date(Date.UTC(2026, 11, 4, 3, 8, 2)),
    };
    expect(jsonDumps(data, { default: printableDefault, ensureAscii: false })).toBe(
      `{"text": "héllo", "raw": "b'\\\\x00\\\\'\\\\\\\\\\\\nA\\\\xff'", "at": "2026-12-04T03:08:02.000Z"}`,
    );
  });
});
