/**
 * QEMU 7.2 (Debian 12's): deprecated machine types warn (warn_report since
 * 7.1), `info stats` exists (7.1), KVM_CAP_MAX_VCPU_ID is set before the vCPUs.
 * Read in Debian bookworm's qemu_7.2+dfsg.orig.tar.xz (upstream 7.2.0), and
 * compared with Debian's 7.2.22 build run under TCG.
 */
import { commandSet } from './qemu-6.2.ts'
import { qemu70 } from './qemu-7.0.ts'
import { OLD_AND_UNATTENDED, compareVersions, pcMachineTypes, type QemuVersion } from './qemu-release.ts'

export const qemu72: QemuVersion = {
  ...qemu70,
  id: '7.2',
  version: '7.2.0',
  tag: 'v7.2.0',
  copyrightYear: 2022,
  read: "Debian bookworm's qemu_7.2+dfsg.orig.tar.xz (upstream 7.2.0); its 7.2.22 build run under TCG",
  machines: pcMachineTypes({
    latest: '7.2',
    q35From: '2.4',
    i440fxFrom: '1.4',
    deprecated: (family, v) => (family === 'i440fx' && compareVersions(v, '1.7') <= 0 ? OLD_AND_UNATTENDED : null),
  }),
  defaultMachine: 'pc-i440fx-7.2',
  machineAliases: { pc: 'pc-i440fx-7.2', q35: 'pc-q35-7.2' },
  // softmmu/vl.c: warn_report("Machine type '%s' is deprecated: %s").
  deprecationWarning: (name, reason) => `qemu-system-x86_64: warning: Machine type '${name}' is deprecated: ${reason}`,
  monitor: {
    ...qemu70.monitor,
    otherCommands: new Set([...qemu70.monitor.otherCommands, ...commandSet('cancel_vcpu_dirty_limit set_vcpu_dirty_limit dumpdtb')]),
    otherInfo: new Set([...qemu70.monitor.otherInfo, ...commandSet('stats vcpu_dirty_limit virtio virtio-queue-element virtio-queue-status virtio-status virtio-vhost-queue-status')]),
  },
  unknowns: ['The 7.2.x stable releases after 7.2.0 were not read one by one; Debian 12 runs 7.2.22.'],
}
