/**
 * What each host panel lists, derived from the state (and the state before the
 * last operation, for things that just went away).
 */
import { currentMonitorCpu } from '../../model/hmp.ts'
import { debugfsVmPath } from '../../model/qemu.ts'
import type { ParkedVcpu, QemuCpu, SimState, ThreadRole } from '../../model/state.ts'
import type { CpuSlot } from '../../model/topology.ts'
import { cpuIndexOfVcpu, fdRows, fdStatusText, type FdStatus } from '../../view-model/rows.ts'
import type { ListItem } from '../d3list.ts'

export type SlotState = 'empty' | 'plugged' | 'pending' | 'parked'

/** What one possible CPU's slot holds now: a CPU (maybe asked to unplug), a parked fd for its vcpu_id, or nothing. */
export interface SlotHolding {
  readonly slot: CpuSlot
  readonly state: SlotState
  readonly cpu?: QemuCpu
  readonly parked?: ParkedVcpu
}

/** Past this many slots, the slots are drawn small: numbers only. */
export const COMPACT_SLOTS = 48

/** The group a slot is drawn in: its socket, and its die when there are several. */
export function slotGroup(topology: SimState['qemu']['topology'], slot: CpuSlot): string {
  return topology.dies > 1 ? `socket ${slot.socketId}, die ${slot.dieId}` : `socket ${slot.socketId}`
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n > 1 ? 's' : ''}`

/** `2 sockets × 4 cores × 2 threads` (dies only when there are several). */
export function topologyLine(topology: SimState['qemu']['topology']): string {
  return `${plural(topology.sockets, 'socket')}${topology.dies > 1 ? ` × ${topology.dies} dies` : ''} × ${plural(topology.cores, 'core')} × ${plural(topology.threads, 'thread')}`
}

/** The one-line status of QEMU: its pid, the vCPUs plugged of the possible ones, the fds parked. */
export function statusLine(state: SimState): string {
  const { host, qemu } = state
  return host.alive ? `pid ${host.pid} · ${qemu.cpus.length} of ${qemu.topology.maxCpus} vCPUs plugged · ${qemu.parkedVcpus.length} parked` : 'QEMU is not running'
}

/** Every slot's holding, in cpu_index order: for the slots panel and its SVG export. */
export function slotHoldings(state: SimState): SlotHolding[] {
  const byIndex = new Map(state.qemu.cpus.map((c) => [c.cpuIndex, c]))
  const parkedByVcpu = new Map(state.qemu.parkedVcpus.map((p) => [p.vcpuId, p]))
  return state.qemu.slots.map((slot) => {
    const cpu = byIndex.get(slot.cpuIndex)
    if (cpu) return { slot, state: cpu.unplugRequested ? 'pending' : 'plugged', cpu }
    // A parked fd belongs to a vcpu_id, which is the slot's APIC ID on x86 (§0.2).
    const parked = parkedByVcpu.get(slot.apicId)
    return parked ? { slot, state: 'parked', parked } : { slot, state: 'empty' }
  })
}

/** The KVM fds as list items: /dev/kvm, the VM, every vCPU fd (live or parked), every stats fd (live or leaked). */
export function kvmFdItems(state: SimState): ListItem[] {
  return fdRows(state).map((row) => {
    const status = fdStatusText(row)
    return {
      key: `fd:${row.fd}`,
      cpuIndex: row.cpuIndex,
      className: statusClass[row.status],
      data: { fd: String(row.fd) },
      label: `fd ${row.fd}: ${row.name}${status ? `, ${status}` : ''}`,
      cells: [
        { text: `${row.fd}${row.access}`, className: 'cell-fd' },
        { text: row.type, className: 'cell-type' },
        { text: row.name, className: 'cell-name' },
        { text: status, className: 'cell-status' },
      ],
    }
  })
}

const statusClass: Record<FdStatus, string> = { kvm: '', vm: '', live: 'is-live', pending: 'is-live', parked: 'is-parked', stats: 'is-stats', leaked: 'is-leaked' }

/** `kvm_parked_vcpus`, head first. */
export function parkedItems(state: SimState): ListItem[] {
  return state.qemu.parkedVcpus.map((p, i) => ({
    key: `fd:${p.kvmFd}`,
    cpuIndex: cpuIndexOfVcpu(state, p.vcpuId),
    data: { fd: String(p.kvmFd), vcpuId: String(p.vcpuId) },
    label: `${i === 0 ? 'head: ' : ''}vcpu_id ${p.vcpuId}, fd ${p.kvmFd}`,
    cells: [
      { text: i === 0 ? 'head' : `#${i + 1}`, className: 'cell-muted' },
      { text: `vcpu_id ${p.vcpuId}`, className: 'cell-name' },
      { text: `fd ${p.kvmFd}`, className: 'cell-fd' },
    ],
  }))
}

