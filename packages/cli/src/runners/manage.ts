/**
 * The `manage` runner, as Salt's: which accepted minions answer a test.ping
 * (up, down, status), and which are present by presence detection (no job
 * sent).
 */
import fs from 'node:fs';
import { portsFile } from '@brine/master/master';
import { MinionData } from '@brine/master/minion-data';
import { Pki } from '@brine/master/pki';
import { presentMinions } from '@brine/master/presence';
import { gather } from './gather';
import type { RunnerContext, RunnerFunction } from './define';

/** Accepted minions that answered a test.ping, and those that did not, sorted. */
async function status(ctx: RunnerContext): Promise<{ up: string[]; down: string[] }> {
  const answered = await gather(ctx, 'test.ping');
  const accepted = new Pki(ctx.config.pki_dir).list('accepted');
  return { up: accepted.filter((id) => answered.has(id)), down: accepted.filter((id) => !answered.has(id)) };
}

/** The publish port the running master bound (config 0 means ephemeral). */
function publishPort(ctx: RunnerContext): number {
  try {
    return (JSON.parse(fs.readFileSync(portsFile(ctx.config.sock_dir), 'utf8')) as { publish_port: number }).publish_port;
  } catch {
    return ctx.config.publish_port;
  }
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
    run: (ctx) => {
      const data = MinionData.open(ctx.config.cachedir, true);
      try {
        return presentMinions(new Pki(ctx.config.pki_dir).list('accepted'), data, publishPort(ctx));
      } finally {
        void data.close();
      }
    },
  },
};
