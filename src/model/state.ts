/**
 * The simulation state: one QEMU process on one host. Pure data, never mutated:
 * every operation returns a new state that shares what did not change.
 */
import type { Profile } from './profile.ts'
import type { CpuSlot, Topology } from './topology.ts'
import type { BootConfig } from './cmdline.ts'
import type { HostEnvironment } from './environment.ts'

/** What lsof and /proc show of an open file. */
export interface OpenFile {
  /** lsof TYPE. */
  readonly type: 'CHR' | 'REG' | 'DIR' | 'a_inode' | 'FIFO' | 'IPv4' | 'IPv6'
  /** lsof DEVICE (`10,232`, `0,13`; the socket inode for IPv4/IPv6). */
  readonly device: string
  /** lsof SIZE/OFF (`0t0` offset form, or the size). */
  readonly sizeOff: string
  /** lsof NODE (an inode, or `TCP` for inet sockets). */
  readonly node: string
  /** lsof NAME. */
  readonly name: string
  /** The `/proc/PID/fd/N` symlink target. */
  readonly link: string
  /** fdinfo's `flags:`: f_flags, and O_CLOEXEC when the fd has it, in octal (`02000002`). */
  readonly flags: string
  /** What fdinfo prints after its base lines: nothing, or the lines of an eventfd, an epoll or a signalfd. */
  readonly fdinfo: 'plain' | 'eventfd' | 'eventpoll' | 'signalfd'
  /** The mount the file is on (fdinfo `mnt_id:`). */
  readonly mountId: number
}

export type FdRole =
  | { readonly kind: 'kvm-dev' }
  | { readonly kind: 'kvm-vm' }
  | { readonly kind: 'kvm-vcpu'; readonly vcpuId: number }
  /** `KVM_GET_STATS_FD` on a vCPU fd (QEMU 8.1+ on Linux 5.14+): read-only, never closed at unplug. */
  | { readonly kind: 'kvm-vcpu-stats'; readonly vcpuId: number }
  | { readonly kind: 'other'; readonly label: string }

export interface FdEntry {
  readonly fd: number
  /** lsof's mode character: `u` read/write, `r` read, `w` write. */
  readonly access: 'u' | 'r' | 'w'
  readonly file: OpenFile
  readonly role: FdRole
  /** When it was opened: `ls -l /proc/PID/fd` shows it (the dentry is made on first look, close to this) [I]. */
  readonly openedAt: number
}

/** `kvm_nx` is KVM's NX huge page recovery vhost_task (6.12.y+): the kernel's, in QEMU's thread group. */
export type ThreadRole = 'main' | 'call_rcu' | 'vcpu' | 'worker' | 'vnc_worker' | 'kvm_nx'

export interface Thread {
  readonly tid: number
  /** comm, at most 15 characters (§2.1). */
  readonly comm: string
  readonly role: ThreadRole
  /** The vCPU's cpu_index for vCPU threads, else null. */
  readonly cpuIndex: number | null
  /** Address of its stack mapping (glibc caches stacks of joined threads); 0 for a kernel task, which has none. */
  readonly stack: number
}

export type MappingKind = 'image' | 'anon' | 'stack' | 'kvm_run'

export interface Mapping {
  readonly start: number
  readonly length: number
  readonly kind: MappingKind
  readonly perms: string
  /** For kvm_run mappings: whose vCPU fd is mapped (§7.1), else null. */
  readonly vcpuId: number | null
  readonly fd: number | null
  /** For file-backed image mappings: the path, else null. */
  readonly path: string | null
}

export interface HostState {
  /** The recorded environment: binary, images, libraries, cwd. */
  readonly env: HostEnvironment
  /** False once the QEMU process has exited. */
  readonly alive: boolean
  /** Wall-clock seconds since the epoch, rendered as local time. */
  readonly clock: number
  /** The kernel's next PID/TID; TIDs only ever increase here (no wrap-around is modelled). */
  readonly nextPid: number
  readonly pid: number
  readonly fds: readonly FdEntry[]
  readonly threads: readonly Thread[]
  /** Sorted by address. */
  readonly mappings: readonly Mapping[]
  /** glibc's cache of freed thread stacks (addresses), most recent first. */
  readonly stackCache: readonly number[]
}

export interface KvmVcpu {
  readonly vcpuId: number
  readonly fd: number
  /** When KVM_CREATE_VCPU made it (and its debugfs directory). */
  readonly createdAt: number
  /**
   * `vcpu->pid`: the thread that last called KVM_RUN on it, 0 before the first. It stays when
   * that thread exits (the struct pid is still referenced), until a new thread runs it.
   */
  readonly runTid: number
}

export interface KvmState {
  readonly devFd: number
  readonly vmFd: number
  /** When KVM_CREATE_VM made the VM and its debugfs directory. */
  readonly createdAt: number
  /** Every vCPU ever created on the VM, in creation order: KVM never destroys one (§5.4). */
  readonly vcpus: readonly KvmVcpu[]
}

export interface QemuCpu {
  readonly cpuIndex: number
  readonly apicId: number
  /** `kvm_arch_vcpu_id()` = APIC ID on x86 (§0.2). */
  readonly vcpuId: number
  /** The `id=` given to device_add; startup CPUs have none. */
  readonly qdevId: string | null
  readonly qomPath: string
  readonly qomType: string
  readonly tid: number
  readonly kvmFd: number
  /** `cpu->kvm_vcpu_stats_fd` (8.1+), or null when this QEMU opens none or the kernel has no KVM_GET_STATS_FD. */
  readonly statsFd: number | null
  /** `cpu->kvm_run`: the address of its mmap of the vCPU fd (§1.1 step 5). */
  readonly kvmRun: number
  /** `cdev->is_removing`: device_del was accepted, the guest has not ejected (§3.2). */
  readonly unplugRequested: boolean
}

export interface ParkedVcpu {
  readonly vcpuId: number
  readonly kvmFd: number
}

export interface QemuState {
  readonly config: BootConfig
  readonly topology: Topology
  readonly slots: readonly CpuSlot[]
  /** CPU list in insertion order (`QTAILQ_INSERT_TAIL_RCU`, §2.2). */
  readonly cpus: readonly QemuCpu[]
  /** `s->kvm_parked_vcpus`, head first (LIFO insert, §1.1). */
  readonly parkedVcpus: readonly ParkedVcpu[]
  /** The monitor's current CPU as a QOM path; null means `first_cpu` (§2.3). */
  readonly monitorCpuPath: string | null
  /** `cpu_hotplug_legacy` of the PM device (§3.3). */
  readonly cpuHotplugLegacy: boolean
  /** Next N for `/machine/peripheral-anon/device[N]`. */
  readonly anonDeviceCount: number
  /** `-S` starts in prelaunch; `cont` runs, `stop` pauses. */
  readonly runState: 'running' | 'prelaunch' | 'paused'
  /** Set once QEMU has exited (a fatal error); the monitor is gone. */
  readonly exited: string | null
}

export type GuestBehaviour = 'cooperative' | 'ignore' | 'not-booted'

export interface SimState {
  readonly profile: Profile
  readonly host: HostState
  readonly kvm: KvmState
  readonly qemu: QemuState
  readonly guest: GuestBehaviour
}
