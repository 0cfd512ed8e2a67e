import fs from 'node:fs';
import path from 'node:path';
import { parseSs } from '@brine/modules/lib/ss';

const FIXTURE = path.resolve(__dirname, '../../../fixtures/commands/ss-tulpnea.txt');

describe('parseSs (Salt _ss_linux)', () => {
  const entries = parseSs(fs.readFileSync(FIXTURE, 'utf8'));

  it('reads UDP sockets without a state', () => {
    expect(entries[0]).toEqual({
      proto: 'udp', 'recv-q': '0', 'send-q': '0', 'local-address': '127.0.0.53%lo:53', 'remote-address': '0.0.0.0:*',
      user: '991', inode: '19283', program: 'systemd-resolve',
    });
  });

  it("reads TCP sockets, ESTAB spelt as netstat's ESTABLISHED, the first process as the program", () => {
    expect(entries[1]).toMatchObject({ proto: 'tcp', state: 'LISTEN', 'local-address': '0.0.0.0:22', program: 'sshd', user: 0, inode: '20510' });
    expect(entries[2]).toMatchObject({ state: 'ESTABLISHED', 'remote-address': '198.51.100.9:50514', program: 'sshd', 'send-q': '36' });
  });

  it('gives 0 and an empty program where ss shows no process', () => {
    expect(entries[3]).toMatchObject({ user: 0, inode: '144', program: '' });
    expect(entries).toHaveLength(4);
  });
});
