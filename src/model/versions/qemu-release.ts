/**
 * The shape of a QEMU release as the model asks it (see qemu.ts for the
 * registry), and helpers the release files share.
 */
import type { Topology } from '../topology.ts'

export interface MachineType {
  /** Full name, as `mc->name` (`pc-q35-7.0`). */
  readonly name: string
  readonly family: 'q35' | 'i440fx'
  /** `mc->max_cpus`. */
  readonly maxCpus: number
  /** `smp_props.prefer_sockets`: set for ≤ 6.1 machine types (hw/i386/pc_q35.c `pc_q35_6_1_machine_options`). */
  readonly preferSockets: boolean
}

/** One line of `help`: `name params -- help` (hmp-commands.hx). */
export interface HelpText {
  readonly params: string
  readonly help: string
}

/** The topology ids a CPU slot is addressed by, in `x86_cpu_pre_plug()`'s order. */
export type TopoLevel = 'socket' | 'die' | 'module' | 'core' | 'thread'

export interface QemuVersion {
  /** The release line, as the picker names it: `7.0`. */
  readonly id: string
  /** `QEMU_VERSION`: what the banner and `info version` print. */
  readonly version: string
  /** The git tag the behaviour was read at, for citations and source links. */
  readonly tag: string
  /** Where the source was read (a release tree, a distribution's orig tarball). */
  readonly read: string

  /** `-machine help`'s x86 PC types, newest last, with their CPU limits. */
  readonly machines: readonly MachineType[]
  /** The type with `is_default` (used without `-machine`). */
  readonly defaultMachine: string
  /** `mc->alias` of the newest types: `pc`, `q35`. */
  readonly machineAliases: Readonly<Record<string, string>>
  /** `-machine foo`: what `machine_class_find()` failing prints (after the `qemu-system-x86_64: ` prefix). */
  readonly unknownMachine: (name: string) => string

  /** `-smp` (hw/core/machine-smp.c): the members SMPConfiguration has, in the order the visitor reads them. */
  readonly smpKeys: readonly string[]
  /** Topology levels between socket and core that x86 supports (`dies` always; `modules` since 9.0). */
  readonly smpLevels: readonly ('dies' | 'modules')[]
  /** The `-smp` product message's hierarchy: `sockets (1) * dies (1) * cores (8) * threads (1)`. */
  readonly hierarchy: (t: Topology) => string

  /** The ids `x86_cpu_pre_plug()` checks, in order, and the socket-id maximum it reports. */
  readonly preplugLevels: readonly TopoLevel[]
  readonly maxSocketId: (t: Topology) => number
  /** `device_del` of a QOM path that is no device (qdev-monitor.c `find_device_state`). */
  readonly notADevice: (path: string) => string

  /** `kvm_init_vcpu()` opens a per-vCPU stats fd (`KVM_GET_STATS_FD`) and never closes it (since 8.1). */
  readonly vcpuStatsFd: boolean
  /** The functions `kvm_init_vcpu()` goes through to get a vCPU fd: `kvm_get_vcpu` (≤ 9.0), or `kvm_create_vcpu` → `kvm_unpark_vcpu` (9.1+). */
  readonly vcpuFdPath: { readonly get: string; readonly unpark: string | null; readonly park: string }
  /** What QEMU prints, and then exits, when KVM_CREATE_VCPU fails in a new vCPU thread (`error_fatal`). */
  readonly createVcpuFailed: (vcpuId: number, errno: string) => readonly string[]
  /** `system_reset` and parked vCPUs: untouched, or their TSC reset by a reset handler or the first CPU's post-reset sync. */
  readonly parkedReset: { readonly how: 'untouched' } | { readonly how: 'tsc'; readonly from: string; readonly fn: string }

  /** The monitor: help texts of the simulated commands and every other command's name. */
  readonly monitor: {
    readonly help: Readonly<Record<string, HelpText>>
    readonly infoHelp: Readonly<Record<string, HelpText>>
    /** The other top-level commands and `info` subcommands of this release (real, not simulated here). */
    readonly otherCommands: ReadonlySet<string>
    readonly otherInfo: ReadonlySet<string>
    /** `info cpus` ends each line with ` model=…` (10.1+). */
    readonly infoCpusModel: boolean
  }

  /** What could not be established for this release: the UI says so rather than guess. */
  readonly unknowns: readonly string[]
}

/** `pc-q35-X.Y` and `pc-i440fx-X.Y` for each version, with each family's CPU limit for that version. */
export function pcMachines(versions: readonly string[], maxCpus: (family: MachineType['family'], version: string) => number): MachineType[] {
  return (['q35', 'i440fx'] as const).flatMap((family) =>
    versions
      .filter((v) => family === 'i440fx' || !q35Absent.has(v))
      .map((v) => {
        const [major = 0, minor = 0] = v.split('.').map(Number)
        return { name: `pc-${family}-${v}`, family, maxCpus: maxCpus(family, v), preferSockets: major < 6 || (major === 6 && minor <= 1) }
      }),
  )
}

/** q35 types start at 2.4; i440fx has 1.4 … 2.3 too (hw/i386/pc_q35.c, pc_piix.c). */
const q35Absent = new Set(['1.4', '1.5', '1.6', '1.7', '2.0', '2.1', '2.2', '2.3'])

/** Compares dotted version numbers: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
