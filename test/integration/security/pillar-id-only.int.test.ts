/**
 * Grain-targeted pillar and pillar_minion_id_only (issue 10, documentation).
 * Grains are what the minion says about itself, so a pillar targeted by grain
 * goes to any minion that claims the grain, as in Salt. With the master
 * option pillar_minion_id_only the top file's grain target is refused: the
 * secret stays on the master, the id-targeted pillar still arrives, and the
 * refusal is reported to the minion (`_errors`) and in the master's log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from '../helpers/cluster';

const TOP = "base:\n  'role:vault':\n    - match: grain\n    - vault\n  web1:\n    - own\n";
const REFUSAL =
  "Top file target 'role:vault' (match: grain) in environment 'base' is refused: it matches on grains, pillar or IP addresses, which the minion reports itself, and pillar_minion_id_only is true";

let pillarRoot: string;

beforeAll(() => {
  pillarRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-pillar-'));
  const files = { 'top.sls': TOP, 'vault.sls': 'vault_token: s3cr3t\n', 'own.sls': 'motd: for web1\n' };
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(pillarRoot, f), text);
});

afterAll(() => fs.rmSync(pillarRoot, { recursive: true, force: true }));

/** A master with this pillar tree and `pillar_minion_id_only: idOnly`, and web1, which is no vault but claims `role: vault` in its own config. */
async function startCluster(idOnly: boolean): Promise<Cluster> {
  const cluster = await Cluster.start({ master: { auto_accept: true, pillar_roots: { base: [pillarRoot] }, pillar_minion_id_only: idOnly } });
  try {
    cluster.startMinion('web1', { grains: { role: 'vault' } });
    await cluster.authenticated(['web1']);
    return cluster;
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/** web1's pillar as `salt web1 pillar.items` prints it. */
async function pillarOf(cluster: Cluster): Promise<Record<string, unknown>> {
  const r = await cluster.run('salt', ['web1', 'pillar.items', '--out', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).web1;
}

describe('pillar_minion_id_only off (the default, as Salt)', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(false);
  });
  afterAll(() => cluster?.stop());

  test('a minion forging the grain reads the grain-targeted secret', async () => {
    expect(await pillarOf(cluster)).toEqual({ vault_token: 's3cr3t', motd: 'for web1' });
  });
});

describe('pillar_minion_id_only on', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(true);
  });
  afterAll(() => cluster?.stop());

  test('the grain target is refused: no secret, the id-targeted pillar still arrives, the refusal is in _errors', async () => {
    expect(await pillarOf(cluster)).toEqual({ motd: 'for web1', _errors: [REFUSAL] });
    const get = await cluster.run('salt', ['web1', 'pillar.get', 'vault_token', '--out', 'json']);
    expect(JSON.parse(get.stdout)).toEqual({ web1: '' });
  });

  test('the master logs the refusal, naming the top file entry and the option', async () => {
    await cluster.master.waitFor(new RegExp(`Pillar of web1 compiled with errors: ${REFUSAL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
