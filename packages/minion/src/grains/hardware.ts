/** Hardware grains: `cpuarch`, `num_cpus`, `cpu_model`, `mem_total` (MiB) and `machine_id`. */
import os from 'node:os';
import type { Grains } from '@brine/core/loader/define';
import { readFirst } from './read';

/**
 * CPU, memory and machine identity of this host. `mem_total` is the physical
 * memory in MiB, rounded down, as /proc/meminfo's MemTotal / 1024.
 * `machine_id` (from /etc/machine-id or /var/lib/dbus/machine-id) is left out when neither exists.
 */
export function hardwareGrains(): Grains {
  const cpus = os.cpus();
  const machineId = readFirst('/etc/machine-id', '/var/lib/dbus/machine-id')?.trim();
  return {
    cpuarch: os.machine(),
    num_cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? '',
    mem_total: Math.floor(os.totalmem() / 2 ** 20),
    ...(machineId ? { machine_id: machineId } : {}),
  };
}
