/**
 * Linux 4.14, as the seed's host runs it: a 4.14 kernel that carries the 4.16
 * `kvm-vcpu:%d` anon-inode name (vanilla 4.14.5 names every vCPU fd plain
 * `kvm-vcpu`; the seed's lsof shows `kvm-vcpu:3`, so its vendor backported it).
 * Read in monkeygq/linux-4.14.5 (vanilla 4.14.5).
 */
import type { DebugfsFile, LinuxVersion } from './linux-release.ts'

const rw = (name: string): DebugfsFile => ({ name, mode: '-rw-r--r--' })
const ro = (name: string): DebugfsFile => ({ name, mode: '-r--r--r--' })

export const linux414: LinuxVersion = {
  id: '4.14',
  release: '4.14.5',
  read: 'monkeygq/linux-4.14.5 (vanilla 4.14.5); the kvm-vcpu:%d name as in 4.16.13 (virt/kvm/kvm_main.c create_vcpu_fd)',
  vcpuFdName: (vcpuId) => `kvm-vcpu:${vcpuId}`,
  vcpuStatsFdName: null,
  // arch/x86/include/asm/kvm_host.h: KVM_MAX_VCPUS 288, KVM_SOFT_MAX_VCPUS 240, KVM_MAX_VCPU_ID 1023.
  maxVcpus: 288,
  recommendedVcpus: () => 240,
  maxVcpuId: 1023,
  // virt/kvm/kvm_main.c kvm_dev_ioctl(): kvm_run + pio data + the coalesced MMIO ring page.
  vcpuMmapSize: 12288,
  // One file per entry of debugfs_entries[] (arch/x86/kvm/x86.c, 26 vCPU and 11 VM stats), kvm_create_vm_debugfs().
  debugfsVmFiles: [
    'efer_reload', 'exits', 'fpu_reload', 'halt_attempted_poll', 'halt_exits', 'halt_poll_invalid',
    'halt_successful_poll', 'halt_wakeup', 'host_state_reload', 'hypercalls', 'insn_emulation',
    'insn_emulation_fail', 'invlpg', 'io_exits', 'irq_exits', 'irq_injections', 'irq_window',
    'largepages', 'max_mmu_page_hash_collisions', 'mmio_exits', 'mmu_cache_miss', 'mmu_flooded',
    'mmu_pde_zapped', 'mmu_pte_updated', 'mmu_pte_write', 'mmu_recycled', 'mmu_shadow_zapped',
    'mmu_unsync', 'nmi_injections', 'nmi_window', 'pf_fixed', 'pf_guest', 'remote_tlb_flush',
    'req_event', 'request_irq', 'signal_exits', 'tlb_flush',
  ].map(rw),
  // arch/x86/kvm/debugfs.c kvm_arch_create_vcpu_debugfs(): tsc-offset, and the scaling pair with kvm_has_tsc_control.
  debugfsVcpuFiles: ['tsc-offset', 'tsc-scaling-ratio', 'tsc-scaling-ratio-frac-bits'].map(ro),
  anonInode: { device: '0,13', inode: 13759 },
  unknowns: [],
}
