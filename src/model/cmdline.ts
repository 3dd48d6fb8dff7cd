/**
 * The QEMU command line, parsed as qemu-system-x86_64 7.0 parses it
 * (softmmu/vl.c, util/qemu-option.c, hw/core/machine-smp.c). Errors come back
 * in QEMU's words, with its `qemu-system-x86_64: ` prefix and option location.
 */
import { cpuModelExists, cpuTypeOf } from './cpu-models.ts'
import { qemuStrtoInt } from './numbers.ts'
import { findMachine, qemuPackage, qemuRelease, type MachineType, type Profile } from './profile.ts'
import { splitWords } from './shellwords.ts'
import { parseSmp, type SmpConfig, type Topology } from './topology.ts'

export const QEMU_BINARY = 'qemu-system-x86_64'

export interface DriveConfig {
  readonly file: string
  readonly format: string | null
}

export interface BootConfig {
  readonly cmdline: string
  /** argv[0] as typed, for /proc/PID/cmdline and pidof. */
  readonly argv0: string
  readonly machine: MachineType
  readonly cpuModel: string
  /** `ms->cpu_type`, e.g. `host-x86_64-cpu` (§4.4). */
  readonly cpuType: string
  readonly topology: Topology
  readonly memory: string
  readonly name: string | null
  /** `-name …,process=` sets the main thread's comm. */
  readonly processName: string | null
  /** `-name …,debug-threads=on`: threads get their names (§2.1). */
  readonly debugThreads: boolean
  /** The VNC display, or null without one (then no vnc_worker thread, §7.3). */
  readonly vnc: string | null
  readonly drives: readonly DriveConfig[]
  /** `-S`: the guest has not started, so the PM device stays in legacy CPU hotplug mode (§3.3). */
  readonly startPaused: boolean
  /**
   * `x86ms->acpi_dev` is set: q35 always links ICH9-LPC; i440fx creates PIIX4 PM only with ACPI on
   * (hw/i386/pc_piix.c `pc_init1`), so `-machine pc,acpi=off` has no CPU hot-unplug (§3.1 step 3).
   */
  readonly acpiHotplug: boolean
  /** Warnings QEMU prints on stderr while starting. */
  readonly warnings: readonly string[]
}

/** Host files the command line may name (recorded environment of a preset). */
export interface HostFile {
  readonly path: string
  readonly size: number
  readonly device: string
  readonly inode: number
  /** The mount it is on (fdinfo `mnt_id:`) [I]. */
  readonly mountId?: number
}

export type ParseResult = { ok: true; config: BootConfig } | { ok: false; error: string }

const PREFIX = `${QEMU_BINARY}: `

/**
 * One QemuOpts item: `[key, value, flag]`. `flag` marks a short-form boolean
 * (`foo` = `foo=on`, `nofoo` = `foo=off`), which QEMU 7.0 accepts with a warning.
 */
/** Each item as key, value, and whether it was a bare (short-form boolean) key. The splitting never fails: each caller validates the items, as opt_validate() does per option list. */
type OptsResult = { opts: [string, string, boolean][]; warnings: string[] }

/** `get_opt_value()`: up to the next single comma; `,,` is a comma. */
function optValue(text: string, from: number): [string, number] {
  let value = ''
  let p = from
  while (p < text.length) {
    if (text[p] === ',') {
      if (text[p + 1] !== ',') break
      p++
    }
    value += text[p++]
  }
  return [value, p]
}

/**
 * `opts_do_parse()` of util/qemu-option.c: comma-separated `key=value` items,
 * `,,` escapes a comma. The first item is the implied key's value when no `=`
 * comes before the first `,` (`strcspn(params, "=,")`).
 */
