import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  availableFromStatus,
  canonicalUnitName,
  listAllServices,
  needsDaemonReload,
  parseSystemdVersion,
  readIsEnabled,
  systemctlArgv,
  unitNamesFromFiles,
} from '@brine/modules/lib/systemctl';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, '../../../fixtures/systemd', name), 'utf8');

describe('canonicalUnitName (Salt _canonical_unit_name)', () => {
  it.each([
    ['nginx', 'nginx.service'],
    ['nginx.service', 'nginx.service'],
    ['docker.socket', 'docker.socket'],
    ['apt-daily.timer', 'apt-daily.timer'],
    ['getty@tty1', 'getty@tty1.service'],
    ['multi-user.target', 'multi-user.target'],
    ['user.slice', 'user.slice.service'],
    ['php8.2-fpm', 'php8.2-fpm.service'],
  ])('%s -> %s', (name, unit) => expect(canonicalUnitName(name)).toBe(unit));
});

describe('systemctlArgv (Salt _systemctl_cmd)', () => {
  it.each([
    ['start', 'nginx', {}, ['systemctl', 'start', 'nginx.service']],
    ['start', 'nginx', { noBlock: true }, ['systemctl', '--no-block', 'start', 'nginx.service']],
    ['stop', 'docker.socket', { noBlock: true }, ['systemctl', '--no-block', 'stop', 'docker.socket']],
    ['restart', 'nginx', {}, ['systemctl', 'restart', 'nginx.service']],
    ['reload', 'nginx', { noBlock: false }, ['systemctl', 'reload', 'nginx.service']],
    ['enable', 'apt-daily.timer', {}, ['systemctl', 'enable', 'apt-daily.timer']],
    ['disable', 'nginx', { noBlock: true }, ['systemctl', '--no-block', 'disable', 'nginx.service']],
    ['is-enabled', 'nginx', {}, ['systemctl', 'is-enabled', 'nginx.service']],
    ['is-active', 'nginx', {}, ['systemctl', 'is-active', 'nginx.service']],
    ['status', 'nginx', {}, ['systemctl', 'status', 'nginx.service', '-n', '0']],
    ['show', 'kmod', { extraArgs: ['-P', 'Id'] }, ['systemctl', 'show', 'kmod.service', '-P', 'Id']],
  ] as const)('%s %s %j', (verb, name, options, argv) => expect(systemctlArgv(verb, name, options)).toEqual(argv));

  it('takes several action words and no unit', () => {
    expect(systemctlArgv(['--system', 'daemon-reload'])).toEqual(['systemctl', '--system', 'daemon-reload']);
    expect(systemctlArgv('--version')).toEqual(['systemctl', '--version']);
  });
});

describe('parseSystemdVersion', () => {
  it('reads the release from systemctl --version', () => expect(parseSystemdVersion(fixture('version-252.txt'))).toBe(252));
  it('gives null for other text', () => expect(parseSystemdVersion('System has not been booted with systemd')).toBeNull());
});

describe('availableFromStatus (Salt _check_available)', () => {
  it.each([
    [0, true],
    [3, true],
    [4, false],
    [1, true],
  ])('from systemd 231, exit %i of systemctl status means %s', (retcode, known) =>
    expect(availableFromStatus('nginx', fixture('status-changed-on-disk.txt'), retcode, 252)).toBe(known));

  it('before systemd 231 (or unknown), reads the Loaded: line', () => {
    expect(availableFromStatus('sshd', fixture('status-loaded-219.txt'), 0, 219)).toBe(true);
    expect(availableFromStatus('nosuch', fixture('status-not-found-219.txt'), 3, 219)).toBe(false);
    expect(availableFromStatus('nosuch', fixture('status-not-found-219.txt'), 3, null)).toBe(false);
    expect(availableFromStatus('nosuch', 'Unit nosuch.service could not be found.', 4, 219)).toBe(false);
  });

  it('raises when an old systemd says nothing about the unit', () => {
    expect(() => availableFromStatus('nginx', 'Failed to connect to bus', 1, 219)).toThrow("Failed to get information on unit 'nginx'");
  });
});

describe('needsDaemonReload (Salt _unit_file_changed)', () => {
  it('sees systemd asking for a daemon-reload', () => expect(needsDaemonReload(fixture('status-changed-on-disk.txt'))).toBe(true));
  it('is false otherwise', () => expect(needsDaemonReload(fixture('status-loaded-219.txt'))).toBe(false));
});

describe('readIsEnabled (systemctl is-enabled, captured)', () => {
  const rows = fixture('is-enabled.txt')
    .trim()
    .split('\n')
    .map((line) => line.split(' '));
  const expected: Record<string, string> = {
    'dbus-org.freedesktop.timesync1.service': 'alias',
    'getty@tty1.service': 'enabled',
    'apt-daily.timer': 'enabled',
    'systemd-journald.service': 'enabled', // static counts as enabled, as Salt
    'proc-sys-fs-binfmt_misc.mount': 'disabled',
    'cryptdisks.service': 'disabled', // masked
  };
  it.each(rows)('%s (exit %s, %s)', (unit, rc, stdout) => expect(readIsEnabled(`${stdout}\n`, Number(rc))).toBe(expected[unit]));

  it('an unknown unit (nothing on stdout, exit 1) is disabled', () => expect(readIsEnabled('', 1)).toBe('disabled'));
});

describe('unitNamesFromFiles (Salt _get_systemd_services)', () => {
  it('names services bare, other unit types whole, and skips the rest', () => {
    expect(
      unitNamesFromFiles(['ssh.service', 'apt-daily.timer', 'getty@.service', 'multi-user.target.wants', 'user.slice', 'nginx.service.d', 'README']),
    ).toEqual(['ssh', 'apt-daily.timer', 'getty@']);
  });
});

describe('listAllServices (Salt get_all)', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-systemctl-'));
    for (const dir of ['usr/lib/systemd/system', 'etc/systemd/system/multi-user.target.wants', 'etc/init.d']) fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.symlinkSync('usr/lib', path.join(root, 'lib'));
    for (const f of ['ssh.service', 'apt-daily.timer', 'postgresql.service']) fs.writeFileSync(path.join(root, 'usr/lib/systemd/system', f), '');
    fs.writeFileSync(path.join(root, 'etc/systemd/system/local.service'), '');
    for (const [f, mode] of [['postgresql', 0o755], ['hwclock.sh', 0o755], ['README', 0o644]] as const) fs.writeFileSync(path.join(root, 'etc/init.d', f), '', { mode });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists units of every unit directory, and SysV scripts that no service replaces, sorted', () => {
    expect(listAllServices(root)).toEqual(['apt-daily.timer', 'hwclock.sh', 'local', 'postgresql', 'ssh']);
  });

  it('on this host, lists the systemd units installed', () => {
    const all = listAllServices();
    const installed = unitNamesFromFiles(fs.readdirSync('/usr/lib/systemd/system'));
    expect(all).toEqual(expect.arrayContaining(installed));
    expect(all).toEqual([...all].sort());
  });
});
