/**
 * The `manage` runner, as Salt's: which accepted minions answer a test.ping
 * (up, down, status), and which are present by presence detection (no job
 * sent).
 */
import { Pki } from '@brine/master/pki';
import { withLocalClient } from '../client';
import { defineRunner, defineRunnerFunction, type RunnerContext } from './define';
import { gather } from './lib/gather';

/** Accepted minions that answered a test.ping, and those that did not, sorted. */
async function status(ctx: RunnerContext): Promise<{ up: string[]; down: string[] }> {
  const answered = await gather(ctx, 'test.ping');
  const accepted = new Pki(ctx.config.pki_dir).list('accepted');
  return { up: accepted.filter((id) => answered.has(id)), down: accepted.filter((id) => !answered.has(id)) };
}

export default defineRunner({
  name: 'manage',
  doc: "See which accepted minions answer (a test.ping to all) or are connected (presence detection), as Salt's manage runner.",
  functions: {
    up: defineRunnerFunction({
      doc: 'Ping all accepted minions and list those that answered within the timeout.',
      example: 'salt-run manage.up',
      args: [],
      run: async (ctx) => (await status(ctx)).up,
    }),
    down: defineRunnerFunction({
      doc: 'Ping all accepted minions and list those that did not answer within the timeout.',
      example: 'salt-run manage.down -t 5',
      args: [],
      run: async (ctx) => (await status(ctx)).down,
    }),
    status: defineRunnerFunction({
      doc: 'Ping all accepted minions: {up: [...], down: [...]}.',
      example: 'salt-run manage.status --out json',
      args: [],
      run: status,
    }),
    present: defineRunnerFunction({
      doc:
        "List the accepted minions connected to the master's publish port, matched by the addresses in their cached grains " +
        "(Salt's presence detection); no job is sent. Minions sharing an address (NAT, one host) are present together.",
      example: 'salt-run manage.present',
      args: [],
      run: (ctx) => withLocalClient(ctx.config, (client) => client.present({})),
    }),
    alived: defineRunnerFunction({
      doc:
        "List the minions connected to the master now, by Salt's presence detection (no job is sent), sorted; with " +
        '`subset`, only those of the given ids.',
      example: "salt-run manage.alived subset='[web1, db1]'",
      args: [{ name: 'subset', type: 'list', items: 'string', doc: 'Only report these minion ids (a list, or comma-separated).' }],
      run: (ctx, { subset }) => withLocalClient(ctx.config, (client) => client.alived(subset ? { subset } : {})),
    }),
  },
});
