/**
 * Open sockets as Salt's `network.netstat` reports them from `ss -tulpnea`
 * (its `_ss_linux`): one entry per TCP or UDP socket.
 */

/** One socket, with Salt's keys. */
export interface SocketEntry {
  proto: string;
  'recv-q': string;
  'send-q': string;
  'local-address': string;
  'remote-address': string;
  /** TCP only: ss's state, ESTAB spelt ESTABLISHED as netstat does. */
  state?: string;
  /** The owner's uid as ss prints it, or 0 (a number, as Salt) when ss shows none. */
  user: string | number;
  /** The socket's inode, or 0 when ss shows none. */
  inode: string | number;
  /** The first process holding the socket (from `users:(("name",...))`), or '' when not shown (another user's socket). */
  program: string;
}

/**
 * Parse `ss -tulpnea` output as Salt does: columns 0 to 5 are netid, state, receive and send queues, local
 * and peer address; the extended words after them give `uid:`, `ino:` and `users:` (the last word is not
 * read, as in Salt).
 */
export function parseSs(out: string): SocketEntry[] {
  const ret: SocketEntry[] = [];
  for (const line of out.split('\n')) {
    const tcp = line.startsWith('tcp');
    if (!tcp && !line.startsWith('udp')) continue;
    const comps = line.trim().split(/\s+/);
    let user: string | number = 0;
    let inode: string | number = 0;
    let program = '';
    for (const word of comps.slice(6, -1)) {
      const [key, value = ''] = word.split(':');
      if (key === 'users') program = value.split(',')[0].split('"')[1] ?? '';
      else if (key === 'uid') user = value;
      else if (key === 'ino') inode = value;
    }
    const common = { proto: comps[0], 'recv-q': comps[2], 'send-q': comps[3], 'local-address': comps[4], 'remote-address': comps[5] };
    if (tcp) ret.push({ ...common, state: comps[1] === 'ESTAB' ? 'ESTABLISHED' : comps[1], user, inode, program });
    else ret.push({ ...common, user, inode, program });
  }
  return ret;
}
