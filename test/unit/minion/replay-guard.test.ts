import { ReplayGuard } from '@brine/minion/replay-guard';

test('a jid runs once, and never at or before the horizon', () => {
  const g = new ReplayGuard('20260101000000000000');
  expect(g.admit('20260101000000000001')).toBe(true);
  expect(g.admit('20260101000000000001')).toBe(false);
  expect(g.admit('20260101000000000000')).toBe(false);
  expect(g.admit('20251231235959999999')).toBe(false);
});

test('memory stays bounded and forgotten jids stay refused', () => {
  const g = new ReplayGuard('20260101000000000000', 10);
  const jids = Array.from({ length: 30 }, (_, i) => `202601010000000000${String(i + 10).padStart(2, '0')}`);
  for (const j of jids) expect(g.admit(j)).toBe(true);
  for (const j of jids) expect(g.admit(j)).toBe(false);
});
