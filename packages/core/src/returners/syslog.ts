/**
 * Salt's syslog returner (salt/returners/syslog_return.py): the return as one
 * JSON message to the host's syslog, at syslog.level and syslog.facility,
 * under syslog.tag, as Python's syslog.syslog (glibc's syslog(3)) sends it to
 * /dev/log: `<PRI>Mmm dd HH:MM:SS TAG[PID]: MESSAGE` in one datagram.
 *
 * Node has no unix datagram sockets; node-unix-socket's DgramSocket (a
 * napi-rs addon shipped prebuilt in its npm package, so nothing is compiled
 * at install) sends the datagram.
 */
import { DgramSocket } from 'node-unix-socket';
import { jsonDumps } from '../python-json';
import { errorMessage } from '../errors';
import { defineReturner, returnerOptions, type JobReturn, type ReturnerContext } from './define';

/** The error of a datagram larger than the socket takes (EMSGSIZE), as node-unix-socket words it. */
const TOO_LONG = /EMSGSIZE|Message too long/;

/** Python's syslog priorities. */
const LEVELS: Record<string, number> = { LOG_EMERG: 0, LOG_ALERT: 1, LOG_CRIT: 2, LOG_ERR: 3, LOG_WARNING: 4, LOG_NOTICE: 5, LOG_INFO: 6, LOG_DEBUG: 7 };
/** Python's syslog facilities. */
const FACILITIES: Record<string, number> = {
  LOG_KERN: 0, LOG_USER: 8, LOG_MAIL: 16, LOG_DAEMON: 24, LOG_AUTH: 32, LOG_SYSLOG: 40, LOG_LPR: 48, LOG_NEWS: 56,
  LOG_UUCP: 64, LOG_CRON: 72, LOG_AUTHPRIV: 80,
  ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`LOG_LOCAL${i}`, 128 + 8 * i])),
};
/** Python's openlog options (LOG_PID and LOG_PERROR change what is sent; the others are accepted as glibc does). */
const OPTIONS: Record<string, number> = { LOG_PID: 1, LOG_CONS: 2, LOG_ODELAY: 4, LOG_NDELAY: 8, LOG_NOWAIT: 16, LOG_PERROR: 32 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The syslog message of one return, resolved from the options. */
export interface SyslogMessage {
  priority: number;
  tag: string;
  pid: boolean;
  stderr: boolean;
  socket: string;
}

/**
 * Resolve and check the options as Salt's _verify_options: an unknown level, facility or option, or a tag
 * longer than 32 characters, is logged as an error and the return is not sent (Salt's behaviour).
 * @returns the message's settings, or undefined when an option is invalid (logged)
 */
export function syslogSettings(ret: JobReturn | undefined, ctx: ReturnerContext): SyslogMessage | undefined {
  const o = returnerOptions(
    'syslog',
    ['level', 'facility', 'tag', 'options', 'socket'],
    { level: 'LOG_INFO', facility: 'LOG_USER', tag: 'salt-minion', options: [], socket: '/dev/log' },
    ctx.opts,
    ret,
  );
  const options = Array.isArray(o.options) ? o.options.map(String) : [String(o.options)];
  const checks: [string, string, Record<string, number>][] = [['level', String(o.level), LEVELS], ['facility', String(o.facility), FACILITIES], ...options.map((x): [string, string, Record<string, number>] => ['option', x, OPTIONS])];
  for (const [what, name, table] of checks) {
    if (!(name in table)) {
      ctx.log.error(`syslog has no attribute ${name} (not a valid syslog ${what})`);
      return undefined;
    }
  }
  const tag = o.tag;
  if (typeof tag !== 'string') {
    ctx.log.error('tag must be a string');
    return undefined;
  }
  if (tag.length > 32) {
    ctx.log.error('tag size is limited to 32 characters');
    return undefined;
  }
  return {
    priority: FACILITIES[String(o.facility)] | LEVELS[String(o.level)],
    tag,
    pid: options.includes('LOG_PID'),
    stderr: options.includes('LOG_PERROR'),
    socket: String(o.socket),
  };
}

/** glibc's syslog(3) line: `<PRI>Mmm dd HH:MM:SS TAG[PID]: MESSAGE` (local time, day padded with a space). */
export function syslogLine(s: SyslogMessage, message: string, now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${MONTHS[now.getMonth()]} ${String(now.getDate()).padStart(2, ' ')} ${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
  return `<${s.priority}>${stamp} ${s.tag}${s.pid ? `[${process.pid}]` : ''}: ${message}`;
}

/**
 * Send one datagram to the unix socket `socket`.
 * @throws the socket's error (no syslog daemon listening: ENOENT or ECONNREFUSED)
 */
function sendDatagram(socket: string, line: string): Promise<void> {
  const sock = new DgramSocket();
  const buf = Buffer.from(line);
  return new Promise<void>((resolve, reject) => {
    try {
      sock.sendTo(buf, 0, buf.length, socket, (err) => (err ? reject(err) : resolve()));
    } catch (err) {
      reject(err);
    }
  }).finally(() => sock.close());
}

export default defineReturner({
  name: 'syslog',
  doc: `Send each job return, as one JSON message, to the host's syslog (/dev/log), as Salt's syslog returner.

Options (minion config; nested "syslog: {level: ...}" works too; --return_config PROFILE reads
PROFILE.syslog.* first; --return_kwargs '{"level": "LOG_DEBUG"}' wins over both):

    syslog.level: LOG_INFO        # LOG_EMERG ... LOG_DEBUG
    syslog.facility: LOG_USER     # LOG_USER, LOG_DAEMON, LOG_LOCAL0-7, ...
    syslog.tag: salt-minion       # at most 32 characters
    syslog.options: []            # LOG_PID adds [pid]; LOG_PERROR also writes to stderr
    syslog.socket: /dev/log       # brine's: the syslog socket

An invalid level, facility, option or tag is logged as an error and the return is not sent, as Salt.
A syslog that is not listening is retried from the returner spool; a return larger than the syslog socket
takes (EMSGSIZE) is logged as an error and dropped, as glibc's syslog(3) drops it.

    salt '*' test.ping --return syslog`,
  async returner(ret, ctx) {
    const s = syslogSettings(ret, ctx);
    if (!s) return;
    const line = syslogLine(s, jsonDumps(ret));
    if (s.stderr) process.stderr.write(`${s.tag}${s.pid ? `[${process.pid}]` : ''}: ${jsonDumps(ret)}\n`);
    try {
      await sendDatagram(s.socket, line);
    } catch (err) {
      // Larger than the socket takes (EMSGSIZE): no retry can send it, and kept in the spool it would hold back every
      // return after it. Logged and dropped, as glibc's syslog(3) drops it.
      if (!TOO_LONG.test(errorMessage(err))) throw err;
      ctx.log.error(`syslog returner: the return of ${ret.id} for job ${ret.jid} (${Buffer.byteLength(line)} bytes) is larger than the syslog socket ${s.socket} takes; not sent`);
    }
  },
});
