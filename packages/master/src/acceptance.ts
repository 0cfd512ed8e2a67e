/**
 * Telling waiting minions that salt-key accepted their keys, so the first
 * job after `salt-key -a` reaches them. A pending minion asks the master
 * again only every acceptance_wait_time (10 s by default, as Salt's); when
 * salt-key tells the master which keys it accepted (key_event), the master
 * publishes a signed `accepted` notice on the publish port, and a waiting
 * minion named in it authenticates at once instead of at its next retry.
 *
 * Why a notice, and not a shorter retry while pending: a shorter retry costs
 * the master an authentication per pending minion per period whether or not
 * anything was accepted (5,000 pending minions at 1 s are 5,000 signed
 * replies a second, for nothing); a notice costs one publication per
 * salt-key run, and an authentication per minion actually accepted.
 *
 * Why it is safe: the notice carries no secret and grants nothing. It only
 * brings forward the minion's next authentication request, which is checked
 * as every other (the master reads its pki_dir; the minion verifies the
 * signed reply and opens the session key sealed to its own key). The notice
 * is signed by the master's key, and the minion checks it against the key
 * that signed its last pending reply (pinned, once a master accepted it), so
 * nobody else can make minions re-authenticate; a replayed notice is acted
 * on at most once per acceptance_wait_time by each minion (see
 * minion/acceptance-wait.ts), so at worst it doubles a pending minion's
 * authentication rate.
 *
 * Why it does not storm the master after `salt-key -A` at 5,000: the notice
 * names the ids when there are at most {@link MAX_NAMED} (a publication goes
 * to every connected minion, so naming 5,000 ids would send ~60 KB to each
 * of thousands of peers); past that it names none and every waiting minion
 * wakes. Either way it carries a splay: each minion waits a random delay up
 * to it, sized so the burst arrives at about {@link PACE_PER_S}
 * authentications a second (5,000 accepted: spread over 10 s, no longer than
 * a pending minion waits anyway).
 */
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import type { AcceptedBody } from '@brine/core/protocol/v1/publish-port';
import type { AcceptedKeys } from './accepted-keys';
import type { Pki } from './pki';
import type { JobPublisher } from './publish';

/** The most ids an acceptance notice names; past it the notice wakes every waiting minion. */
export const MAX_NAMED = 100;

/**
 * The authentications a second a burst of waiting minions is spread to: an authentication and the pillar
 * fetch that follows cost the master ~1.6 ms of CPU (BENCHMARKS.md, `salt-key -A` at 5,000).
 */
export const PACE_PER_S = 500;

/**
 * The notice for the keys `accepted` just accepted, `waking` being how many minions it wakes.
 * @returns the ids when at most MAX_NAMED, and the splay (ms) that paces `waking` at PACE_PER_S
 */
export function acceptanceNotice(accepted: string[], waking: number): AcceptedBody {
  const splay = Math.ceil((waking * 1000) / PACE_PER_S);
  return accepted.length <= MAX_NAMED ? { ids: accepted, splay } : { splay };
}

/** What an announcement reads and publishes with. */
export interface AcceptanceDeps {
  pki: Pki;
  accepted: AcceptedKeys;
  publisher: JobPublisher;
  log: Logger;
}

/**
 * salt-key changed the keys of `ids` (key_event): announce those now accepted, if any, to waiting minions.
 * When the notice names no ids, it wakes every minion still waiting (pending and rejected keys too), and the
 * splay counts them. Never throws: a failure to publish is logged (the minions then retry on their own).
 */
export function announceAccepted(d: AcceptanceDeps, ids: string[]): void {
  const now = new Set(d.accepted.list());
  const accepted = ids.filter((id) => now.has(id));
  if (accepted.length === 0) return;
  const waking = accepted.length <= MAX_NAMED ? accepted.length : accepted.length + d.pki.list('pending').length + d.pki.list('rejected').length;
  const notice = acceptanceNotice(accepted, waking);
  d.publisher.announceAccepted(notice).then(
    () => d.log.info(`Told waiting minions that salt-key accepted ${notice.ids ? notice.ids.join(', ') : `${accepted.length} keys`} (splay ${notice.splay} ms)`),
    (err: unknown) => d.log.error(`Cannot announce the accepted keys: ${errorMessage(err)}`),
  );
}
