import { generateKeys, sharedKey, verifierFor } from '@brine/core/crypto/keys';
import { randomKey, seal } from '@brine/core/crypto/secretbox';
import { ProtocolError } from '@brine/core/errors';
import { pack, unpack } from '@brine/core/protocol/frame';
import {
  openGrant, openJob, openOutcome, openRequest, readAuthReply, sealGrant, sealJob, sealOutcome, sealRequest, signAuthReply, signPublication,
  verifyAuthReply, verifyPublication,
} from '@brine/core/protocol/v1/secure';

const master = generateKeys();
const minion = generateKeys();
const shared = sharedKey(minion, master.pub.box);
const masterShared = sharedKey(master, minion.pub.box);
const fresh = (seq: number) => ({ ticket: new Uint8Array(16).fill(7), seq });
const job = { jid: '20260101000000000001', tgt: '*', tgt_type: 'glob' as const, fun: 'test.ping', arg: [], kwarg: {}, user: 'root' };

describe('sealed requests', () => {
  it('both ends derive the same key; a call opens with its tag and the outcome echoes it', () => {
    expect(Buffer.from(shared).equals(masterShared)).toBe(true);
    const { sealed, tag } = sealRequest(shared, { cmd: '_file_list', req: { saltenv: 'base' } }, fresh(5));
    const call = openRequest(masterShared, sealed);
    expect(call).toMatchObject({ cmd: '_file_list', req: { saltenv: 'base' }, ticket: fresh(5).ticket, seq: 5 });
    expect(Buffer.from(call.tag).equals(tag)).toBe(true);
    const reply = sealOutcome(masterShared, call.tag, { ok: true, rep: ['top.sls'] });
    expect(openOutcome(shared, reply, tag)).toEqual({ ok: true, rep: ['top.sls'] });
  });

  it('refuses a reply to another call (a recorded reply replayed)', () => {
    const first = sealRequest(shared, { cmd: '_file_list', req: { saltenv: 'base' } }, fresh(1));
    const second = sealRequest(shared, { cmd: '_file_list', req: { saltenv: 'base' } }, fresh(2));
    const reply = sealOutcome(masterShared, first.tag, { ok: true, rep: [] });
    expect(() => openOutcome(shared, reply, second.tag)).toThrow('The sealed reply answers another request; refused');
  });

  it('refuses a box under another key, and an untagged call', () => {
    const { sealed } = sealRequest(randomKey(), { cmd: '_return', req: {} }, fresh(1));
    expect(() => openRequest(masterShared, sealed)).toThrow(new ProtocolError('payload failed to decrypt'));
    const untagged = seal(shared, pack({ cmd: '_return', req: {} }));
    expect(() => openRequest(masterShared, untagged)).toThrow("sealed request: missing field 'tag'");
    const unnumbered = seal(shared, pack({ cmd: '_return', req: {}, tag: new Uint8Array(16), ticket: new Uint8Array(16), seq: 0 }));
    expect(() => openRequest(masterShared, unnumbered)).toThrow("sealed request: field 'seq'");
  });
});

describe('publications', () => {
  const verifier = verifierFor(master.pub.sign);

  it('a job is sealed once with the session key and verifies and opens for any minion', () => {
    const session = { gen: 7, key: randomKey() };
    const frame = signPublication(master.signer, { cmd: 'pub', body: sealJob(session, job) });
    const pub = verifyPublication(frame, verifier);
    expect(pub.cmd).toBe('pub');
    if (pub.cmd !== 'pub') throw new Error('not a job');
    expect(pub.body.gen).toBe(7);
    expect(openJob(pub.body, session.key)).toEqual(job);
    expect(() => openJob(pub.body, randomKey())).toThrow('payload failed to decrypt');
  });

  it('a rotation verifies; a tampered signature, another signer or a pub signature on a rotate body do not', () => {
    const frame = signPublication(master.signer, { cmd: 'rotate', body: { gen: 9 } });
    expect(verifyPublication(frame, verifier)).toEqual({ cmd: 'rotate', body: { gen: 9 } });
    const outer = unpack(frame) as { v: number; cmd: string; body: Uint8Array; sig: Uint8Array };
    const badSig = Buffer.from(outer.sig);
    badSig[0] ^= 0xff;
    expect(() => verifyPublication(pack({ ...outer, sig: badSig }), verifier)).toThrow('publication signature does not verify');
    expect(() => verifyPublication(signPublication(generateKeys().signer, { cmd: 'rotate', body: { gen: 9 } }), verifier)).toThrow('does not verify');
    expect(() => verifyPublication(pack({ ...outer, cmd: 'pub' }), verifier)).toThrow('does not verify');
    expect(() => verifyPublication(pack({ ...outer, v: 2 }), verifier)).toThrow("publication: field 'v' is not 1");
  });

  it('a hello verifies only as a hello, and only from the master', () => {
    const frame = signPublication(master.signer, { cmd: 'hello', body: {} });
    expect(verifyPublication(frame, verifier)).toEqual({ cmd: 'hello', body: {} });
    const outer = unpack(frame) as { v: number; cmd: string; body: Uint8Array; sig: Uint8Array };
    expect(() => verifyPublication(pack({ ...outer, cmd: 'rotate' }), verifier)).toThrow('does not verify');
    expect(() => verifyPublication(signPublication(generateKeys().signer, { cmd: 'hello', body: {} }), verifier)).toThrow('does not verify');
  });

  it('an acceptance notice verifies only as one, only from the master, and only well formed', () => {
    for (const body of [{ ids: ['minion4'], splay: 2 }, { splay: 5000 }]) {
      expect(verifyPublication(signPublication(master.signer, { cmd: 'accepted', body }), verifier)).toEqual({ cmd: 'accepted', body });
    }
    const frame = signPublication(master.signer, { cmd: 'accepted', body: { ids: ['minion4'], splay: 2 } });
    const outer = unpack(frame) as { v: number; cmd: string; body: Uint8Array; sig: Uint8Array };
    expect(() => verifyPublication(pack({ ...outer, cmd: 'hello' }), verifier)).toThrow('does not verify');
    expect(() => verifyPublication(signPublication(generateKeys().signer, { cmd: 'accepted', body: { splay: 0 } }), verifier)).toThrow('does not verify');
    const negative = signPublication(master.signer, { cmd: 'accepted', body: { splay: -1 } });
    expect(() => verifyPublication(negative, verifier)).toThrow('accepted body');
  });
});

describe('authentication replies', () => {
  it('a signed reply reads and verifies with the master key, not another', () => {
    const body = { token: new Uint8Array(16).fill(1), status: 'pending' as const, master_box: master.pub.box, master_sign: master.pub.sign };
    const reply = signAuthReply(master.signer, body);
    expect(readAuthReply(reply)).toMatchObject({ status: 'pending' });
    expect(verifyAuthReply(reply, verifierFor(master.pub.sign))).toBe(true);
    expect(verifyAuthReply(reply, verifierFor(minion.pub.sign))).toBe(false);
    expect(verifyAuthReply({ ...reply, sig: new Uint8Array(64) }, verifierFor(master.pub.sign))).toBe(false);
  });

  it('the session grant opens only under the minion shared key', () => {
    const grant = { gen: 3, key: randomKey(), now: '20260101000000000000', ticket: randomKey().subarray(0, 16) };
    const sealed = sealGrant(masterShared, grant);
    expect(openGrant(shared, sealed)).toEqual({ ...grant, key: expect.any(Uint8Array), ticket: expect.any(Uint8Array) });
    expect(() => openGrant(randomKey(), sealed)).toThrow('payload failed to decrypt');
  });
});
