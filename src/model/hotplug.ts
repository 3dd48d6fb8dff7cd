/**
 * vCPU hot-plug and hot-unplug as QEMU 7.0 does them on x86 (BEHAVIOUR.md §1,
 * §3; research of softmmu/qdev-monitor.c `qdev_device_add_from_qdict`,
 * hw/i386/x86.c `x86_cpu_pre_plug`, `x86_cpu_unplug_request_cb`).
 */
import { abstractCpuTypes, cpuPropertyType, isCpuTypeCompatible, modelOfCpuType } from './cpu-models.ts'
import type { SimEvent } from './events.ts'
import { exitThread, munmap } from './host.ts'
import { exitQemu, realizeVcpu, startGuest, type OpResult } from './qemu.ts'
import { qemuStrtoInt } from './numbers.ts'
import type { QemuCpu, SimState } from './state.ts'
import { apicIdFromTopoIds, findSlot, topoIdsFromApicId } from './topology.ts'
import type { TopoLevel } from './versions/qemu-release.ts'

/** The device options of one `device_add`, as QemuOpts made them: driver, id, the rest in order. */
export interface DeviceOpts {
  readonly driver: string | null
  readonly id: string | null
  readonly props: ReadonlyMap<string, string>
}

/** Non-CPU device models that exist in QEMU 7.0 but are outside this simulation. */
const otherDeviceModels = new Set([
  'e1000', 'e1000e', 'virtio-net-pci', 'virtio-blk-pci', 'virtio-scsi-pci', 'virtio-balloon-pci', 'pcie-root-port',
  'usb-tablet', 'usb-kbd', 'qxl-vga', 'VGA', 'pc-dimm', 'nvdimm', 'virtio-serial-pci', 'ide-hd', 'scsi-hd',
])

const rejected = (state: SimState, message: string, events: SimEvent[] = []): OpResult => ({
  state,
  output: message === '' ? [] : message.split('\n'),
  events: [...events, { kind: 'error', message, source: 'hmp_handle_error' }],
  ok: false,
})

/** `tdb_hash()` of qobject/qdict.c: QDict iteration order is by this hash modulo 512. */
export function qdictBucket(key: string): number {
  return tdbHash(key) % 512
}

function tdbHash(key: string): number {
  let value = Math.imul(0x238f13af, key.length) >>> 0
  for (let i = 0; i < key.length; i++) value = (value + ((key.charCodeAt(i) << ((i * 5) % 24)) >>> 0)) >>> 0
  return (Math.imul(1103515243, value) + 12345) >>> 0
}

/** Keys in QDict order: by bucket; within a bucket the newest entry is first (QLIST_INSERT_HEAD). */
function qdictOrder(keys: readonly string[]): string[] {
  return keys
    .map((key, index) => ({ key, index, bucket: qdictBucket(key) }))
    .sort((a, b) => a.bucket - b.bucket || b.index - a.index)
    .map((e) => e.key)
}

type TopoProps = { socketId: number; dieId: number; moduleId: number; coreId: number; threadId: number; nodeId: number | null; apicId: number | null }

const idOf: Record<TopoLevel, 'socketId' | 'dieId' | 'moduleId' | 'coreId' | 'threadId'> = { socket: 'socketId', die: 'dieId', module: 'moduleId', core: 'coreId', thread: 'threadId' }

/**
 * Sets the properties in QDict order, as `object_set_properties_from_keyval()`; the first failure wins.
 * This comes before any topology check: qdev_device_add_from_qdict() sets them, then realizes the
 * device, whose pre-plug checks the slot (QEMU v7.0.0 softmmu/qdev-monitor.c:707, then :713).
 */
function setProperties(driver: string, props: ReadonlyMap<string, string>, levels: readonly TopoLevel[]): { ok: true; topo: TopoProps } | { ok: false; error: string } {
  const topo: TopoProps = { socketId: -1, dieId: -1, moduleId: -1, coreId: -1, threadId: -1, nodeId: null, apicId: null }
  for (const key of qdictOrder([...props.keys()])) {
    const value = props.get(key)!
    // `module-id` is a property of x86 CPUs only where the release has modules (9.0+).
    const type = key === 'module-id' && !levels.includes('module') ? undefined : cpuPropertyType(key)
    if (!type) return { ok: false, error: `Property '${driver}.${key}' not found` }
    if (type === 'bool') {
      if (!['on', 'yes', 'true', 'y', 'off', 'no', 'false', 'n'].includes(value)) {
        return { ok: false, error: `Parameter '${key}' expects 'on' or 'off'` }
      }
      continue
    }
    if (type === 'str') continue
    const n = qemuStrtoInt(value, type === 'uint32')
    if (n === null) return { ok: false, error: `Parameter '${key}' expects integer` }
    if (type === 'int32' && (n < -2147483648 || n > 2147483647)) return { ok: false, error: `Parameter '${key}' expects int32_t` }
    if (type === 'uint32' && n > 4294967295) return { ok: false, error: `Parameter '${key}' expects uint32_t` }
    if (key === 'socket-id') topo.socketId = n
    else if (key === 'die-id') topo.dieId = n
    else if (key === 'module-id') topo.moduleId = n
    else if (key === 'core-id') topo.coreId = n
    else if (key === 'thread-id') topo.threadId = n
    else if (key === 'node-id') topo.nodeId = n
    else if (key === 'apic-id') topo.apicId = n
  }
  return { ok: true, topo }
}

