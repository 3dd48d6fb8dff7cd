/**
 * QEMU 10.0 (Debian 13's, RHEL 10.1's): parked vCPUs get their TSC reset on
 * every system reset, from the first CPU's post-reset sync (3f2a05b31ee9,
 * moved by f6b5f71f0452 in 10.0.1); remove events of CPUs hot-plugged before
 * the guest booted are delivered (8aa35bebeeae); KVM's hard limit is an
 * error_report (9.2). Read in Debian trixie's qemu_10.0.13+ds.orig.tar.xz
 * (upstream 10.0.13), and a 10.0.2 build run with KVM.
 */
import { qemu91 } from './qemu-9.1.ts'
import { deprecatedUpTo, pcMachineTypes, type QemuVersion } from './qemu-release.ts'

export const qemu100: QemuVersion = {
  ...qemu91,
  id: '10.0',
  version: '10.0.13',
  tag: 'v10.0.13',
  copyrightYear: 2025,
  read: "Debian trixie's qemu_10.0.13+ds.orig.tar.xz (upstream 10.0.13); Debian's 10.0.2 build run with KVM",
  // MACHINE_VER_DELETION is only armed from 10.1: 10.0 still registers 2.4 … 10.0, and deprecates up to 7.0.
  machines: pcMachineTypes({ latest: '10.0', q35From: '2.4', i440fxFrom: '2.4', deprecated: deprecatedUpTo('7.0') }),
  defaultMachine: 'pc-i440fx-10.0',
  machineAliases: { pc: 'pc-i440fx-10.0', q35: 'pc-q35-10.0' },
  // accel/kvm/kvm-all.c kvm_cpu_synchronize_post_reset(): `if (cpu == first_cpu) kvm_reset_parked_vcpus(kvm_state);`
  parkedReset: { how: 'tsc', from: 'kvm_cpu_synchronize_post_reset (first_cpu)', fn: 'kvm_arch_reset_parked_vcpu' },
  kvmLimitError: 'error_report',
  unknowns: [
    'Modelled as 10.0.13: 10.0.0 reset the parked vCPUs from a reset handler registered in kvm_init; 10.0.1 moved it to the first CPU.',
  ],
}
