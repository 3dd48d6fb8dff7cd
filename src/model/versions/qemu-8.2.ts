/**
 * QEMU 8.2 (Ubuntu 24.04's): since 8.1 every vCPU realize opens a
 * `kvm-vcpu-stats:N` fd that nothing closes (commit 3b6f485275ae, "kvm: reuse
 * per-vcpu stats fd"); q35 8.1/8.2 allow 1024 CPUs. Read in Ubuntu noble's
 * qemu_8.2.2+ds.orig.tar.xz (upstream 8.2.2).
 */
import { commandSet } from './qemu-6.2.ts'
import { qemu72 } from './qemu-7.2.ts'
import { OLD_AND_UNATTENDED, compareVersions, pcMachineTypes, type QemuVersion } from './qemu-release.ts'

export const qemu82: QemuVersion = {
  ...qemu72,
  id: '8.2',
  version: '8.2.2',
  tag: 'v8.2.2',
  copyrightYear: 2023,
  // Observed with the 8.2.2 build: the banner only, no prompt, before the -cpu error.
  promptBeforeCpuCheck: false,
  read: "Ubuntu noble's qemu_8.2.2+ds.orig.tar.xz (upstream 8.2.2); the 8.1 stats-fd pull request (3b6f485275ae)",
  // i440fx 1.4–1.7 are gone; 2.0–2.3 are now "old and unattended".
  machines: pcMachineTypes({
    latest: '8.2',
    q35From: '2.4',
    i440fxFrom: '2.0',
    deprecated: (family, v) => (family === 'i440fx' && compareVersions(v, '2.3') <= 0 ? OLD_AND_UNATTENDED : null),
  }),
  defaultMachine: 'pc-i440fx-8.2',
  machineAliases: { pc: 'pc-i440fx-8.2', q35: 'pc-q35-8.2' },
  // qapi/machine.json: drawers and books (8.2, s390x only).
  smpKeys: ['cpus', 'drawers', 'books', 'sockets', 'dies', 'clusters', 'cores', 'threads', 'maxcpus'],
  // accel/kvm/kvm-all.c kvm_init_vcpu(): `cpu->kvm_vcpu_stats_fd = kvm_vcpu_ioctl(cpu, KVM_GET_STATS_FD, NULL);`
  vcpuStatsFd: true,
  monitor: {
    ...qemu72.monitor,
    otherCommands: new Set([...qemu72.monitor.otherCommands, ...commandSet('one-insn-per-tb xen-event-inject xen-event-list')]),
    otherInfo: new Set([...[...qemu72.monitor.otherInfo].filter((n) => n !== 'profile'), 'cryptodev']),
  },
  unknowns: [],
}
