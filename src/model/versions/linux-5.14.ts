/**
 * Linux 5.14: binary stats and `KVM_GET_STATS_FD`, `kvm-vcpu:%d` names, vCPU
 * debugfs directories that live as long as the VM. Read in 5.14.2
 * (Kingdo777/linux-5.14.2-faascale-host, root commit; its KVM and /proc files
 * match an independent 5.14-rc5 tree byte for byte).
 */
import { linux414 } from './linux-4.14.ts'
import { statFiles, type LinuxVersion, type StatusField } from './linux-release.ts'

/** fs/proc/array.c at 5.14: no VmPMD; CoreDumping, THP_enabled, Seccomp_filters and both Speculation lines. */
export const status514: readonly StatusField[] = [
  'Name', 'Umask', 'State', 'Tgid', 'Ngid', 'Pid', 'PPid', 'TracerPid', 'Uid', 'Gid', 'FDSize', 'Groups',
  'NStgid', 'NSpid', 'NSpgid', 'NSsid',
  'VmPeak', 'VmSize', 'VmLck', 'VmPin', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk', 'VmExe', 'VmLib', 'VmPTE', 'VmSwap',
  'HugetlbPages', 'CoreDumping', 'THP_enabled', 'Threads', 'SigQ', 'SigPnd', 'ShdPnd', 'SigBlk', 'SigIgn', 'SigCgt',
  'CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs', 'Seccomp', 'Seccomp_filters',
  'Speculation_Store_Bypass', 'SpeculationIndirectBranch', 'Cpus_allowed', 'Cpus_allowed_list', 'Mems_allowed', 'Mems_allowed_list',
  'voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches',
]

// include/linux/kvm_host.h KVM_GENERIC_*_STATS + arch/x86/kvm/x86.c kvm_vm_stats_desc[], kvm_vcpu_stats_desc[]; instant stats are 0444.
const stats514 = statFiles(`
  remote_tlb_flush mmu_shadow_zapped mmu_pte_write mmu_pde_zapped mmu_flooded mmu_recycled mmu_cache_miss mmu_unsync(0444)
  lpages(0444) nx_lpage_splits(0444) max_mmu_page_hash_collisions
  halt_successful_poll halt_attempted_poll halt_poll_invalid halt_wakeup halt_poll_success_ns halt_poll_fail_ns pf_fixed
  pf_guest tlb_flush invlpg exits io_exits mmio_exits signal_exits irq_window_exits nmi_window_exits l1d_flush halt_exits
  request_irq_exits irq_exits host_state_reload fpu_reload insn_emulation insn_emulation_fail hypercalls irq_injections
  nmi_injections req_event nested_run directed_yield_attempted directed_yield_successful guest_mode(0444)`)

export const linux514: LinuxVersion = {
  ...linux414,
  id: '5.14',
  label: 'Linux 5.14',
  release: '5.14.2',
  read: 'Kingdo777/linux-5.14.2-faascale-host at its root commit (5.14.2), checked against lsk-legends/linux-5.14 (5.14-rc5)',
  // virt/kvm/kvm_main.c create_vcpu_fd(): snprintf(name, sizeof(name), "kvm-vcpu:%d", vcpu->vcpu_id).
  vcpuFdName: (vcpuId) => `kvm-vcpu:${vcpuId}`,
  // kvm_vcpu_ioctl_get_stats_fd(): "kvm-vcpu-stats:%d", anon_inode_getfile(..., O_RDONLY), FMODE_PREAD.
  vcpuStatsFdName: (vcpuId) => `kvm-vcpu-stats:${vcpuId}`,
  // include/uapi/linux/capability.h: CAP_CHECKPOINT_RESTORE (40), the last one since 5.9.
  capLastCap: 40,
  debugfsVmFiles: stats514,
  debugfsGlobalFiles: stats514,
  // arch/x86/kvm/debugfs.c: guest_mode, tsc-offset, lapic_timer_advance_ns (in-kernel LAPIC), the scaling pair.
  debugfsVcpuFiles: statFiles('guest_mode(0444) tsc-offset(0444) lapic_timer_advance_ns(0444) tsc-scaling-ratio(0444) tsc-scaling-ratio-frac-bits(0444)'),
  anonInode: { device: '0,14', inode: 1057, mountId: 15 },
  // fs/proc/fd.c: `ino:` added, the file is 0444; fs/eventfd.c adds eventfd-id.
  fdinfo: { ino: true, mode: '-r--r--r--', eventfd: ['count', 'id'] },
  status: status514,
  unknowns: [
    'RHEL 9 runs a 5.14 kernel with many later KVM changes backported; this is upstream 5.14.',
    'The anon_inode device, inode and mount id depend on the boot: the values shown are an example.',
  ],
}
