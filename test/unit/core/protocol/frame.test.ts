import { ProtocolError } from '@brine/core/errors';
import { Packr } from 'msgpackr';
import { MAX_FRAME_BYTES, pack, unpack } from '@brine/core/protocol/frame';

test('a frame round-trips with its binary fields as bytes', () => {
  const msg = unpack(pack({ v: 1, id: 'm1', box: new Uint8Array(32).fill(7) })) as { box: Uint8Array };
  expect(msg).toMatchObject({ v: 1, id: 'm1' });
  expect(msg.box).toBeInstanceOf(Uint8Array);
  expect(Buffer.from(msg.box).equals(Buffer.alloc(32, 7))).toBe(true);
});

test.each([
  ['not msgpack', Buffer.from([0xd9]), 'malformed frame'],
  ['oversized', Buffer.alloc(MAX_FRAME_BYTES + 1), `frame of ${MAX_FRAME_BYTES + 1} bytes exceeds ${MAX_FRAME_BYTES}`],
])('%s is a ProtocolError', (_name, frame, msg) => {
  expect(() => unpack(frame)).toThrow(ProtocolError);
  expect(() => unpack(frame)).toThrow(msg);
});

/** How a peer can send class instances: msgpackr's extension types, which it packs with structured cloning on. */
const rogue = new Packr({ structuredClone: true, useRecords: false });

test.each([
  ['a Set', new Set([1]), 'Set'],
  ['a RegExp', /x/, 'RegExp'],
  ['an Error', new Error('boom'), 'Error'],
])('%s anywhere in a frame (a msgpackr extension) is refused: only plain data crosses', (_name, value, type) => {
  const frame = rogue.pack({ v: 1, req: { grains: { deep: [value] } } });
  expect(() => unpack(frame)).toThrow(new ProtocolError(`frame holds a ${type}, not plain data`));
});

test('plain data passes: maps, lists, timestamps and scalars, nested', () => {
  const value = { a: [1, 'two', null, true, { b: [{}] }], when: new Date(0), map: Object.create(null) as object };
  expect(unpack(pack(value))).toEqual(value);
});
