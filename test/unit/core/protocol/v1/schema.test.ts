import { ProtocolError } from '@brine/core/errors';
import { pack, unpack } from '@brine/core/protocol/frame';
import { JOB_LOAD, MINION_REQUESTS, REQUEST_PORT } from '@brine/core/protocol/v1/runtime';

const bytes = (n: number) => new Uint8Array(n).fill(7);
/** The request port's auth request, as the master checks it. */
const AUTH = { check: (value: unknown) => REQUEST_PORT.request('auth', value) };
const JOB = JOB_LOAD;
const job = { jid: '20260101000000000001', tgt: '*', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'root' };

test('a message with its shape passes, typed, and bytes stay bytes through msgpack', () => {
  const req = AUTH.check(unpack(pack({ id: 'm1', box: bytes(32), sign: bytes(32), token: bytes(16) })));
  expect(req.id).toBe('m1');
  expect(req.box).toBeInstanceOf(Uint8Array);
  expect(JOB.check(job)).toBe(job);
});

test.each([
  ['not a map', [1, 2], 'auth: not a map'],
  ['a missing field', { id: 'm1', box: bytes(32), sign: bytes(32) }, "auth: missing field 'token'"],
  ['a short key', { id: 'm1', box: bytes(31), sign: bytes(32), token: bytes(16) }, "auth: field 'box' is not 32 bytes"],
  ['a string for bytes', { id: 'm1', box: 'nope', sign: bytes(32), token: bytes(16) }, "auth: field 'box' is not 32 bytes"],
  ['a number for a string', { id: 7, box: bytes(32), sign: bytes(32), token: bytes(16) }, "auth: field 'id' is not a string"],
])('%s is refused with the first bad field named', (_name, value, msg) => {
  expect(() => AUTH.check(value)).toThrow(ProtocolError);
  expect(() => AUTH.check(value)).toThrow(msg);
});

test('optional fields may be absent but not mistyped; unions and literals are checked', () => {
  expect(JOB.check({ ...job, delimiter: '|' }).delimiter).toBe('|');
  expect(() => JOB.check({ ...job, delimiter: 1 })).toThrow("job load: field 'delimiter' is not a string");
  expect(() => JOB.check({ ...job, tgt: [1] })).toThrow("job load: field 'tgt' is not a string or a list");
  expect(() => JOB.check({ ...job, tgt_type: 'range' })).toThrow("job load: field 'tgt_type' is not");
  expect(() => JOB.check({ ...job, arg: {} })).toThrow("job load: field 'arg' is not a list");
});

test("a job load may carry the master's authorization, and loads without it still pass", () => {
  expect(JOB.check({ ...job, acl: { rule: 'publisher_acl:alice' } }).acl).toEqual({ rule: 'publisher_acl:alice' });
  expect(JOB.check(job).acl).toBeUndefined();
  expect(() => JOB.check({ ...job, acl: 'root' })).toThrow("job load: field 'acl' is not a map");
  expect(() => JOB.check({ ...job, acl: {} })).toThrow("job load: missing field 'acl.rule'");
  expect(() => JOB.check({ ...job, acl: { rule: '' } })).toThrow('job load: field');
});

test('a map field takes only a plain mapping, never a class instance msgpack may decode (a Date)', () => {
  expect(() => JOB.check({ ...job, kwarg: new Date() })).toThrow("job load: field 'kwarg' is not a map");
  expect(() => JOB.check({ ...job, kwarg: [] })).toThrow("job load: field 'kwarg' is not a map");
  expect(JOB.check({ ...job, kwarg: Object.create(null) })).toBeTruthy();
});

test('a number must be finite (msgpack can carry NaN and Infinity)', () => {
  const check = (value: unknown) => MINION_REQUESTS.request('_return', value);
  const ret = { jid: job.jid, id: 'm1', fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, started: 1, finished: 2 };
  expect(check(ret)).toBe(ret);
  expect(() => check(unpack(pack({ ...ret, retcode: NaN })))).toThrow("_return: field 'retcode' is not a number");
  expect(() => check({ ...ret, started: Infinity })).toThrow("_return: field 'started' is not a number");
});
