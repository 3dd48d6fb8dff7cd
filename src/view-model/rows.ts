/**
 * Typed rows of the host panels, derived from the model's state: what a panel,
 * the SVG export and the comparison draw. A row says what a thing is
 * (`{ fd, name, status }`), never how it is styled.
 */
import type { SimState } from '../model/state.ts'
import { findSlot } from '../model/topology.ts'

/** The slot whose APIC ID (= KVM vcpu_id on x86) is `vcpuId`. */
export function cpuIndexOfVcpu(state: SimState, vcpuId: number): number | null {
  return findSlot(state.qemu.slots, vcpuId)?.cpuIndex ?? null
}

export type FdStatus =
  /** /dev/kvm and the VM fd. */
  | 'kvm'
  | 'vm'
  /** A vCPU fd of a plugged CPU (`pending`: device_del asked, the guest has not ejected). */
  | 'live'
  | 'pending'
  /** A vCPU fd on `kvm_parked_vcpus`: still open. */
  | 'parked'
  /** A stats fd of a plugged CPU, and one nothing will ever close (its CPU was unplugged or re-plugged with a new one). */
  | 'stats'
  | 'leaked'

export interface FdRow {
  readonly fd: number
  /** lsof's mode character: `u`, `r`. */
  readonly access: string
  readonly type: string
  readonly name: string
  readonly status: FdStatus
  readonly vcpuId: number | null
  /** The slot of its vCPU, for highlighting. */
  readonly cpuIndex: number | null
  /** The CPU it belongs to now (`CPU #5`), if any. */
  readonly owner: number | null
}

/** The KVM fds, in fd order: /dev/kvm, the VM, every vCPU fd (live or parked) and every stats fd (live or leaked). */
export function fdRows(state: SimState): FdRow[] {
  const parked = new Set(state.qemu.parkedVcpus.map((p) => p.kvmFd))
  const byKvmFd = new Map(state.qemu.cpus.map((c) => [c.kvmFd, c]))
  const byStatsFd = new Map(state.qemu.cpus.flatMap((c) => (c.statsFd === null ? [] : [[c.statsFd, c] as const])))
  const rows: FdRow[] = []
  for (const f of state.host.fds) {
    const role = f.role
    if (role.kind === 'other') continue
    const base = { fd: f.fd, access: f.access, type: f.file.type, name: f.file.name }
    if (role.kind === 'kvm-dev' || role.kind === 'kvm-vm') {
      rows.push({ ...base, status: role.kind === 'kvm-dev' ? 'kvm' : 'vm', vcpuId: null, cpuIndex: null, owner: null })
      continue
    }
    const cpuIndex = cpuIndexOfVcpu(state, role.vcpuId)
    if (role.kind === 'kvm-vcpu') {
      const live = byKvmFd.get(f.fd)
      const status: FdStatus = parked.has(f.fd) ? 'parked' : live?.unplugRequested ? 'pending' : 'live'
      rows.push({ ...base, status, vcpuId: role.vcpuId, cpuIndex, owner: live?.cpuIndex ?? null })
    } else {
      const live = byStatsFd.get(f.fd)
      rows.push({ ...base, status: live ? 'stats' : 'leaked', vcpuId: role.vcpuId, cpuIndex, owner: live?.cpuIndex ?? null })
    }
  }
  return rows
}

/** How a row's status reads in a panel and in the comparison. */
export function fdStatusText(row: FdRow): string {
  switch (row.status) {
    case 'kvm':
      return 'KVM'
    case 'vm':
      return 'VM'
    case 'live':
      return row.owner === null ? '' : `CPU #${row.owner}`
    case 'pending':
      return `CPU #${row.owner}, unplug requested`
    case 'parked':
      return 'parked, still open'
    case 'stats':
      return `stats of CPU #${row.owner}`
    case 'leaked':
      return 'stats, leaked: never closed'
  }
}
