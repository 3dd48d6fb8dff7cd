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
  /** `KVM_GET_VCPU_MMAP_SIZE` on x86. */
  readonly vcpuMmapSize: number

  /** Files of `/sys/kernel/debug/kvm/<pid>-<fd>/` (the VM-wide stats), as `ls` sorts them. */
  readonly debugfsVmFiles: readonly DebugfsFile[]
  /** Files of a vCPU's `vcpuN/` directory on x86 (Intel host with TSC scaling, LAPIC in kernel). */
  readonly debugfsVcpuFiles: readonly DebugfsFile[]

  /** The anon_inode filesystem's device, and the one inode every anon file shares. */
  readonly anonInode: { readonly device: string; readonly inode: number }

  /** What could not be established for this kernel. */
  readonly unknowns: readonly string[]
}
