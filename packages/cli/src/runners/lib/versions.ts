/**
 * Version comparison for manage.versions, as Salt's SaltStackVersion orders
 * releases: the dotted numbers first (missing ones count as 0), then a
 * release candidate or pre-release (`3006.0rc1`, `0.2.0-rc.1`) before its
 * release.
 */

/** A parsed version: its numbers and its pre-release tag, if any. */
interface Parsed {
  numbers: number[];
  pre?: string;
}

/** Parse `3006.10`, `0.1.0`, `3006.0rc1`, `v0.2.0-beta.1`; undefined when it does not start with a number. */
function parse(version: string): Parsed | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(?:[-.]?((?:rc|a|b|alpha|beta|pre)[.-]?\d*|[0-9A-Za-z.-]+))?$/.exec(version.trim());
  if (!m) return undefined;
  return { numbers: m[1].split('.').map(Number), pre: m[2] };
}

/**
 * Compare two versions: negative when `a` is older than `b`, 0 when the same release, positive when newer.
 * A version that does not parse counts as older than any that does (the minion needs an update).
 */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0;
  for (let i = 0; i < Math.max(pa.numbers.length, pb.numbers.length); i++) {
    const d = (pa.numbers[i] ?? 0) - (pb.numbers[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === undefined) return 1;
  if (pb.pre === undefined) return -1;
  return Math.sign(pa.pre.localeCompare(pb.pre, 'en', { numeric: true }));
}

/** manage.versions' labels, by how a minion's version compares with the master's (Salt's labels). */
export const VERSION_LABELS = {
  offline: 'Minion offline',
  older: 'Minion requires update',
  same: 'Up to date',
  newer: 'Minion newer than master',
} as const;

/**
 * Sort minions' test.version answers into Salt's manage.versions groups: `Master` (the master's version), and
 * {minion: version} under `Up to date`, `Minion requires update`, `Minion newer than master`, or `Minion offline`
 * (False) for a minion that answered nothing (an empty or false return). Groups without minions are absent.
 */
export function versionReport(master: string, answers: Map<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { Master: master };
  for (const id of [...answers.keys()].sort()) {
    const v = answers.get(id);
    const label = !v ? VERSION_LABELS.offline : [VERSION_LABELS.older, VERSION_LABELS.same, VERSION_LABELS.newer][compareVersions(String(v), master) + 1];
    ((out[label] ??= {}) as Record<string, unknown>)[id] = v ? String(v) : false;
  }
  return out;
}
