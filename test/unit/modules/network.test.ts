import { execFileSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { CommandExecutionError } from '@brine/core/errors';
import { makeHarness, type Harness } from '../helpers/exec-context';

/** `ip addr show` on this machine, or undefined without iproute2. */
function ipAddrShow(): string | undefined {
  try {
    return execFileSync('ip', ['addr', 'show'], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
}
const IP = ipAddrShow();
const withIp = IP !== undefined ? describe : describe.skip;

describe('network module on this machine', () => {
  let h: Harness;
  beforeAll(() => (h = makeHarness()));
  afterAll(() => h.cleanup());

  withIp('with iproute2', () => {
    it("interfaces lists every interface of `ip addr`, loopback's 127.0.0.1 included", async () => {
      const ifaces = (await h.call('network.interfaces')) as Record<string, { up: boolean; inet?: Array<{ address: string }> }>;
      const names = [...IP!.matchAll(/^\d+: ([^:@]+)/gm)].map((m) => m[1]);
      expect(Object.keys(ifaces).sort()).toEqual(names.sort());
      expect(ifaces.lo).toMatchObject({ up: true, hwaddr: '00:00:00:00:00:00', inet: [{ address: '127.0.0.1', netmask: '255.0.0.0', broadcast: null, label: 'lo' }] });
    });

    it('ip_addrs gives the inet addresses of `ip addr` but loopback, sorted; include_loopback adds 127.0.0.1', async () => {
      const expected = [...IP!.matchAll(/^\s+inet (\d+\.\d+\.\d+\.\d+)\//gm)].map((m) => m[1]).filter((a) => !a.startsWith('127.'));
      const got = (await h.call('network.ip_addrs')) as string[];
      expect([...got].sort()).toEqual([...new Set(expected)].sort());
      expect(await h.call('network.ip_addrs', 'include_loopback=True')).toContain('127.0.0.1');
      expect(await h.call('network.ip_addrs', 'interface=lo', 'include_loopback=True')).toEqual(['127.0.0.1']);
      expect(await h.call('network.ip_addrs', 'interface=l*,nosuch', 'include_loopback=True')).toEqual(['127.0.0.1']);
      expect(await h.call('network.ip_addrs', 'cidr=127.0.0.0/8', 'include_loopback=True')).toEqual(['127.0.0.1']);
      expect(await h.call('network.ip_addrs', 'cidr=127.0.0.1/8', 'include_loopback=True')).toEqual([]);
      expect(await h.call('network.ip_addrs', 'include_loopback=True', 'type=public')).not.toContain('127.0.0.1');
      expect(await h.call('network.ip_addrs', 'include_loopback=True', 'type=private')).toContain('127.0.0.1');
    });

    it('ip_addrs6 leaves ::1 out unless asked', async () => {
      const all = (await h.call('network.ip_addrs6', 'include_loopback=True')) as string[];
      if (/inet6 ::1\//.test(IP!)) expect(all).toContain('::1');
      expect(await h.call('network.ip_addrs6')).not.toContain('::1');
    });

    it("hw_addr gives an interface's MAC, or Salt's message for an unknown one", async () => {
      await expect(h.call('network.hw_addr', 'lo')).resolves.toBe('00:00:00:00:00:00');
      await expect(h.call('network.hw_addr', 'nosuch0')).resolves.toMatch(/^Interface "nosuch0" not in available interfaces: "(.+", )*"?lo"/);
    });

    it('default_route keeps default routes only, and refuses an unknown family', async () => {
      const routes = (await h.call('network.default_route')) as Array<{ destination: string; flags: string }>;
      for (const r of routes) expect(r).toMatchObject({ destination: expect.stringMatching(/^(0\.0\.0\.0|::\/0)$/), flags: 'UG' });
      const v4 = (await h.call('network.default_route', 'inet')) as Array<{ addr_family: string }>;
      expect(v4.every((r) => r.addr_family === 'inet')).toBe(true);
      await expect(h.call('network.default_route', 'ipx')).rejects.toThrow(new CommandExecutionError('Invalid address family ipx'));
    });
  });

  it('get_hostname is the host name', async () => {
    await expect(h.call('network.get_hostname')).resolves.toBe(os.hostname());
  });

  it('connect reaches a listening port and reports a closed one', async () => {
    const server = net.createServer((s) => s.destroy()).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      await expect(h.call('network.connect', '127.0.0.1', String(port))).resolves.toEqual({
        result: true, comment: `Successfully connected to 127.0.0.1 (127.0.0.1) on tcp port ${port}`,
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
    await expect(h.call('network.connect', '127.0.0.1', String(port), 'timeout=2')).resolves.toEqual({
      result: false, comment: `Unable to connect to 127.0.0.1 (127.0.0.1) on tcp port ${port}`,
    });
    await expect(h.call('network.connect', 'localhost')).resolves.toEqual({ result: false, comment: 'Required argument, port, is missing.' });
    await expect(h.call('network.connect', 'no-such-host.invalid', '80')).resolves.toEqual({
      result: false, comment: 'Unable to resolve host no-such-host.invalid on tcp port 80',
    });
  });

  it('netstat lists a socket this test listens on', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const sockets = (await h.call('network.netstat')) as Array<Record<string, unknown>>;
      expect(sockets).toContainEqual(expect.objectContaining({ proto: 'tcp', state: 'LISTEN', 'local-address': `127.0.0.1:${port}`, program: 'node' }));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('ping refuses a host with nothing left after sanitizing', async () => {
    await expect(h.call('network.ping', ';;')).rejects.toThrow("Invalid host to ping: ';;'");
  });
});
