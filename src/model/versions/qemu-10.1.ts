/**
 * QEMU 10.1 (Fedora 43's, RHEL 9.8's and 10.2's): `info cpus` prints the CPU
 * model (` model=host`), kvm_close() for CPR closes the vCPU and stats fds of
 * plugged CPUs only; machine types before 4.2 are no longer registered.
 * Read in Ubuntu questing's qemu_10.1.0+ds.orig.tar.xz (upstream 10.1.0).
 */
import { qemu100 } from './qemu-10.0.ts'
import { deprecatedUpTo, pcMachineTypes, type QemuVersion } from './qemu-release.ts'

export const qemu101: QemuVersion = {
  ...qemu100,
  id: '10.1',
  version: '10.1.0',
  tag: 'v10.1.0',
  copyrightYear: 2025,
  read: "Ubuntu questing's qemu_10.1.0+ds.orig.tar.xz (upstream 10.1.0)",
  machines: pcMachineTypes({ latest: '10.1', q35From: '4.2', i440fxFrom: '4.2', deprecated: deprecatedUpTo('7.1') }),
  defaultMachine: 'pc-i440fx-10.1',
  machineAliases: { pc: 'pc-i440fx-10.1', q35: 'pc-q35-10.1' },
  monitor: {
    ...qemu100.monitor,
    // hmp-commands-info.hx: `opcount` gone, `accel` added.
    otherInfo: new Set([...[...qemu100.monitor.otherInfo].filter((n) => n !== 'opcount'), 'accel']),
    // hw/core/machine-hmp-cmds.c hmp_info_cpus(): " thread_id=%" PRId64 " model=%s\n".
    infoCpusModel: true,
  },
  unknowns: [],
}
