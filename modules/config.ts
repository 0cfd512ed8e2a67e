/**
 * The `config` execution module, as Salt's: one lookup across the minion's
 * configuration, its grains, its pillar, the master's configuration (the
 * pillar's `master` key, present when the master sets `pillar_opts`), and
 * Salt's built-in defaults, in that order.
 */
import { defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { globMatch } from '@brine/core/matchers/glob';
import { traverse } from '@brine/core/traverse';
import { isDict } from '@brine/core/python';
import { merge, type Dict } from './lib/dictupdate';

/** Marks "not found" in one source, so a falsy value found there still wins. */
const MISSING = Symbol('missing');

/** Salt's built-in option defaults (salt.modules.config.DEFAULTS), the last place config.get and config.option look. */
const DEFAULTS: Dict = {
  'mongo.db': 'salt',
  'mongo.password': '',
  'mongo.port': 27017,
  'mongo.user': '',
  'redis.db': '0',
  'redis.host': 'salt',
  'redis.port': 6379,
  'test.foo': 'unconfigured',
  'ca.cert_base_path': '/etc/pki',
  'solr.cores': [],
  'solr.host': 'localhost',
  'solr.port': '8983',
  'solr.baseurl': '/solr',
  'solr.type': 'master',
  'solr.request_timeout': null,
  'solr.init_script': '/etc/rc.d/solr',
  'solr.dih.import_options': { clean: false, optimize: true, commit: true, verbose: false },
  'solr.backup_path': null,
  'solr.num_backups': 1,
  'poudriere.config': '/usr/local/etc/poudriere.conf',
  'poudriere.config_dir': '/usr/local/etc/poudriere.d',
  'ldap.uri': '',
  'ldap.server': 'localhost',
  'ldap.port': '389',
  'ldap.tls': false,
  'ldap.no_verify': false,
  'ldap.anonymous': true,
  'ldap.scope': 2,
  'ldap.attrs': null,
  'ldap.binddn': '',
  'ldap.bindpw': '',
  'hosts.file': '/etc/hosts',
  'aliases.file': '/etc/aliases',
  virt: { tunnel: false, images: '/srv/salt-images' },
  'docker.exec_driver': 'docker-exec',
  'docker.compare_container_networks': {
    static: ['Aliases', 'Links', 'IPAMConfig'],
    automatic: ['IPAddress', 'Gateway', 'GlobalIPv6Address', 'IPv6Gateway'],
  },
};

/** Which sources a lookup skips. */
interface Omit {
  omit_opts: boolean;
  omit_grains: boolean;
  omit_pillar: boolean;
  omit_master: boolean;
}

/** The master's configuration as the minion sees it: the pillar's `master` key (with pillar_opts), else {}. */
function masterOpts(ctx: ExecContext): Dict {
  const m = ctx.pillar.master;
  return isDict(m) ? m : {};
}

/** The sources in Salt's lookup order, without the omitted ones, then the defaults. */
function sources(ctx: ExecContext, omit: Omit): Dict[] {
  const all: Array<[boolean, Dict]> = [
    [omit.omit_opts, ctx.opts as unknown as Dict],
    [omit.omit_grains, ctx.grains],
    [omit.omit_pillar, ctx.pillar],
    [omit.omit_master, masterOpts(ctx)],
  ];
  return [...all.filter(([skip]) => !skip).map(([, d]) => d), DEFAULTS];
}

const OMIT_ARGS = [
  { name: 'omit_opts', type: 'boolean', default: false, doc: 'Skip the minion configuration.' },
  { name: 'omit_grains', type: 'boolean', default: false, doc: 'Skip the grains.' },
  { name: 'omit_pillar', type: 'boolean', default: false, doc: 'Skip the pillar.' },
  { name: 'omit_master', type: 'boolean', default: false, doc: "Skip the master's configuration (pillar key `master`)." },
] as const;

export default defineModule({
  name: 'config',
  doc: `Look up a value in the minion configuration, then its grains, then its pillar, then the master's configuration
(the pillar's \`master\` key, present when the master sets pillar_opts: True), then Salt's built-in defaults.`,
  functions: {
    get: defineFunction({
      doc: `Return the value of \`key\` from the first source that has it, in Salt's order: the minion configuration,
the grains, the pillar, the master's configuration (pillar key \`master\`), Salt's built-in defaults; else \`default\`
('' unless given). Nested keys are joined with \`delimiter\` (':'), and a numeric part indexes a list.
With \`merge\` ('recurse' or 'overwrite'; any other value is logged and taken as 'recurse'), the sources are first merged,
the minion configuration over the grains over the pillar over the master's over the defaults, and \`key\` is looked
up in the result, so nested dicts from several sources combine.`,
      example: "salt '*' config.get pkg:apache",
      args: [
        { name: 'key', type: 'string', required: true, doc: "The key; nested keys joined with `delimiter`, e.g. 'pkg:apache'." },
        { name: 'default', type: 'any', default: '', doc: 'Returned when no source has the key.' },
        { name: 'delimiter', type: 'string', default: ':', doc: 'Separator of nested keys.' },
        { name: 'merge', type: 'string', doc: "Merge the sources first, with strategy 'recurse' or 'overwrite'. Default: no merge, first match wins." },
        ...OMIT_ARGS,
      ],
      run: (ctx, a) => {
        const found = sources(ctx, a);
        if (a.merge === undefined) {
          for (const source of found) {
            const v = traverse(source, a.key, MISSING, a.delimiter);
            if (v !== MISSING) return v;
          }
          return a.default;
        }
        let strategy = a.merge;
        if (strategy !== 'recurse' && strategy !== 'overwrite') {
          ctx.log.warning(`Unsupported merge strategy '${strategy}'. Falling back to 'recurse'.`);
          strategy = 'recurse';
        }
        const data = found.reverse().reduce<Dict>((acc, source) => merge(acc, source, strategy), {});
        const v = traverse(data, a.key, MISSING, a.delimiter);
        return v === MISSING ? a.default : v;
      },
    }),
    option: defineFunction({
      doc: `Return the top-level option \`value\` from the first source that has it, in config.get's order (minion
configuration, grains, pillar, master configuration, Salt's built-in defaults such as test.foo), else \`default\`
('' unless given). Unlike config.get, keys are not split at ':'.
With wildcard=True, \`value\` is a shell-style pattern ('redis.*') and the return is {key: value} for every matching
key of every source (the minion configuration winning), or \`default\` ({} unless given) when none matches.
omit_all=True skips every source but the defaults.`,
      example: "salt '*' config.option redis.host",
      args: [
        { name: 'value', type: 'string', required: true, doc: 'The option name, or a pattern with wildcard=True.' },
        { name: 'default', type: 'any', doc: "Returned when nothing matches. Default: '' ({} with wildcard=True)." },
        ...OMIT_ARGS,
        { name: 'omit_all', type: 'boolean', default: false, doc: 'Skip every source but the built-in defaults.' },
        { name: 'wildcard', type: 'boolean', default: false, doc: 'Match `value` as a pattern and return a {key: value} map.' },
      ],
      run: (ctx, a) => {
        const omit = a.omit_all ? { omit_opts: true, omit_grains: true, omit_pillar: true, omit_master: true } : a;
        const found = sources(ctx, omit);
        if (!a.wildcard) {
          const source = found.find((s) => Object.hasOwn(s, a.value));
          return source ? source[a.value] : (a.default ?? '');
        }
        const ret: Dict = {};
        for (const source of found.reverse()) for (const [k, v] of Object.entries(source)) if (globMatch(a.value, k)) ret[k] = v;
        return Object.keys(ret).length ? ret : (a.default ?? {});
      },
    }),
  },
});
