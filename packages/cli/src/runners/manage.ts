/**
 * The `manage` runner, as Salt's: which accepted minions answer a test.ping
 * (up, down, status), and which are present by presence detection (no job
 * sent).
 */
import { Pki } from '@brine/master/pki';
import { withLocalClient } from '../client';
import { gather } from './gather';
import type { RunnerContext, RunnerFunction } from './define';

/** Accepted minions that answered a test.ping, and those that did not, sorted. */
async function status(ctx: RunnerContext): Promise<{ up: string[]; down: string[] }> {
  const answered = await gather(ctx, 'test.ping');
  const accepted = new Pki(ctx.config.pki_dir).list('accepted');
  return { up: accepted.filter((id) => answered.has(id)), down: accepted.filter((id) => !answered.has(id)) };
}

/** Runner functions of `manage`. */
export const manage: Record<string, RunnerFunction> = {
  up: {
    doc: 'Ping all accepted minions and list those that answered within the timeout.',
    run: async (ctx) => (await status(ctx)).up,
  },
  down: {
    doc: 'Ping all accepted minions and list those that did not answer within the timeout.',
    run: async (ctx) => (await status(ctx)).down,
  },
  status: {
    doc: 'Ping all accepted minions: {up: [...], down: [...]}.',
    run: status,
  },
  present: {
    doc:
      "List the accepted minions connected to the master's publish port, matched by the addresses in their cached grains " +
      "(Salt's presence detection); no job is sent. Minions sharing an address (NAT, one host) are present together.",
    run: (ctx) => withLocalClient(ctx.config, (client) => client.present({})),
  },
};
