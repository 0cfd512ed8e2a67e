import { ProtocolError } from '@brine/core/errors';
import { checkShape, decodeFrame, encodeFrame, pack } from '@brine/core/protocol/frame';
import { MAX_FRAME_BYTES } from '@brine/core/protocol/messages';

const bytes = (n: number) => new Uint8Array(n).fill(7);

test('a frame round-trips with its version and binary fields', () => {
  const f = encodeFrame({ cmd: 'auth', rid: 1, id: 'm1', box: bytes(32), sign: bytes(32), token: bytes(16) });
  const msg = decodeFrame<{ cmd: 'auth'; id: string; box: Uint8Array }>(f, ['auth']);
  expect(msg).toMatchObject({ v: 1, cmd: 'auth', id: 'm1' });
  expect(Buffer.from(msg.box).equals(Buffer.from(bytes(32)))).toBe(true);
});

test.each([
  ['not msgpack', Buffer.from([0xd9]), 'malformed frame'],
  ['not a map', pack([1, 2]), 'frame is not a map'],
  ['wrong version', pack({ v: 2, cmd: 'auth' }), 'unsupported protocol version 2'],
  ['unknown cmd', encodeFrame({ cmd: 'rm_rf' }), 'unknown command "rm_rf"'],
  ['disallowed cmd', encodeFrame({ cmd: 'pub', body: bytes(3), sig: bytes(64) }), 'unknown command "pub"'],
  ['missing field', encodeFrame({ cmd: 'auth', rid: 1, id: 'm1', box: bytes(32), sign: bytes(32) }), "auth: missing field 'token'"],
  ['short key', encodeFrame({ cmd: 'auth', rid: 1, id: 'm1', box: bytes(31), sign: bytes(32), token: bytes(16) }), "auth: field 'box' is not bytes32"],
  ['oversized', Buffer.alloc(MAX_FRAME_BYTES + 1), 'exceeds'],
])('%s is a ProtocolError', (_name, frame, msg) => {
  expect(() => decodeFrame(frame, ['auth', 'req'])).toThrow(ProtocolError);
  expect(() => decodeFrame(frame, ['auth', 'req'])).toThrow(msg);
});

test('optional fields may be absent but not mistyped', () => {
  const base = { jid: 'j', tgt: '*', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'root' };
  expect(checkShape('job_load', base)).toEqual(base);
  expect(() => checkShape('job_load', { ...base, delimiter: 1 })).toThrow("job_load: field 'delimiter' is not str");
  expect(() => checkShape('job_load', { ...base, tgt: [1] })).toThrow("field 'tgt' is not str|list");
});
