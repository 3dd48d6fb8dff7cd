/**
 * Two replays of the same steps on two profiles, side by side at one step:
 * the rows each side's panels show, and which of them the other side lacks.
 */
import type { Frame } from '../scenario/replay.ts'
import { fdRows, fdStatusText } from './rows.ts'
import { debugfsVmPath } from '../model/qemu.ts'

export type CompareList = 'fds' | 'threads' | 'parked' | 'debugfs' | 'output'

/** One row of a comparison list: `key` is what makes it the same row on both sides. */
export interface CompareRow {
  readonly key: string
  readonly cells: readonly string[]
  /** The other side has no row with this key. */
  readonly onlyHere: boolean
  /** The row's slot, for the highlight across panels. */
  readonly cpuIndex: number | null
  /** The fd row's status (live, parked, stats, leaked …), for the fd lists. */
  readonly status?: string
}

interface Row {
  readonly key: string
  readonly cells: readonly string[]
  readonly cpuIndex: number | null
  readonly status?: string
}

export const compareLists: readonly { id: CompareList; title: string }[] = [
  { id: 'fds', title: 'KVM file descriptors' },
  { id: 'threads', title: 'Threads' },
  { id: 'parked', title: 'kvm_parked_vcpus' },
  { id: 'debugfs', title: 'debugfs vCPU directories' },
  { id: 'output', title: 'Console output of this step' },
]

function rowsOf(frame: Frame, list: CompareList): Row[] {
  const { state, record } = frame
  switch (list) {
    case 'fds':
      return fdRows(state).map((r) => ({ key: `${r.fd}${r.access} ${r.name}`, cells: [`${r.fd}${r.access}`, r.name, fdStatusText(r)], cpuIndex: r.cpuIndex, status: r.status }))
    case 'threads':
      return state.host.threads.map((t) => ({ key: `${t.tid} ${t.comm}`, cells: [String(t.tid), t.comm], cpuIndex: t.cpuIndex }))
    case 'parked':
      return state.qemu.parkedVcpus.map((p, i) => ({ key: `${p.vcpuId}:${p.kvmFd}`, cells: [i === 0 ? 'head' : `#${i + 1}`, `vcpu_id ${p.vcpuId}`, `fd ${p.kvmFd}`], cpuIndex: null }))
    case 'debugfs':
      if (!state.host.alive) return []
      return [...state.kvm.vcpus].sort((a, b) => a.vcpuId - b.vcpuId).map((v) => ({ key: `${debugfsVmPath(state)}/vcpu${v.vcpuId}`, cells: [`vcpu${v.vcpuId}/`], cpuIndex: null }))
    case 'output':
      return record.output.map((line, i) => ({ key: `${line}\u0000${record.output.slice(0, i).filter((l) => l === line).length}`, cells: [line], cpuIndex: null }))
  }
}

/** The rows of `list` on `side`, each marked when `other` has no row with its key. */
export function compareRows(side: Frame, other: Frame, list: CompareList): CompareRow[] {
  const theirs = new Set(rowsOf(other, list).map((r) => r.key))
  return rowsOf(side, list).map((r) => ({ ...r, onlyHere: !theirs.has(r.key) }))
}

export interface FdSeriesPoint {
  readonly step: number
  readonly vcpu: number
  readonly stats: number
}

/** The open vCPU and stats fds after every step of a replay: the comparison chart's data. */
export function fdSeries(records: readonly { readonly openFds: { readonly vcpu: number; readonly stats: number } }[]): FdSeriesPoint[] {
  return records.map((r, step) => ({ step, vcpu: r.openFds.vcpu, stats: r.openFds.stats }))
}
