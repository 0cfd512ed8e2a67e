/**
 * Salt's `useradd` module, loaded as `user`: read accounts with getent (so NSS
 * sources count) and change them with useradd, usermod and userdel, run
 * through `cmd.run_all` without a shell. Changing accounts needs root.
 */
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { arg, defineFunction, defineModule, type ArgSpec, type BoundArgs, type ExecContext, type FunctionDef } from '@brine/core/loader/define';
import { mustRunArgv, runArgv } from './lib/argv';

/** What `user.info` returns for an existing user, as Salt's. */
export interface UserInfo {
  name: string;
  passwd: string;
  uid: number;
  gid: number;
  /** The GECOS fields. */
  fullname: string;
  roomnumber: string;
  workphone: string;
  homephone: string;
  other: string;
  home: string;
  shell: string;
  /** Every group the user is in, the primary one included, sorted. */
  groups: string[];
}

/** Login names as shadow-utils accepts them (plus digits alone, which getent reads as a uid). */
const VALID_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?$/;

/** `name` when it is a valid user name. @throws SaltInvocationError */
function userName(name: unknown): string {
  if (typeof name !== 'string' || !VALID_NAME.test(name)) throw new SaltInvocationError(`Invalid user name ${JSON.stringify(name)}`);
  return name;
}

/** Parse one /etc/passwd line. */
function parsePasswd(line: string): Omit<UserInfo, 'groups'> {
  const [name, passwd, uid, gid, gecos = '', home, shell] = line.split(':');
  const [fullname = '', roomnumber = '', workphone = '', homephone = '', ...other] = gecos.split(',');
  return { name, passwd, uid: Number(uid), gid: Number(gid), fullname, roomnumber, workphone, homephone, other: other.join(','), home, shell };
}

/**
 * The account `name` (or uid) through `getent passwd`, with its groups from `id -Gn`.
 * @returns undefined when there is no such user
 */
async function lookup(ctx: ExecContext, name: string): Promise<UserInfo | undefined> {
  const res = await runArgv(ctx, ['getent', 'passwd', userName(name)]);
  if (res.retcode === 2) return undefined;
  if (res.retcode !== 0) throw new CommandExecutionError(`getent passwd ${name} failed: ${res.stderr}`);
  const user = parsePasswd(res.stdout.split('\n')[0]);
  const ids = await runArgv(ctx, ['id', '-Gn', user.name]);
  return { ...user, groups: ids.stdout.split(/\s+/).filter(Boolean).sort() };
}

/** The account `name`. @throws CommandExecutionError "User 'x' does not exist", as Salt */
async function existing(ctx: ExecContext, name: string): Promise<UserInfo> {
  const info = await lookup(ctx, name);
  if (!info) throw new CommandExecutionError(`User '${name}' does not exist`);
  return info;
}

const NAME = arg({ name: 'name', type: 'string', required: true, doc: 'The login name.' });

/**
 * A `user.ch*` function: set one attribute with `usermod <flag> <value>`, then read it back, as Salt.
 * @param spec the argument holding the new value
 * @param field the {@link UserInfo} field it sets
 * @param flag usermod's option
 * @param valueOf the new value, from the bound arguments
 * @param toFlagValue what usermod gets, from the account before and the new value
 */
function changer<const S extends ArgSpec>(
  spec: S,
  field: keyof UserInfo,
  flag: string,
  example: string,
  valueOf: (a: BoundArgs<[typeof NAME, S & { required: true }]>) => string | number,
  toFlagValue: (pre: UserInfo, value: string | number) => string = (_pre, value) => String(value),
): FunctionDef {
  return defineFunction({
    doc: `Set the ${field} of user \`name\` (usermod ${flag}). Returns True when it now has that value (also when it already did).
Raises CommandExecutionError when the user does not exist or usermod fails.`,
    example,
    args: [NAME, { ...spec, required: true }],
    run: async (ctx, a) => {
      const pre = await existing(ctx, a.name);
      const value = valueOf(a);
      if (pre[field] === value) return true;
      await mustRunArgv(ctx, ['usermod', flag, toFlagValue(pre, value), a.name], { what: `usermod ${flag}` });
      return (await existing(ctx, a.name))[field] === value;
    },
  });
}

const UID = arg({ name: 'uid', type: 'integer', doc: 'User id. Default: the next free one.' });
const GID = arg({ name: 'gid', type: 'string', doc: 'Primary group, as a name or gid. Default: a new group named as the user (Debian).' });
const HOME = arg({ name: 'home', type: 'string', doc: 'Home directory. Default: /home/<name>.' });
const SHELL = arg({ name: 'shell', type: 'string', doc: 'Login shell. Default: useradd\'s (SHELL in /etc/default/useradd).' });
const FULLNAME = arg({ name: 'fullname', type: 'string', doc: 'Full name (the first GECOS field).' });
const GROUPS = arg({ name: 'groups', type: 'list', items: 'string', doc: 'Supplementary groups, as a list or a comma-separated string.' });

