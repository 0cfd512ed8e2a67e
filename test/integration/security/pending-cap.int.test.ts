/**
 * The pending-key cap (issue 10, finding 8): a keyless client that files
 * key after key under new ids stops at max_minions_pre. The master answers
 * every attempt as pending, writes no file past the cap, and logs one
 * warning each time the cap is reached, not one per attempt. A minion that
 * arrives while the cap is reached is filed once room is made.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { consoleLogger } from '@brine/core/log';
import { unpack } from '@brine/core/protocol/frame';
import type { AuthReplyBody } from '@brine/core/protocol/v1/request-port';
import { REQUEST_PORT } from '@brine/core/protocol/v1/runtime';
import { RequestClient } from '@brine/core/transport/request-client';
import { until } from '../../unit/helpers/until';
import { Cluster } from '../helpers/cluster';

const CAP = 20;
const CAP_REACHED = /reached max_minions_pre \(20\)/g;

let cluster: Cluster;
let client: RequestClient;
const pending = () => fs.readdirSync(path.join(cluster.masterDir, 'etc/salt/pki/master/minions_pre')).sort();

/** Authenticate `count` new ids (prefix-0..), each with fresh random keys, one after the other. @returns the statuses answered */
async function flood(prefix: string, count: number): Promise<string[]> {
  const port = client.channel(REQUEST_PORT);
  const statuses: string[] = [];
  for (let i = 0; i < count; i++) {
    const reply = await port.auth({ id: `${prefix}-${String(i).padStart(2, '0')}`, box: crypto.randomBytes(32), sign: crypto.randomBytes(32), token: crypto.randomBytes(16) });
    statuses.push((unpack(reply.body) as AuthReplyBody).status);
  }
  return statuses;
}

beforeAll(async () => {
  cluster = await Cluster.start({ master: { max_minions_pre: CAP } });
  client = new RequestClient(`tcp://127.0.0.1:${cluster.ports.ret_port}`, { log: consoleLogger('quiet') });
});

afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

test('keys past max_minions_pre are not filed, and reaching the cap is logged once', async () => {
  const statuses = await flood('flood', 3 * CAP);
  expect(new Set(statuses)).toEqual(new Set(['pending']));
  expect(pending()).toHaveLength(CAP);
  expect(pending()[CAP - 1]).toBe('flood-19');
  expect(cluster.master.output.match(CAP_REACHED)).toHaveLength(1);
});

test('a minion refused while the cap is reached is filed once room is made, and reaching the cap again is logged again', async () => {
  const late = cluster.startMinion('late');
  await late.waitFor(/Waiting for the master to accept/);
  expect(pending()).not.toContain('late');
  const del = await cluster.run('salt-key', ['-d', 'flood-0*', '-y']);
  expect(del.code).toBe(0);
  // The minion asks again every acceptance_wait_time; its next attempt files its key.
  await until(() => pending().includes('late'), 'the key of late to be filed', 15000);
  expect(cluster.master.output.match(CAP_REACHED)).toHaveLength(1);
  await flood('again', CAP);
  expect(pending()).toHaveLength(CAP);
  expect(cluster.master.output.match(CAP_REACHED)).toHaveLength(2);
});
