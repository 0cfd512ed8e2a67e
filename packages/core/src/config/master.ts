/** The salt-master configuration keys, their defaults (Salt's) and docs. */
import { key, keyOf, pathKey, type ConfigOf } from './schema';

/** Keys read from CONFIG_DIR/master. */
export const MASTER_SCHEMA = {
  // event_return: every master event also goes to returners (master/events/event-return.ts).
  event_return: keyOf<string | string[]>('', ['string', 'list'], "Returner(s) that receive every master event, as Salt's: a name, comma-separated names or a list (e.g. rawfile_json); empty: none."),
  event_return_queue: key(0, 'Events gathered before they are sent to the event returners in one batch (0: sent as they come, batched per tick).'),
  event_return_queue_max_seconds: key(0, 'With event_return_queue, the most seconds an event waits for its batch to fill (0: no limit).'),
  event_return_whitelist: key<string[]>([], 'Tag globs of the events sent to the event returners (empty: all).'),
  event_return_blacklist: key<string[]>([], 'Tag globs of the events never sent to the event returners.'),
  returner_spool_max: key(1000, 'Batches an event returner that fails keeps on disk (cachedir/spool/event_return/<name>) to send again; past it the oldest are dropped and logged.'),
  returner_spool_max_bytes: key(64 * 1024 * 1024, 'Bytes an event returner that fails keeps on disk to send again; past it the oldest batches are dropped and logged.'),
  root_dir: key('/', 'Directory every path key resolves under (prepended to absolute paths too, as Salt).'),
  pki_dir: pathKey('/etc/salt/pki/master', 'Master keys and the minions/, minions_pre/, minions_rejected/, minions_denied/ key folders.'),
  cachedir: pathKey('/var/cache/salt/master', 'Job cache, minion data cache and the root key of the local client channel.'),
  sock_dir: pathKey('/var/run/salt/master', 'Local client channel socket (ipc) and the file reporting the bound ports.'),
  log_file: pathKey('/var/log/salt/master', 'Log file path.'),
  log_level: key('warning', 'Console log level: garbage, trace, debug, info, warning, error, critical, quiet.'),
  log_level_logfile: key('warning', 'Log file level (same names as log_level).'),
  pidfile: pathKey('/var/run/salt-master.pid', 'Pid file written when daemonized with -d.'),
  user: key('', 'Informational: the user the master runs as (brine does not switch users).'),
  interface: key('0.0.0.0', 'Address the publish and return ports bind to.'),
  publish_port: key(4505, 'Publish (PUB) port; 0 binds an ephemeral port, reported in sock_dir/ports.json.'),
  ret_port: key(4506, 'Request (ROUTER) port for auth, returns, pillar and files; 0 binds an ephemeral port.'),
  auto_accept: key(false, 'Accept every new minion key without salt-key.'),
  max_minions_pre: key(1000, 'Most pending keys kept in minions_pre; keys of new minions are not filed past it (they stay unfiled and keep asking).'),
  timeout: key(5, 'Default seconds the salt CLI waits for returns.'),
  gather_job_timeout: key(10, 'Seconds to wait for saltutil.find_job answers once the timeout passes.'),
  salt_cp_chunk_size: key(98304, 'Bytes of a file each salt-cp --chunked job carries (before compression), at most 1048576.'),
  keep_jobs: key(24, 'Hours jobs stay in the job cache.'),
  file_roots: key<Record<string, string[]>>({ base: ['/srv/salt'] }, 'File server roots per environment.'),
  pillar_roots: key<Record<string, string[]>>({ base: ['/srv/pillar'] }, 'Pillar roots per environment.'),
  renderer: key(
    'handlebars|yaml',
    "Renderer pipe for SLS files without a shebang line, as Salt's: 'jinja|yaml' renders Salt's Jinja state trees, 'handlebars|yaml' (the default) brine's Handlebars ones; also jinja_trim_blocks, jinja_lstrip_blocks.",
  ),
  jinja_trim_blocks: key(false, "Jinja's trim_blocks: drop the first newline after a block tag, as Salt's key."),
  jinja_lstrip_blocks: key(false, "Jinja's lstrip_blocks: strip spaces and tabs before a block tag, as Salt's key."),
  pillar_minion_id_only: key(
    false,
    'Refuse pillar top targets that read grains, pillar or IP addresses (the minion reports them, so it could forge them); only targets on the minion id select pillar.',
  ),
  mine_get: key<Record<string, string[]> | null>(
    null,
    "Master-side mine ACL, as Salt's: minion id regex -> regexes of the mine functions those minions may read with mine.get (both matched at the start, as Python's re.match); absent, every minion reads every function.",
  ),
  nodegroups: key<Record<string, string | string[]>>({}, 'Named groups of minions: a compound expression or a list of ids.'),
  // The reactor (packages/master/src/reactor/, README "Reactor").
  reactor: key<Array<Record<string, string | string[]>>>(
    [],
    "Reactor map, as Salt's: a list of {tag glob: [SLS paths]}, globs matched as Python's fnmatch, paths absolute (globs allowed) or salt:// in file_roots' base.",
  ),
  reactor_worker_threads: key(10, 'Most reactions (of different tags) running at once; one tag runs its reactions one at a time.'),
  reactor_worker_hwm: key(10000, 'Most events waiting for the reactor; past it the oldest waiting event is dropped, and the drops are logged with their count.'),
  reactor_runner_timeout: key(300, 'Seconds a runner.* reaction (a salt-run process) may run before it is killed.'),
  reactor_loop_limit: key(
    30,
    'Most reactions to one tag from one minion id (or to one tag without an id) within a minute; past it that tag is not reacted to for the rest of the minute (the loop guard for loops through minions).',
  ),
  reactor_catch_up_seconds: key(
    3600,
    "At start, the reactor reacts to the events of the event log after its saved position (what the last run had not finished) fired within this many seconds; older ones are skipped and counted in the log; 0 reacts to none (Salt's behaviour: what was queued is lost).",
  ),
  concurrency_groups: key<Record<string, number>>(
    {},
    "The fleet-wide cap of schedule entries (brine's own, after Choria's governor): group name -> most minions running an entry of that group at once; it wins over the entries' concurrency_limit.",
  ),
  event_log: key(true, "Keep every event of the master's bus in a persistent log in cachedir/events/, so a subscriber (salt-run state.event resume=True) or the reactor resumes where it stopped, after a restart too (brine's; Salt keeps none)."),
  event_log_max_bytes: key(64 * 1024 * 1024, 'Bound of the event log on disk, in bytes (default 64 MiB); past it the oldest eighth (a segment) is removed whole.'),
  // Who may run what (packages/master/src/acl/, README "Security model").
  publisher_acl: key<Record<string, Array<string | Record<string, string[]>>>>(
    {},
    "Users other than root allowed to use the local client, as Salt's: user (or regex of users) -> list of function regexes (any minion), {target: [function regexes]} (every minion the command resolves to must be in the target, a compound expression), '@runner'/'@wheel' or {'@runner': [runner regexes]}; the master writes cachedir/.<user>_key for each user named (readable by that user only).",
  ),
  publisher_acl_blacklist: key<{ users?: string[]; modules?: string[] }>(
    {},
    "Users and functions refused whatever publisher_acl or the policies say, as Salt's: {users: [regexes], modules: [regexes]}; it wins.",
  ),
  sudo_acl: key(false, "Salt's: a command run as root through sudo is judged as the sudo user (SUDO_USER) under publisher_acl, instead of as root."),
  policy_dir: key(
    '',
    "Folder of YAML policy files (brine's, after MCollective's policies and Choria's rules), resolved under root_dir; once it holds a policy file every command of the local channel needs a rule that allows it (deny by default), root's too.",
  ),
  audit_log: key(true, "Write every command received on the local channel, run or refused, to cachedir/audit.log: one JSON line each, chained by the hash of the line before (salt-run audit.verify checks the chain)."),
  audit_log_max_bytes: key(
    64 * 1024 * 1024,
    "Bound of cachedir/audit.log, in bytes (default 64 MiB): a line that would pass it first renames the file to audit.log.1 (.1 to .2, ...), as Salt's log_rotate_max_bytes; the chain runs on into the new file. 0: never rotated.",
  ),
  audit_log_backup_count: key(5, "Rotated audit log files kept (audit.log.1 to audit.log.N), as Salt's log_rotate_backup_count; older ones are removed. 0: never rotated."),
  presence_events: key(false, "Fire salt/presence/present ({present: [ids]}) every loop_interval, and salt/presence/change ({new, lost}) when it changed, as Salt's master."),
  loop_interval: key(60, "Seconds between the master's maintenance rounds (presence events), as Salt's."),
};

/** The master configuration after defaults and root_dir resolution. */
export type MasterConfig = ConfigOf<typeof MASTER_SCHEMA>;
