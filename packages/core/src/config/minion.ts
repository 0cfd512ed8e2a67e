/** The salt-minion configuration keys, their defaults (Salt's) and docs. */
import os from 'node:os';
import { key, keyOf, pathKey, type ConfigOf } from './schema';

/** Keys read from CONFIG_DIR/minion. */
export const MINION_SCHEMA = {
  id: key(os.hostname(), 'Minion id; defaults to the host name. No /, \\, .. or NUL.'),
  master: key('salt', 'Master host name or address.'),
  master_port: key(4506, "Master's request (ROUTER) port."),
  publish_port: key(4505, "Master's publish (PUB) port."),
  acceptance_wait_time: key(10, 'Seconds between authentication attempts while the key is pending.'),
  random_reauth_delay: key(10, 'Upper bound in seconds of the random delay before re-authenticating after a session-key rotation.'),
  recon_default: key(1000, 'Milliseconds before reconnecting a dropped connection.'),
  recon_max: key(10000, 'Maximum milliseconds between reconnection attempts.'),
  recon_randomize: key(true, 'Randomize reconnection delays so a fleet does not reconnect at once.'),
  auth_timeout: key(10, 'Seconds to wait for an answer to one authentication request.'),
  return_retry_timer: key(5, 'Seconds to wait for the master to acknowledge a return before sending it again.'),
  return_retry_tries: key(3, 'How many times a return is sent in a row; one not acknowledged waits in the return spool and is sent again later.'),
  return_spool_max: key(
    1000,
    'Returns kept on disk (cachedir/spool/returns) until the master acknowledges them; one that does not fit is dropped and logged as an error.',
  ),
  // Returners (--return, a schedule entry's returner): each has its spool under cachedir/spool/returners/<name>.
  returner_spool_max: key(1000, 'Items a returner that fails keeps on disk (cachedir/spool/returners/<name>) to send again; past it the oldest are dropped and logged.'),
  returner_spool_max_bytes: key(16 * 1024 * 1024, 'Bytes a returner that fails keeps on disk to send again; past it the oldest items are dropped and logged.'),
  root_dir: key('/', 'Directory every path key resolves under (prepended to absolute paths too, as Salt).'),
  pki_dir: pathKey('/etc/salt/pki/minion', "Minion keys and the pinned master key (minion_master.pub)."),
  cachedir: pathKey('/var/cache/salt/minion', 'Minion cache: file cache, running jobs, spooled returns.'),
  sock_dir: pathKey('/var/run/salt/minion', 'Minion sockets.'),
  log_file: pathKey('/var/log/salt/minion', 'Log file path.'),
  log_level: key('warning', 'Console log level: garbage, trace, debug, info, warning, error, critical, quiet.'),
  log_level_logfile: key('warning', 'Log file level (same names as log_level).'),
  pidfile: pathKey('/var/run/salt-minion.pid', 'Pid file written when daemonized with -d.'),
  grains: key<Record<string, unknown>>({}, 'Static grains merged over the core grains and the grains file (grains.setval).'),
  enable_lspci: key(true, 'Let the virtual and gpus grains ask lspci, as Salt; false skips it.'),
  extension_modules: key('', "Where saltutil.sync_* stores custom modules from salt://_modules, _states, _grains (one folder per type), loaded at start; empty: <cachedir>/extmods, as Salt."),
  clean_dynamic_modules: key(true, 'saltutil.sync_* removes synced custom modules that are no longer on the master.'),
  file_client: key('remote', "Where salt:// files come from: 'remote' (the master) or 'local' (this host's file_roots)."),
  file_roots: key<Record<string, string[]>>({ base: ['/srv/salt'] }, 'File roots per environment, used when file_client is local (salt-call --local).'),
  pillar_roots: key<Record<string, string[]>>({ base: ['/srv/pillar'] }, 'Pillar roots per environment, used when file_client is local.'),
  pillar_merge_lists: key(false, "pillar.get with merge=True also merges the lists inside dicts (Salt's key of the same name)."),
  renderer: key(
    'handlebars|yaml',
    "Renderer pipe for SLS files without a shebang line, as Salt's: 'jinja|yaml' renders Salt's Jinja state trees, 'handlebars|yaml' (the default) brine's Handlebars ones; also jinja_trim_blocks, jinja_lstrip_blocks.",
  ),
  jinja_trim_blocks: key(false, "Jinja's trim_blocks: drop the first newline after a block tag, as Salt's key."),
  jinja_lstrip_blocks: key(false, "Jinja's lstrip_blocks: strip spaces and tabs before a block tag, as Salt's key."),
  master_finger: key('', "Expected fingerprint of the master's signing key; refuse any other master."),
  test: key(false, 'Run every job as a dry run (test=True): states report what they would change and change nothing.'),
  failhard: key(false, 'Stop a state run at the first state that fails (a state\'s own failhard wins).'),
  mine_enabled: key(true, 'Send the results of mine_functions to the master when the minion starts and every mine_interval minutes (mine.update).'),
  mine_interval: key(60, "Minutes between two mine.update runs (Salt's __mine_interval schedule job); 0 runs it at start only."),
  mine_functions: key<Record<string, unknown>>({}, "Salt mine functions: alias -> arguments ([args, {kwargs}], or {mine_function: 'mod.fun', ...}); pillar's mine_functions are merged under these."),
  schedule: key<Record<string, unknown>>(
    {},
    "Scheduled jobs: name -> {function, args, kwargs, seconds|minutes|hours|days|cron|when, splay, range, maxrunning, returner, ...}, as Salt's; the jobs saved in minion.d/_schedule.conf are merged over these at start, the pillar's schedule under them (schedule.list).",
  ),
  concurrency_unreachable: key<'run' | 'skip'>(
    'run',
    "What a schedule entry with a concurrency_group does when the master does not answer its slot request for concurrency_timeout seconds: 'run' (without a slot) or 'skip' (this run); logged either way.",
  ),
  concurrency_timeout: key(30, 'Seconds without an answer from the master to a slot request before concurrency_unreachable applies.'),
  // A mapping when set (the default null's type alone would refuse one).
  minion_publisher_acl: keyOf<Record<string, string[]> | null>(
    null,
    ['dict'],
    "brine's (Salt has none): this minion's own allow-list, user (or regex of users) -> function regexes; when set, a published job whose publishing user (as the master signed it) may not run its function here is refused and logged, whatever the master allowed (saltutil.find_job and saltutil.running, which job tracking publishes, always pass; the minion's schedule is not judged).",
  ),
};

/** The minion configuration after defaults and root_dir resolution. */
export type MinionConfig = ConfigOf<typeof MINION_SCHEMA>;
