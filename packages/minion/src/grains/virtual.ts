/**
 * The `virtual` grain (and `virtual_subtype`) as Salt 3006's `_virtual` finds
 * it on Linux: first what virt-what (when installed) or systemd-detect-virt,
 * dmidecode and lspci say, in that order, then the kernel's own files (chroot,
 * OpenVZ, Xen, QEMU CPU, DMI product name, container cgroups, LXC), and last
 * the Amazon EC2 check. The tools run once per process.
 */
import fs from 'node:fs';
import type { Grains } from '@brine/core/loader/define';
import { runTool } from './command';
import { exists, isDir, readText, which } from './read';

/** What systemd-detect-virt prints that Salt takes as the grain itself. */
const DETECT_VIRT_AS_IS = ['qemu', 'kvm', 'oracle', 'xen', 'bochs', 'chroot', 'uml', 'systemd-nspawn'];

/** Virtual grains being worked out: `virtual` always, `virtual_subtype` when known. */
interface Virtual {
  virtual: string;
  virtual_subtype?: string;
}

/** Salt's reading of systemd-detect-virt output; true when it decided. */
function fromDetectVirt(v: Virtual, out: string): boolean {
  if (DETECT_VIRT_AS_IS.includes(out)) v.virtual = out;
  else if (out.includes('vmware')) v.virtual = 'VMware';
  else if (out.includes('microsoft')) v.virtual = 'VirtualPC';
  else if (out.includes('lxc')) Object.assign(v, { virtual: 'container', virtual_subtype: 'LXC' });
  else if (out.includes('amazon')) Object.assign(v, { virtual: 'Nitro', virtual_subtype: 'Amazon EC2' });
  else return false;
  return true;
}

/** Salt's reading of virt-what output (first recognized line). */
function fromVirtWhat(v: Virtual, out: string): void {
  for (const line of out.split('\n')) {
    if (['kvm', 'qemu', 'uml', 'xen'].includes(line)) v.virtual = line;
    else if (line.includes('lxc')) Object.assign(v, { virtual: 'container', virtual_subtype: 'LXC' });
    else if (line.includes('vmware')) v.virtual = 'VMware';
    else if (line.includes('parallels')) v.virtual = 'Parallels';
    else if (line.includes('hyperv')) v.virtual = 'HyperV';
    else if (line === 'ibm_power-kvm') v.virtual = 'kvm';
    else if (line === 'ibm_power-lpar_shared') Object.assign(v, { virtual: 'LPAR', virtual_subtype: 'shared' });
    else if (line === 'ibm_power-lpar_dedicated') Object.assign(v, { virtual: 'LPAR', virtual_subtype: 'dedicated' });
    else continue;
    return;
  }
}

/** Salt's reading of dmidecode output. */
function fromDmidecode(v: Virtual, out: string): void {
  if (out.includes('Vendor: QEMU') || out.includes('Manufacturer: QEMU') || out.includes('Vendor: Bochs') || out.includes('Manufacturer: Bochs')) v.virtual = 'kvm';
  if (out.includes('BHYVE')) v.virtual = 'bhyve';
  else if (out.includes('Manufacturer: oVirt')) Object.assign(v, { virtual: 'kvm', virtual_subtype: 'ovirt' });
  else if (out.includes('Product Name: RHEV Hypervisor')) Object.assign(v, { virtual: 'kvm', virtual_subtype: 'rhev' });
  else if (out.includes('VirtualBox')) v.virtual = 'VirtualBox';
  else if (out.includes('VMware')) v.virtual = 'VMware';
  else if (out.includes(': Microsoft') && out.includes('Virtual Machine')) v.virtual = 'VirtualPC';
  else if (out.includes('Parallels Software')) v.virtual = 'Parallels';
  else if (out.includes('Manufacturer: Google') || out.includes('Vendor: SeaBIOS')) v.virtual = 'kvm';
}

/** Salt's reading of lspci output. */
function fromLspci(v: Virtual, out: string): void {
  const model = out.toLowerCase();
  if (model.includes('vmware')) v.virtual = 'VMware';
  else if (model.includes('virtualbox')) v.virtual = 'VirtualBox';
  else if (model.includes('qemu') || model.includes('virtio')) v.virtual = 'kvm';
}

/** Salt's tool pass: the first tool that is installed and answers decides (systemd-detect-virt only when it recognizes the answer). */
async function fromTools(v: Virtual, enableLspci: boolean): Promise<void> {
  const tools = which('virt-what') ? ['virt-what'] : ['systemd-detect-virt', 'virt-what', 'dmidecode'];
  if (enableLspci && exists('/proc/bus/pci')) tools.push('lspci');
  for (const tool of tools) {
    const res = await runTool(tool);
    if (!res || res.retcode > 0) continue;
    if (tool === 'systemd-detect-virt') {
      if (fromDetectVirt(v, res.stdout)) return;
      continue;
    }
    if (tool === 'virt-what') fromVirtWhat(v, res.stdout);
    else if (tool === 'dmidecode') fromDmidecode(v, res.stdout);
    else fromLspci(v, res.stdout);
    return;
  }
}