/** What the threads panel says of each kind of thread. */
const threadStatus: Record<ThreadRole, string> = { main: 'main', call_rcu: '', vcpu: 'vCPU', worker: '', vnc_worker: '', kvm_nx: 'KVM (kernel)' }

/** Threads like `pidstat -t`, plus those the last operation ended, marked gone. */
export function threadItems(state: SimState, previous: SimState): ListItem[] {
  const items = state.host.threads.map((t) => ({
    key: `tid:${t.tid}`,
    cpuIndex: t.cpuIndex,
    className: t.role === 'vcpu' ? 'is-live' : '',
    data: { tid: String(t.tid) },
    label: `TID ${t.tid}, ${t.comm}`,
    cells: [
      { text: String(t.tid), className: 'cell-fd' },
      { text: t.comm, className: 'cell-name' },
      { text: threadStatus[t.role], className: 'cell-status' },
    ],
  }))
  if (previous.host.pid === state.host.pid) {
    const alive = new Set(state.host.threads.map((t) => t.tid))
    for (const t of previous.host.threads) {
      if (alive.has(t.tid)) continue
      items.push({
        key: `tid:${t.tid}`,
        cpuIndex: t.cpuIndex,
        className: 'is-gone',
        data: { tid: String(t.tid) },
        label: `TID ${t.tid}, ${t.comm}: exited`,
        cells: [
          { text: String(t.tid), className: 'cell-fd' },
          { text: t.comm, className: 'cell-name' },
          { text: 'gone', className: 'cell-status' },
        ],
      })
    }
  }
  return items.sort((a, b) => Number(a.key.slice(4)) - Number(b.key.slice(4)))
}

/** The per-vCPU debugfs directories: one for every vCPU ever created (§5.3). */
export function debugfsItems(state: SimState): ListItem[] {
  if (!state.host.alive) return []
  const live = new Set(state.qemu.cpus.map((c) => c.vcpuId))
  const files = state.profile.kernel.debugfsVcpuFiles.map((f) => f.name).join(', ')
  return [...state.kvm.vcpus]
    .sort((a, b) => a.vcpuId - b.vcpuId)
    .map((v) => {
      const stillHere = !live.has(v.vcpuId)
      return {
        key: `vcpu:${v.vcpuId}`,
        cpuIndex: cpuIndexOfVcpu(state, v.vcpuId),
        className: stillHere ? 'is-parked' : 'is-live',
        data: { vcpuId: String(v.vcpuId) },
        label: `${debugfsVmPath(state)}/vcpu${v.vcpuId}/: ${files}${stillHere ? '. Still here: its fd is parked, not closed' : ''}`,
        cells: [
          { text: `vcpu${v.vcpuId}/`, className: 'cell-name' },
          { text: stillHere ? 'still here' : '', className: 'cell-status' },
        ],
      }
    })
}

/** `info cpus`, with the monitor's current CPU as QEMU would resolve it now (§2.3). */
export function infoCpusItems(state: SimState): ListItem[] {
  const { cpu: current } = currentMonitorCpu(state)
  return state.qemu.cpus.map((c) => ({
    key: `cpu:${c.cpuIndex}:${c.tid}`,
    cpuIndex: c.cpuIndex,
    className: c.unplugRequested ? 'is-pending' : '',
    label: `${c === current ? 'current CPU, ' : ''}CPU #${c.cpuIndex}: thread_id=${c.tid}${c.unplugRequested ? ', unplug requested' : ''}`,
    cells: [{ text: `${c === current ? '*' : ' '} CPU #${c.cpuIndex}: thread_id=${c.tid}`, className: 'cell-pre' }],
  }))
}
