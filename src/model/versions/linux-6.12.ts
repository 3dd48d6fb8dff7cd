/**
 * Linux 6.12: for the paths modelled here, what 6.8 does (KVM_ENABLE_CAP
 * of KVM_CAP_MAX_VCPU_ID also checks the boot CPU's id, which QEMU's ids
 * never trip). Read in Debian trixie's linux_6.12.38.orig.tar.xz, compared
 * with 6.12.8 and 6.12.107, and the 6.12.117+deb13-amd64 config.
 */
import { linux68 } from './linux-6.8.ts'
import type { LinuxVersion } from './linux-release.ts'

export const linux612: LinuxVersion = {
  ...linux68,
  id: '6.12',
  label: 'Linux 6.12',
  release: '6.12.38',
  // arch/x86/kvm/mmu/mmu.c at 6.12.38: kvm_mmu_post_init_vm() → call_once(kvm_mmu_start_lpage_recovery)
  // → vhost_task_create(..., "kvm-nx-lpage-recovery"), called from kvm_arch_vcpu_ioctl_run().
  nxRecoveryTask: 'first-run',
  unknowns: [
    ...linux68.unknowns,
    '6.12.8 starts the NX huge page recovery thread at KVM_CREATE_VM (kvm_arch_post_init_vm); 6.12.38 and later, shown here, at the first KVM_RUN. A host booted with kvm.nx_huge_pages=never has none.',
  ],
  read: "Debian trixie's linux_6.12.38.orig.tar.xz (upstream 6.12.38, compared with 6.12.8 and 6.12.107); CONFIG_KVM_MAX_NR_VCPUS=4096 in linux-config-6.12 6.12.117-1",
}
