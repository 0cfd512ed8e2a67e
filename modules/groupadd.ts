/**
 * Salt's `groupadd` module, loaded as `group`: read groups with getent (so NSS
 * sources count) and change them with groupadd, groupmod, groupdel and gpasswd,
 * run through `cmd.run_all` without a shell. Changing groups needs root.
 */
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { arg, defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { mustRunArgv, runArgv } from './lib/argv';

/** What `group.info` returns for an existing group, as Salt's. */
export interface GroupInfo {
  name: string;
  passwd: string;
  gid: number;
  /** Users listed as members in the group database (not those having it as primary group). */
  members: string[];
}

/** Group and user names as shadow-utils accepts them (digits alone are read as an id by getent). */
const VALID_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?$/;

/** `name` when it is a valid group or user name (never an option to the tools). @throws SaltInvocationError */
function checked(name: unknown, what = 'group'): string {
  if (typeof name !== 'string' || !VALID_NAME.test(name)) throw new SaltInvocationError(`Invalid ${what} name ${JSON.stringify(name)}`);
  return name;
}

/** Parse one /etc/group line. */
function parseGroup(line: string): GroupInfo {
  const [name, passwd, gid, members = ''] = line.split(':');
  return { name, passwd, gid: Number(gid), members: members.split(',').filter(Boolean) };
}

/** Group `name` (or gid) through getent, or undefined when there is none. */
async function lookup(ctx: ExecContext, name: string): Promise<GroupInfo | undefined> {
  const res = await runArgv(ctx, ['getent', 'group', checked(name)]);
  if (res.retcode === 2) return undefined;
  if (res.retcode !== 0) throw new CommandExecutionError(`getent group ${name} failed: ${res.stderr}`);
  return parseGroup(res.stdout.split('\n')[0]);
}

/** Group `name`. @throws CommandExecutionError "Group 'x' does not exist" */
async function existing(ctx: ExecContext, name: string): Promise<GroupInfo> {
  const info = await lookup(ctx, name);
  if (!info) throw new CommandExecutionError(`Group '${name}' does not exist`);
  return info;
}

const NAME = arg({ name: 'name', type: 'string', required: true, doc: 'The group name.' });
const USERNAME = arg({ name: 'username', type: 'string', required: true, doc: 'The user name.' });

export default defineModule({
  name: 'groupadd',
  virtualName: 'group',
  doc: `Manage local groups with the shadow tools (groupadd, groupmod, groupdel, gpasswd), as Salt's groupadd module.

Groups are read with getent; changes need a minion running as root.`,
  virtual: () => (process.platform === 'linux' ? true : 'the groupadd module needs Linux'),
  functions: {
    info: defineFunction({
      doc: `Return group \`name\` as {name, passwd, gid, members}: gid a number, members a list of user names.
Returns {} when there is no such group. A numeric name is looked up as a gid, as getent does.`,
      example: "salt '*' group.info adm",
      args: [NAME],
      run: async (ctx, a) => (await lookup(ctx, a.name)) ?? {},
    }),
    getent: defineFunction({
      doc: 'Return every group getent knows, as a list of {name, passwd, gid, members} sorted by name.',
      example: "salt '*' group.getent",
      args: [],
      run: async (ctx) => {
        const res = await runArgv(ctx, ['getent', 'group']);
        return res.stdout.split('\n').filter(Boolean).map(parseGroup).sort((x, y) => x.name.localeCompare(y.name));
      },
    }),
    add: defineFunction({
      doc: 'Create group `name` with groupadd. Returns True.\nRaises CommandExecutionError when groupadd fails (the group or gid exists, not root...).',
      example: "salt '*' group.add deploy gid=2001",
      args: [
        NAME,
        { name: 'gid', type: 'integer', doc: 'Group id. Default: the next free one.' },
        { name: 'system', type: 'boolean', default: false, doc: 'Create a system group (groupadd -r).' },
      ],
      run: async (ctx, a) => {
        const gid = a.gid === undefined ? [] : ['-g', String(a.gid)];
        await mustRunArgv(ctx, ['groupadd', ...gid, ...(a.system ? ['-r'] : []), checked(a.name)]);
        return true;
      },
    }),
    delete: defineFunction({
      doc: "Delete group `name` with groupdel. Returns True.\nRaises CommandExecutionError when groupdel fails (no such group, it is a user's primary group...).",
      example: "salt '*' group.delete deploy",
      args: [NAME],
      run: async (ctx, a) => {
        await mustRunArgv(ctx, ['groupdel', checked(a.name)]);
        return true;
      },
    }),
    chgid: defineFunction({
      doc: 'Set the gid of group `name` (groupmod -g). Returns True when it now has that gid.\nRaises CommandExecutionError when the group does not exist or groupmod fails.',
      example: "salt '*' group.chgid deploy 2002",
      args: [NAME, { name: 'gid', type: 'integer', required: true, doc: 'The new gid.' }],
      run: async (ctx, a) => {
        if ((await existing(ctx, a.name)).gid === a.gid) return true;
        await mustRunArgv(ctx, ['groupmod', '-g', String(a.gid), checked(a.name)]);
        return (await existing(ctx, a.name)).gid === a.gid;
      },
    }),
    adduser: defineFunction({
      doc: 'Add user `username` to group `name` (gpasswd -a). Returns True.\nRaises CommandExecutionError when the group or user does not exist.',
      example: "salt '*' group.adduser www-data deploy",
      args: [NAME, USERNAME],
      run: async (ctx, a) => {
        await mustRunArgv(ctx, ['gpasswd', '-a', checked(a.username, 'user'), checked(a.name)]);
        return true;
      },
    }),
    deluser: defineFunction({
      doc: 'Remove user `username` from group `name` (gpasswd -d). Returns True, also when it was not a member.\nRaises CommandExecutionError when the group does not exist.',
      example: "salt '*' group.deluser www-data deploy",
      args: [NAME, USERNAME],
      run: async (ctx, a) => {
        if (!(await existing(ctx, a.name)).members.includes(a.username)) return true;
        await mustRunArgv(ctx, ['gpasswd', '-d', checked(a.username, 'user'), checked(a.name)]);
        return true;
      },
    }),
    members: defineFunction({
      doc: `Set the members of group \`name\` to exactly \`members_list\` (gpasswd -M); an empty list removes them all. Returns True.
Raises CommandExecutionError when the group or a user does not exist.`,
      example: "salt '*' group.members deploy alice,bob",
      args: [NAME, { name: 'members_list', type: 'list', items: 'string', required: true, doc: 'User names, as a list or a comma-separated string.' }],
      run: async (ctx, a) => {
        const members = a.members_list.map((m) => checked(m, 'user'));
        await mustRunArgv(ctx, ['gpasswd', '-M', members.join(','), checked(a.name)]);
        return true;
      },
    }),
  },
});
