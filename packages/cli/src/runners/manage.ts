/** The `manage` runner: which accepted minions answer a test.ping, as Salt's manage.up and manage.down. */
import { JobCache } from '@brine/master/job-cache';
import { Pki } from '@brine/master/pki';
import { LocalClient } from '../client';
import { waitForJob } from '../job-wait';
import type { RunnerContext, RunnerFunction } from './define';

/** Ping every accepted minion; @returns the ids that answered, sorted */
async function responders(ctx: RunnerContext): Promise<string[]> {
  const client = LocalClient.connect(ctx.config);
  let published;
  try {
    published = await client.publish({ tgt: '*', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: process.env.USER ?? 'root' });
  } finally {
    client.close();
  }
  if (!published.jid) return [];
  const cache = JobCache.open(ctx.config.cachedir, true);
  const up: string[] = [];
  await waitForJob(cache, published.jid, published.minions, { timeout: ctx.timeout }, (r) => up.push(r.id));
  await cache.close();
  return up.sort();
}

/** Runner functions of `manage`. */
export const manage: Record<string, RunnerFunction> = {
  up: {
    doc: 'Ping all accepted minions and list those that answered within the timeout.',
    run: responders,
  },
  down: {
    doc: 'Ping all accepted minions and list those that did not answer within the timeout.',
    run: async (ctx) => {
      const up = new Set(await responders(ctx));
      return new Pki(ctx.config.pki_dir).list('accepted').filter((id) => !up.has(id));
    },
  },
};
