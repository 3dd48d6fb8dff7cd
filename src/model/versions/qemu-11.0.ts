/**
 * QEMU 11.0: the legacy ACPI CPU hotplug interface is gone (the PM device is
 * modern from power-on, so `device_del` works before the guest's ACPI runs),
 * threads are always named (`-name debug-threads=` is ignored), and a VM-fd
 * rebuild on reset (x-change-vmfd-on-reset, confidential guests) rebinds
 * plugged vCPUs only. Read in Ubuntu stonking's qemu_11.0.3+ds.orig.tar.xz
 * (upstream 11.0.3); no 11.0.0 tree was reachable.
 */
import { qemu102 } from './qemu-10.2.ts'
import { deprecatedUpTo, pcMachineTypes, type QemuVersion } from './qemu-release.ts'

export const qemu110: QemuVersion = {
  ...qemu102,
  id: '11.0',
  version: '11.0.3',
  tag: 'v11.0.3',
  copyrightYear: 2026,
  read: "Ubuntu stonking's qemu_11.0.3+ds.orig.tar.xz (upstream 11.0.3)",
  machines: pcMachineTypes({ latest: '11.0', q35From: '5.1', i440fxFrom: '5.1', deprecated: deprecatedUpTo('8.0') }),
  defaultMachine: 'pc-i440fx-11.0',
  machineAliases: { pc: 'pc-i440fx-11.0', q35: 'pc-q35-11.0' },
  // hw/acpi/cpu_hotplug.c deleted: ich9/piix4 call cpu_hotplug_hw_init() at init.
  legacyCpuHotplug: false,
  // util/qemu-thread-posix.c qemu_thread_start(): qemu_thread_set_name() unconditionally.
  threadNames: 'always',
  unknowns: [
    'Read at 11.0.3: whether 11.0.0 differs in these paths was not established (no 11.0.0 tree or stable round-up was reachable).',
    'Not modelled: the VM-fd rebuild on reset (machine property x-change-vmfd-on-reset, confidential guests), which rebinds plugged vCPUs and leaves parked ones on the old VM.',
  ],
}
