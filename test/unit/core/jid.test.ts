import { formatJid, isJid, jidToTime, newJid } from '@brine/core/jid';

test('jids are 20 digits of local time and strictly increase', () => {
  const d = new Date(2026, 10, 21, 16, 23, 12, 416);
  expect(formatJid(d, 306)).toBe('20261121162312416306');
  const jids = Array.from({ length: 1000 }, () => newJid(d));
  expect(jids.every(isJid)).toBe(true);
  for (let i = 1; i < jids.length; i++) expect(jids[i] > jids[i - 1]).toBe(true);
  expect(jidToTime('20261121162312416306')).toBe(d.getTime());
});

test.each([['2026112116231241630'], ['abc'], [''], ['202611211623124163061']])('%j is not a jid', (s) => {
  expect(isJid(s)).toBe(false);
  expect(() => jidToTime(s)).toThrow('Invalid jid');
});
