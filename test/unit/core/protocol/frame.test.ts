import { ProtocolError } from '@brine/core/errors';
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
