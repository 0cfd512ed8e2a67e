/**
 * cp.recv and cp.recv_chunked, the minion's side of salt-cp, called through
 * the loader as a job runs them: where files land, what they return, and
 * what they refuse to write.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SALT_CP_MAX_JOB_BYTES } from '@brine/core/protocol/v1/constants';
import { partialPath } from '@brine/modules/lib/recv';
import { callContext, makeHarness, type Harness } from '../helpers/exec-context';

let h: Harness;
let out: string;
let retcode: number;

/** Call `fun` with positional arguments as salt-cp publishes them; the retcode it sets lands in `retcode`. */
function call(fun: string, ...args: unknown[]): Promise<unknown> {
  retcode = 0;
  const ctx = callContext(h.dir, {}, h.abort.signal, { setRetcode: (c) => (retcode = c) });
  return h.loader.call(fun, args, {}, ctx);
}

const gz = (data: string | Buffer) => zlib.gzipSync(data).toString('base64');
const modeOf = (p: string) => fs.statSync(p).mode & 0o7777;

beforeEach(() => {
  h = makeHarness();
  out = path.join(h.dir, 'out');
  fs.mkdirSync(out);
});

afterEach(() => h.cleanup());

describe('cp.recv', () => {
  it('writes to dest when its directory exists, and returns {dest: True}', async () => {
    const dest = path.join(out, 'cp-dest');
    expect(await call('cp.recv', { '/srv/cp-src.txt': 'hello\n' }, dest)).toEqual({ [dest]: true });
    expect(fs.readFileSync(dest, 'utf8')).toBe('hello\n');
    expect(modeOf(dest)).toBe(0o644);
  });

  it('writes into dest when it is a directory, under the last component of each name only', async () => {
    const ret = await call('cp.recv', { '/srv/a.txt': 'a', '../../../etc/b.txt': 'b' }, out);
    expect(ret).toEqual({ [path.join(out, 'a.txt')]: true, [path.join(out, 'b.txt')]: true });
    expect(fs.readdirSync(out).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('keeps the mode and owner of a file it replaces, and leaves no temporary file', async () => {
    const dest = path.join(out, 'script');
    fs.writeFileSync(dest, 'old');
    fs.chmodSync(dest, 0o750);
    // Only root may give a file away; as anyone else the file is already the caller's own.
    const uid = process.getuid?.() === 0 ? 65534 : fs.statSync(dest).uid;
    fs.chownSync(dest, uid, fs.statSync(dest).gid);
    await call('cp.recv', { '/srv/script': 'new' }, dest);
    expect([fs.readFileSync(dest, 'utf8'), modeOf(dest), fs.statSync(dest).uid]).toEqual(['new', 0o750, uid]);
    expect(fs.readdirSync(out)).toEqual(['script']);
  });

  it("returns 'Destination unavailable' when dest's directory is missing, and creates nothing", async () => {
    expect(await call('cp.recv', { '/srv/y': 'y' }, path.join(out, 'no/such/x'))).toBe('Destination unavailable');
    // As Salt's: a dest of the file's own name is written as is, and fails.
    expect(await call('cp.recv', { '/srv/x': 'x' }, path.join(out, 'no/such/x'))).toEqual({ [path.join(out, 'no/such/x')]: false });
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it.each([
    ['a relative dest', { '/srv/x': 'x' }, 'x', /must be an absolute path, got "x"/],
    ['a name with no last component', { '/srv/..': 'x' }, '/tmp', /without a usable name: "\/srv\/\.\."/],
    ['content that is not text', { '/srv/x': 5 }, '/tmp', /content of \/srv\/x is not text/],
    ['more than the job limit', { '/srv/x': 'x'.repeat(SALT_CP_MAX_JOB_BYTES + 1) }, '/tmp', /at most 1048576 bytes/],
  ])('refuses %s and writes nothing', async (_what, files, dest, message) => {
    await expect(call('cp.recv', files, dest === 'x' ? dest : out)).rejects.toThrow(message);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

describe('cp.recv_chunked', () => {
  it('gathers chunks aside and puts the whole file in place with the mode sent at the last one', async () => {
    const dest = path.join(out, 'new/dir/big.bin');
    expect(await call('cp.recv_chunked', dest, gz('one,'), false, true, 0o600, false)).toBe(true);
    expect(fs.existsSync(dest)).toBe(false);
    expect(fs.readFileSync(partialPath(dest, h.ctx.opts.id), 'utf8')).toBe('one,');
    expect(await call('cp.recv_chunked', dest, Buffer.from('two,').toString('base64'), true, false, 0o600, false)).toBe(true);
    expect(await call('cp.recv_chunked', dest, gz('three'), true, true, 0o600, true)).toBe(true);
    expect([fs.readFileSync(dest, 'utf8'), modeOf(dest)]).toEqual(['one,two,three', 0o600]);
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['big.bin']);
  });

  it('writes a file of one chunk at once (Salt\'s call: no final argument)', async () => {
    const dest = path.join(out, 'one');
    expect(await call('cp.recv_chunked', dest, gz('only'), false, true, 0o640)).toBe(true);
    expect([fs.readFileSync(dest, 'utf8'), modeOf(dest)]).toEqual(['only', 0o640]);
  });

  it('creates an empty directory for a None chunk, and says so when a file is in the way', async () => {
    expect(await call('cp.recv_chunked', path.join(out, 'empty/dir'), null)).toBe(true);
    expect(fs.statSync(path.join(out, 'empty/dir')).isDirectory()).toBe(true);
    fs.writeFileSync(path.join(out, 'file'), '');
    expect(await call('cp.recv_chunked', path.join(out, 'file'), null)).toBe('Path exists and is a file');
  });

  it.each([
    ['a relative dest', 'rel/x', gz('x'), /must be an absolute path/],
    ['a directory dest', '<out>', gz('x'), /is a directory/],
    ['a gzip bomb', '<out>/bomb', gz(Buffer.alloc(SALT_CP_MAX_JOB_BYTES + 1)), /at most 1048576 bytes/],
    ['data that is not gzip', '<out>/x', Buffer.from('plain').toString('base64'), /not valid gzip data/],
  ])('answers %s with the error and retcode 1, and writes nothing', async (_what, dest, chunk, message) => {
    const ret = await call('cp.recv_chunked', dest.replace('<out>', out), chunk, false, true, null, true);
    expect([ret, retcode]).toEqual([expect.stringMatching(message), 1]);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('refuses a chunk that appends to a copy whose first chunk never arrived', async () => {
    const ret = await call('cp.recv_chunked', path.join(out, 'x'), gz('x'), true, true, null, true);
    expect([ret, retcode]).toEqual([`No copy of ${path.join(out, 'x')} in progress: its first chunk did not arrive`, 1]);
  });

  it('with offsets, refuses a chunk that does not follow the bytes received, and abandons the copy', async () => {
    const dest = path.join(out, 'f');
    expect(await call('cp.recv_chunked', dest, gz('aaaa'), false, true, null, false, 0)).toBe(true);
    // The chunk at byte 8 arrives, the one at byte 4 was lost: the copy fails, nothing is put in place.
    const ret = await call('cp.recv_chunked', dest, gz('cccc'), true, true, null, true, 8);
    expect([ret, retcode]).toEqual([`The chunk of ${dest} at byte 8 does not follow the 4 bytes received: a chunk was lost or came out of order, so the copy was abandoned`, 1]);
    expect(fs.readdirSync(out)).toEqual([]);
    // In order, it completes.
    expect(await call('cp.recv_chunked', dest, gz('aaaa'), false, true, null, false, 0)).toBe(true);
    expect(await call('cp.recv_chunked', dest, gz('bbbb'), true, true, null, true, 4)).toBe(true);
    expect(fs.readFileSync(dest, 'utf8')).toBe('aaaabbbb');
  });

  it('keeps the owner of a file it replaces', async () => {
    const dest = path.join(out, 'owned');
    fs.writeFileSync(dest, 'old');
    // Only root may give a file away; as anyone else the file is already the caller's own.
    const uid = process.getuid?.() === 0 ? 65534 : fs.statSync(dest).uid;
    fs.chownSync(dest, uid, fs.statSync(dest).gid);
    expect(await call('cp.recv_chunked', dest, gz('new'), false, true, null, true, 0)).toBe(true);
    expect([fs.readFileSync(dest, 'utf8'), fs.statSync(dest).uid]).toEqual(['new', uid]);
    expect(await call('cp.recv_chunked', dest, gz('one,'), false, true, null, false, 0)).toBe(true);
    expect(await call('cp.recv_chunked', dest, gz('two'), true, true, null, true, 4)).toBe(true);
    expect([fs.readFileSync(dest, 'utf8'), fs.statSync(dest).uid]).toEqual(['one,two', uid]);
  });

  it('does not follow a symlink planted as the partial file', async () => {
    const victim = path.join(h.dir, 'victim');
    fs.writeFileSync(victim, 'keep');
    const dest = path.join(out, 'x');
    fs.symlinkSync(victim, partialPath(dest, h.ctx.opts.id));
    const ret = await call('cp.recv_chunked', dest, gz('evil'), true, true, null, true);
    expect([typeof ret, retcode, fs.readFileSync(victim, 'utf8')]).toEqual(['string', 1, 'keep']);
    // A first chunk replaces the planted link instead of writing through it.
    expect(await call('cp.recv_chunked', dest, gz('mine'), false, true, null, false)).toBe(true);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep');
  });
});
