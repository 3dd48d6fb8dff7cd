import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { debugfsVmPath } from './qemu.ts'
import { apply, createSim, type Command } from './sim.ts'
import type { SimState } from './state.ts'
import { bootVm, Q35 } from './testing.ts'
import { parseProfileId, profileId, resolveProfile, type Profile } from './profile.ts'
import { hostPresets } from './versions/hosts.ts'
import { linuxVersions } from './versions/linux.ts'
import { qemuVersions } from './versions/qemu.ts'

/** Topologies up to q35-7.0's 288 CPUs (= KVM_MAX_VCPUS on 4.14: BEHAVIOUR.md §4.5, §5.5). */
const topologyArb = fc
  .record({
    sockets: fc.integer({ min: 1, max: 4 }),
    dies: fc.integer({ min: 1, max: 3 }),
    cores: fc.integer({ min: 1, max: 24 }),
    threads: fc.integer({ min: 1, max: 4 }),
  })
  .filter((t) => t.sockets * t.dies * t.cores * t.threads <= 288)
  .chain((t) => {
    const max = t.sockets * t.dies * t.cores * t.threads
    return fc.record({ topo: fc.constant(t), cpus: fc.integer({ min: 1, max }) })
  })

/** A command spec resolved against the state when it runs, so that most hit real slots and ids. */
type Spec =
  | { kind: 'plug'; slot: number; id: 'fresh' | 'none' | 'dup' | 'bad' }
  | { kind: 'plug-bad'; variant: number; slot: number }
  | { kind: 'replug'; pick: number }
  | { kind: 'unplug'; pick: number; how: 'id' | 'path' | 'unknown' | 'boot' }
  | { kind: 'guest'; behaviour: 'cooperative' | 'ignore' | 'not-booted' }
  | { kind: 'host'; variant: number }
  | { kind: 'look'; variant: number }

const specArb: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('plug' as const), slot: fc.nat(), id: fc.constantFrom('fresh' as const, 'fresh' as const, 'none' as const, 'dup' as const, 'bad' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('plug-bad' as const), variant: fc.nat(9), slot: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replug' as const), pick: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('unplug' as const), pick: fc.nat(), how: fc.constantFrom('id' as const, 'path' as const, 'unknown' as const, 'boot' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('guest' as const), behaviour: fc.constantFrom('cooperative' as const, 'ignore' as const, 'not-booted' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('host' as const), variant: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('look' as const), variant: fc.nat(5) }) },
)

let counter = 0