/**
 * `device_add` of a CPU (§3.5 errors, §1.7 sequence). Failures before
 * `qdev_set_id` change nothing; an id-less device has already taken its
 * `peripheral-anon/device[N]` number when a later check fails, as in QEMU.
 */
export function deviceAdd(state: SimState, opts: DeviceOpts): OpResult {
  const events: SimEvent[] = []
  const { driver } = opts
  if (driver === null) return rejected(state, "Error: Parameter 'driver' is missing")
  events.push({ kind: 'qdev-device-add', driver, id: opts.id, source: 'qdev_device_add' })
  // qdev_get_device_class()
  if (abstractCpuTypes.has(driver)) return rejected(state, "Error: Parameter 'driver' expects a non-abstract device type", events)
  if (modelOfCpuType(driver) === undefined) {
    if (otherDeviceModels.has(driver)) {
      return rejected(state, `(explorer) ${driver} is a real device model; only vCPU hotplug is simulated here.`, events)
    }
    return rejected(state, `Error: '${driver}' is not a valid device model name`, events)
  }

  // qdev_set_id(): the id registers under /machine/peripheral; no id takes the next anonymous number.
  let qomPath: string
  let next = state
  if (opts.id !== null) {
    if (state.qemu.cpus.some((c) => c.qdevId === opts.id)) {
      return rejected(state, `Error: Duplicate device ID '${opts.id}'`, events)
    }
    qomPath = `/machine/peripheral/${opts.id}`
  } else {
    qomPath = `/machine/peripheral-anon/device[${state.qemu.anonDeviceCount}]`
    next = { ...state, qemu: { ...state.qemu, anonDeviceCount: state.qemu.anonDeviceCount + 1 } }
  }

  const { preplugLevels: levels } = state.profile.qemu
  const set = setProperties(driver, opts.props, levels)
  if (!set.ok) return rejected(next, `Error: ${set.error}`, events)
  const topo = set.topo

  const { topology, slots, config } = state.qemu
  // x86_cpu_pre_plug(), in its order (§3.5; research qemu-hmp.md §4).
  if (!isCpuTypeCompatible(driver, config.cpuType)) {
    return rejected(next, `Error: Invalid CPU type, expected cpu type: '${config.cpuType}'`, events)
  }
  const range: Record<TopoLevel, number> = {
    socket: state.profile.qemu.maxSocketId(topology),
    die: topology.dies - 1,
    module: topology.modules - 1,
    core: topology.cores - 1,
    thread: topology.threads - 1,
  }
  let apicId: number
  if (topo.apicId === null || topo.apicId === 0xffffffff) {
    // die-id (and, since 9.0, module-id) stay optional where there is only one of them.
    if (topo.dieId < 0 && topology.dies === 1) topo.dieId = 0
    if (topo.moduleId < 0 && topology.modules === 1) topo.moduleId = 0
    for (const level of levels) {
      const value = topo[idOf[level]]
      if (value < 0) return rejected(next, `Error: CPU ${level}-id is not set`, events)
      if (value > range[level]) return rejected(next, `Error: Invalid CPU ${level}-id: ${value} must be in range 0:${range[level]}`, events)
    }
    apicId = apicIdFromTopoIds(topology, topo)
  } else {
    apicId = topo.apicId
  }
  const slot = findSlot(slots, apicId)
  if (!slot) {
    const ids = topoIdsFromApicId(topology, apicId)
    const where = levels.map((level) => `${level}: ${ids[idOf[level]]}`).join(', ')
    return rejected(next, `Error: Invalid CPU [${where}] with APIC ID ${apicId}, valid index range 0:${slots.length - 1}`, events)
  }
  if (state.qemu.cpus.some((c) => c.cpuIndex === slot.cpuIndex)) {
    return rejected(next, `Error: CPU[${slot.cpuIndex}] with APIC ID ${apicId} exists`, events)
  }
  const derived = topoIdsFromApicId(topology, apicId)
  for (const level of levels) {
    const given = topo[idOf[level]]
    const actual = derived[idOf[level]]
    if (given !== -1 && given !== actual) {
      return rejected(next, `Error: property ${level}-id: ${given >>> 0} doesn't match set apic-id: 0x${apicId.toString(16)} (${level}-id: ${actual})`, events)
    }
  }
  // numa_cpu_pre_plug(): without -numa every slot belongs to node 0.
  if (topo.nodeId !== null && topo.nodeId !== -1 && topo.nodeId !== 0) {
    return rejected(next, 'Error: invalid node-id, must be 0', events)
  }
  events.push({ kind: 'pre-plug', cpuIndex: slot.cpuIndex, apicId, source: 'x86_cpu_pre_plug' })

  const realized = realizeVcpu(next, slot, { qdevId: opts.id, qomPath, qomType: driver }, events)
  if (realized.fatal) {
    const dead = exitQemu(realized.state, realized.fatal.join('\n'), events)
    return { state: dead, output: realized.fatal, events, ok: true }
  }
  next = realized.state
  // x86_cpu_plug() → ACPI: legacy mode sets the present bit (a CPU with APIC ID ≥ 256 switches to modern,
  // hw/acpi/cpu_hotplug.c); modern mode marks it inserting. Either way an SCI reaches the guest.
  if (!next.qemu.config.acpiHotplug) return { state: next, output: [], events, ok: true }
  if (next.qemu.cpuHotplugLegacy && apicId >= 256) {
    next = { ...next, qemu: { ...next.qemu, cpuHotplugLegacy: false } }
    events.push({ kind: 'hotplug-modern', source: 'acpi_set_cpu_present_bit' })
  }
  events.push({ kind: 'acpi-insert', cpuIndex: slot.cpuIndex, source: 'acpi_send_event' })
  next = guestHandlesSci(next, events)
  return { state: next, output: [], events, ok: true }
}

