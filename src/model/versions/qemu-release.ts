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
  /** `mc->deprecation_reason`, or null: QEMU warns when the type is used. */
  readonly deprecated: string | null
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
  /** `-machine foo`: what `select_machine()` prints (after the `qemu-system-x86_64: ` prefix). */
  readonly unknownMachine: (name: string) => string
  /** vl.c: the line a deprecated machine type prints at start-up (error_report in 7.0, warn_report since 7.1). */
  readonly deprecationWarning: (name: string, reason: string) => string

  /** `-smp` (hw/core/machine-smp.c): the members SMPConfiguration has, in the order the visitor reads them. */
  readonly smpKeys: readonly string[]
  /** Topology levels between socket and core that x86 supports (`dies` always; `modules` since 9.0). */
  readonly smpLevels: readonly ('dies' | 'modules')[]
  /** The `-smp` product message's hierarchy: `sockets (1) * dies (1) * cores (8) * threads (1)`. */
  readonly hierarchy: (t: Topology) => string
  /** A zero in `-smp`: a deprecation warning (treated as not given), or an error (9.0+). */
  readonly smpZero: 'warn' | 'error'
  /** A topology level x86 lacks given above 1 (`clusters not supported …`, 9.1+ `clusters > 1 not supported …`). */
  readonly smpUnsupported: (key: string) => string

  /** The ids `x86_cpu_pre_plug()` checks, in order, and the socket-id maximum it reports. */
  readonly preplugLevels: readonly TopoLevel[]
  readonly maxSocketId: (t: Topology) => number
  /** `device_del` of a QOM path that is no device (qdev-monitor.c `find_device_state`). */
  readonly notADevice: (path: string) => string

  /** `kvm_init_vcpu()` opens a per-vCPU stats fd (`KVM_GET_STATS_FD`) and never closes it (since 8.1). */
  readonly vcpuStatsFd: boolean
  /** The functions `kvm_init_vcpu()` goes through to get a vCPU fd: `kvm_get_vcpu` (≤ 9.0), or `kvm_create_vcpu` → `kvm_unpark_vcpu` (9.1+). */
  readonly vcpuFdPath: { readonly get: string; readonly unpark: string | null; readonly park: string }
  /** kvm_init() refusing more CPUs than KVM_CAP_MAX_VCPUS: a bare fprintf (≤ 9.1) or error_report with prefix and location (9.2+). */
  readonly kvmLimitError: 'fprintf' | 'error_report'
  /** The PM device starts in legacy CPU hotplug mode until the guest's `_INI` (hw/acpi/cpu_hotplug.c); gone in 11.0. */
  readonly legacyCpuHotplug: boolean
  /** Thread names (`CPU 0/KVM`) need `-name …,debug-threads=on` (≤ 10.2), or are always set (11.0). */
  readonly threadNames: 'debug-threads' | 'always'
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

  /** QEMU_COPYRIGHT's last year, as `-version` prints it. */
  readonly copyrightYear: number
  /** A bad `-cpu` is reported after the monitor's banner and its first `(qemu) ` prompt (≤ 7.2), or after the banner only (8.x+). */
  readonly promptBeforeCpuCheck: boolean

  /** What could not be established for this release: the UI says so rather than guess. */
  readonly unknowns: readonly string[]
}

/** Every versioned PC machine type QEMU ever had, oldest first (q35 starts at 2.4, and has a 4.0.1). */
const PC_VERSIONS = [
  '1.4', '1.5', '1.6', '1.7', '2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12',
  '3.0', '3.1', '4.0', '4.0.1', '4.1', '4.2', '5.0', '5.1', '5.2', '6.0', '6.1', '6.2', '7.0', '7.1', '7.2',
  '8.0', '8.1', '8.2', '9.0', '9.1', '9.2', '10.0', '10.1', '10.2', '11.0',
]

/**
 * The `pc-q35-*` and `pc-i440fx-*` types a release registers: each family from
 * its oldest registered version up to `latest`, with the CPU limits of
 * hw/i386/pc_q35.c and pc_piix.c (q35: 255 up to 2.7, 288 up to 8.0, 1024 for
 * 8.1 and 8.2, 4096 since 9.0; i440fx: 255) and the deprecations `deprecated` gives.
 */
export function pcMachineTypes(o: {
  readonly latest: string
  readonly q35From: string
  readonly i440fxFrom: string
  readonly deprecated: (family: MachineType['family'], version: string) => string | null
}): MachineType[] {
  const upTo = PC_VERSIONS.indexOf(o.latest)
  return (['q35', 'i440fx'] as const).flatMap((family) => {
    const from = PC_VERSIONS.indexOf(family === 'q35' ? o.q35From : o.i440fxFrom)
    return PC_VERSIONS.slice(from, upTo + 1)
      .filter((v) => family === 'q35' || v !== '4.0.1')
      .map((v) => ({
        name: `pc-${family}-${v}`,
        family,
        maxCpus: family === 'i440fx' ? 255 : machineMaxCpus(v),
        preferSockets: compareVersions(v, '6.1') <= 0,
        deprecated: o.deprecated(family, v),
      }))
  })
}

function machineMaxCpus(v: string): number {
  if (compareVersions(v, '2.7') <= 0) return 255
  if (compareVersions(v, '8.0') <= 0) return 288
  if (compareVersions(v, '8.2') <= 0) return 1024
  return 4096
}

/** hw/i386/pc_piix.c: "old and unattended - use a newer version instead" (i440fx 1.4–1.7 from 7.0, 2.0–2.3 in 8.x). */
export const OLD_AND_UNATTENDED = 'old and unattended - use a newer version instead'
/** include/hw/boards.h MACHINE_VER_DEPRECATION (9.1+): every type more than three years older than the release. */
export const MORE_THAN_3_YEARS = 'machines more than 3 years old are subject to deletion after 6 years'

/** Deprecated from 9.1 on: types up to and including `upTo` (both families). */
export function deprecatedUpTo(upTo: string): (family: MachineType['family'], version: string) => string | null {
  return (_family, v) => (compareVersions(v, upTo) <= 0 ? MORE_THAN_3_YEARS : null)
}

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
