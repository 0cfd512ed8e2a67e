/**
 * A stand-in `systemctl`, first on PATH, for testing the service module and
 * states on hosts where systemd is not PID 1: it logs each argv and answers
 * as systemd 252 does for a few units. The modules it goes with are the
 * built-ins with the service module's virtual check lifted, so calls go
 * through the real loader, argument binding and cmd.run_all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModuleDef } from '@brine/core/loader/define';
import { MODULES } from '@brine/modules/index';
import systemdService from '@brine/modules/systemd_service';

/**
 * Units it knows: nginx (active), busy (active, and stop/disable fail), changed (files changed on disk),
 * kmod (an alias of the static systemd-modules-load), cryptdisks (masked), apt-daily.timer (active);
 * nosuch is unknown. Every other unit is known and inactive, and every other action succeeds.
 */
const SCRIPT = `#!/bin/sh
echo "$*" >> "$(dirname "$0")/calls"
case "$*" in
  --version) echo 'systemd 252 (252.38-1~deb12u1)';;
  'status nosuch.service -n 0') echo 'Unit nosuch.service could not be found.' >&2; exit 4;;
  'status changed.service -n 0') echo "Warning: The unit file, source configuration file or drop-ins of changed.service changed on disk. Run 'systemctl daemon-reload' to reload units." >&2; exit 3;;
  'status nginx.service -n 0'|'status busy.service -n 0') exit 0;;
  status*) exit 3;;
  'start nosuch.service') echo 'Failed to start nosuch.service: Unit nosuch.service not found.' >&2; exit 5;;
  'stop nosuch.service') echo 'Failed to stop nosuch.service: Unit nosuch.service not loaded.' >&2; exit 5;;
  'restart nosuch.service') echo 'Failed to restart nosuch.service: Unit nosuch.service not found.' >&2; exit 5;;
  'reload nosuch.service') echo 'Failed to reload nosuch.service: Unit nosuch.service not found.' >&2; exit 5;;
  'enable nosuch.service') echo 'Failed to enable unit: Unit file nosuch.service does not exist.' >&2; exit 1;;
  'disable nosuch.service') echo 'Failed to disable unit: Unit file nosuch.service does not exist.' >&2; exit 1;;
  'stop busy.service') echo 'Job for busy.service canceled.' >&2; exit 1;;
  'disable busy.service') echo 'Failed to disable unit: Access denied' >&2; exit 1;;
  'is-enabled busy.service') echo enabled;;
  'is-enabled kmod.service') echo alias;;
  'show kmod.service -P Id') echo systemd-modules-load.service;;
  'is-enabled systemd-modules-load.service') echo static;;
  'is-enabled cryptdisks.service') echo masked; exit 1;;
  'is-enabled nosuch.service') echo 'Failed to get unit file state for nosuch.service: No such file or directory' >&2; exit 1;;
  'is-active apt-daily.timer'|'is-active nginx.service'|'is-active busy.service') echo active;;
  is-active*) echo inactive; exit 3;;
esac
`;

export interface FakeSystemctl {
  /** The built-in modules, the service module loading whatever the host. */
  modules: ModuleDef[];
  /** The systemctl command lines run since the last `reset` (the version probe left out). */
  calls(): string[];
  /** Forget the command lines run so far. */
  reset(): void;
  /** Restore PATH and remove the stand-in. */
  cleanup(): void;
}

/** Put the stand-in first on PATH (until `cleanup`). */
export function fakeSystemctl(): FakeSystemctl {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-systemctl-'));
  const log = path.join(bin, 'calls');
  fs.writeFileSync(path.join(bin, 'systemctl'), SCRIPT, { mode: 0o755 });
  const savedPath = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
  return {
    modules: MODULES.map((m) => (m === systemdService ? { ...m, virtual: undefined } : m)),
    calls: () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .filter((c) => c !== '--version')
        : [],
    reset: () => fs.rmSync(log, { force: true }),
    cleanup: () => {
      process.env.PATH = savedPath;
      fs.rmSync(bin, { recursive: true, force: true });
    },
  };
}
