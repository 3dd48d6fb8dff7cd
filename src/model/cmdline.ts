/**
 * The QEMU command line, parsed as qemu-system-x86_64 7.0 parses it
 * (softmmu/vl.c, util/qemu-option.c, hw/core/machine-smp.c). Errors come back
 * in QEMU's words, with its `qemu-system-x86_64: ` prefix and option location.
 */
import { cpuModelExists, cpuTypeOf } from './cpu-models.ts'
import { findMachine, type MachineType, type Profile } from './profile.ts'
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
}

export type ParseResult = { ok: true; config: BootConfig } | { ok: false; error: string }

const PREFIX = `${QEMU_BINARY}: `

/** `[key, value, bare]`: `bare` marks a key given without `=` (a short-form boolean). */
type OptsResult = { ok: true; opts: [string, string, boolean][] } | { ok: false; error: string }

/**
 * `opts_do_parse()`: comma-separated `key=value` pairs, `,,` escapes a comma;
 * the first bare value belongs to the implied key; a bare key means `on`.
 */
export function parseQemuOpts(arg: string, impliedKey: string | null): OptsResult {
  const opts: [string, string, boolean][] = []
  let parts: string[] = []
  let current = ''
  // Without ",," escapes a plain split gives the same parts.
  if (!arg.includes(',,')) {
    parts = arg.split(',')
    current = parts.pop() ?? ''
  } else for (let i = 0; i < arg.length; i++) {
    const c = arg[i]!
    if (c === ',') {
      if (arg[i + 1] === ',') {
        current += ','
        i++
        continue
      }
      parts.push(current)
      current = ''
    } else current += c
  }
  parts.push(current)
  parts.forEach((part, index) => {
    const eq = part.indexOf('=')
    if (eq >= 0) opts.push([part.slice(0, eq), part.slice(eq + 1), false])
    else if (index === 0 && impliedKey) opts.push([impliedKey, part, false])
    else if (part !== '') opts.push([part, 'on', true])
  })
  return { ok: true, opts }
}

const smpKeys = ['cpus', 'sockets', 'dies', 'clusters', 'cores', 'threads', 'maxcpus'] as const

/** `qemu_strtoi64(…, 0)`: decimal, 0x hex or 0 octal, signed. */
function parseInt64(value: string): number | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(value)
  if (!m) return null
  const digits = m[2]!
  const magnitude = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits.startsWith('0') ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits)
  if (magnitude > 0x7fffffffffffffffn) return null
  return Number(m[1] === '-' ? -magnitude : magnitude)
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
  '-display', '-nographic', '-S', '-monitor', '-serial', '-nodefaults', '-boot', '-daemonize',
])
const optionsWithArgument = new Set([
  '-machine', '-M', '-accel', '-cpu', '-smp', '-m', '-name', '-drive', '-vnc', '-display', '-monitor', '-serial', '-boot',
])

