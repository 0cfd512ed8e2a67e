/**
 * When a minion starting its session asks the master for jobs it missed: only when the grant says jobs are
 * open, or a frame reached it between its authentication request and being ready.
 */
import crypto from 'node:crypto';
import type { MinionConfig } from '@brine/core/config/minion';
import { consoleLogger } from '@brine/core/log';
import type { Publication } from '@brine/core/protocol/v1/publish-port';
import type { AuthResult } from '@brine/minion/auth';
import { MasterSession } from '@brine/minion/session';

const HELLO: Publication = { cmd: 'hello', body: {} };

/** A session whose master grants with `open`; `duringStart` runs while the session starts (pillar). */
function session(open: boolean | undefined, duringStart: (s: MasterSession) => void = () => undefined) {
  const asked: Array<string | undefined> = [];
  const { publicKey } = crypto.generateKeyPairSync('ed25519');
  const accepted: AuthResult = {
    status: 'accepted',
    master: { pub: { box: new Uint8Array(32), sign: new Uint8Array(32) }, verifier: publicKey, shared: new Uint8Array(32) },
    session: { gen: 1, key: new Uint8Array(32), now: '20261203000000000000', ticket: new Uint8Array(16), ...(open === undefined ? {} : { open }) },
  };
  const s: MasterSession = new MasterSession({
    config: { acceptance_wait_time: 1, random_reauth_delay: 0 } as MinionConfig,
    authenticate: async () => accepted,
    log: consoleLogger('quiet'),
    facts: () => ({ id: 'm1', grains: {}, pillar: {} }),
    onJob: () => undefined,
    onSessionStart: async () => duringStart(s),
    missedJobs: async (after) => {
      asked.push(after);
      return { jobs: [], more: false };
    },
    verify: () => HELLO,
    signal: new AbortController().signal,
  });
  return { s, asked };
}

const settle = () => new Promise((r) => setImmediate(r));

test('no open job and no frame meanwhile: the session starts without asking', async () => {
  const { s, asked } = session(false);
  await s.authenticate();
  await settle();
  expect(asked).toEqual([]);
  // The publish connection (re)opening afterwards still asks.
  s.receive(new Uint8Array(1));
  await settle();
  expect(asked).toEqual([undefined]);
});

test('open jobs, or a master that does not say: the session start asks', async () => {
  for (const open of [true, undefined]) {
    const { s, asked } = session(open);
    await s.authenticate();
    await settle();
    expect(asked).toEqual([undefined]);
  }
});

test('a frame that came while the session was starting (dropped then) makes it ask', async () => {
  const { s, asked } = session(false, (self) => self.receive(new Uint8Array(1)));
  await s.authenticate();
  await settle();
  expect(asked).toEqual([undefined]);
});
