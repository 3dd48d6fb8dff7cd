/**
 * Linux 6.1: KVM_CAP_NR_VCPUS is the host's online CPUs (at most
 * KVM_MAX_VCPUS), the vCPU debugfs directory gains `pid`, more stats. Read in
 * Debian bookworm's linux_6.1.4.orig.tar.xz (upstream 6.1.4), checked
 * against 6.1.170.
 */
import { linux515 } from './linux-5.15.ts'
import { statFiles, type LinuxVersion } from './linux-release.ts'

export const vmStats61 = `
  remote_tlb_flush remote_tlb_flush_requests mmu_shadow_zapped mmu_pte_write mmu_pde_zapped mmu_flooded mmu_recycled
  mmu_cache_miss mmu_unsync(0444) pages_4k(0444) pages_2m(0444) pages_1g(0444) nx_lpage_splits(0444) max_mmu_rmap_size
  max_mmu_page_hash_collisions
  halt_successful_poll halt_attempted_poll halt_poll_invalid halt_wakeup halt_poll_success_ns halt_poll_fail_ns halt_wait_ns
  halt_poll_success_hist halt_poll_fail_hist halt_wait_hist blocking(0444) pf_taken pf_fixed pf_emulate pf_spurious pf_fast
  pf_mmio_spte_created pf_guest tlb_flush invlpg exits io_exits mmio_exits signal_exits irq_window_exits nmi_window_exits
  l1d_flush halt_exits request_irq_exits irq_exits host_state_reload fpu_reload insn_emulation insn_emulation_fail hypercalls
  irq_injections nmi_injections req_event nested_run directed_yield_attempted directed_yield_successful preemption_reported
  preemption_other guest_mode(0444) notify_window_exits`

export const linux61: LinuxVersion = {
  ...linux515,
  id: '6.1',
  label: 'Linux 6.1',
  release: '6.1.4',
  read: "Debian bookworm's linux_6.1.4.orig.tar.xz (upstream 6.1.4), checked against 6.1.170",
  // arch/x86/kvm/x86.c kvm_vm_ioctl_check_extension(): KVM_CAP_NR_VCPUS = min(num_online_cpus(), KVM_MAX_VCPUS).
  recommendedVcpus: (hostCpus) => Math.min(hostCpus, 1024),
  debugfsVmFiles: statFiles(`${vmStats61} mmu_rmaps_stat`),
  debugfsGlobalFiles: statFiles(vmStats61),
  // virt/kvm/kvm_main.c kvm_create_vcpu_debugfs(): `pid` first, then the arch files.
  debugfsVcpuFiles: statFiles('pid(0444) guest_mode(0444) tsc-offset(0444) lapic_timer_advance_ns(0444) tsc-scaling-ratio(0444) tsc-scaling-ratio-frac-bits(0444)'),
}
