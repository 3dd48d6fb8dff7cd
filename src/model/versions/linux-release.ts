/**
 * The shape of a Linux host kernel as the model asks it (see linux.ts for the
 * registry): KVM's limits and names, its debugfs tree, and what /proc shows.
 */

export interface DebugfsFile {
  readonly name: string
  /** As `ls -l` shows it: `-rw-r--r--`, `-r--r--r--`. */
  readonly mode: string
}

export interface LinuxVersion {
  /** The release line, as the picker names it: `6.8`. */
  readonly id: string
  /** The picker's name for it. */
  readonly label: string
  /** `uname -r` of the upstream release read, shown when no distribution kernel is in use. */
  readonly release: string
  /** Where the source was read. */
  readonly read: string

  /** `create_vcpu_fd()`: the anon inode's name (`kvm-vcpu` before 4.16, `kvm-vcpu:%d` since). */
  readonly vcpuFdName: (vcpuId: number) => string
  /** `KVM_GET_STATS_FD` on a vCPU fd (5.14+): the fd's name, or null when the ioctl does not exist (EINVAL, no fd). */
  readonly vcpuStatsFdName: ((vcpuId: number) => string) | null
  /** `KVM_CAP_MAX_VCPUS` = KVM_MAX_VCPUS: QEMU refuses more CPUs than this. */
  readonly maxVcpus: number
  /** `KVM_CAP_NR_VCPUS`, the count QEMU warns above, for a host with `hostCpus` online CPUs. */
  readonly recommendedVcpus: (hostCpus: number) => number
  /** Ids at or above this fail KVM_CREATE_VCPU with EINVAL (KVM_MAX_VCPU_ID(S)). */
  readonly maxVcpuId: number
  /** include/uapi/linux/capability.h `CAP_LAST_CAP`: a root task's CapPrm/CapEff/CapBnd have bits 0 to this set. */
  readonly capLastCap: number
  /** `KVM_GET_VCPU_MMAP_SIZE` on x86. */
  readonly vcpuMmapSize: number

  /** Files of `/sys/kernel/debug/kvm/<pid>-<fd>/`: the VM's stats (and arch files), as `ls` sorts them. */
  readonly debugfsVmFiles: readonly DebugfsFile[]
  /** Files of `/sys/kernel/debug/kvm/` itself: the same stats, summed over every VM (kvm_init_debug). */
  readonly debugfsGlobalFiles: readonly DebugfsFile[]
  /** Files of a vCPU's `vcpuN/` directory on x86 (Intel host with TSC scaling, LAPIC in kernel). */
  readonly debugfsVcpuFiles: readonly DebugfsFile[]

  /** The anon_inode filesystem's device, and the one inode every anon file shares (boot-dependent values). */
  readonly anonInode: { readonly device: string; readonly inode: number; readonly mountId: number }

  /** `/proc/PID/fdinfo/N` (fs/proc/fd.c `seq_show`): an `ino:` line (5.14+), the file's mode, eventfd's lines. */
  readonly fdinfo: {
    readonly ino: boolean
    readonly mode: string
    readonly eventfd: readonly ('count' | 'id' | 'semaphore')[]
  }
  /** `/proc/PID/status` (fs/proc/array.c `proc_pid_status`): its lines, in order, on x86-64. */
  readonly status: readonly StatusField[]

  /**
   * KVM's NX huge page recovery worker as QEMU's process sees it. Up to 6.8 it is a kthread of
   * its own (arch/x86/kvm/mmu/mmu.c kvm_mmu_post_init_vm → kvm_vm_create_worker_thread), outside
   * QEMU's thread group: null. Since 6.12.y it is a vhost_task, a thread of QEMU's process
   * (kernel/vhost_task.c vhost_task_create, CLONE_THREAD) named `kvm-nx-lpage-recovery`, which
   * comm cuts to 15 characters; 'first-run' when the VM's first KVM_RUN starts it (call_once from
   * kvm_arch_vcpu_ioctl_run).
   */
  readonly nxRecoveryTask: 'first-run' | null

  /** What could not be established for this kernel. */
  readonly unknowns: readonly string[]
}

/** The lines `/proc/PID/status` can have, named as they print. */
export type StatusField =
  | 'Name' | 'Umask' | 'State' | 'Tgid' | 'Ngid' | 'Pid' | 'PPid' | 'TracerPid' | 'Uid' | 'Gid' | 'FDSize' | 'Groups'
  | 'NStgid' | 'NSpid' | 'NSpgid' | 'NSsid' | 'Kthread'
  | 'VmPeak' | 'VmSize' | 'VmLck' | 'VmPin' | 'VmHWM' | 'VmRSS' | 'RssAnon' | 'RssFile' | 'RssShmem' | 'VmData' | 'VmStk'
  | 'VmExe' | 'VmLib' | 'VmPTE' | 'VmPMD' | 'VmSwap' | 'HugetlbPages' | 'CoreDumping' | 'THP_enabled' | 'untag_mask'
  | 'Threads' | 'SigQ' | 'SigPnd' | 'ShdPnd' | 'SigBlk' | 'SigIgn' | 'SigCgt'
  | 'CapInh' | 'CapPrm' | 'CapEff' | 'CapBnd' | 'CapAmb' | 'NoNewPrivs' | 'Seccomp' | 'Seccomp_filters'
  | 'Speculation_Store_Bypass' | 'SpeculationIndirectBranch'
  | 'Cpus_allowed' | 'Cpus_allowed_list' | 'Mems_allowed' | 'Mems_allowed_list'
  | 'voluntary_ctxt_switches' | 'nonvoluntary_ctxt_switches' | 'x86_Thread_features' | 'x86_Thread_features_locked'

/** Sorted as `ls` sorts debugfs names (byte order; the same as en_US for these names). */
export function byName(files: readonly DebugfsFile[]): DebugfsFile[] {
  return [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Stat files from a creation-order list where `name(0444)` marks an instant (read-only) stat. */
export function statFiles(list: string): DebugfsFile[] {
  return byName(
    list
      .trim()
      .split(/\s+/)
      .map((word) => {
        const m = /^([a-z0-9_-]+)(\(0444\))?$/.exec(word)!
        return { name: m[1]!, mode: m[2] ? '-r--r--r--' : '-rw-r--r--' }
      }),
  )
}