function toCommand(state: SimState, spec: Spec): Command {
  const { slots, cpus } = state.qemu
  const slot = slots[('slot' in spec ? spec.slot : 0) % slots.length]!
  const ids = `socket-id=${slot.socketId}${state.qemu.topology.dies > 1 ? `,die-id=${slot.dieId}` : ''},core-id=${slot.coreId},thread-id=${slot.threadId}`
  switch (spec.kind) {
    case 'plug': {
      const existing = cpus.find((c) => c.qdevId)?.qdevId ?? 'c0'
      const id = spec.id === 'fresh' ? `,id=c${++counter}` : spec.id === 'none' ? '' : spec.id === 'dup' ? `,id=${existing}` : ',id=9bad'
      return { kind: 'hmp', line: `device_add host-x86_64-cpu${id},${ids}` }
    }
    case 'replug': {
      // Plug the slot of a parked vCPU, so that re-plugs are common.
      const parked = state.qemu.parkedVcpus[spec.pick % Math.max(1, state.qemu.parkedVcpus.length)]
      const target = parked ? slots.find((s) => s.apicId === parked.vcpuId)! : slot
      const dies = state.qemu.topology.dies > 1 ? `,die-id=${target.dieId}` : ''
      return { kind: 'hmp', line: `device_add host-x86_64-cpu,id=r${++counter},socket-id=${target.socketId}${dies},core-id=${target.coreId},thread-id=${target.threadId}` }
    }
    case 'plug-bad': {
      const { topology } = state.qemu
      const variants = [
        `device_add host-x86_64-cpu,id=b${++counter},socket-id=${topology.sockets},core-id=0,thread-id=0`,
        `device_add host-x86_64-cpu,id=b${++counter},socket-id=0,core-id=${topology.cores},thread-id=0`,
        `device_add host-x86_64-cpu,id=b${++counter},socket-id=0,core-id=0,thread-id=${topology.threads}`,
        `device_add host-x86_64-cpu,id=b${++counter}`,
        `device_add qemu64-x86_64-cpu,id=b${++counter},${ids}`,
        `device_add foo-cpu,id=b${++counter}`,
        `device_add x86_64-cpu`,
        `device_add host-x86_64-cpu,id=b${++counter},${ids},foo=1`,
        `device_add host-x86_64-cpu,id=b${++counter},apic-id=99999`,
        'device_add',
      ]
      return { kind: 'hmp', line: variants[spec.variant % variants.length]! }
    }
    case 'unplug': {
      const cpu = cpus[spec.pick % cpus.length]!
      if (spec.how === 'unknown') return { kind: 'hmp', line: 'device_del nosuch' }
      if (spec.how === 'boot') return { kind: 'hmp', line: 'device_del /machine/unattached/device[0]' }
      return { kind: 'hmp', line: `device_del ${spec.how === 'id' && cpu.qdevId ? cpu.qdevId : cpu.qomPath}` }
    }
    case 'guest':
      return { kind: 'guest', behaviour: spec.behaviour }
    case 'host': {
      const activities = [{ kind: 'tids', count: 7 }, { kind: 'worker-start' }, { kind: 'worker-exit' }, { kind: 'wait', seconds: 5 }] as const
      return { kind: 'host', activity: activities[spec.variant % activities.length]! }
    }
    case 'look': {
      const lines: Command[] = [
        { kind: 'hmp', line: 'info cpus' },
        { kind: 'hmp', line: `cpu ${cpus[spec.variant % cpus.length]!.cpuIndex}` },
        { kind: 'hmp', line: 'info hotpluggable-cpus' },
        { kind: 'shell', line: `lsof -p ${state.host.pid} | grep kvm` },
        { kind: 'shell', line: `pidstat -p ${state.host.pid} -t` },
        { kind: 'shell', line: 'bogus' },
      ]
      return lines[spec.variant % lines.length]!
    }
  }
}