/**
 * Parses a full command line (`qemu-system-x86_64 -machine …`). `files` are the
 * host files that exist, for `-drive file=`.
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
  let accel: string | null = null
  let cpuModel = 'qemu64'
  let smp: SmpConfig = {}
  /** Where the accelerator was chosen: `-accel kvm` and `-enable-kvm` are option locations for kvm_init's warnings. */
  let accelLocation = ''
  let memory = '128M'
  let name: string | null = null
  let processName: string | null = null
  let debugThreads = false
  let vnc: string | null | undefined
  let display: string | null = null
  let nographic = false
  let startPaused = false
  const drives: DriveConfig[] = []

  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!
    if (!raw.startsWith('-')) {
      // A bare word is the (legacy) disk image argument: `qemu-system-x86_64 disk.img`.
      const file = files.find((f) => f.path === raw)
      if (!file) return { ok: false, error: `${PREFIX}${raw}: Could not open '${raw}': No such file or directory` }
      drives.push({ file: raw, format: null })
      continue
    }
    const option = raw.startsWith('--') ? raw.slice(1) : raw
    if (!knownOptions.has(option)) {
      return { ok: false, error: `${PREFIX}${raw}: invalid option` }
    }
    let arg = ''
    if (optionsWithArgument.has(option)) {
      if (i + 1 >= args.length) return { ok: false, error: `${PREFIX}${raw}: requires an argument` }
      arg = args[++i]!
    }
    const where = `${PREFIX}${raw} ${arg}: `
    switch (option) {
      case '-machine':
      case '-M': {
        const parsed = parseQemuOpts(arg, 'type')
        if (!parsed.ok) return { ok: false, error: where + parsed.error }
        for (const [key, value] of parsed.opts) {
          if (key === 'type') machineName = value
          else if (key === 'accel') {
            accel = value
            accelLocation = ''
          }
          else machineProps.push([key, value])
        }
        break
      }
      case '-accel': {
        const parsed = parseQemuOpts(arg, 'accel')
        if (!parsed.ok) return { ok: false, error: where + parsed.error }
        accel = parsed.opts.find(([k]) => k === 'accel')?.[1] ?? accel
        accelLocation = `${raw} ${arg}: `
        break
      }
      case '-enable-kvm':
        accel = 'kvm'
        accelLocation = `${raw}: `
        break
      case '-cpu': {
        const model = arg.split(',')[0] ?? ''
        if (model === 'help' || model === '?') {
          return { ok: false, error: 'The explorer does not list CPU models; try -cpu host.' }
        }
        if (!cpuModelExists(model)) return { ok: false, error: `${PREFIX}unable to find CPU model '${model}'` }
        cpuModel = model
        break
      }
      case '-smp': {
        // keyval_parse(arg, "cpus"), merged into the machine's "smp" property and visited later,
        // so these errors carry no option location (research: qemu-hmp.md §6).
        const parsed = parseQemuOpts(arg, 'cpus')
        if (!parsed.ok) return { ok: false, error: where + parsed.error }
        const next: SmpConfig = { ...smp }
        const unexpected = parsed.opts.find(([key]) => !(smpKeys as readonly string[]).includes(key))
        for (const key of smpKeys) {
          const value = parsed.opts.filter(([k]) => k === key).at(-1)?.[1]
          if (value === undefined) continue
          const n = parseInt64(value)
          if (n === null) return { ok: false, error: `${PREFIX}Parameter 'smp.${key}' expects integer` }
          next[key] = n
        }
        if (unexpected) return { ok: false, error: `${PREFIX}Parameter 'smp.${unexpected[0]}' is unexpected` }
        smp = next
        break
      }
      case '-m': {
        const parsed = parseQemuOpts(arg, 'size')
        if (!parsed.ok) return { ok: false, error: where + parsed.error }
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
        if (!parsed.ok) return { ok: false, error: where + parsed.error }
        for (const [key, value] of parsed.opts) {
          if (key === 'guest') name = value
          else if (key === 'process') processName = value
          else if (key === 'debug-threads') {
            if (value !== 'on' && value !== 'off') {
              return { ok: false, error: `${where}Parameter 'debug-threads' expects 'on' or 'off'` }
            }
            debugThreads = value === 'on'
          } else return { ok: false, error: `${where}Invalid parameter '${key}'` }
        }
        break
      }
      case '-drive': {
        const parsed = parseQemuOpts(arg, null)
        if (!parsed.ok) return { ok: false, error: where + parsed.error }
        const file = parsed.opts.find(([k]) => k === 'file')?.[1]
        const format = parsed.opts.find(([k]) => k === 'format')?.[1] ?? null
        if (file === undefined) return { ok: false, error: `${where}The explorer needs file= on -drive.` }
        if (!files.some((f) => f.path === file)) {
          return { ok: false, error: `${where}Could not open '${file}': No such file or directory` }
        }
        drives.push({ file, format })
        break
      }
      case '-vnc':
        vnc = arg === 'none' ? null : arg
        break
      case '-display': {
        const type = arg.split(',')[0] ?? ''
        if (type === 'none') display = 'none'
        else if (type === 'vnc') {
          display = 'vnc'
          vnc = arg.slice(4).replace(/^=/, '') || null
        } else if (['gtk', 'sdl', 'curses', 'egl-headless', 'spice-app', 'cocoa', 'dbus'].includes(type)) {
          // The seed's build (from source, no GUI libraries) has none of these.
          return { ok: false, error: `${PREFIX}Display '${type}' is not available.` }
        } else {
          return { ok: false, error: `${PREFIX}Parameter 'type' does not accept value '${type}'` }
        }
        break
      }
      case '-nographic':
        nographic = true
        break
      case '-S':
        startPaused = true
        break
      default:
        // -monitor, -serial, -nodefaults, -boot, -daemonize: accepted; nothing here depends on them.
        break
    }
  }

  const machine = findMachine(profile, machineName ?? profile.qemu.defaultMachine)
  if (!machine) {
    return { ok: false, error: `${PREFIX}unsupported machine type\nUse -machine help to list supported machines` }
  }
  const badProp = machineProps.find(([key]) => !['acpi', 'kernel-irqchip', 'usb', 'smm', 'vmport', 'dump-guest-core', 'mem-merge', 'graphics', 'hpet', 'nvdimm'].includes(key))
  if (badProp) return { ok: false, error: `${PREFIX}Property '${machine.name}-machine.${badProp[0]}' not found` }
  const acpi = machineProps.filter(([key]) => key === 'acpi').at(-1)?.[1] ?? 'auto'
  if (!['on', 'off', 'auto'].includes(acpi)) {
    return { ok: false, error: `${PREFIX}Parameter 'acpi' does not accept value '${acpi}'` }
  }

  if (accel !== 'kvm') {
    return {
      ok: false,
      error: 'The explorer simulates KVM only: add -accel kvm (or -machine …,accel=kvm, or -enable-kvm).',
    }
  }

  const smpResult = parseSmp(smp, machine)
  if (!smpResult.ok) return { ok: false, error: PREFIX + smpResult.error }
  const topology = smpResult.value

  const warnings = (smpResult.warnings ?? []).map((w) => `${PREFIX}warning: ${w}`)
  // kvm_init() compares the requested counts with KVM's limits (KVM_CAP_NR_VCPUS, KVM_CAP_MAX_VCPUS).
  const kernel = profile.kernel
  for (const [what, count] of [['SMP', topology.cpus], ['hotpluggable', topology.maxCpus]] as const) {
    if (count > kernel.recommendedVcpus) {
      warnings.push(
        `${PREFIX}${accelLocation}warning: Number of ${what} cpus requested (${count}) exceeds the recommended cpus supported by KVM (${kernel.recommendedVcpus})`,
      )
      if (count > kernel.maxVcpus) {
        return {
          ok: false,
          error: [...warnings, `Number of ${what} cpus requested (${count}) exceeds the maximum cpus supported by KVM (${kernel.maxVcpus})`].join('\n'),
        }
      }
    }
  }

  // With no display option and no GUI compiled in, 7.0 starts VNC on localhost:0 (vl.c).
  const vncDisplay = nographic || display === 'none' ? (vnc ?? null) : vnc === undefined ? 'localhost:0,to=99,id=default' : vnc

  return {
    ok: true,
    config: {
      cmdline: line.trim(),
      argv0,
      machine,
      cpuModel,
      cpuType: cpuTypeOf(cpuModel),
      topology,
      memory,
      name,
      processName,
      debugThreads,
      vnc: vncDisplay,
      drives,
      startPaused,
      acpiHotplug: machine.family === 'q35' || acpi !== 'off',
      warnings,
    },
  }
}
