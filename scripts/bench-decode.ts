/**
 * `npm run bench:decode`: what decoding and checking one frame costs on the
 * hot paths, in nanoseconds per frame (median of `--rounds` rounds of
 * `--frames` frames, after a warm-up), with the crypto measured apart:
 * - a minion's `_return` as the master reads it: the request frame, the
 *   sealed call inside it and the return load (decode and checks only; then
 *   with the secret box opened too);
 * - a job publication as a minion reads it: the publication frame, its body
 *   and the job load (decode and checks only; then with the Ed25519
 *   signature verified and the box opened too);
 * - a local client `job_returns` reply of 100 returns as the CLI reads it.
 */
import yargs from 'yargs';
import { generateKeys, sharedKey, verifierFor } from '@brine/core/crypto/keys';
import { randomKey } from '@brine/core/crypto/secretbox';
import { pack, unpack } from '@brine/core/protocol/frame';
import type { ReturnRecord } from '@brine/core/protocol/v1/loads';
import { JOB_LOAD, LOCAL_CLIENT, MINION_REQUESTS, PUB_BODY, PUBLICATION_FRAME, REPLY_FRAME, REQUEST_FRAME, REQUEST_PORT, TAGGED_CALL } from '@brine/core/protocol/v1/runtime';
import { openJob, openRequest, sealJob, sealRequest, signPublication, verifyPublication } from '@brine/core/protocol/v1/secure';

const a = yargs(process.argv.slice(2))
  .option('frames', { type: 'number', default: 100000, describe: 'Frames decoded per round' })
  .option('rounds', { type: 'number', default: 7, describe: 'Rounds; the median is reported' })
  .strict()
  .parseSync();

const master = generateKeys();
const minion = generateKeys();
const shared = sharedKey(minion, master.pub.box);
const session = { gen: 1, key: randomKey() };
const now = Date.now();

const ret = { jid: '20261203052514123456', id: 'minion-123', fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, started: now, finished: now };
const { sealed } = sealRequest(shared, { cmd: '_return', req: ret }, { ticket: new Uint8Array(16), seq: 1 });
const returnFrame = pack({ v: 1, rid: 17, cmd: 'req', req: { id: 'minion-123', ...sealed } });
const callBytes = pack({ cmd: '_return', req: ret, tag: new Uint8Array(16) });

const job = { jid: '20261203052514123456', tgt: '*', tgt_type: 'glob' as const, fun: 'test.ping', arg: [], kwarg: {}, user: 'root' };
const pubFrame = signPublication(master.signer, { cmd: 'pub', body: sealJob(session, job) });
const jobBytes = pack(job);
const verifier = verifierFor(master.pub.sign);

const returns: ReturnRecord[] = Array.from({ length: 100 }, (_, i) => ({ ...ret, id: `minion-${i}`, stamp: now }));
const replyFrame = pack({ v: 1, rid: 3, ok: true, rep: { returns, cursor: '2026' } });

/** The paths measured, each a function decoding one frame. */
const paths: Record<string, () => void> = {
  'return, decode + checks': () => {
    const frame = REQUEST_FRAME.check(unpack(returnFrame));
    REQUEST_PORT.request('req', frame.req);
    const call = TAGGED_CALL.check(unpack(callBytes));
    MINION_REQUESTS.request('_return', call.req);
  },
  'return, with the box opened': () => {
    const frame = REQUEST_FRAME.check(unpack(returnFrame));
    const call = openRequest(shared, REQUEST_PORT.request('req', frame.req));
    MINION_REQUESTS.request('_return', call.req);
  },
  'publication, decode + checks': () => {
    const frame = PUBLICATION_FRAME.check(unpack(pubFrame));
    PUB_BODY.check(unpack(frame.body));
    JOB_LOAD.check(unpack(jobBytes));
  },
  'publication, with signature and box': () => {
    const pub = verifyPublication(pubFrame, verifier);
    if (pub.cmd === 'pub') openJob(pub.body, session.key);
  },
  'job_returns reply of 100 returns': () => {
    const frame = REPLY_FRAME.check(unpack(replyFrame));
    if (frame.ok) LOCAL_CLIENT.reply('job_returns', frame.rep);
  },
};

/** Nanoseconds per call of `f`, median over the rounds; signature checks (~100 µs each) run 20 times fewer frames. */
function measure(name: string, f: () => void): { median: number; min: number } {
  const n = name.includes('signature') ? Math.ceil(a.frames / 20) : a.frames;
  for (let i = 0; i < n / 10; i++) f();
  const samples: number[] = [];
  for (let r = 0; r < a.rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    samples.push(Number(process.hrtime.bigint() - t0) / n);
  }
  samples.sort((x, y) => x - y);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0] };
}

const lines = ['| path | ns per frame (median) | min |', '|---|---|---|'];
for (const [name, f] of Object.entries(paths)) {
  const { median, min } = measure(name, f);
  lines.push(`| ${name} | ${median.toFixed(0)} | ${min.toFixed(0)} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