/** `object_resolve_path()`: empty components (`//`, a trailing `/`) are skipped. */
function normaliseQomPath(path: string): string {
  if (!path.includes('//') && !path.endsWith('/')) return path
  return `/${path.split('/').filter((part) => part !== '').join('/')}`
}

/** Startup CPUs have no id: they are reached by QOM path only (§3.4). */
export function resolveDevice(state: SimState, arg: string): { cpu: QemuCpu } | { error: string } {
  const cpus = state.qemu.cpus
  // find_device_state(): a relative id is looked up under /machine/peripheral.
  const path = normaliseQomPath(arg.startsWith('/') ? arg : `/machine/peripheral/${arg}`)
  if (arg.startsWith('/')) {
    const cpu = cpus.find((c) => c.qomPath === path)
    if (cpu) return { cpu }
    if (['/', '/machine', '/machine/peripheral', '/machine/peripheral-anon', '/machine/unattached'].includes(path)) {
      return { error: `Error: ${state.profile.qemu.notADevice(arg)}` }
    }
    // The startup CPU's APIC realized kvmvapic, the sysbus device[1] (research: qdev.c counter).
    if (path === '/machine/unattached/device[1]') return { error: "Error: Bus 'main-system-bus' does not support hotplugging" }
    return { error: `Error: Device '${arg}' not found` }
  }
  const cpu = cpus.find((c) => c.qomPath === path)
  return cpu ? { cpu } : { error: `Error: Device '${arg}' not found` }
}

/**
 * `device_del`: the request half of the ACPI unplug (§3.1 steps 1–5). The
 * guest then ejects at once (cooperative), never (ignores), or cannot (the
 * firmware does not run the hotplug AML).
 */
export function deviceDel(state: SimState, arg: string): OpResult {
  const resolved = resolveDevice(state, arg)
  if ('error' in resolved) return rejected(state, resolved.error)
  const { cpu } = resolved
  // x86_cpu_unplug_request_cb(): no ACPI device, then slot 0 is the boot CPU.
  if (!state.qemu.config.acpiHotplug) return rejected(state, 'Error: CPU hot unplug not supported without ACPI')
  if (cpu.cpuIndex === 0) return rejected(state, 'Error: Boot CPU is unpluggable')
  // ich9_pm_device_unplug_request_cb() / piix4: legacy mode cannot unplug (§3.3).
  if (state.qemu.cpuHotplugLegacy) {
    return rejected(state, `Error: acpi: device unplug request for not supported device type: ${cpu.qomType}`)
  }
  const events: SimEvent[] = [{ kind: 'acpi-eject-request', cpuIndex: cpu.cpuIndex, source: 'acpi_cpu_unplug_request_cb' }]
  const cpus = state.qemu.cpus.slice()
  cpus[cpus.indexOf(cpu)] = cpu.unplugRequested ? cpu : { ...cpu, unplugRequested: true }
  let next: SimState = { ...state, qemu: { ...state.qemu, cpus } }
  next = guestHandlesSci(next, events)
  if (next.qemu.cpus.some((c) => c.cpuIndex === cpu.cpuIndex && c.unplugRequested)) {
    events.push({ kind: 'guest-ignores', cpuIndex: cpu.cpuIndex, source: 'guest' })
  }
  return { state: next, output: [], events, ok: true }
}

