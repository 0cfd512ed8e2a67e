/**
 * A waiting minion's session and the master's acceptance notice, with real signed frames: a notice signed by
 * the master that answered it and naming it (or naming none) makes it authenticate at once; one signed by
 * another key, naming other minions, or replayed within acceptance_wait_time does not. acceptance_wait_time
 * is a minute, so an attempt that comes in the test's time came from a notice.
 */
import crypto from 'node:crypto';
import type { MinionConfig } from '@brine/core/config/minion';
import { generateKeys, verifierFor } from '@brine/core/crypto/keys';
import { consoleLogger } from '@brine/core/log';
import type { AcceptedBody } from '@brine/core/protocol/v1/publish-port';
import { signPublication } from '@brine/core/protocol/v1/secure';
import type { AuthResult } from '@brine/minion/auth';
import { MasterSession } from '@brine/minion/session';

const master = generateKeys();
const notice = (body: AcceptedBody, signer = master.signer) => signPublication(signer, { cmd: 'accepted', body });

let stop: AbortController;
afterEach(() => stop.abort());

/** A session of minion `m4` whose master answers pending until `accept()`, counting attempts. */
function waitingMinion() {
  stop = new AbortController();
  let accepted = false;
  const attempts: string[] = [];
  let nextAttempt: () => void = () => undefined;
  const granted: AuthResult = {
    status: 'accepted',
    master: { pub: master.pub, verifier: verifierFor(master.pub.sign), shared: new Uint8Array(32) },
    session: { gen: 1, key: new Uint8Array(32), now: '20261203000000000000', ticket: new Uint8Array(16), open: false },
  };
  const s = new MasterSession({
    config: { id: 'm4', acceptance_wait_time: 60, random_reauth_delay: 0 } as MinionConfig,
    authenticate: async () => {
      const r: AuthResult = accepted ? granted : { status: 'pending', verifier: verifierFor(master.pub.sign) };
      attempts.push(r.status);
      nextAttempt();
      return r;
    },
    log: consoleLogger('quiet'),
    facts: () => ({ id: 'm4', grains: {}, pillar: {} }),
    onJob: () => undefined,
    signal: stop.signal,
  });
  const done = s.authenticate();
  /** Resolves at the next authentication attempt. */
  const attempt = () => new Promise<void>((r) => (nextAttempt = r));
  return { s, attempts, done, attempt, accept: () => (accepted = true) };
}

const turn = () => new Promise((r) => setImmediate(r));
/** Let the timers of a notice with splay 0 (due at once) fire, and the attempt they start run. */
const timers = () => new Promise((r) => setTimeout(r, 20));

test('a notice naming the minion makes it authenticate now, and it is accepted', async () => {
  const m = waitingMinion();
  await turn();
  expect(m.attempts).toEqual(['pending']);
  m.accept();
  m.s.receive(notice({ ids: ['m1', 'm4'], splay: 2 }));
  await m.done;
  expect(m.attempts).toEqual(['pending', 'accepted']);
});

test('a notice naming no ids (a large batch) wakes it too', async () => {
  const m = waitingMinion();
  await turn();
  m.accept();
  m.s.receive(notice({ splay: 0 }));
  await m.done;
  expect(m.attempts).toEqual(['pending', 'accepted']);
});

test('forged, foreign or malformed notices are ignored; a replay within the period is acted on once', async () => {
  const m = waitingMinion();
  await turn();
  m.s.receive(notice({ ids: ['m4'], splay: 0 }, generateKeys().signer));
  m.s.receive(notice({ ids: ['m1', 'm2'], splay: 0 }));
  m.s.receive(crypto.randomBytes(40));
  m.s.receive(signPublication(master.signer, { cmd: 'hello', body: {} }));
  // A notice acted on (splay 0) would have made the attempt by now.
  await timers();
  expect(m.attempts).toEqual(['pending']);
  const woke = m.attempt();
  const genuine = notice({ ids: ['m4'], splay: 0 });
  m.s.receive(genuine);
  await woke;
  await turn();
  expect(m.attempts).toEqual(['pending', 'pending']);
  // Replayed at once, then the master accepts: the replay is not acted on, so the minion waits its minute.
  m.s.receive(genuine);
  m.accept();
  const again = m.attempt();
  let woken = false;
  void again.then(() => (woken = true));
  await timers();
  expect(woken).toBe(false);
  expect(m.attempts).toEqual(['pending', 'pending']);
});
