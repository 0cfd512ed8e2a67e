import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { ProtocolError } from '@brine/core/errors';
import { pack, unpack } from '@brine/core/protocol/frame';
import { assertLengthsFit } from '@brine/core/protocol/msgpack-bounds';

/** A msgpack header: `marker` then `n` big-endian in `width` bytes. */
const header = (marker: number, width: number, n: number) => {
  const b = Buffer.alloc(1 + width);
  b[0] = marker;
  b.writeUIntBE(n, 1, width);
  return b;
};
const chain = (h: Buffer, times: number) => Buffer.concat(Array.from({ length: times }, () => h));

test('anything brine packs passes, whatever its shape', () => {
  fc.assert(
    fc.property(fc.anything({ withDate: true, withNullPrototype: true, maxDepth: 5 }), fc.uint8Array(), (value, bin) => {
      expect(() => assertLengthsFit(pack({ value, bin }))).not.toThrow();
    }),
    { numRuns: 500 },
  );
});

test("msgpackr's extensions that read the value after them (Set, Map, RegExp, records) are not refused by the walk", () => {
  const ext = new Packr({ structuredClone: true, moreTypes: true, useRecords: true });
  fc.assert(
    fc.property(fc.anything({ withSet: true, withMap: true, withTypedArray: true, withDate: true, maxDepth: 4 }), (value) => {
      expect(() => assertLengthsFit(ext.pack([value, new Set([value]), /x/g, { a: 1 }, { a: 2 }]))).not.toThrow();
    }),
    { numRuns: 300 },
  );
});

test.each([
  ['one array32 declaring 16M elements (128 MB for msgpackr)', Buffer.concat([header(0xdd, 4, 0x01000000), Buffer.from([0xc0])])],
  ['a map32 declaring 2^31 entries', header(0xdf, 4, 0x7fffffff)],
  ['40 nested array32 headers of 16M each (the 200-byte frame that killed the master)', chain(header(0xdd, 4, 0x01000000), 40)],
  ['24,000 nested array16 headers of 65,535 each (1.5 GB for msgpackr)', chain(header(0xdc, 2, 0xffff), 24000)],
  ['a str32 longer than the frame', Buffer.concat([header(0xdb, 4, 1000), Buffer.from('abc')])],
  ['a bin32 longer than the frame', header(0xc6, 4, 0xffffffff)],
  ['an ext32 longer than the frame', Buffer.concat([header(0xc9, 4, 100), Buffer.from([0x73])])],
  ['a list that declares one element more than follows', Buffer.from([0x93, 0x01, 0x02])],
  ['a map whose last value is missing', Buffer.from([0x82, 0xa1, 0x61, 0x01, 0xa1, 0x62])],
  ['a truncated header', Buffer.from([0xdd, 0x00])],
])('%s is refused before decoding, at once', (_name, frame) => {
  const t0 = performance.now();
  expect(() => assertLengthsFit(frame)).toThrow(ProtocolError);
  expect(() => unpack(frame)).toThrow(/^malformed frame: /);
  expect(performance.now() - t0).toBeLessThan(100);
});

test('the error names the header that declares too much', () => {
  expect(() => assertLengthsFit(Buffer.concat([Buffer.from([0x92, 0x01]), header(0xdd, 4, 5)]))).toThrow(
    new ProtocolError('malformed frame: the header at byte 2 declares more than the 5 bytes left'),
  );
});

test('owed elements add up across nesting: each header fits alone, not together', () => {
  // [[nil x 3], nil x 3] needs 8 bytes after the outer header; 7 follow.
  const frame = Buffer.from([0x94, 0x93, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0]);
  expect(() => assertLengthsFit(frame)).toThrow(ProtocolError);
  expect(() => assertLengthsFit(Buffer.concat([frame, Buffer.from([0xc0])]))).not.toThrow();
});