/** Every invariant the issue lists, checked on one state against the history so far. */
function checkInvariants(state: SimState, history: { everCreated: Set<number>; fdOf: Map<number, number>; maxTid: number }): void {
  const { host, kvm, qemu } = state
  // Every open fd is unique (the table is sorted and strictly increasing).
  host.fds.forEach((f, i) => {
    if (i > 0) expect(f.fd).toBeGreaterThan(host.fds[i - 1]!.fd)
  })
  // A vcpu_id has at most one fd while the VM lives, and keeps it.
  const vcpuFds = host.fds.filter((f) => f.role.kind === 'kvm-vcpu')
  const byVcpu = new Map<number, number>()
  for (const f of vcpuFds) {
    const id = (f.role as { vcpuId: number }).vcpuId
    expect(byVcpu.has(id)).toBe(false)
    byVcpu.set(id, f.fd)
    if (history.fdOf.has(id)) expect(history.fdOf.get(id)).toBe(f.fd)
    history.fdOf.set(id, f.fd)
  }
  // Parked fds stay open, belong to their vcpu_id, and are not in use by a live CPU.
  for (const p of qemu.parkedVcpus) {
    expect(byVcpu.get(p.vcpuId)).toBe(p.kvmFd)
    expect(qemu.cpus.some((c) => c.kvmFd === p.kvmFd)).toBe(false)
  }
  expect(new Set(qemu.parkedVcpus.map((p) => p.vcpuId)).size).toBe(qemu.parkedVcpus.length)
  // KVM never destroys a vCPU: every fd ever created is still there; debugfs vcpuN = vCPUs ever created.
  expect(new Set(kvm.vcpus.map((v) => v.vcpuId))).toEqual(history.everCreated)
  expect(byVcpu.size).toBe(kvm.vcpus.length)
  const debugfs = apply(state, { kind: 'shell', line: `ls ${debugfsVmPath(state)} | grep vcpu` }).output
  expect(new Set(debugfs)).toEqual(new Set([...history.everCreated].map((id) => `vcpu${id}`)))
  // vCPU threads, `info cpus` rows and plugged slots agree.
  const vcpuThreads = host.threads.filter((t) => t.role === 'vcpu')
  expect(vcpuThreads.map((t) => t.tid).sort()).toEqual(qemu.cpus.map((c) => c.tid).sort())
  const rows = apply(state, { kind: 'hmp', line: 'info cpus' }).output
  // 10.1+ adds ` model=` (hmp_info_cpus); every CPU here is a host CPU.
  const model = state.profile.qemu.monitor.infoCpusModel ? ' model=host' : ''
  expect(rows.map((r) => r.slice(2))).toEqual(qemu.cpus.map((c) => `CPU #${c.cpuIndex}: thread_id=${c.tid}${model}`))
  const plugged = apply(state, { kind: 'hmp', line: 'info hotpluggable-cpus' }).output.filter((l) => l.includes('qom_path'))
  expect(plugged).toHaveLength(qemu.cpus.length)
  for (const c of qemu.cpus) {
    expect(qemu.slots[c.cpuIndex]!.apicId).toBe(c.apicId)
    expect(c.vcpuId).toBe(c.apicId)
    expect(byVcpu.get(c.vcpuId)).toBe(c.kvmFd)
  }
  // TIDs only ever increase.
  for (const t of host.threads) expect(t.tid).toBeLessThan(host.nextPid)
}

describe('model properties over random command sequences (fast-check)', () => {
  it('fds, parked vCPUs, debugfs, threads and info cpus stay consistent; rejected commands change nothing', () => {
    fc.assert(
      fc.property(
        topologyArb,
        fc.constantFrom('cooperative' as const, 'cooperative' as const, 'ignore' as const, 'not-booted' as const),
        fc.array(specArb, { minLength: 1, maxLength: 40 }),
        ({ topo, cpus }, guest, specs) => {
          const smp = `-smp ${cpus},maxcpus=${topo.sockets * topo.dies * topo.cores * topo.threads},sockets=${topo.sockets},dies=${topo.dies},cores=${topo.cores},threads=${topo.threads}`
          let state = bootVm(`${Q35} ${smp}`, guest)
          const history = { everCreated: new Set(state.kvm.vcpus.map((v) => v.vcpuId)), fdOf: new Map<number, number>(), maxTid: 0 }
          const parkedFdOf = new Map<number, number>()
          checkInvariants(state, history)
          for (const spec of specs) {
            const command = toCommand(state, spec)
            const result = apply(state, command)
            if (!result.ok) {
              // Nothing changes, except QEMU's static peripheral-anon counter, which qdev_set_id()
              // advances before a later check can fail.
              expect(result.state.host).toBe(state.host)
              expect(result.state.kvm).toBe(state.kvm)
              expect(result.state.qemu.cpus).toBe(state.qemu.cpus)
              expect(result.state.qemu.parkedVcpus).toBe(state.qemu.parkedVcpus)
              expect({ ...result.state.qemu, anonDeviceCount: 0 }).toEqual({ ...state.qemu, anonDeviceCount: 0 })
              expect(result.state.guest).toBe(state.guest)
            }
            for (const e of result.events) {
              if (e.kind === 'kvm-create-vcpu') history.everCreated.add(e.vcpuId)
              if (e.kind === 'fd-parked') parkedFdOf.set(e.vcpuId, e.fd)
              // A re-plug gets back the fd it parked.
              if (e.kind === 'found-parked') expect(e.fd).toBe(parkedFdOf.get(e.vcpuId))
            }
            state = result.state
            checkInvariants(state, history)
          }
        },
      ),
      { numRuns: 80 },
    )
  })
})