export function parseQemuOpts(arg: string, impliedKey: string | null): OptsResult {
  const opts: [string, string, boolean][] = []
  const warnings: string[] = []
  let p = 0
  if (impliedKey) {
    const cut = arg.search(/[=,]/)
    if (cut < 0 || arg[cut] === ',') {
      const [value, end] = optValue(arg, 0)
      opts.push([impliedKey, value, false])
      p = end < arg.length ? end + 1 : end
    }
  }
  while (p < arg.length) {
    const cut = arg.slice(p).search(/[=,]/)
    const end = cut < 0 ? arg.length : p + cut
    let key = arg.slice(p, end)
    if (end < arg.length && arg[end] === '=') {
      const [value, next] = optValue(arg, end + 1)
      opts.push([key, value, false])
      p = next + 1
      continue
    }
    p = end + 1
    if (key === '') continue
    // get_opt_name_value(): a bare `nofoo` is foo=off, any other bare key is key=on.
    let value = 'on'
    if (key.startsWith('no') && key !== 'no') {
      key = key.slice(2)
      value = 'off'
    }
    if (key !== 'help' && key !== '?') warnings.push(`${PREFIX}warning: short-form boolean option '${value === 'off' ? 'no' : ''}${key}' deprecated`, `Please use ${key}=${value} instead`)
    opts.push([key, value, true])
  }
  return { opts, warnings }
}

/**
 * `keyval_parse()` (util/keyval.c), used for -smp and -machine in 7.0: only the
 * first item may leave out `key=`.
 */
function parseKeyval(arg: string, impliedKey: string): { ok: true; opts: [string, string][] } | { ok: false; error: string } {
  const opts: [string, string][] = []
  let p = 0
  let first = true
  while (p <= arg.length) {
    const cut = arg.slice(p).search(/[=,]/)
    const end = cut < 0 ? arg.length : p + cut
    const key = arg.slice(p, end)
    if (end < arg.length && arg[end] === '=') {
      const [value, next] = optValue(arg, end + 1)
      opts.push([key, value])
      p = next + 1
    } else if (first) {
      const [value, next] = optValue(arg, p)
      opts.push([impliedKey, value])
      p = next + 1
    } else {
      return { ok: false, error: `Expected '=' after parameter '${key}'` }
    }
    first = false
    if (p >= arg.length) break
  }
  return { ok: true, opts }
}

/** `qapi_bool_parse()`: on/yes/true/y and off/no/false/n. */
export function parseBool(value: string): boolean | null {
  if (['on', 'yes', 'true', 'y'].includes(value)) return true
  if (['off', 'no', 'false', 'n'].includes(value)) return false
  return null
}

function parseSize(value: string): boolean {
  return /^[0-9]+(\.[0-9]+)?[kKmMgGtTpPeE]?[bB]?$/.test(value)
}

/** `-m` in bytes: a bare number is MiB (vl.c `parse_memory_options`). */
export function memoryBytes(size: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)([kKmMgGtTpPeE]?)/.exec(size)
  if (!m) return 128 * 2 ** 20
  const shift: Record<string, number> = { '': 20, k: 10, m: 20, g: 30, t: 40, p: 50, e: 60 }
  return Math.floor(Number(m[1]) * 2 ** shift[m[2]!.toLowerCase()]!)
}

const knownOptions = new Set([
  '-machine', '-M', '-accel', '-enable-kvm', '-cpu', '-smp', '-m', '-name', '-drive', '-vnc',
  '-display', '-nographic', '-S', '-monitor', '-serial', '-nodefaults', '-boot', '-daemonize', '-version',
])
const optionsWithArgument = new Set([
  '-machine', '-M', '-accel', '-cpu', '-smp', '-m', '-name', '-drive', '-vnc', '-display', '-monitor', '-serial', '-boot',
])

/** A `-vnc` display string: `[host]:N[,to=L][,…]` → where it listens and which port (5900 + N). */
export function vncListen(display: string): { host: string; port: number; to: boolean } {
  const [address = '', ...opts] = display.split(',')
  const colon = address.lastIndexOf(':')
  const host = colon >= 0 ? address.slice(0, colon) : address
  const n = Number(colon >= 0 ? address.slice(colon + 1) : '0')
  return { host, port: 5900 + (Number.isInteger(n) && n >= 0 ? n : 0), to: opts.some((o) => o.startsWith('to=')) }
}

/**
 * Parses a full command line (`qemu-system-x86_64 -machine …`). `files` are the
 * host files that exist, for `-drive file=`. The checks run in QEMU's order:
 * each option as it is read (unknown options, missing arguments, syntax), then
 * the machine type, the -smp topology, the accelerator (KVM's vCPU limits),
 * the CPU model, and the disks (vl.c `qemu_init`).
 */
