/**
 * Two replays of the same steps on two profiles, side by side at one step:
 * the rows each side's panels show, and which of them the other side lacks.
 */
import type { Frame } from '../scenario/replay.ts'
import { fdRows, fdStatusText } from './rows.ts'

export type CompareList = 'fds' | 'threads' | 'parked' | 'debugfs' | 'output'

/**
 * One row of a comparison list. `key` is what makes it the same row on both sides: what the row is
 * (the fd's name, the thread's comm, the parked vcpu_id), counted when it repeats, not its number,
 * which moves with the version (a stats fd shifts every later fd, a kernel thread every later TID).
 */
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

/** `what` with how many rows before it were the same thing: the second leaked `kvm-vcpu-stats:5` is `kvm-vcpu-stats:5#1`. */
function counted<T>(items: readonly T[], what: (item: T) => string): (item: T, index: number) => string {
  const keys: string[] = []
  const seen = new Map<string, number>()
  for (const item of items) {
    const w = what(item)
    const n = seen.get(w) ?? 0
    seen.set(w, n + 1)
    keys.push(`${w}#${n}`)
  }
  return (_item, index) => keys[index]!
}

function rowsOf(frame: Frame, list: CompareList): Row[] {
  const { state, record } = frame
  switch (list) {
    case 'fds': {
      const rows = fdRows(state)
      const key = counted(rows, (r) => `${r.access} ${r.name}`)
      return rows.map((r, i) => ({ key: key(r, i), cells: [`${r.fd}${r.access}`, r.name, fdStatusText(r)], cpuIndex: r.cpuIndex, status: r.status }))
    }
    case 'threads': {
      const key = counted(state.host.threads, (t) => t.comm)
      return state.host.threads.map((t, i) => ({ key: key(t, i), cells: [String(t.tid), t.comm], cpuIndex: t.cpuIndex }))
    }
    case 'parked':
      return state.qemu.parkedVcpus.map((p, i) => ({ key: `vcpu_id ${p.vcpuId}`, cells: [i === 0 ? 'head' : `#${i + 1}`, `vcpu_id ${p.vcpuId}`, `fd ${p.kvmFd}`], cpuIndex: null }))
    case 'debugfs':
      if (!state.host.alive) return []
      return [...state.kvm.vcpus].sort((a, b) => a.vcpuId - b.vcpuId).map((v) => ({ key: `vcpu${v.vcpuId}`, cells: [`vcpu${v.vcpuId}/`], cpuIndex: null }))
    case 'output': {
      const key = counted(record.output, (line) => line)
      return record.output.map((line, i) => ({ key: key(line, i), cells: [line], cpuIndex: null }))
    }
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
