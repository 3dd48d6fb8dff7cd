/**
 * Linux 4.14, as the seed's host runs it: a 4.14 kernel that carries the 4.16
 * `kvm-vcpu:%d` anon-inode name (vanilla 4.14.5 names every vCPU fd plain
 * `kvm-vcpu`; the seed's lsof shows `kvm-vcpu:3`, so its vendor backported it).
 * Read in monkeygq/linux-4.14.5 (vanilla 4.14.5).
 */
import { statFiles, type LinuxVersion, type StatusField } from './linux-release.ts'

/** fs/proc/array.c `proc_pid_status()` at 4.14.5: `VmPMD`, and none of CoreDumping, THP_enabled, Seccomp_filters or the Speculation lines. */
const status414: readonly StatusField[] = [
  'Name', 'Umask', 'State', 'Tgid', 'Ngid', 'Pid', 'PPid', 'TracerPid', 'Uid', 'Gid', 'FDSize', 'Groups',
  'NStgid', 'NSpid', 'NSpgid', 'NSsid',
  'VmPeak', 'VmSize', 'VmLck', 'VmPin', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk', 'VmExe', 'VmLib', 'VmPTE', 'VmPMD', 'VmSwap',
  'HugetlbPages', 'Threads', 'SigQ', 'SigPnd', 'ShdPnd', 'SigBlk', 'SigIgn', 'SigCgt', 'CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb',
  'NoNewPrivs', 'Seccomp', 'Cpus_allowed', 'Cpus_allowed_list', 'Mems_allowed', 'Mems_allowed_list',
  'voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches',
]

// arch/x86/kvm/x86.c debugfs_entries[] (26 vCPU and 11 VM stats), all 0644; kvm_create_vm_debugfs() makes one file each.
const stats414 = statFiles(`
  pf_fixed pf_guest tlb_flush invlpg exits io_exits mmio_exits signal_exits irq_window nmi_window halt_exits
  halt_successful_poll halt_attempted_poll halt_poll_invalid halt_wakeup hypercalls request_irq irq_exits host_state_reload
  efer_reload fpu_reload insn_emulation insn_emulation_fail irq_injections nmi_injections req_event mmu_shadow_zapped
  mmu_pte_write mmu_pte_updated mmu_pde_zapped mmu_flooded mmu_recycled mmu_cache_miss mmu_unsync remote_tlb_flush
  largepages max_mmu_page_hash_collisions`)

export const linux414: LinuxVersion = {
  id: '4.14',
  label: "Linux 4.14 (the seed's, kvm-vcpu:N)",
  release: '4.14.5',
  read: 'monkeygq/linux-4.14.5 (vanilla 4.14.5); the kvm-vcpu:%d name as in 4.16.13 (virt/kvm/kvm_main.c create_vcpu_fd)',
  vcpuFdName: (vcpuId) => `kvm-vcpu:${vcpuId}`,
  // No KVM_GET_STATS_FD: the vCPU ioctl falls to kvm_arch_vcpu_ioctl()'s default, -EINVAL.
  vcpuStatsFdName: null,
  // arch/x86/include/asm/kvm_host.h: KVM_MAX_VCPUS 288, KVM_SOFT_MAX_VCPUS 240 (KVM_CAP_NR_VCPUS), KVM_MAX_VCPU_ID 1023.
  maxVcpus: 288,
  recommendedVcpus: () => 240,
  maxVcpuId: 1023,
  // arch/x86/kvm/mmu.c: no NX huge page recovery in 4.14.5 (5.4 adds it, as a kthread).
  nxRecoveryTask: null,
  // CAP_AUDIT_READ (37); 5.9 adds CAP_PERFMON, CAP_BPF and CAP_CHECKPOINT_RESTORE (40).
  capLastCap: 37,
  // virt/kvm/kvm_main.c kvm_dev_ioctl(): kvm_run + pio data + the coalesced MMIO ring page.
  vcpuMmapSize: 12288,
  debugfsVmFiles: stats414,
  debugfsGlobalFiles: stats414,
  // arch/x86/kvm/debugfs.c kvm_arch_create_vcpu_debugfs(): tsc-offset, and the scaling pair with kvm_has_tsc_control.
  debugfsVcpuFiles: statFiles('tsc-offset(0444) tsc-scaling-ratio(0444) tsc-scaling-ratio-frac-bits(0444)'),
  // The seed's lsof: DEVICE 0,13, NODE 13759. The mount id is not in the seed.
  anonInode: { device: '0,13', inode: 13759, mountId: 13 },
  // fs/proc/fd.c seq_show(): pos, flags, mnt_id; the fdinfo file is 0400. fs/eventfd.c: eventfd-count only.
  fdinfo: { ino: false, mode: '-r--------', eventfd: ['count'] },
  status: status414,
  unknowns: [
    "The seed's kernel is a vendor 4.14 with the 4.16 kvm-vcpu:N name backported (vanilla 4.14.5 prints plain kvm-vcpu); its other backports are unknown.",
    'The anon_inode mount id is not in the seed: the fdinfo mnt_id shown is an example.',
  ],
}