export default defineModule({
  name: 'useradd',
  virtualName: 'user',
  doc: `Manage local user accounts with the shadow tools (useradd, usermod, userdel), as Salt's useradd module.

Accounts are read with getent, so users from any NSS source are seen; changes need a minion running as root.`,
  virtual: () => (process.platform === 'linux' ? true : 'the useradd module needs Linux'),
  functions: {
    info: defineFunction({
      doc: `Return user \`name\` as {name, passwd, uid, gid, fullname, roomnumber, workphone, homephone, other, home, shell,
groups}: ids are numbers, groups a sorted list including the primary group. Returns {} when there is no such user.
A numeric name is looked up as a uid, as getent does.`,
      example: "salt '*' user.info root",
      args: [NAME],
      run: async (ctx, a) => (await lookup(ctx, a.name)) ?? {},
    }),
    list_users: defineFunction({
      doc: 'Return the sorted names of every user getent knows.',
      example: "salt '*' user.list_users",
      args: [],
      run: async (ctx) => {
        const res = await runArgv(ctx, ['getent', 'passwd']);
        return res.stdout.split('\n').filter(Boolean).map((line) => line.split(':')[0]).sort();
      },
    }),
    list_groups: defineFunction({
      doc: 'Return the sorted groups user `name` belongs to, its primary group included.\nRaises CommandExecutionError when there is no such user.',
      example: "salt '*' user.list_groups root",
      args: [NAME],
      run: async (ctx, a) => (await existing(ctx, a.name)).groups,
    }),
    add: defineFunction({
      doc: `Create user \`name\` with useradd. Returns True.
Raises CommandExecutionError when useradd fails (the user exists, a group is unknown, not root...).`,
      example: "salt '*' user.add deploy shell=/bin/bash groups=adm,www-data",
      args: [
        NAME,
        UID,
        GID,
        GROUPS,
        HOME,
        SHELL,
        FULLNAME,
        { name: 'createhome', type: 'boolean', default: true, doc: 'Create the home directory (useradd -m); false passes -M.' },
        { name: 'system', type: 'boolean', default: false, doc: 'Create a system account (useradd -r).' },
      ],
      run: async (ctx, a) => {
        const argv = ['useradd'];
        const opt = (flag: string, value: unknown): void => {
          if (value !== null && value !== undefined && value !== '') argv.push(flag, String(value));
        };
        opt('-u', a.uid);
        opt('-g', a.gid);
        opt('-G', a.groups?.join(','));
        opt('-d', a.home);
        opt('-s', a.shell);
        opt('-c', a.fullname);
        argv.push(a.createhome ? '-m' : '-M');
        if (a.system) argv.push('-r');
        argv.push(userName(a.name));
        await mustRunArgv(ctx, argv, { what: `useradd ${a.name}` });
        return true;
      },
    }),
    delete: defineFunction({
      doc: `Delete user \`name\` with userdel (its private group goes too, as userdel does). Returns True.
Raises CommandExecutionError when userdel fails (no such user, user logged in without force...).`,
      example: "salt '*' user.delete deploy remove=True",
      args: [
        NAME,
        { name: 'remove', type: 'boolean', default: false, doc: 'Also remove the home directory and mail spool (userdel -r).' },
        { name: 'force', type: 'boolean', default: false, doc: 'Remove even while the user is logged in (userdel -f).' },
      ],
      run: async (ctx, a) => {
        const argv = ['userdel', ...(a.remove ? ['-r'] : []), ...(a.force ? ['-f'] : []), userName(a.name)];
        await mustRunArgv(ctx, argv, { what: `userdel ${a.name}` });
        return true;
      },
    }),
    chuid: changer({ ...UID, doc: 'The new uid.' }, 'uid', '-u', "salt '*' user.chuid deploy 2001", (a) => a.uid),
    chgid: changer({ ...GID, type: 'integer', doc: 'The new primary gid.' }, 'gid', '-g', "salt '*' user.chgid deploy 2001", (a) => a.gid),
    chshell: changer({ ...SHELL, doc: 'The new login shell.' }, 'shell', '-s', "salt '*' user.chshell deploy /bin/zsh", (a) => a.shell),
    chhome: changer({ ...HOME, doc: 'The new home directory (its contents are not moved).' }, 'home', '-d', "salt '*' user.chhome deploy /srv/deploy", (a) => a.home),
    chfullname: changer(
      { ...FULLNAME, doc: 'The new full name; the other GECOS fields are kept.' },
      'fullname',
      '-c',
      "salt '*' user.chfullname deploy 'Deploy Bot'",
      (a) => a.fullname,
      (pre, value) => [value, pre.roomnumber, pre.workphone, pre.homephone, pre.other].join(',').replace(/,+$/, ''),
    ),
    chgroups: defineFunction({
      doc: `Set the supplementary groups of user \`name\` to exactly \`groups\` (usermod -G), or add them with append=True (-aG).
Returns True when the user is now in those groups. Raises CommandExecutionError when the user does not exist or usermod fails.`,
      example: "salt '*' user.chgroups deploy adm,www-data append=True",
      args: [NAME, { ...GROUPS, required: true }, { name: 'append', type: 'boolean', default: false, doc: 'Keep the groups the user is already in.' }],
      run: async (ctx, a) => {
        const wanted = a.groups;
        await existing(ctx, a.name);
        await mustRunArgv(ctx, ['usermod', ...(a.append ? ['-a'] : []), '-G', wanted.join(','), a.name], { what: 'usermod -G' });
        const now = (await existing(ctx, a.name)).groups;
        return wanted.every((g) => now.includes(g));
      },
    }),
  },
});