/** Salt's checks of the kernel's files, after the tools. */
function fromFiles(v: Virtual): void {
  try {
    const self = fs.statSync('/');
    const init = fs.statSync('/proc/1/root/.');
    if (self.dev !== init.dev || self.ino !== init.ino) v.virtual_subtype = 'chroot';
  } catch {
    // /proc/1/root is only readable by root
  }
  if (isDir('/proc/vz')) {
    if (exists('/proc/vz/version')) v.virtual = 'openvzhn';
    else if (exists('/proc/vz/veinfo')) v.virtual = 'openvzve';
  }
  const envId = /^envID:\s+(\d+)$/m.exec(readText('/proc/self/status') ?? '');
  if (envId) v.virtual = Number(envId[1]) !== 0 ? 'openvzve' : 'openvzhn';
  if (isDir('/proc/sys/xen') || isDir('/sys/bus/xen') || isDir('/proc/xen')) {
    const caps = readText('/proc/xen/capabilities');
    if (exists('/proc/xen/xsd_kva')) v.virtual_subtype = 'Xen Dom0';
    else if (caps !== undefined) v.virtual_subtype = caps.includes('control_d') ? 'Xen Dom0' : 'Xen PV DomU';
    else if (isDir('/sys/bus/xen') && isDir('/sys/bus/xen/drivers/xenconsole')) v.virtual_subtype = 'Xen PV DomU';
    if ((v.virtual_subtype ?? '').toLowerCase().includes('dom')) v.virtual = 'xen';
  }
  if ((readText('/proc/cpuinfo') ?? '').includes('QEMU Virtual CPU')) v.virtual = 'kvm';
  const product = readText('/sys/devices/virtual/dmi/id/product_name');
  if (product !== undefined) {
    if (product.includes('VirtualBox')) v.virtual = 'VirtualBox';
    else if (product.includes('RHEV Hypervisor')) Object.assign(v, { virtual: 'kvm', virtual_subtype: 'rhev' });
    else if (product.includes('oVirt Node')) Object.assign(v, { virtual: 'kvm', virtual_subtype: 'ovirt' });
    else if (product.includes('Google')) v.virtual = 'gce';
    else if (product.includes('BHYVE')) v.virtual = 'bhyve';
  }
  const cgroup = readText('/proc/1/cgroup');
  if (cgroup !== undefined) {
    if (cgroup.includes(':/lxc/')) Object.assign(v, { virtual: 'container', virtual_subtype: 'LXC' });
    else if (cgroup.includes(':/kubepods/')) v.virtual_subtype = 'kubernetes';
    else if (cgroup.includes(':/libpod_parent/')) v.virtual_subtype = 'libpod';
    else if ([':/system.slice/docker', ':/docker/', ':/docker-ce/'].some((x) => cgroup.includes(x))) Object.assign(v, { virtual: 'container', virtual_subtype: 'Docker' });
  }
  if (v.virtual_subtype !== 'LXC' && (readText('/proc/1/environ') ?? '').includes('container=lxc')) Object.assign(v, { virtual: 'container', virtual_subtype: 'LXC' });
}

/** Salt's Amazon EC2 check of a qemu, kvm or xen guest, from `dmidecode -t system`. */
async function fromEc2(v: Virtual): Promise<void> {
  if (!['qemu', 'kvm', 'xen', 'amazon'].includes(v.virtual)) return;
  const out = (await runTool('dmidecode', ['-t', 'system']))?.stdout;
  if (out === undefined) return;
  if (out.includes('Manufacturer: Amazon EC2')) {
    if (v.virtual !== 'xen') v.virtual = 'Nitro';
    const product = /Product Name: ([^\r\n]*)/.exec(out);
    v.virtual_subtype = product ? `Amazon EC2 (${product[1]})` : 'Amazon EC2';
  } else if (/Version: [^\r\n]+\.amazon/.test(out)) v.virtual_subtype = 'Amazon EC2';
}

/**
 * This host's `virtual` grain ('physical', 'kvm', 'container', ...) and
 * `virtual_subtype` when there is one, as Salt computes them.
 * @param enableLspci the minion's `enable_lspci` option (Salt's default true)
 */
export async function virtualGrains(enableLspci = true): Promise<Grains> {
  const v: Virtual = { virtual: 'physical' };
  await fromTools(v, enableLspci);
  fromFiles(v);
  if (v.virtual_subtype && v.virtual === 'physical') v.virtual = 'virtual';
  await fromEc2(v);
  return { ...v };
}
