/**
 * `-smp` parsing and the possible-CPU slots with their APIC IDs
 * (BEHAVIOUR.md §4.1, §4.2; QEMU 7.0 hw/core/machine-smp.c, include/hw/i386/topology.h).
 */
import type { MachineType } from './profile.ts'

export interface SmpConfig {
  cpus?: number
  drawers?: number
  books?: number
  sockets?: number
  dies?: number
  clusters?: number
  modules?: number
  cores?: number
  threads?: number
  maxcpus?: number
}

export interface Topology {
  readonly cpus: number
  readonly sockets: number
  readonly dies: number
  /** Modules per die (9.0+; 1 before): `-smp modules=`. */
  readonly modules: number
  /** Cores per module (per die before 9.0). */
  readonly cores: number
  readonly threads: number
  readonly maxCpus: number
}

export interface CpuSlot {
  /** Position in `possible_cpus`: becomes `cpu_index` (§2.2). */
  readonly cpuIndex: number
  /** `arch_id`: the APIC ID, which is also the KVM vcpu_id on x86 (§0.2). */
  readonly apicId: number
  readonly socketId: number
  readonly dieId: number
  readonly moduleId: number
  readonly coreId: number
  readonly threadId: number
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string }

/** What a QEMU release's `-smp` parsing needs to know (src/model/versions/qemu-release.ts). */
export interface SmpRules {
  readonly smpLevels: readonly ('dies' | 'modules')[]
  readonly hierarchy: (t: Topology) => string
  readonly smpZero: 'warn' | 'error'
  readonly smpUnsupported: (key: string) => string
}

/**
 * `machine_parse_smp_config()` (hw/core/machine-smp.c): zero values, levels the
 * machine lacks, the omitted values filled in (sockets first on ≤ 6.1
 * machine types, cores first since), then the product and the machine's limit.
 * Returns QEMU's message on error. x86 supports dies, and modules since 9.1;
 * clusters, books and drawers only as 1.
 */
export function parseSmp(config: SmpConfig, machine: MachineType, rules: SmpRules): Result<Topology> & { warnings?: string[] } {
  const warnings: string[] = []
  // SMPConfiguration fields are int64; machine_parse_smp_config() reads them as unsigned.
  const given = (v: number | undefined): number => (v === undefined ? 0 : Number(BigInt.asUintN(32, BigInt(v))))
  if (Object.values(config).some((v) => v === 0)) {
    if (rules.smpZero === 'error') return { ok: false, error: 'Invalid CPU topology: CPU topology parameters must be greater than zero' }
    warnings.push('Deprecated CPU topology (considered invalid): CPU topology parameters must be greater than zero')
  }
  const raw = config as Readonly<Record<string, number | undefined>>
  // The unsupported levels, in the order the function tests them (modules, clusters, dies, books, drawers).
  for (const key of ['modules', 'clusters', 'dies', 'books', 'drawers']) {
    const supported = key === 'dies' || (key === 'modules' && rules.smpLevels.includes('modules'))
    if (!supported && given(raw[key]) > 1) return { ok: false, error: rules.smpUnsupported(key) }
  }
  let cpus = given(config.cpus)
  let sockets = given(config.sockets)
  let dies = given(config.dies)
  let modules = given(config.modules)
  let cores = given(config.cores)
  let threads = given(config.threads)
  let maxcpus = given(config.maxcpus)
  dies = dies > 0 ? dies : 1
  modules = modules > 0 ? modules : 1
  const between = dies * modules

  if (cpus === 0 && maxcpus === 0) {
    sockets = sockets > 0 ? sockets : 1
    cores = cores > 0 ? cores : 1
    threads = threads > 0 ? threads : 1
  } else {
    maxcpus = maxcpus > 0 ? maxcpus : cpus
    if (machine.preferSockets) {
      if (sockets === 0) {
        cores = cores > 0 ? cores : 1
        threads = threads > 0 ? threads : 1
        sockets = Math.floor(maxcpus / (between * cores * threads))
      } else if (cores === 0) {
        threads = threads > 0 ? threads : 1
        cores = Math.floor(maxcpus / (sockets * between * threads))
      }
    } else if (cores === 0) {
      sockets = sockets > 0 ? sockets : 1
      threads = threads > 0 ? threads : 1
      cores = Math.floor(maxcpus / (sockets * between * threads))
    } else if (sockets === 0) {
      threads = threads > 0 ? threads : 1
      sockets = Math.floor(maxcpus / (between * cores * threads))
    }
    if (threads === 0) threads = Math.floor(maxcpus / (sockets * between * cores))
  }

  // `unsigned` arithmetic: the product wraps at 2^32 as in C.
  const product = [sockets, dies, modules, cores, threads].reduce((a, b) => Math.imul(a, b) >>> 0, 1)
  maxcpus = maxcpus > 0 ? maxcpus : product
  cpus = cpus > 0 ? cpus : maxcpus
  const topology: Topology = { cpus, sockets, dies, modules, cores, threads, maxCpus: maxcpus }

  if (product !== maxcpus) {
    return { ok: false, error: `Invalid CPU topology: product of the hierarchy must match maxcpus: ${rules.hierarchy(topology)} != maxcpus (${maxcpus})` }
  }
  if (maxcpus < cpus) {
    return {
      ok: false,
      error: `Invalid CPU topology: maxcpus must be equal to or greater than smp: ${rules.hierarchy(topology)} == maxcpus (${maxcpus}) < smp_cpus (${cpus})`,
    }
  }
  if (maxcpus > machine.maxCpus) {
    // "%d" of an unsigned: -smp -1 prints as -1.
    return { ok: false, error: `Invalid SMP CPUs ${maxcpus | 0}. The max CPUs supported by machine '${machine.name}' is ${machine.maxCpus}` }
  }
  return { ok: true, value: topology, warnings }
}