/**
 * The guest's SCI handler (`\_SB.CPUS.CSCN`) scans every CPU with a pending
 * event, in slot order (§3.1 step 6); a cooperative, running guest ejects each
 * CPU whose removal is pending (`_EJ0`). That a removal it ignored earlier then
 * completes on the next SCI is inferred from the AML's scan loop [I].
 */
export function guestHandlesSci(state: SimState, events: SimEvent[]): SimState {
  if (state.guest !== 'cooperative' || state.qemu.runState !== 'running' || state.qemu.cpuHotplugLegacy) return state
  if (!state.qemu.cpus.some((c) => c.unplugRequested)) return state
  const pending = state.qemu.cpus.filter((c) => c.unplugRequested)
  if (pending.length > 1) pending.sort((a, b) => a.cpuIndex - b.cpuIndex)
  let next = state
  for (const cpu of pending) next = ejectCpu(next, cpu, events)
  return next
}

/**
 * `_EJ0` → `cpu_hotplug_wr()` → `x86_cpu_unplug_cb()` → `qdev_unrealize()` →
 * `cpu_remove_sync()`: in the vCPU thread `kvm_destroy_vcpu()` munmaps kvm_run
 * and parks the fd at the head of `kvm_parked_vcpus` without closing it; the
 * thread exits and is joined; `cpu_list_remove()`; `DEVICE_DELETED` (§1.1, §3.1).
 */
function ejectCpu(state: SimState, cpu: QemuCpu, events: SimEvent[]): SimState {
  events.push({ kind: 'guest-ej0', cpuIndex: cpu.cpuIndex, source: 'cpu_hotplug_wr' })
  // KVM_GET_VCPU_MMAP_SIZE again, then munmap(cpu->kvm_run) (§1.1 steps 3–4).
  let host = munmap(state.host, cpu.kvmRun)
  events.push({ kind: 'munmap', fd: cpu.kvmFd, vcpuId: cpu.vcpuId, address: cpu.kvmRun, length: state.profile.kernel.vcpuMmapSize, source: 'do_kvm_destroy_vcpu' })
  events.push({ kind: 'fd-parked', vcpuId: cpu.vcpuId, fd: cpu.kvmFd, source: state.profile.qemu.vcpuFdPath.park })
  if (cpu.statsFd !== null) events.push({ kind: 'stats-fd-leaked', vcpuId: cpu.vcpuId, fd: cpu.statsFd, source: 'do_kvm_destroy_vcpu' })
  const thread = host.threads.find((t) => t.tid === cpu.tid)
  events.push({ kind: 'thread-exit', tid: cpu.tid, name: thread?.comm ?? '', source: 'kvm_vcpu_thread_fn' })
  host = exitThread(host, cpu.tid)
  events.push({ kind: 'thread-join', tid: cpu.tid, source: 'cpu_remove_sync' })
  events.push({ kind: 'cpu-list-remove', cpuIndex: cpu.cpuIndex, source: 'cpu_list_remove' })
  events.push({ kind: 'device-deleted', device: cpu.qdevId, path: cpu.qomPath, source: 'device_finalize' })
  return {
    ...state,
    host,
    qemu: {
      ...state.qemu,
      cpus: state.qemu.cpus.toSpliced(state.qemu.cpus.indexOf(cpu), 1),
      // QLIST_INSERT_HEAD
      parkedVcpus: [{ vcpuId: cpu.vcpuId, kvmFd: cpu.kvmFd }].concat(state.qemu.parkedVcpus),
    },
  }
}

/** Switches the guest's behaviour; a guest that leaves the firmware runs `_INI` (§3.3). */
export function setGuestBehaviour(state: SimState, behaviour: SimState['guest']): OpResult {
  const events: SimEvent[] = [{ kind: 'guest-mode', behaviour, source: 'guest' }]
  const next = startGuest({ ...state, guest: behaviour }, events)
  return { state: next, output: [], events, ok: true }
}
