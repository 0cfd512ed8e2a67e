import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, FrameReader, FrameTooLarge, command, frame, greeting, parseCommand, parseGreeting, parseMetadata, ready } from '@brine/core/transport/zmtp/wire';

test('a greeting announces ZMTP 3.0 with the NULL mechanism, and reads back', () => {
  const g = greeting();
  expect(g).toHaveLength(64);
  expect([g[0], g[9], g[10], g[11]]).toEqual([0xff, 0x7f, 3, 0]);
  expect(parseGreeting(g)).toEqual({ major: 3, minor: 0, mechanism: 'NULL' });
  expect(parseGreeting(greeting('CURVE', 1, true))).toEqual({ major: 3, minor: 1, mechanism: 'CURVE' });
});

test('greetings that are not ZMTP 3 are named', () => {
  expect(parseGreeting(Buffer.alloc(10))).toBe('short greeting');
  expect(parseGreeting(Buffer.alloc(64))).toBe('not a ZMTP greeting');
  const old = greeting();
  old[10] = 2;
  expect(parseGreeting(old)).toBe('ZMTP 2.x is not supported');
});

test('short and long frames carry their flags and length', () => {
  expect(frame(FLAG_MORE, Buffer.from('ab'))).toEqual(Buffer.from([FLAG_MORE, 2, 0x61, 0x62]));
  const long = frame(0, Buffer.alloc(300));
  expect(long[0]).toBe(FLAG_LONG);
  expect(long.readBigUInt64BE(1)).toBe(300n);
  expect(long).toHaveLength(309);
});

test('a READY command carries its socket type as metadata', () => {
  const [f] = new FrameReader(256).push(ready('PUB', [['Identity', Buffer.from('x')]]));
  expect(f!.flags & FLAG_COMMAND).toBe(FLAG_COMMAND);
  const cmd = parseCommand(f!.body)!;
  expect(cmd.name).toBe('READY');
  const meta = parseMetadata(cmd.data)!;
  expect(meta.get('socket-type')!.toString()).toBe('PUB');
  expect(meta.get('identity')!.toString()).toBe('x');
});

test('metadata or a command name that runs past the data is refused', () => {
  const body = parseCommand(new FrameReader(256).push(ready('SUB'))[0]!.body)!.data;
  expect(parseMetadata(body.subarray(0, body.length - 1))).toBeUndefined();
  expect(parseMetadata(Buffer.from([5, 0x61]))).toBeUndefined();
  expect(parseCommand(Buffer.from([9, 0x50]))).toBeUndefined();
  expect(parseCommand(Buffer.alloc(0))).toBeUndefined();
});

test('the reader cuts frames split anywhere across chunks', () => {
  const stream = Buffer.concat([frame(0, Buffer.from('one')), command('PING', Buffer.from([0, 10])), frame(0, Buffer.alloc(300, 7))]);
  for (let cut = 0; cut <= stream.length; cut++) {
    const reader = new FrameReader(512);
    const frames = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
    expect(frames.map((f) => f.body.length)).toEqual([3, 7, 300]);
    expect(frames[0]!.body.toString()).toBe('one');
  }
});

test('a frame declaring more than the limit is refused from its header, before its body arrives', () => {
  const reader = new FrameReader(256);
  const head = Buffer.alloc(9);
  head[0] = FLAG_LONG;
  head.writeBigUInt64BE(2n ** 63n - 1n, 1);
  expect(() => reader.push(head)).toThrow(FrameTooLarge);
  expect(() => new FrameReader(256).push(frame(0, Buffer.alloc(257)).subarray(0, 9))).toThrow('a 257-byte frame (at most 256 allowed)');
  expect(new FrameReader(256).push(frame(0, Buffer.alloc(256)))).toHaveLength(1);
});
