/**
 * QEMU 10.2 (Ubuntu 26.04's): for the paths modelled here, 10.1's behaviour
 * with the coalesced-MMIO ring check fixed, machine types from 5.0, and the
 * `info accelerators` and `info firmware-log` commands. Read in Ubuntu
 * resolute's qemu_10.2.1+ds.orig.tar.xz (upstream 10.2.1).
 */
import { commandSet } from './qemu-6.2.ts'
import { qemu101 } from './qemu-10.1.ts'
import { deprecatedUpTo, pcMachineTypes, type QemuVersion } from './qemu-release.ts'

export const qemu102: QemuVersion = {
  ...qemu101,
  id: '10.2',
  version: '10.2.1',
  tag: 'v10.2.1',
  copyrightYear: 2025,
  read: "Ubuntu resolute's qemu_10.2.1+ds.orig.tar.xz (upstream 10.2.1)",
  machines: pcMachineTypes({ latest: '10.2', q35From: '5.0', i440fxFrom: '5.0', deprecated: deprecatedUpTo('7.2') }),
  defaultMachine: 'pc-i440fx-10.2',
  machineAliases: { pc: 'pc-i440fx-10.2', q35: 'pc-q35-10.2' },
  monitor: {
    ...qemu101.monitor,
    otherInfo: new Set([...qemu101.monitor.otherInfo, ...commandSet('accelerators firmware-log')]),
  },
  unknowns: [],
}
