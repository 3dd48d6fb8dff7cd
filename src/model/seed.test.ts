import { describe, expect, it } from 'vitest'
import { maskPidstat, pidstatBanner, seedTranscript } from './fixtures/seed-transcript.ts'
import { seedSetup, seedSteps } from './presets/seed.ts'
import { apply, createSim } from './sim.ts'
import type { SimState } from './state.ts'

function boot(): SimState {
  const created = createSim(seedSetup)
  if (!created.ok) throw new Error(created.error)
  return created.result.state
}


describe('seed transcript (BEHAVIOUR.md §9.3, §10)', () => {
  it('replays every command of the transcript with the same output, line for line', () => {
    let state = boot()
    const typed: { console: 'hmp' | 'shell'; line: string; output: readonly string[] }[] = []
    for (const step of seedSteps) {
      const result = apply(state, step)
      state = result.state
      if (step.kind === 'hmp' || step.kind === 'shell') typed.push({ console: step.kind, line: step.line, output: result.output })
    }
    expect(typed.map((t) => `${t.console} ${t.line}`)).toEqual(seedTranscript.map((t) => `${t.console} ${t.line}`))
    typed.forEach((actual, i) => {
      const expected = seedTranscript[i]!
      if (expected.line.startsWith('pidstat')) {
        // The author elided the banner as "... ...": ours is `Linux <release> (<host>) \t<date> …`.
        expect(actual.output[0]).toMatch(pidstatBanner)
        expect(maskPidstat(actual.output.slice(1))).toEqual(maskPidstat(expected.output.slice(1)))
      } else {
        expect(actual.output, `${expected.console}: ${expected.line}`).toEqual(expected.output)
      }
    })
  })

  it('§9.3 row 0: boot gives /dev/kvm fd 11, VM fd 12, vCPU fds 14–17 and the seed threads', () => {
    const state = boot()
    expect(state.host.pid).toBe(5921)
    expect(state.kvm.devFd).toBe(11)
    expect(state.kvm.vmFd).toBe(12)
    expect(state.kvm.vcpus.map((v) => [v.vcpuId, v.fd])).toEqual([[0, 14], [1, 15], [2, 16], [3, 17]])
    expect(state.host.threads.map((t) => [t.tid, t.comm])).toEqual([
      [5921, 'qemu-system-x86'],
      [5922, 'qemu-system-x86'],
      [5927, 'CPU 0/KVM'],
      [5928, 'CPU 1/KVM'],
      [5929, 'CPU 2/KVM'],
      [5930, 'CPU 3/KVM'],
      [5932, 'vnc_worker'],
    ])
  })

  it('§10: the re-plug reuses fd 32 from the parked list and starts a new thread 6272', () => {
    let state = boot()
    const fdAfter: number[] = []
    const parkedAfter: string[] = []
    for (const step of seedSteps) {
      state = apply(state, step).state
      if (step.kind === 'hmp' && step.line.startsWith('device_')) {
        fdAfter.push(state.host.fds.length)
        parkedAfter.push(JSON.stringify(state.qemu.parkedVcpus))
      }
    }
    expect(parkedAfter).toEqual(['[]', '[{"vcpuId":5,"kvmFd":32}]', '[]'])
    // One fd more after the first plug; the unplug and the re-plug leave the table as it was.
    expect(fdAfter[1]).toBe(fdAfter[0])
    expect(fdAfter[2]).toBe(fdAfter[0])
    expect(state.qemu.cpus.find((c) => c.cpuIndex === 5)).toMatchObject({ tid: 6272, kvmFd: 32 })
  })
})
