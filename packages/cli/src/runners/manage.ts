/**
 * The `manage` runner, as Salt's: which accepted minions answer a test.ping
 * (up, down, status), which are present by presence detection (no job
 * sent), and which run the master's version (versions).
 */
import { brineVersion } from '@brine/core/version';
import { Pki } from '@brine/master/pki';
import { withLocalClient } from '../client';
import { defineRunner, defineRunnerFunction, type RunnerContext } from './define';
import { gather } from './lib/gather';
import { versionReport } from './lib/versions';

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
    joined: defineRunnerFunction({
      doc:
        "List the minions connected to the master now, by Salt's presence detection (no job is sent), sorted; with " +
        '`subset`, only those of the given ids. Over this transport every connected minion has joined, so this is alived.',
      example: 'salt-run manage.joined',
      args: [{ name: 'subset', type: 'list', items: 'string', doc: 'Only report these minion ids (a list, or comma-separated).' }],
      run: (ctx, { subset }) => withLocalClient(ctx.config, (client) => client.alived(subset ? { subset } : {})),
    }),
    versions: defineRunnerFunction({
      doc:
        "Ask every minion its version (test.version) and compare it with the master's (brine's), as Salt's " +
        'manage.versions: {Master: version, "Up to date": {minion: version}, "Minion requires update": {...}, ' +
        '"Minion newer than master": {...}, "Minion offline": {minion: False}}. Minions that do not answer within ' +
        'the timeout are left out; groups without minions are absent.',
      example: 'salt-run manage.versions',
      args: [],
      run: async (ctx) => {
        const answers = await gather(ctx, 'test.version');
        return versionReport(brineVersion(), new Map([...answers].map(([id, r]) => [id, r.return])));
      },
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