/** Any QEMU release on any kernel, with any preset's tools (the pickers allow every combination), as its id. */
const profileArb: fc.Arbitrary<string> = fc
  .record({ qemu: fc.constantFrom(...qemuVersions.map((v) => v.id)), kernel: fc.constantFrom(...linuxVersions.map((k) => k.id)), host: fc.constantFrom(...hostPresets.map((h) => h.id)) })
  .map(profileId)

function profileOf(id: string): Profile {
  const r = resolveProfile(parseProfileId(id)!)
  if (!r.ok) throw new Error(r.error)
  return r.profile
}

describe('model properties on every profile (fast-check)', () => {
  it('fds unique, parked fds back to their vcpu_id, debugfs holds every vCPU ever created, one stats fd per realize where stats exist', () => {
    fc.assert(
      fc.property(
        profileArb,
        // Within every machine's and kernel's limit (288 on pc-q35 before 8.1 and on 4.14).
        topologyArb,
        fc.array(specArb, { minLength: 1, maxLength: 30 }),
        (id, { topo, cpus }, specs) => {
          const profile = profileOf(id)
          const smp = `-smp ${cpus},maxcpus=${topo.sockets * topo.dies * topo.cores * topo.threads},sockets=${topo.sockets},dies=${topo.dies},cores=${topo.cores},threads=${topo.threads}`
          // The alias: each release's newest q35, so that no profile refuses a retired machine type.
          const created = createSim({ profile, cmdline: `qemu-system-x86_64 -machine q35,accel=kvm -cpu host -name guest,debug-threads=on ${smp}`, guest: 'cooperative' })
          expect(created.ok, `${profile.id} ${smp}`).toBe(true)
          if (!created.ok) return
          let state = created.result.state
          const stats = profile.qemu.vcpuStatsFd && profile.kernel.vcpuStatsFdName !== null
          const history = { everCreated: new Set(state.kvm.vcpus.map((v) => v.vcpuId)), fdOf: new Map<number, number>(), maxTid: 0 }
          const statsFds = new Set<number>()
          const countStats = (events: readonly { kind: string; fd?: number }[]) => {
            for (const e of events) if (e.kind === 'stats-fd-open') statsFds.add(e.fd!)
          }
          countStats(created.result.events)
          const parkedFdOf = new Map<number, number>()
          const check = () => {
            checkInvariants(state, history)
            const open = state.host.fds.filter((f) => f.role.kind === 'kvm-vcpu-stats').map((f) => f.fd)
            // kvm_init_vcpu() opens one per realize and nothing closes it (kvm_destroy_vcpu leaves it): open = ever opened.
            expect(new Set(open)).toEqual(statsFds)
            if (!stats) expect(open).toEqual([])
            else expect(open.length).toBeGreaterThanOrEqual(state.qemu.cpus.length)
          }
          check()
          for (const spec of specs) {
            const result = apply(state, toCommand(state, spec))
            if (!result.ok) {
              expect(result.state.host).toBe(state.host)
              expect(result.state.kvm).toBe(state.kvm)
            }
            for (const e of result.events) {
              if (e.kind === 'kvm-create-vcpu') history.everCreated.add(e.vcpuId)
              if (e.kind === 'fd-parked') parkedFdOf.set(e.vcpuId, e.fd)
              if (e.kind === 'found-parked') expect(e.fd).toBe(parkedFdOf.get(e.vcpuId))
            }
            countStats(result.events)
            state = result.state
            check()
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})

