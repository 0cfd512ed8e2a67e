/**
 * Job ids in Salt's format: 20 digits, `YYYYMMDDhhmmssffffff` (local time,
 * microseconds), strictly increasing within one process.
 */

let last = 0n;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Format a Date (plus extra microseconds 0..999) as a 20-digit jid. */
export function formatJid(d: Date, micros = 0): string {
  return (
    pad(d.getFullYear(), 4) + pad(d.getMonth() + 1, 2) + pad(d.getDate(), 2) +
    pad(d.getHours(), 2) + pad(d.getMinutes(), 2) + pad(d.getSeconds(), 2) +
    pad(d.getMilliseconds() * 1000 + micros, 6)
  );
}

/**
 * A new jid for now. Two calls in the same microsecond still get distinct,
 * increasing jids (the later one is bumped by one microsecond), as Salt's gen_jid.
 */
export function newJid(now: Date = new Date()): string {
  const micros = Number(process.hrtime.bigint() / 1000n % 1000n);
  let n = BigInt(formatJid(now, micros));
  if (n <= last) n = last + 1n;
  last = n;
  return n.toString();
}

/** True when `s` is a well-formed jid (20 digits). */
export function isJid(s: unknown): s is string {
  return typeof s === 'string' && /^\d{20}$/.test(s);
}

/** The local time a jid encodes, in milliseconds since the epoch. @throws Error on a malformed jid */
export function jidToTime(jid: string): number {
  if (!isJid(jid)) throw new Error(`Invalid jid: ${jid}`);
  const n = (a: number, b: number) => Number(jid.slice(a, b));
  return new Date(n(0, 4), n(4, 6) - 1, n(6, 8), n(8, 10), n(10, 12), n(12, 14), n(14, 17)).getTime();
}
