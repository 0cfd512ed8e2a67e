/**
 * The acceptance notice the master publishes after salt-key accepts keys: it names up to MAX_NAMED ids (a
 * notice goes to every connected peer) and paces the minions it wakes at PACE_PER_S with its splay.
 */
import { acceptanceNotice, MAX_NAMED, PACE_PER_S } from '@brine/master/acceptance';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `minion${i}`);

test('one accepted minion is named and wakes within a few ms', () => {
  expect(acceptanceNotice(['minion4'], 1)).toEqual({ ids: ['minion4'], splay: Math.ceil(1000 / PACE_PER_S) });
  expect(acceptanceNotice(['minion4'], 1).splay).toBeLessThanOrEqual(10);
});

test('up to MAX_NAMED ids are named; past it none, and the splay covers every minion woken', () => {
  expect(acceptanceNotice(ids(MAX_NAMED), MAX_NAMED).ids).toHaveLength(MAX_NAMED);
  const burst = acceptanceNotice(ids(5000), 5200);
  expect(burst.ids).toBeUndefined();
  // 5,200 authentications spread over the splay come at PACE_PER_S a second.
  expect(burst.splay).toBe((5200 / PACE_PER_S) * 1000);
});
