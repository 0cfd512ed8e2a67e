/**
 * The shapes of an access decision on the master's local channel: who asks
 * (the caller the master authenticated, never what the request claims), what
 * is asked, and the answer with the rule that gave it. publisher_acl (Salt's),
 * publisher_acl_blacklist and the policies of policy_dir (brine's) each judge
 * an {@link AclRequest} for a {@link Caller}; the audit log records the
 * {@link Decision}.
 */

/** How the master knows the caller. */
export type CallerVia =
  /** The root key (cachedir/.root_key): the master's own user. */
  | 'root'
  /** A user key (cachedir/.<user>_key) the master wrote for a user of publisher_acl. */
  | 'user'
  /** The root key, run through sudo: `user` is SUDO_USER (judged as that user only with sudo_acl). */
  | 'sudo'
  /** A remote client key registered with `salt-key --client`, bound to a user name. */
  | 'remote';

/** Who asks. */
export interface Caller {
  /** The user name: `root` for the root key, else the key's user (SUDO_USER for `sudo`). */
  user: string;
  /** The user's groups (from the system's group database), for policy rules that name a group. */
  groups: string[];
  via: CallerVia;
}

/** What kind of function is asked for. */
export type AclKind = 'publish' | 'runner' | 'wheel';

/** What is asked. For a publish, the target and the minions it resolved to (the check runs on those, not on the text). */
export interface AclRequest {
  kind: AclKind;
  /** The function: `cmd.run` (publish), `jobs.list_jobs` (runner), `key.accept` (wheel). */
  fun: string;
  /** Positional arguments, as published. */
  arg: unknown[];
  /** Keyword arguments, as published. */
  kwarg: Record<string, unknown>;
  tgt?: string | string[];
  tgt_type?: string;
  /** The accepted minions the target resolves to (publish only). */
  minions?: string[];
  /** `--force-all`: the caller asks to pass a policy's max_minions where the policy allows it. */
  forceAll?: boolean;
  /** `--return_kwargs` (publish only): options for the job's returners, which run on the minions (a file's path). */
  retKwargs?: Record<string, unknown>;
}

/** The answer. */
export interface Decision {
  allowed: boolean;
  /**
   * The rule that gave it, for the audit log and `acl.check`: `root`, `publisher_acl:<user entry>`,
   * `publisher_acl_blacklist:users:<regex>`, `publisher_acl_blacklist:modules:<regex>`, `policy:<file>#<n>`,
   * `policy:default-deny`, `no-acl` (a non-root user publisher_acl does not name), `invalid` (a request that
   * cannot be judged: a malformed target; audit log only).
   */
  rule: string;
  /** Why, for the caller (stderr) and the audit log: a sentence naming the rule and, if refused, what it refused. */
  reason: string;
}