/** `apicid_bitwidth_for_count()`: ceil(log2(count)), 0 for a count of 1. */
export function bitWidth(count: number): number {
  const n = count - 1
  return n > 0 ? 32 - Math.clz32(n) : 0
}

interface Offsets {
  readonly core: number
  readonly module: number
  readonly die: number
  readonly pkg: number
}

/** include/hw/i386/topology.h: smt, core, module (9.0+), die and package fields, each ceil(log2 n) wide. */
function offsets(t: Topology): Offsets {
  const core = bitWidth(t.threads)
  const module = core + bitWidth(t.cores)
  const die = module + bitWidth(t.modules)
  const pkg = die + bitWidth(t.dies)
  return { core, module, die, pkg }
}

export interface TopoIds {
  readonly socketId: number
  readonly dieId: number
  readonly moduleId: number
  readonly coreId: number
  readonly threadId: number
}

/** `x86_apicid_from_topo_ids()` (§4.2). */
export function apicIdFromTopoIds(t: Topology, ids: TopoIds): number {
  const o = offsets(t)
  // Multiplications rather than shifts: 4096 CPUs with wide fields pass 2^31.
  return ids.socketId * 2 ** o.pkg + ids.dieId * 2 ** o.die + ids.moduleId * 2 ** o.module + ids.coreId * 2 ** o.core + ids.threadId
}

/** `x86_topo_ids_from_apicid()`. */
export function topoIdsFromApicId(t: Topology, apicId: number): TopoIds {
  const o = offsets(t)
  const field = (offset: number, width: number): number => Math.floor(apicId / 2 ** offset) % 2 ** width
  return {
    threadId: field(0, o.core),
    coreId: field(o.core, o.module - o.core),
    moduleId: field(o.module, o.die - o.module),
    dieId: field(o.die, o.pkg - o.die),
    socketId: Math.floor(apicId / 2 ** o.pkg),
  }
}

/** `x86_possible_cpu_arch_ids()`: one slot per possible CPU, sorted by APIC ID. */
export function possibleCpus(t: Topology): CpuSlot[] {
  const slots: CpuSlot[] = []
  const perCore = t.threads
  const perModule = t.cores * perCore
  const perDie = t.modules * perModule
  const perSocket = t.dies * perDie
  for (let i = 0; i < t.maxCpus; i++) {
    // `x86_topo_ids_from_idx()`
    const ids: TopoIds = {
      socketId: Math.floor(i / perSocket),
      dieId: Math.floor(i / perDie) % t.dies,
      moduleId: Math.floor(i / perModule) % t.modules,
      coreId: Math.floor(i / perCore) % t.cores,
      threadId: i % t.threads,
    }
    slots.push({ cpuIndex: i, apicId: apicIdFromTopoIds(t, ids), ...ids })
  }
  return slots
}

/** `x86_find_cpu_slot()`: the slot whose arch id is `apicId`, by binary search. */
export function findSlot(slots: readonly CpuSlot[], apicId: number): CpuSlot | undefined {
  let lo = 0
  let hi = slots.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const slot = slots[mid]!
    if (slot.apicId === apicId) return slot
    if (slot.apicId < apicId) lo = mid + 1
    else hi = mid - 1
  }
  return undefined
}
