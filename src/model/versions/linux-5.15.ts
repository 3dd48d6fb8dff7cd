/**
 * Linux 5.15: KVM_MAX_VCPUS 1024 (commit 074c82c8f7cf), vcpu ids up to 4095,
 * KVM_CAP_NR_VCPUS 710, more stats and `mmu_rmaps_stat`. Read in Ubuntu
 * jammy's linux_5.15.0.orig.tar.gz (upstream 5.15.0).
 */
import { linux514 } from './linux-5.14.ts'
import { statFiles, type LinuxVersion } from './linux-release.ts'

const vmStats515 = `
  remote_tlb_flush remote_tlb_flush_requests mmu_shadow_zapped mmu_pte_write mmu_pde_zapped mmu_flooded mmu_recycled
  mmu_cache_miss mmu_unsync(0444) pages_4k(0444) pages_2m(0444) pages_1g(0444) nx_lpage_splits(0444) max_mmu_rmap_size
  max_mmu_page_hash_collisions
  halt_successful_poll halt_attempted_poll halt_poll_invalid halt_wakeup halt_poll_success_ns halt_poll_fail_ns halt_wait_ns
  halt_poll_success_hist halt_poll_fail_hist halt_wait_hist pf_fixed pf_guest tlb_flush invlpg exits io_exits mmio_exits
  signal_exits irq_window_exits nmi_window_exits l1d_flush halt_exits request_irq_exits irq_exits host_state_reload fpu_reload
  insn_emulation insn_emulation_fail hypercalls irq_injections nmi_injections req_event nested_run directed_yield_attempted
  directed_yield_successful guest_mode(0444)`

export const linux515: LinuxVersion = {
  ...linux514,
  id: '5.15',
  label: 'Linux 5.15',
  release: '5.15.0',
  read: "Ubuntu jammy's linux_5.15.0.orig.tar.gz (upstream 5.15.0)",
  // arch/x86/include/asm/kvm_host.h: KVM_MAX_VCPUS 1024, KVM_SOFT_MAX_VCPUS 710, KVM_MAX_VCPU_ID = 1024 * KVM_VCPU_ID_RATIO (4).
  maxVcpus: 1024,
  recommendedVcpus: () => 710,
  maxVcpuId: 4096,
  // kvm_arch_create_vm_debugfs() adds mmu_rmaps_stat to the VM's directory only.
  debugfsVmFiles: statFiles(`${vmStats515} mmu_rmaps_stat`),
  debugfsGlobalFiles: statFiles(vmStats515),
}
