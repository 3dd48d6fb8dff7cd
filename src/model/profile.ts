/**
 * Behaviour profiles: what a given QEMU build on a given host kernel does.
 *
 * The model never hard-codes a version; every version-dependent fact is read
 * from a profile. Only one profile exists so far: the seed's host
 * (QEMU 7.0.0 on a 4.14 kernel that carries the 4.16 `kvm-vcpu:N` naming,
 * BEHAVIOUR.md §9.1, §10.6).
 */

export interface MachineType {
  /** Full name, as `mc->name` (`pc-q35-7.0`). */
  readonly name: string
  readonly family: 'q35' | 'i440fx'
  /** `mc->max_cpus` (BEHAVIOUR.md §4.5). */
  readonly maxCpus: number
  /** `smp_props.prefer_sockets`: set for ≤ 6.1 machine types (§4.1). */
  readonly preferSockets: boolean
}

export interface KernelProfile {
  readonly sysname: 'Linux'
  readonly release: string
  readonly nodename: string
  readonly machine: 'x86_64'
  /** Host CPUs (`/sys/devices/system/cpu/cpuN`); pidstat's banner and CPU column. */
  readonly cpuCount: number
  /** `KVM_MAX_VCPUS` (§5.5). */
  readonly maxVcpus: number
  /** `KVM_CAP_NR_VCPUS`, the soft limit QEMU warns about (`KVM_SOFT_MAX_VCPUS`, §5.5). */
  readonly recommendedVcpus: number
  /** `KVM_MAX_VCPU_ID`: ids at or above it fail `KVM_CREATE_VCPU` with EINVAL (§5.1). */
  readonly maxVcpuId: number
  /** `kvm-vcpu:%d` (4.16+ or backported) rather than plain `kvm-vcpu` (§5.2). */
  readonly vcpuNameHasId: boolean
  /** `kvm_has_tsc_control`: the two TSC-scaling debugfs files exist (§5.3). */
  readonly tscControl: boolean
  /** `KVM_GET_VCPU_MMAP_SIZE` (§5.6). */
  readonly vcpuMmapSize: number
  /** Files of the per-VM debugfs directory (the VM-wide stats of this kernel). */
  readonly debugfsVmFiles: readonly string[]
  /** The anon_inode filesystem's device and the one inode every anon file shares (§7.1). */
  readonly anonInode: { readonly device: string; readonly inode: number }
}

export interface QemuProfile {
  readonly version: string
  /** The binary's default machine when `-machine` is absent. */
  readonly defaultMachine: string
  readonly machineAliases: Readonly<Record<string, string>>
  readonly machines: readonly MachineType[]
  /** `info cpus` prints ` model=…` from 10.1 on (§2.3). */
  readonly infoCpusModel: boolean
  /** Since 8.1 each vCPU also opens a `kvm-vcpu-stats:N` fd (§1.2). */
  readonly vcpuStatsFd: boolean
}

/** Tools on the host, whose output formats are version dependent. */
export interface ToolsProfile {
  /** sysstat 10.1.4 … 11.5.4 print no `%wait` column (research: pidstat.c). */
  readonly pidstatHasWait: boolean
}

export interface Profile {
  readonly id: string
  readonly label: string
  readonly qemu: QemuProfile
  readonly kernel: KernelProfile
  readonly tools: ToolsProfile
}

function machineVersions(prefix: string, family: MachineType['family'], versions: readonly string[]): MachineType[] {
  return versions.map((v) => {
    const [major = 0, minor = 0] = v.split('.').map(Number)
    const preferSockets = major < 6 || (major === 6 && minor <= 1)
    // q35 ≤ 2.7 kept the old 255 limit (`pc_q35_2_7_machine_options`); i440fx is 255 throughout (§4.5).
    const maxCpus = family === 'q35' && (major > 2 || minor >= 8) ? 288 : 255
    return { name: `${prefix}-${v}`, family, maxCpus, preferSockets }
  })
}

const pcVersions70 = [
  '2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12',
  '3.0', '3.1', '4.0', '4.1', '4.2', '5.0', '5.1', '5.2', '6.0', '6.1', '6.2', '7.0',
]

/**
 * The files in `/sys/kernel/debug/kvm/<pid>-<fd>/` on x86 Linux 4.14.5: one per
 * entry of `debugfs_entries[]` (arch/x86/kvm/x86.c, 26 vCPU and 11 VM stats),
 * created by `kvm_create_vm_debugfs()`; sorted as `ls` lists them.
 */
const debugfsVmFiles414 = [
  'efer_reload', 'exits', 'fpu_reload', 'halt_attempted_poll', 'halt_exits', 'halt_poll_invalid',
  'halt_successful_poll', 'halt_wakeup', 'host_state_reload', 'hypercalls', 'insn_emulation',
  'insn_emulation_fail', 'invlpg', 'io_exits', 'irq_exits', 'irq_injections', 'irq_window',
  'largepages', 'max_mmu_page_hash_collisions', 'mmio_exits', 'mmu_cache_miss', 'mmu_flooded',
  'mmu_pde_zapped', 'mmu_pte_updated', 'mmu_pte_write', 'mmu_recycled', 'mmu_shadow_zapped',
  'mmu_unsync', 'nmi_injections', 'nmi_window', 'pf_fixed', 'pf_guest', 'remote_tlb_flush',
  'req_event', 'request_irq', 'signal_exits', 'tlb_flush',
]

/** QEMU 7.0.0 on the seed's host: a 4.14 kernel with the 4.16 `kvm-vcpu:N` naming backported. */
export const qemu70OnLinux414: Profile = {
  id: 'qemu-7.0-linux-4.14',
  label: 'QEMU 7.0.0 · Linux 4.14 (kvm-vcpu:N naming)',
  qemu: {
    version: '7.0.0',
    defaultMachine: 'pc-i440fx-7.0',
    machineAliases: { pc: 'pc-i440fx-7.0', q35: 'pc-q35-7.0' },
    machines: [
      // hw/i386/pc_q35.c at v7.0.0: pc-q35-2.4 … 7.0, with a 4.0.1 between 4.0 and 4.1.
      ...machineVersions('pc-q35', 'q35', pcVersions70.filter((v) => v !== '2.0' && v !== '2.1' && v !== '2.2' && v !== '2.3').flatMap((v) => (v === '4.0' ? ['4.0', '4.0.1'] : [v]))),
      // hw/i386/pc_piix.c at v7.0.0: pc-i440fx-1.4 … 7.0.
      ...machineVersions('pc-i440fx', 'i440fx', ['1.4', '1.5', '1.6', '1.7', ...pcVersions70]),
    ],
    infoCpusModel: false,
    vcpuStatsFd: false,
  },
  kernel: {
    sysname: 'Linux',
    release: '4.14.5',
    nodename: 'kvm-host',
    machine: 'x86_64',
    cpuCount: 24,
    maxVcpus: 288,
    recommendedVcpus: 240,
    maxVcpuId: 1023,
    vcpuNameHasId: true,
    tscControl: true,
    vcpuMmapSize: 12288,
    debugfsVmFiles: debugfsVmFiles414,
    anonInode: { device: '0,13', inode: 13759 },
  },
  tools: { pidstatHasWait: false },
}

export const profiles: readonly Profile[] = [qemu70OnLinux414]

export function findMachine(profile: Profile, name: string): MachineType | undefined {
  const full = profile.qemu.machineAliases[name] ?? name
  return profile.qemu.machines.find((m) => m.name === full)
}
