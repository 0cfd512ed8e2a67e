/**
 * Hardware grains as Salt 3006 reads them on Linux: `num_cpus`, `cpu_model`,
 * `cpu_flags` from /proc/cpuinfo; `mem_total`, `swap_total` (MiB) from
 * /proc/meminfo; the firmware grains from /sys/class/dmi/id; `machine_id`;
 * and `gpus`/`num_gpus` from `lspci -vmm`.
 */
import type { Grains } from '@brine/core/loader/define';
import { parseMeminfo as parseProcMeminfo } from '@brine/modules/lib/procfs';
import { runTool } from './command';
import { exists, readFirst, readText } from './read';

/**
 * Salt's `_linux_cpudata` over /proc/cpuinfo text: `num_cpus` counts
 * `processor` lines (or takes s390's `# processors`), `cpu_model` is the last
 * `model name`/`vendor_id`/`cpu` value (ARM: `Processor` up to a dash),
 * `cpu_flags` the words of `flags` (ARM: `Features`).
 */
export function parseCpuinfo(text: string | undefined): Grains {
  const g: { num_cpus?: number; cpu_model?: string; cpu_flags?: string[] } = {};
  if (text !== undefined) {
    g.num_cpus = 0;
    for (const line of text.split('\n')) {
      const comps = line.split(':');
      if (comps.length < 2) continue;
      const key = comps[0].trim();
      const val = comps[1].trim();
      if (key === 'processor') g.num_cpus += 1;
      else if (key === '# processors') g.num_cpus = Number.parseInt(val, 10);
      else if (key === 'vendor_id' || key === 'model name' || key === 'cpu') g.cpu_model = val;
      else if (key === 'flags' || key === 'Features') g.cpu_flags = val.split(/\s+/).filter(Boolean);
      else if (key === 'Processor') {
        g.cpu_model = val.split('-')[0];
        g.num_cpus = 1;
      }
    }
  }
  return { num_cpus: g.num_cpus ?? 0, cpu_model: g.cpu_model ?? 'Unknown', cpu_flags: g.cpu_flags ?? [] };
}

/** Salt's `_linux_memdata`: MemTotal and SwapTotal of /proc/meminfo text in MiB, rounded down (0 when missing). */
export function parseMeminfo(text: string | undefined): { mem_total: number; swap_total: number } {
  const meminfo = parseProcMeminfo(text ?? '');
  const mib = (name: string): number => Math.floor(Number(meminfo[name]?.value ?? 0) / 1024) || 0;
  return { mem_total: mib('MemTotal'), swap_total: mib('SwapTotal') };
}

/** The grain of each /sys/class/dmi/id file, in Salt's order (`_hw_data`). */
const DMI_FILES: [string, string][] = [
  ['biosversion', 'bios_version'], ['biosvendor', 'bios_vendor'], ['boardname', 'board_name'],
  ['productname', 'product_name'], ['manufacturer', 'sys_vendor'], ['biosreleasedate', 'bios_date'],
  ['uuid', 'product_uuid'], ['serialnumber', 'product_serial'],
];

/**
 * Firmware grains from /sys/class/dmi/id (Salt's `_hw_data` on Linux): each
 * readable file gives its grain, trimmed; `uuid` is lowercased. Files only
 * root may read (the serial, the uuid) are left out for other users, as in Salt.
 */
export function dmiGrains(dir = '/sys/class/dmi/id'): Grains {
  if (!exists(dir)) return {};
  const g: Grains = {};
  for (const [grain, file] of DMI_FILES) {
    const text = readText(`${dir}/${file}`);
    if (text !== undefined) g[grain] = grain === 'uuid' ? text.trim().toLowerCase() : text.trim();
  }
  return g;
}

/** Salt's `machine_id` grain: /etc/machine-id, else /var/lib/dbus/machine-id; none when both are missing. */
export function machineId(): Grains {
  const id = readFirst('/etc/machine-id', '/var/lib/dbus/machine-id')?.trim();
  return id ? { machine_id: id } : {};
}

/** The GPU vendors Salt recognizes in lspci's Vendor field (lowercase). */
const GPU_VENDORS = ['nvidia', 'amd', 'ati', 'intel', 'cirrus logic', 'vmware', 'matrox', 'aspeed'];
/** lspci's Class of a display device. */
const GPU_CLASSES = ['vga compatible controller', '3d controller', 'display controller'];

/**
 * Salt's `_linux_gpu_data` over `lspci -vmm` output: each record whose Class is
 * a display controller gives `{vendor, model}`, the vendor one of Salt's known
 * names found among the Vendor field's words, else 'unknown'.
 */
export function parseLspci(out: string): { num_gpus: number; gpus: { vendor: string; model: string }[] } {
  const gpus = out
    .split(/\n\s*\n/)
    .map((rec) => Object.fromEntries(rec.split('\n').flatMap((l) => (/^\w+:\s+/.test(l) ? [[l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]] : []))) as Record<string, string>)
    .filter((dev) => GPU_CLASSES.includes((dev.Class ?? '').toLowerCase()))
    .map((dev) => {
      const words = (dev.Vendor ?? '').toLowerCase().split(/[^A-Za-z0-9]/);
      return { vendor: GPU_VENDORS.find((v) => words.includes(v)) ?? 'unknown', model: dev.Device ?? '' };
    });
  return { num_gpus: gpus.length, gpus };
}

/** `num_gpus` and `gpus` of this host: from `lspci -vmm` when lspci is installed and allowed (`enable_lspci`), else none, as in Salt. */
export async function gpuGrains(enableLspci: boolean): Promise<Grains> {
  const res = enableLspci ? await runTool('lspci', ['-vmm']) : undefined;
  return res ? parseLspci(res.stdout) : { num_gpus: 0, gpus: [] };
}
