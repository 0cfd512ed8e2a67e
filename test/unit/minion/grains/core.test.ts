/**
 * brine's grains on this host against the grains real Salt 3006.10 reported
 * on a host of the same shape (test/fixtures/reference: Debian 12, eth0
 * 192.0.2.2): the same names in the same order, and the same values, except
 * for the host- and runtime-dependent grains listed in SHAPE_ONLY, compared by
 * type and shape.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectGrains } from '@brine/minion/grains/core';
import { readCapture } from '../../../integration/helpers/capture';

/** Grains compared by type and shape only, with why they differ from the capture. */
const SHAPE_ONLY: Record<string, string> = {
  cwd: "the process's working directory",
  hwaddr_interfaces: 'the ifb interfaces get random MAC addresses at each boot',
  kernelrelease: 'the kernel build this machine boots',
  cpu_model: 'the CPU this machine runs on',
  cpu_flags: 'the CPU this machine runs on',
  machine_id: "this machine's /etc/machine-id",
  mem_total: "this machine's memory",
  swap_total: "this machine's swap",
  fqdn_ip4: "what this machine's resolver answers for its name",
  fqdn_ip6: "what this machine's resolver answers for its name",
  fqdns: "what this machine's resolver answers for its addresses",
  pid: "the process's id",
  path: "the process's $PATH",
  systempath: "the process's $PATH",
  shell: "the process's $SHELL",
  pythonexecutable: 'brine runs on Node: the node binary',
  pythonpath: "brine runs on Node: Node's module folders",
  pythonversion: "brine runs on Node: Node's version as [major, minor, micro, 'final', 0]",
  saltpath: "where brine's packages are",
  saltversion: "brine's version, not Salt's",
  saltversioninfo: "brine's version, not Salt's",
  zmqversion: 'the libzmq bundled with the zeromq package',
};

/** The type and shape of a value: scalars by type, lists by their elements' shapes, dicts by key. */
function shape(v: unknown): unknown {
  if (v === null) return 'null';
  if (Array.isArray(v)) return ['list of', ...[...new Set(v.map((x) => JSON.stringify(shape(x))))].sort()];
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v === 'number' && Number.isInteger(v) ? 'integer' : typeof v;
}

/** The grains of a capture's JSON output (one minion). */
function captured(name: string): Record<string, unknown> {
  return Object.values(JSON.parse(readCapture(name).stdout) as Record<string, Record<string, unknown>>)[0];
}

describe.each([
  ['salt_call_local_grains_items_json.txt', { id: 'callminion', master: 'salt' }],
  ['grains_items_minion1_out_json.txt', { id: 'minion1', master: '127.0.0.1' }],
])('brine on this host against %s', (capture, opts) => {
  let want: Record<string, unknown>;
  let got: Record<string, unknown>;
  beforeAll(async () => {
    want = captured(capture);
    got = await collectGrains({ ...opts, conf_file: path.join(os.tmpdir(), 'brine-no-such-dir', 'minion') });
  });

  it('reports the same grains in the same order', () => {
    expect(Object.keys(got)).toEqual(Object.keys(want));
  });

  it('reports the same values, host-dependent ones by type and shape', () => {
    const same = (g: Record<string, unknown>) => Object.fromEntries(Object.entries(g).filter(([k]) => !(k in SHAPE_ONLY)));
    expect(same(got)).toEqual(same(want));
    for (const key of Object.keys(SHAPE_ONLY)) {
      // an empty list (Salt found no fqdns) stands for a list of anything
      const empty = Array.isArray(want[key]) && (want[key] as unknown[]).length === 0;
      expect({ key, shape: shape(got[key]) }).toEqual({ key, shape: empty ? expect.arrayContaining(['list of']) : shape(want[key]) });
    }
    expect(Object.values(got.hwaddr_interfaces as object)).toEqual(expect.arrayContaining([expect.stringMatching(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/)]));
  });
});

describe('collectGrains on this host', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-grains-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const conf = () => path.join(dir, 'minion');

  it('reads the machine as the system tools do', async () => {
    const g = await collectGrains({ id: 'm1', conf_file: conf() });
    const memKiB = Number(/^MemTotal:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))![1]);
    expect(g).toMatchObject({ id: 'm1', nodename: os.hostname(), pid: process.pid, uid: process.getuid!(), path: process.env.PATH, cwd: process.cwd() });
    expect(g.mem_total).toBe(Math.floor(memKiB / 1024));
    expect(g.num_cpus).toBe(fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm)!.length);
    expect(g.kernelrelease).toBe(fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
    expect((g.hwaddr_interfaces as Record<string, string>).lo).toBe('00:00:00:00:00:00');
    for (const name of fs.readdirSync('/sys/class/net')) expect(Object.keys(g.ip_interfaces as object)).toContain(name);
  });

  it('reports the persisted grains file next to the config file, the config grains over it', async () => {
    fs.writeFileSync(path.join(dir, 'grains'), 'roles: [db]\nrack: 7\nos: FromFile\n');
    const g = await collectGrains({ id: 'm1', conf_file: conf(), grains: { os: 'Custom', roles: ['web'] } });
    expect(g).toMatchObject({ os: 'Custom', roles: ['web'], rack: 7 });
  });

  it.each([['roles: [db\n'], ['- a list\n']])('ignores a malformed grains file %j', async (text) => {
    fs.writeFileSync(path.join(dir, 'grains'), text);
    const g = await collectGrains({ id: 'm1', conf_file: conf() });
    expect(g.roles).toBeUndefined();
    expect(g.id).toBe('m1');
  });

  it('gives each minion its own top-level grains object', async () => {
    const a = await collectGrains({ id: 'a', conf_file: conf() });
    const b = await collectGrains({ id: 'b', conf_file: conf() });
    a.extra = 1;
    expect(b.extra).toBeUndefined();
    expect([a.id, b.id, a.server_id === b.server_id]).toEqual(['a', 'b', false]);
  });
});
