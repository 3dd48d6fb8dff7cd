/**
 * The QEMU human monitor: one registry of commands drives parsing, Tab
 * completion and `help`. Parsing follows monitor/hmp.c (`monitor_parse_command`,
 * `monitor_parse_arguments`, `get_str`, `get_expr`); every message is the one
 * QEMU prints (research: qemu-hmp.md §1–§3).
 */
import { abstractCpuTypes, cpuModelNames, cpuTypeOf, modelOfCpuType } from './cpu-models.ts'
import { parseQemuOpts } from './cmdline.ts'
import type { SimEvent } from './events.ts'
import { deviceAdd, deviceDel, guestHandlesSci, resolveDevice, type DeviceOpts } from './hotplug.ts'
import { exitQemu, firstKvmRun, QEMU_PREFIX, startGuest, vcpusRun, type OpResult } from './qemu.ts'
import { digitsValue, STRTOULL_DIGITS } from './numbers.ts'
import { qemuPackage, qemuRelease } from './profile.ts'
import type { QemuCpu, SimState } from './state.ts'

type ArgValue = string | number | DeviceOpts | null
type Args = Readonly<Record<string, ArgValue>>

export interface HmpCommand {
  /** `|`-separated aliases, as in hmp-commands.hx (`quit|q`). */
  readonly name: string
  /** `args_type`: `key:type` pairs; `?` marks an optional argument. */
  readonly argsType: string
  readonly perform: (state: SimState, args: Args) => OpResult
  readonly subTable?: readonly HmpCommand[]
}

const done = (state: SimState, output: string[] = [], events: SimEvent[] = []): OpResult => ({ state, output, events, ok: true })

