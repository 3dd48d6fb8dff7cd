import { describe, expect, it } from 'vitest'
import { presets } from './presets.ts'
import { Replay } from './replay.ts'
import { hostPresets } from '../model/versions/hosts.ts'
import { linuxVersions } from '../model/versions/linux.ts'
import { qemuVersions } from '../model/versions/qemu.ts'

function replayOf(id: string): Replay {
  const preset = presets.find((p) => p.id === id)!
  const r = Replay.start(preset.scenario)
  if (!r.ok) throw new Error(r.error)
  return r.replay
}

const parked = (r: Replay, k: number) => r.at(k).state.qemu.parkedVcpus
const cpu = (r: Replay, k: number, cpuIndex: number) => r.at(k).state.qemu.cpus.find((c) => c.cpuIndex === cpuIndex)

describe('built-in scenarios do what their narration says', () => {
  it('every preset has a title, narration for steps it has, and replays without a rejected step it does not mean', () => {
    for (const p of presets) {
      expect(p.scenario.title).not.toBe('')
      const r = Replay.start(p.scenario)
      expect(r.ok, p.id).toBe(true)
      if (!r.ok) continue
      for (const key of Object.keys(p.scenario.narration)) expect(Number(key)).toBeLessThanOrEqual(p.scenario.steps.length)
      r.replay.at(p.scenario.steps.length)
      expect(p.start).toBeLessThanOrEqual(p.scenario.steps.length)
    }
  })

  it('1. the seed: fd 32 is created, parked, reused; the TIDs are the transcript’s', () => {
    const r = replayOf('seed')
    const end = r.length
    expect(cpu(r, end, 5)).toMatchObject({ kvmFd: 32, tid: 6272 })
    const unplugged = r.scenario.steps.findIndex((s) => s.kind === 'hmp' && s.line === 'device_del cpu05') + 1
    expect(parked(r, unplugged)).toEqual([{ vcpuId: 5, kvmFd: 32 }])
    expect(r.at(unplugged).record.narration).toBe('cpu05 unplugged: thread 5982 exited; fd 32 parked, not closed; debugfs vcpu5 remains.')
  })

  it('2. re-plug in a different order: each vcpu_id gets its own fd back', () => {
    const r = replayOf('replug-order')
    expect(parked(r, 4)).toEqual([
      { vcpuId: 4, kvmFd: 32 },
      { vcpuId: 5, kvmFd: 33 },
    ])
    expect(cpu(r, 6, 5)?.kvmFd).toBe(33)
    expect(cpu(r, 7, 4)?.kvmFd).toBe(32)
  })

  it('3. a different vCPU after an unplug: a new fd, debugfs grows', () => {
    const r = replayOf('different-vcpu')
    expect(cpu(r, 3, 6)?.kvmFd).toBe(33)
    expect(parked(r, 3)).toEqual([{ vcpuId: 5, kvmFd: 32 }])
    expect(r.at(4).record.output).toEqual(['vcpu0', 'vcpu1', 'vcpu2', 'vcpu3', 'vcpu5', 'vcpu6'])
  })

  it('4. where the numbers diverge: slot 3 is APIC ID 4, thread CPU 3/KVM, kvm-vcpu:4, vcpu4', () => {
    const r = replayOf('numbers-diverge')
    expect(cpu(r, 1, 3)).toMatchObject({ apicId: 4, vcpuId: 4 })
    expect(r.at(2).record.output.at(-1)).toMatch(/^ {2}CPU #3: thread_id=\d+$/)
    expect(r.at(3).record.output.at(-1)).toMatch(/kvm-vcpu:4$/)
    expect(r.at(4).record.output).toEqual(['vcpu0', 'vcpu4'])
    expect(r.at(1).state.host.threads.at(-1)?.comm).toBe('CPU 3/KVM')
  })

  it('5. a guest that ignores the request: the CPU stays until it cooperates', () => {
    const r = replayOf('guest-ignores')
    expect(cpu(r, 3, 5)?.unplugRequested).toBe(true)
    expect(r.at(5).record.ok).toBe(true)
    expect(r.at(6).record.output).toEqual(["Error: Duplicate device ID 'cpu05'"])
    expect(cpu(r, 8, 5)).toBeUndefined()
    expect(parked(r, 8)).toEqual([{ vcpuId: 5, kvmFd: 32 }])
  })

  it('6. the error gallery: one error per step, each QEMU’s own text', () => {
    const r = replayOf('error-gallery')
    const at = (k: number) => r.at(k).record.output
    expect(at(2)).toEqual(['Error: acpi: device unplug request for not supported device type: host-x86_64-cpu'])
    expect(at(4)).toEqual(["Error: Duplicate device ID 'cpu05'"])
    expect(at(5)).toEqual(['Error: CPU[5] with APIC ID 5 exists'])
    expect(at(6)).toEqual(['Error: Invalid CPU core-id: 8 must be in range 0:7'])
    expect(at(7)).toEqual(['Error: Invalid CPU socket-id: 1 must be in range 0:0'])
    expect(at(8)).toEqual(['Error: Invalid CPU thread-id: 1 must be in range 0:0'])
    expect(at(9)).toEqual(['Error: Invalid CPU die-id: 1 must be in range 0:0'])
    expect(at(10)).toEqual(['Error: CPU socket-id is not set'])
    expect(at(11)).toEqual(['Error: CPU core-id is not set'])
    expect(at(12)).toEqual(['Error: CPU thread-id is not set'])
    expect(at(13)).toEqual(['Error: Invalid CPU [socket: 1, die: 0, core: 1, thread: 0] with APIC ID 9, valid index range 0:7'])
    expect(at(14)).toEqual(["Error: property core-id: 7 doesn't match set apic-id: 0x6 (core-id: 6)"])
    expect(at(15)).toEqual(["Error: Invalid CPU type, expected cpu type: 'host-x86_64-cpu'"])
    expect(at(16)).toEqual(["Error: 'foo-cpu' is not a valid device model name"])
    expect(at(17)).toEqual(["Error: Parameter 'driver' expects a non-abstract device type"])
    expect(at(18)).toEqual(["Error: Parameter 'driver' is missing"])
    expect(at(19)).toEqual(["Error: Property 'host-x86_64-cpu.foo' not found"])
    expect(at(20)).toEqual(['Error: Boot CPU is unpluggable'])
    expect(at(21)).toEqual(["Error: Device 'cpu09' not found"])
    expect(at(22)).toEqual(['Error: /machine is not a hotpluggable device'])
    expect(at(23)).toEqual(["qemu-system-x86_64: Invalid SMP CPUs 300. The max CPUs supported by machine 'pc-q35-7.0' is 288"])
    expect(at(26)).toEqual(['Error: CPU hot unplug not supported without ACPI'])
  })
})

describe('the version scenarios', () => {
  it('every built-in scenario replays on every profile (QEMU × kernel × host) without an exception', () => {
    for (const p of presets) {
      for (const q of qemuVersions) {
        for (const k of linuxVersions) {
          // Every kernel with one host's tools, and every host with its own QEMU and kernel: the axes each change alone.
          const hosts = k.id === '6.8' ? hostPresets : [hostPresets[0]!]
          for (const h of hosts) {
            const r = Replay.start({ ...p.scenario, profile: { qemu: q.id, kernel: k.id, host: h.id }, compare: null })
            expect(r.ok, `${p.id} ${q.id} ${k.id} ${h.id}`).toBe(true)
            if (r.ok) expect(() => r.replay.at(r.replay.length), `${p.id} on ${q.id}/${k.id}/${h.id}`).not.toThrow()
          }
        }
      }
    }
  })

  it('the stats-fd leak: one kvm-vcpu-stats:5 per plug on Ubuntu 24.04, none on the seed host', () => {
    const r = replayOf('stats-fd-leak')
    const stats = (k: number) => r.at(k).state.host.fds.filter((f) => f.role.kind === 'kvm-vcpu-stats' && f.role.vcpuId === 5).map((f) => f.fd)
    expect(stats(1)).toEqual([37])
    expect(stats(2)).toEqual([37])
    expect(stats(3)).toEqual([37, 38])
    expect(stats(20)).toEqual([37, 38, 39, 40, 41, 42, 43, 44, 45, 46])
    // The vCPU fd itself is parked and reused throughout.
    expect(parked(r, 20)).toEqual([{ vcpuId: 5, kvmFd: 36 }])
    expect(r.at(23).record.output).toEqual(['pos:\t0', 'flags:\t02000000', 'mnt_id:\t15', 'ino:\t1057'])
    const seed = Replay.start({ ...r.scenario, profile: r.scenario.compare!, compare: null })
    if (!seed.ok) throw new Error(seed.error)
    expect(seed.replay.at(20).record.openFds).toEqual({ vcpu: 5, stats: 0 })
    expect(r.at(20).record.openFds).toEqual({ vcpu: 5, stats: 14 })
  })

  it('parked vCPUs across a reset: QEMU 10.0 resets each parked TSC, 7.0 leaves them', () => {
    const r = replayOf('parked-reset')
    expect(r.at(5).record.events.filter((e) => e.kind === 'parked-tsc-reset')).toEqual([
      { kind: 'parked-tsc-reset', vcpuId: 6, fd: 38, source: 'kvm_arch_reset_parked_vcpu' },
      { kind: 'parked-tsc-reset', vcpuId: 5, fd: 36, source: 'kvm_arch_reset_parked_vcpu' },
    ])
    const old = Replay.start({ ...r.scenario, profile: r.scenario.compare!, compare: null })
    if (!old.ok) throw new Error(old.error)
    expect(old.replay.at(5).record.events.some((e) => e.kind === 'parked-tsc-reset')).toBe(false)
    // debugfs vcpu5/pid (6.1+): the thread that last ran it, the new one after the re-plug.
    expect(r.at(7).record.output).toEqual([String(r.at(7).state.qemu.cpus.find((c) => c.cpuIndex === 5)!.tid)])
  })

  it('4096 possible vCPUs on pc-q35-10.2 boot and plug', () => {
    const r = replayOf('q35-4096')
    expect(r.at(0).state.qemu.slots).toHaveLength(4096)
    expect(cpu(r, 2, 4095)).toMatchObject({ apicId: 4095, vcpuId: 4095 })
    expect(parked(r, 3)).toEqual([{ vcpuId: 100, kvmFd: 36 }])
  })
})