export function parseCommandLine(line: string, profile: Profile, files: readonly HostFile[] = []): ParseResult {
  const split = splitWords(line.trim())
  if (!split.ok) return { ok: false, error: `bash: ${split.error}` }
  const [argv0, ...args] = split.words
  if (!argv0) return { ok: false, error: `Type a command line that starts with ${QEMU_BINARY}.` }
  const binary = argv0.split('/').pop()
  if (binary !== QEMU_BINARY) {
    return { ok: false, error: `Only ${QEMU_BINARY} is simulated: the command line must start with it.` }
  }

  let machineName: string | null = null
  const machineProps: [string, string][] = []
  let machineAccel: string | null = null
  let accelOption: { name: string; location: string } | null = null
  let cpuModel = 'qemu64'
  const smpItems: [string, string][] = []
  let memory = '128M'
  let name: string | null = null
  let processName: string | null = null
  let debugThreads = false
  let vnc: string | null | undefined
  let display: string | null = null
  let nographic = false
  let startPaused = false
  let monitorOnStdio = false
  const drives: { file: string; format: string | null; where: string }[] = []
  const warnings: string[] = []

  // The option loop: lookup_opt() and each option's own parsing, in the order given.
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!
    if (!raw.startsWith('-')) {
      // A bare word is the (legacy) disk image argument: `qemu-system-x86_64 disk.img`.
      drives.push({ file: raw, format: null, where: `${PREFIX}${raw}: ` })
      continue
    }
    const option = raw.startsWith('--') ? raw.slice(1) : raw
    if (!knownOptions.has(option)) return { ok: false, error: `${PREFIX}${raw}: invalid option` }
    let arg = ''
    if (optionsWithArgument.has(option)) {
      if (i + 1 >= args.length) return { ok: false, error: `${PREFIX}${raw}: requires an argument` }
      arg = args[++i]!
    }
    const where = `${PREFIX}${raw} ${arg}: `
    switch (option) {
      case '-version': {
        // vl.c version(): printed as the option is read, then exit(0).
        const pkg = qemuPackage(profile)
        return {
          ok: false,
          error: `QEMU emulator version ${qemuRelease(profile)}${pkg ? ` (${pkg})` : ''}\nCopyright (c) 2003-${profile.qemu.copyrightYear} Fabrice Bellard and the QEMU Project developers`,
        }
      }
      case '-machine':
      case '-M': {
        const parsed = parseKeyval(arg, 'type')
        if (!parsed.ok) return { ok: false, error: where + parsed.error }
        for (const [key, value] of parsed.opts) {
          if (key === 'type' && (value === 'help' || value === '?')) {
            const types = profile.qemu.machines.map((m) => m.name)
            return { ok: false, error: `(explorer) -machine help lists every machine of the binary; QEMU ${profile.qemu.version}'s x86 PC types are: ${types.join(', ')}.` }
          }
          if (key === 'type') machineName = value
          else if (key === 'accel') machineAccel = value
          else machineProps.push([key, value])
        }
        break
      }
      case '-accel': {
        const parsed = parseQemuOpts(arg, 'accel')
        warnings.push(...parsed.warnings.map((w) => w.replace(PREFIX, where)))
        accelOption = { name: parsed.opts.find(([k]) => k === 'accel')?.[1] ?? '', location: `${raw} ${arg}: ` }
        break
      }
      case '-enable-kvm':
        // 7.0 turns it into machine accel=kvm; the accelerator is set up later, with no option location.
        machineAccel = 'kvm'
        break
      case '-cpu':
        cpuModel = arg
        break
      case '-smp': {
        // machine_parse_property_opt(): keyval syntax now; the values are checked later (§4.1).
        const parsed = parseKeyval(arg, 'cpus')
        if (!parsed.ok) return { ok: false, error: where + parsed.error }
        smpItems.push(...parsed.opts)
        break
      }
      case '-m': {
        const parsed = parseQemuOpts(arg, 'size')
        const size = parsed.opts.find(([k]) => k === 'size')?.[1] ?? ''
        if (!parseSize(size)) {
          return {
            ok: false,
            error: `${where}Parameter 'size' expects a non-negative number below 2^64\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.`,
          }
        }
        memory = size
        break
      }
      case '-name': {
        const parsed = parseQemuOpts(arg, 'guest')
        // opt_validate() checks each item as it is parsed, in order.
        for (const [key, value] of parsed.opts) {
          if (key === 'guest') name = value
          else if (key === 'process') processName = value
          else if (key === 'debug-threads') {
            const on = parseBool(value)
            if (on === null) return { ok: false, error: `${where}Parameter 'debug-threads' expects 'on' or 'off'` }
            debugThreads = on
            // 11.0 system/vl.c parse_name(): naming is unconditional, and turning it off is refused with a note.
            if (!on && profile.qemu.threadNames === 'always') warnings.push("Ignoring deprecated 'debug-threads=no' option, thread naming is unconditionally enabled")
          } else return { ok: false, error: `${where}Invalid parameter '${key}'` }
        }
        warnings.push(...parsed.warnings.map((w) => w.replace(PREFIX, where)))
        break
      }
      case '-drive': {
        const parsed = parseQemuOpts(arg, null)
        const file = parsed.opts.find(([k]) => k === 'file')?.[1]
        if (file === undefined) return { ok: false, error: `${where}The explorer needs file= on -drive.` }
        drives.push({ file, format: parsed.opts.find(([k]) => k === 'format')?.[1] ?? null, where })
        break
      }
      case '-vnc':
        vnc = arg === 'none' ? null : arg
        break
      case '-display': {
        // parse_display() of softmmu/vl.c (v7.0.0): sdl and vnc by hand, the rest through QAPI.
        const type = arg.split(',')[0] ?? ''
        if (arg.startsWith('sdl')) return { ok: false, error: `${where}SDL display supported is not available in this binary` }
        if (arg.startsWith('vnc')) {
          if (arg[3] !== '=') return { ok: false, error: `${where}VNC requires a display argument vnc=<display>` }
          vnc = arg.slice(4)
        } else if (type === 'none') display = 'none'
        else {
          // DisplayType's gtk, curses, … exist only 'if' compiled in (qapi/ui.json); this build has none.
          return { ok: false, error: `${where}Parameter 'type' does not accept value '${type}'` }
        }
        break
      }
      case '-nographic':
        // The monitor is multiplexed onto stdio.
        nographic = true
        monitorOnStdio = true
        break
      case '-monitor':
        monitorOnStdio = arg === 'stdio'
        break
      case '-S':
        startPaused = true
        break
      default:
        // -monitor, -serial, -nodefaults, -boot, -daemonize: accepted; nothing here depends on them.
        break
    }
  }

  const { qemu } = profile
  // qemu_create_machine() → select_machine().
  const machine = findMachine(profile, machineName ?? qemu.defaultMachine)
  if (!machine) return { ok: false, error: PREFIX + qemu.unknownMachine(machineName ?? '') }

  // qemu_create_early_backends() → configure_blockdev(): the disks open before the machine's options apply.
  for (const drive of drives) {
    if (!files.some((f) => f.path === drive.file)) {
      return { ok: false, error: `${drive.where}Could not open '${drive.file}': No such file or directory` }
    }
  }

  // qemu_apply_machine_options(): the machine's properties, then -smp (machine_set_smp()).
  const badProp = machineProps.find(([key]) => !['acpi', 'kernel-irqchip', 'usb', 'smm', 'vmport', 'dump-guest-core', 'mem-merge', 'graphics', 'hpet', 'nvdimm'].includes(key))
  if (badProp) return { ok: false, error: `${PREFIX}Property '${machine.name}-machine.${badProp[0]}' not found` }
  const acpi = machineProps.filter(([key]) => key === 'acpi').at(-1)?.[1] ?? 'auto'
  if (!['on', 'off', 'auto'].includes(acpi)) {
    return { ok: false, error: `${PREFIX}Parameter 'acpi' does not accept value '${acpi}'` }
  }
  // The SMPConfiguration visitor reads each member in order, as int64, then refuses what is left.
  const smp: Record<string, number> = {}
  for (const key of qemu.smpKeys) {
    const value = smpItems.filter(([k]) => k === key).at(-1)?.[1]
    if (value === undefined) continue
    const n = qemuStrtoInt(value)
    if (n === null) return { ok: false, error: `${PREFIX}Parameter 'smp.${key}' expects integer` }
    smp[key] = n
  }
  const unexpected = smpItems.find(([key]) => !qemu.smpKeys.includes(key))
  if (unexpected) return { ok: false, error: `${PREFIX}Parameter 'smp.${unexpected[0]}' is unexpected` }
  const smpResult = parseSmp(smp as SmpConfig, machine, qemu)
  if (!smpResult.ok) return { ok: false, error: PREFIX + smpResult.error }
  const topology = smpResult.value
  warnings.push(...(smpResult.warnings ?? []).map((w) => `${PREFIX}warning: ${w}`))

  // configure_accelerators(): -accel and -machine accel= cannot both be given.
  if (accelOption && machineAccel !== null) {
    return { ok: false, error: `${PREFIX}The -accel and "-machine accel=" options are incompatible` }
  }
  const accel = accelOption?.name ?? machineAccel
  if (accel !== 'kvm') {
    return {
      ok: false,
      error: 'The explorer simulates KVM only: add -accel kvm (or -machine …,accel=kvm, or -enable-kvm).',
    }
  }
  // kvm_init() compares the requested counts with KVM's limits (KVM_CAP_NR_VCPUS, KVM_CAP_MAX_VCPUS);
  // only an -accel option carries a location (accel opts are iterated with loc_restore()).
  const location = accelOption?.location ?? ''
  const kernel = profile.kernel
  const recommended = kernel.recommendedVcpus(profile.host.cpuCount)
  for (const [what, count] of [['SMP', topology.cpus], ['hotpluggable', topology.maxCpus]] as const) {
    if (count > recommended) {
      warnings.push(
        `${PREFIX}${location}warning: Number of ${what} cpus requested (${count}) exceeds the recommended cpus supported by KVM (${recommended})`,
      )
      if (count > kernel.maxVcpus) {
        // ≤ 9.1 a bare fprintf(stderr, …); 9.2+ error_report(), with the prefix and the location.
        const text = `Number of ${what} cpus requested (${count}) exceeds the maximum cpus supported by KVM (${kernel.maxVcpus})`
        return { ok: false, error: [...warnings, qemu.kvmLimitError === 'fprintf' ? text : `${PREFIX}${location}${text}`].join('\n') }
      }
    }
  }

  // qemu_init(): a deprecated machine type warns once the accelerator is configured.
  if (machine.deprecated !== null) warnings.push(qemu.deprecationWarning(machine.name, machine.deprecated))

  // qemu_create_late_backends() opens the monitor (its banner and first prompt reach the terminal),
  // then parse_cpu_option() runs: a bad -cpu is reported after the banner.
  const afterMonitor = (message: string): string =>
    [...warnings, ...(monitorOnStdio ? [`QEMU ${qemuRelease(profile)} monitor - type 'help' for more information`, `${qemu.promptBeforeCpuCheck ? '(qemu) ' : ''}${message}`] : [message])].join('\n')
  const model = cpuModel.split(',')[0] ?? ''
  if (model === '') return { ok: false, error: afterMonitor(`${PREFIX}-cpu option cannot be empty`) }
  if (!cpuModelExists(model)) return { ok: false, error: afterMonitor(`${PREFIX}unable to find CPU model '${model}'`) }

  // With no display option and no GUI compiled in, 7.0 starts VNC on localhost:0 (vl.c).
  const vncDisplay = nographic || display === 'none' ? (vnc ?? null) : vnc === undefined ? 'localhost:0,to=99,id=default' : vnc

  return {
    ok: true,
    config: {
      cmdline: line.trim(),
      argv0,
      machine,
      cpuModel: model,
      cpuType: cpuTypeOf(model),
      topology,
      memory,
      name,
      processName,
      // 11.0 names threads whatever -name says (util/qemu-thread-posix.c qemu_thread_start()).
      debugThreads: debugThreads || profile.qemu.threadNames === 'always',
      vnc: vncDisplay,
      drives: drives.map(({ file, format }) => ({ file, format })),
      startPaused,
      acpiHotplug: machine.family === 'q35' || acpi !== 'off',
      warnings,
    },
  }
}