/** Sorted by name as `sortcmdlist()` sorts them (strcmp). */
function sorted(commands: HmpCommand[]): HmpCommand[] {
  return commands.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/**
 * The CPU `mon_get_cpu_sync()` resolves (monitor/misc.c): the stored QOM path
 * if it still names a CPU, else `first_cpu` — and whether the path had to be reset.
 */
export function currentMonitorCpu(state: SimState): { cpu: QemuCpu | undefined; reset: boolean } {
  const { cpus, monitorCpuPath } = state.qemu
  const stored = monitorCpuPath === null ? undefined : cpus.find((c) => c.qomPath === monitorCpuPath)
  if (stored) return { cpu: stored, reset: false }
  return { cpu: cpus[0], reset: monitorCpuPath !== null && cpus.length > 0 }
}

/** `hmp_info_cpus()`; looking up the current CPU resets it to first_cpu when its path is gone. */
function infoCpus(state: SimState): OpResult {
  const { cpu: current, reset } = currentMonitorCpu(state)
  const events: SimEvent[] = reset && current ? [{ kind: 'monitor-cpu-reset', cpuIndex: current.cpuIndex, source: 'mon_get_cpu_sync' }] : []
  // 10.1+ also prints the model: cpu_model_from_type(qom-type), `host` for host-x86_64-cpu.
  const model = state.profile.qemu.monitor.infoCpusModel
  const output = state.qemu.cpus.map((c) => `${c === current ? '*' : ' '} CPU #${c.cpuIndex}: thread_id=${c.tid}${model ? ` model=${modelOfCpuType(c.qomType) ?? c.qomType}` : ''}`)
  const path = current?.qomPath ?? null
  const next = path === state.qemu.monitorCpuPath ? state : { ...state, qemu: { ...state.qemu, monitorCpuPath: path } }
  return done(next, output, events)
}

/** `hmp_hotpluggable_cpus()`: slots from the highest index down (QAPI_LIST_PREPEND, §2.4). */
function infoHotpluggableCpus(state: SimState): OpResult {
  const { slots, cpus, topology, config } = state.qemu
  const output = ['Hotpluggable CPUs:']
  for (let i = slots.length - 1; i >= 0; i--) {
    const slot = slots[i]!
    const cpu = cpus.find((c) => c.cpuIndex === slot.cpuIndex)
    output.push(`  type: "${config.cpuType}"`, '  vcpus_count: "1"')
    if (cpu) output.push(`  qom_path: "${cpu.qomPath}"`)
    output.push('  CPUInstance Properties:', `    socket-id: "${slot.socketId}"`)
    if (topology.dies > 1) output.push(`    die-id: "${slot.dieId}"`)
    if (topology.modules > 1) output.push(`    module-id: "${slot.moduleId}"`)
    output.push(`    core-id: "${slot.coreId}"`, `    thread-id: "${slot.threadId}"`)
  }
  return done(state, output)
}

const infoCommands: HmpCommand[] = sorted([
  { name: 'cpus', argsType: '', perform: infoCpus },
  {
    name: 'hotpluggable-cpus',
    argsType: '',
    perform: infoHotpluggableCpus,
  },
  { name: 'kvm', argsType: '', perform: (s) => done(s, ['kvm support: enabled']) },
  {
    name: 'name',
    argsType: '',
    perform: (s) => done(s, s.qemu.config.name === null ? [] : [s.qemu.config.name]),
  },
  {
    name: 'status',
    argsType: '',
    perform: (s) =>
      done(s, [
        s.qemu.runState === 'running' ? 'VM status: running' : s.qemu.runState === 'prelaunch' ? 'VM status: paused (prelaunch)' : 'VM status: paused',
      ]),
  },
  // hmp_info_version(): "%s%s", QEMU_VERSION and QEMU_PKGVERSION (a distribution's build says whose).
  { name: 'version', argsType: '', perform: (s) => done(s, [`${qemuRelease(s.profile)}${qemuPackage(s.profile)}`]) },
])

/**
 * `qmp_system_reset()` → `qemu_system_reset()`: the guest reboots; the PM device stays in
 * modern mode (hw/acpi/cpu_hotplug.c asserts it never goes back). What happens to the parked
 * vCPUs is the release's: nothing (≤ 9.1.2), or `kvm_arch_reset_parked_vcpu()` writes
 * MSR_IA32_TSC = 1 with KVM_SET_MSRS on each parked fd (target/i386/kvm/kvm.c, 9.1.3+ and 10.0+).
 * The ioctl succeeds on every modelled kernel, so nothing is printed.
 */
function systemReset(state: SimState): SimEvent[] {
  const reset = state.profile.qemu.parkedReset
  const events: SimEvent[] = [{ kind: 'system-reset', source: 'qemu_system_reset' }]
  if (reset.how === 'tsc') {
    for (const p of state.qemu.parkedVcpus) events.push({ kind: 'parked-tsc-reset', vcpuId: p.vcpuId, fd: p.kvmFd, source: reset.fn })
  }
  return events
}

/** `device_add help` lists every device model; only the CPU section is simulated. */
function deviceHelp(state: SimState, opts: DeviceOpts): OpResult | null {
  const isHelp = (v: string | null): boolean => v === 'help' || v === '?'
  if (isHelp(opts.driver)) {
    const names = cpuModelNames().map(cpuTypeOf).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
    return done(state, ['(explorer) QEMU lists every device model here; the simulated ones are its CPUs:', 'CPU devices:', ...names.map((n) => `name "${n}"`)])
  }
  if (opts.driver !== null && (opts.props.has('help') || opts.props.has('?'))) {
    // qmp_device_list_properties() checks the type first; error_report_err() prints no "Error: ".
    if (abstractCpuTypes.has(opts.driver)) return { state, output: ["Parameter 'typename' expects a non-abstract device type"], events: [], ok: false }
    if (modelOfCpuType(opts.driver) === undefined) return { state, output: [`Device '${opts.driver}' not found`], events: [], ok: false }
    return done(state, [
      `(explorer) QEMU lists every property of ${opts.driver}; the topology ones are:`,
      `${opts.driver} options:`,
      '  apic-id=<uint32>       -  (default: 4294967295)',
      '  core-id=<int32>        -  (default: -1)',
      '  die-id=<int32>         -  (default: -1)',
      '  node-id=<int32>        -  (default: -1)',
      '  socket-id=<int32>      -  (default: -1)',
      '  thread-id=<int32>      -  (default: -1)',
    ])
  }
  return null
}

const commands: HmpCommand[] = sorted([
  {
    name: 'cont|c',
    argsType: '',
    perform: (state) => {
      if (state.qemu.runState === 'running') return done(state)
      const events: SimEvent[] = []
      let next: SimState = { ...state, kvm: vcpusRun(state.kvm, state.qemu.cpus), qemu: { ...state.qemu, runState: 'running' } }
      next = firstKvmRun(next, events)
      next = startGuest(next, events)
      // A GPE raised while paused stays latched; the running guest handles it now [I].
      next = guestHandlesSci(next, events)
      return done(next, [], events)
    },
  },
  {
    name: 'cpu',
    argsType: 'index:i',
    perform: (state, args) => {
      // monitor_set_cpu() takes an int: 0xffffffff is -1 and matches nothing.
      const index = (args.index as number) | 0
      const cpu = state.qemu.cpus.find((c) => c.cpuIndex === index)
      if (!cpu) return { state, output: ['invalid CPU index'], events: [], ok: false }
      return done({ ...state, qemu: { ...state.qemu, monitorCpuPath: cpu.qomPath } }, [], [
        { kind: 'monitor-cpu-set', cpuIndex: cpu.cpuIndex, source: 'monitor_set_cpu' },
      ])
    },
  },
  {
    name: 'device_add',
    argsType: 'device:O',
    perform: (state, args) => {
      const opts = (args.device as DeviceOpts | null) ?? { driver: null, id: null, props: new Map() }
      return deviceHelp(state, opts) ?? deviceAdd(state, opts)
    },
  },
  {
    name: 'device_del',
    argsType: 'id:s',
    perform: (state, args) => deviceDel(state, args.id as string),
  },
  {
    name: 'help|?',
    argsType: 'name:S?',
    perform: (state, args) => done(state, helpCmd(state, (args.name as string | null) ?? null)),
  },
  {
    name: 'info',
    argsType: 'item:s?',
    perform: (state) => done(state, helpCmd(state, 'info')),
    subTable: infoCommands,
  },
  {
    name: 'quit|q',
    argsType: '',
    perform: (state) => {
      const events: SimEvent[] = []
      return done(exitQemu(state, 'quit', events), [], events)
    },
  },
  {
    name: 'stop|s',
    argsType: '',
    perform: (state) => (state.qemu.runState === 'running' ? done({ ...state, qemu: { ...state.qemu, runState: 'paused' } }) : done(state)),
  },
  {
    name: 'system_reset',
    argsType: '',
    perform: (state) => done(state, [], systemReset(state)),
  },
])

/** `hmp_compare_cmd()`: the name matches any of the `|`-separated aliases. */
function search(table: readonly HmpCommand[], name: string): HmpCommand | undefined {
  return table.find((c) => c.name.split('|').includes(name))
}

/** `help_cmd()`: every command, or the one named (descending into `info`), with this release's texts. */
function helpCmd(state: SimState, name: string | null): string[] {
  const { help, infoHelp } = state.profile.qemu.monitor
  // parse_cmdline(): words as get_str() reads them, so quotes group and vanish.
  const args: string[] = []
  for (let p = 0; name !== null && p < name.length; ) {
    const word = getStr(name, p)
    if ('error' in word) break
    args.push(word.value)
    p = word.end
  }
  const out: string[] = []
  const dumpOne = (cmd: HmpCommand, prefix: readonly string[]): void => {
    const text = (prefix.length > 0 ? infoHelp : help)[cmd.name]
    out.push(`${prefix.map((p) => `${p} `).join('')}${cmd.name} ${text?.params ?? ''} -- ${text?.help ?? ''}`)
  }
  const dump = (table: readonly HmpCommand[], index: number): void => {
    if (index >= args.length) {
      for (const cmd of table) dumpOne(cmd, args.slice(0, index))
      return
    }
    const cmd = search(table, args[index]!)
    if (cmd) {
      if (cmd.subTable) dump(cmd.subTable, index + 1)
      else dumpOne(cmd, args.slice(0, index))
      return
    }
    out.push(`unknown command: '${args.slice(0, index + 1).join(' ')}'`)
  }
  dump(commands, 0)
  return out
}

/** `qemu_isspace()` of the character at `i`: space, \t, \n, \v, \f, \r (NaN past the end is not a space). */
const spaceAt = (line: string, i: number): boolean => {
  const c = line.charCodeAt(i)
  return c === 32 || (c >= 9 && c <= 13)
}

/** `get_command_name()`: skips spaces; the name runs to a space, `/` or the end. */
function commandName(line: string, from: number): { start: number; end: number } | null {
  let p = from
  while (spaceAt(line, p)) p++
  if (p >= line.length) return null
  const start = p
  while (p < line.length && line.charCodeAt(p) !== 47 && !spaceAt(line, p)) p++
  return { start, end: p }
}

/** `get_str()`: a word, or a double-quoted string with \n \r \\ \' \" escapes. */
function getStr(line: string, from: number): { value: string; end: number } | { error: string | null; end: number } {
  let p = from
  while (spaceAt(line, p)) p++
  if (p >= line.length) return { error: null, end: p }
  let value = ''
  if (line[p] === '"') {
    p++
    while (p < line.length && line[p] !== '"') {
      if (line[p] === '\\') {
        const c = line[p + 1] ?? ''
        p += 2
        const escapes: Record<string, string> = { n: '\n', r: '\r', '\\': '\\', "'": "'", '"': '"' }
        if (!(c in escapes)) return { error: `unsupported escape code: '\\${c}'`, end: p }
        value += escapes[c]
      } else value += line[p++]
    }
    if (line[p] !== '"') return { error: 'unterminated string', end: p }
    p++
  } else {
    const start = p
    while (p < line.length && !spaceAt(line, p)) p++
    value = line.slice(start, p)
  }
  return { value, end: p }
}

class ExprError extends Error {}

/** `get_expr()`: QEMU's monitor expression syntax (+ - * / % & | ^ ~, parentheses, char constants). */
function getExpr(line: string, from: number): { value: bigint; end: number } | { error: string } {
  let p = from
  const skip = (): void => {
    while (spaceAt(line, p)) p++
  }
  const next = (): void => {
    p++
    skip()
  }
  const wrap = (v: bigint): bigint => BigInt.asIntN(64, v)
  const unary = (): bigint => {
    const c = line[p]
    if (c === '+') {
      next()
      return unary()
    }
    if (c === '-') {
      next()
      return wrap(-unary())
    }
    if (c === '~') {
      next()
      return wrap(~unary())
    }
    if (c === '(') {
      next()
      const n = sum()
      if (line[p] !== ')') throw new ExprError("')' expected")
      next()
      return n
    }
    if (c === "'") {
      p++
      if (p >= line.length) throw new ExprError('character constant expected')
      const n = BigInt(line.charCodeAt(p))
      p++
      if (line[p] !== "'") throw new ExprError("missing terminating ' character")
      next()
      return n
    }
    if (c === '$') throw new ExprError('unknown register')
    if (c === undefined) throw new ExprError('unexpected end of expression')
    // strtoull(pch, &p, 0); a sign never reaches it, the cases above take it.
    const digits = STRTOULL_DIGITS.exec(line.slice(p))?.[0]
    if (digits === undefined) throw new ExprError(`invalid char '${c}' in expression`)
    const magnitude = digitsValue(digits)
    if (magnitude > 0xffffffffffffffffn) throw new ExprError('number too large')
    p += digits.length
    skip()
    return magnitude
  }
  const prod = (): bigint => {
    let v = unary()
    for (;;) {
      const op = line[p]
      if (op !== '*' && op !== '/' && op !== '%') return v
      next()
      const v2 = unary()
      if (op === '*') v = wrap(v * v2)
      else {
        if (v2 === 0n) throw new ExprError('division by zero')
        v = op === '/' ? wrap(v / v2) : wrap(v % v2)
      }
    }
  }
  const logic = (): bigint => {
    let v = prod()
    for (;;) {
      const op = line[p]
      if (op !== '&' && op !== '|' && op !== '^') return v
      next()
      const v2 = prod()
      v = op === '&' ? v & v2 : op === '|' ? v | v2 : v ^ v2
    }
  }
  const sum = (): bigint => {
    let v = logic()
    for (;;) {
      const op = line[p]
      if (op !== '+' && op !== '-') return v
      next()
      const v2 = logic()
      v = op === '+' ? wrap(v + v2) : wrap(v - v2)
    }
  }
  try {
    skip()
    const value = sum()
    return { value, end: p }
  } catch (e) {
    if (e instanceof ExprError) return { error: e.message }
    throw e
  }
}

/** QemuOpts of the `device` list (implied key `driver`, any key accepted), via `qemu_opts_parse_noisily`. */
function parseDeviceOpts(text: string): { opts: DeviceOpts; stderr: string[] } | { error: string[] } {
  const parsed = parseQemuOpts(text, 'driver')
  let driver: string | null = null
  let id: string | null = null
  const props = new Map<string, string>()
  for (const [key, value] of parsed.opts) {
    // opts_parse_id(): the first id= wins.
    if (key === 'id') {
      if (id === null) id = value
    } else if (key === 'driver') driver = value
    else {
      props.delete(key)
      props.set(key, value)
    }
  }
  if (id !== null && !/^[A-Za-z][A-Za-z0-9._-]*$/.test(id)) {
    return {
      error: [`${QEMU_PREFIX}Parameter 'id' expects an identifier`, "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter."],
    }
  }
  return { opts: { driver, id, props }, stderr: parsed.warnings }
}

type ParsedArgs = { ok: true; args: Record<string, ArgValue>; stderr: string[] } | { ok: false; output: string[] }

/** `monitor_parse_arguments()` for the argument types the registry uses. */
function parseArguments(cmd: HmpCommand, line: string, from: number): ParsedArgs {
  const args: Record<string, ArgValue> = {}
  const stderr: string[] = []
  let p = from
  const displayName = cmd.name
  // Every command here takes at most one argument.
  for (const spec of cmd.argsType === '' ? [] : [cmd.argsType]) {
    const [key, typeSpec = ''] = spec.split(':') as [string, string]
    const type = typeSpec[0]
    const optional = typeSpec.endsWith('?')
    while (spaceAt(line, p)) p++
    switch (type) {
      case 's': {
        if (optional && p >= line.length) {
          args[key] = null
          break
        }
        const r = getStr(line, p)
        if ('error' in r) return { ok: false, output: r.error === null ? [`${displayName}: string expected`] : [r.error, `${displayName}: string expected`] }
        args[key] = r.value
        p = r.end
        break
      }
      case 'S': {
        if (p >= line.length) {
          if (optional) {
            args[key] = null
            break
          }
          return { ok: false, output: [`${displayName}: string expected`] }
        }
        args[key] = line.slice(p)
        p = line.length
        break
      }
      case 'O': {
        if (p >= line.length) {
          args[key] = null
          break
        }
        const r = getStr(line, p)
        if ('error' in r) return { ok: false, output: r.error === null ? [] : [r.error] }
        p = r.end
        const opts = parseDeviceOpts(r.value)
        if ('error' in opts) return { ok: false, output: opts.error }
        stderr.push(...opts.stderr)
        args[key] = opts.opts
        break
      }
      case 'i': {
        const r = getExpr(line, p)
        if ('error' in r) return { ok: false, output: [r.error] }
        // "Check if 'i' is greater than 32-bit"
        if ((BigInt.asUintN(64, r.value) >> 32n) !== 0n) {
          return { ok: false, output: [`'${displayName}' has failed: integer is for 32-bit values`] }
        }
        args[key] = Number(r.value)
        p = r.end
        break
      }
      default:
        break
    }
  }
  while (spaceAt(line, p)) p++
  if (p < line.length) return { ok: false, output: [...stderr, `${displayName}: extraneous characters at the end of line`] }
  return { ok: true, args, stderr }
}

/**
 * Runs one monitor line (`handle_hmp_command`). Output is what appears on the
 * monitor's terminal (with `-monitor stdio`, QEMU's stderr lines too).
 */
export function runHmp(state: SimState, line: string): OpResult {
  if (state.qemu.exited !== null || !state.host.alive) {
    return { state, output: ['(explorer) QEMU is not running: start it again with Boot.'], events: [], ok: false }
  }
  const rejected = (output: string[]): OpResult => ({ state, output, events: [], ok: false })
  let table: readonly HmpCommand[] = commands
  let p = 0
  let cmd: HmpCommand | undefined
  // monitor_parse_command(), recursing into sub-tables (`info cpus`).
  for (;;) {
    const name = commandName(line, p)
    if (!name) {
      if (!cmd) return { state, output: [], events: [], ok: true }
      break
    }
    const typed = line.slice(name.start, name.end)
    const found = search(table, typed)
    if (!found) {
      const { otherCommands, otherInfo } = state.profile.qemu.monitor
      if ((table === commands ? otherCommands : otherInfo).has(typed)) {
        return rejected([`(explorer) '${line.slice(0, name.end).trim()}' is a QEMU ${state.profile.qemu.id} monitor command this explorer does not simulate.`])
      }
      return rejected([`unknown command: '${line.slice(0, name.end)}'`])
    }
    cmd = found
    p = name.end
    while (spaceAt(line, p)) p++
    if (!found.subTable || p >= line.length) break
    table = found.subTable
  }
  const parsed = parseArguments(cmd!, line, p)
  if (!parsed.ok) {
    let end = p
    while (end > 0 && spaceAt(line, end - 1)) end--
    return rejected([...parsed.output, `Try "help ${line.slice(0, end)}" for more information`])
  }
  const result = cmd!.perform(state, parsed.args)
  return parsed.stderr.length > 0 ? { ...result, output: [...parsed.stderr, ...result.output] } : result
}

/** Tab completion: command names, `info` sub-commands, then device ids and CPU types. */
export function completeHmp(state: SimState, line: string): string[] {
  const words = line.split(/\s+/)
  if (words.length <= 1) {
    const prefix = words[0] ?? ''
    return commands.flatMap((c) => c.name.split('|')).filter((n) => n.startsWith(prefix)).sort()
  }
  const [first = '', second = ''] = words
  if (words.length === 2 && (first === 'info' || first === 'help' || first === '?')) {
    const table = first === 'info' ? infoCommands : commands
    return table.flatMap((c) => c.name.split('|')).filter((n) => n.startsWith(second)).sort()
  }
  if (words.length === 2 && first === 'device_del') {
    const ids = state.qemu.cpus.flatMap((c) => (c.qdevId ? [c.qdevId] : [c.qomPath]))
    return ids.filter((id) => id.startsWith(second) && resolveDevice(state, id)).sort()
  }
  if (words.length === 2 && first === 'device_add' && !second.includes(',')) {
    return cpuModelNames().map(cpuTypeOf).filter((t) => t.startsWith(second)).sort()
  }
  return []
}
