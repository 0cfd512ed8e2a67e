import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HashCache, sha256File } from '@brine/core/fileserver/hash';

let tmp: string;
const sha = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-hash-'));
});

afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('sha256File', () => {
  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['a small file', Buffer.from('hello\n')],
    ['a file larger than one read buffer', crypto.randomBytes(300 * 1024)],
  ])('hashes %s', async (_what, data) => {
    const file = path.join(tmp, 'f');
    fs.writeFileSync(file, data);
    expect(await sha256File(file)).toBe(sha(data));
  });

  it('rejects with the fs error for a missing file', async () => {
    await expect(sha256File(path.join(tmp, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('HashCache', () => {
  it('follows changes of content, even of the same size', async () => {
    const cache = new HashCache();
    const file = path.join(tmp, 'f');
    fs.writeFileSync(file, 'one');
    expect(await cache.get(file)).toEqual({ hsum: sha('one'), hash_type: 'sha256' });
    expect(await cache.get(file)).toEqual({ hsum: sha('one'), hash_type: 'sha256' });
    fs.writeFileSync(file, 'two');
    expect((await cache.get(file)).hsum).toBe(sha('two'));
    fs.renameSync(path.join(tmp, 'f'), path.join(tmp, 'g'));
    fs.writeFileSync(file, 'three');
    expect((await cache.get(file)).hsum).toBe(sha('three'));
  });

  it('keeps at most `max` entries and still answers for evicted files', async () => {
    const cache = new HashCache(2);
    for (const name of ['a', 'b', 'c']) fs.writeFileSync(path.join(tmp, name), name);
    for (const name of ['a', 'b', 'c', 'a']) expect((await cache.get(path.join(tmp, name))).hsum).toBe(sha(name));
  });

  it('rejects for a missing file', async () => {
    await expect(new HashCache().get(path.join(tmp, 'nope'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
