import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SimState } from '../model/state.ts'
import { CHECKPOINT_EVERY, Replay } from './replay.ts'
import { longScenario } from './replay.test-helpers.ts'
import type { Scenario } from './scenario.ts'


function start(scenario: Scenario): Replay {
  const r = Replay.start(scenario)
  if (!r.ok) throw new Error(r.error)
  return r.replay
}

const snapshot = (s: SimState): string => JSON.stringify({ host: s.host, kvm: s.kvm, qemu: { ...s.qemu, config: null, slots: null }, guest: s.guest })

describe('replay with checkpoints', () => {
  it('any jump, in any order, gives the state a straight replay gives', () => {
    const scenario = longScenario(400)
    const straight = start(scenario)
    const expected = Array.from({ length: 401 }, (_, k) => snapshot(straight.at(k).state))
    fc.assert(
      fc.property(fc.array(fc.nat(400), { minLength: 1, maxLength: 20 }), (jumps) => {
        const r = start(scenario)
        for (const k of jumps) expect(snapshot(r.at(k).state)).toBe(expected[k])
      }),
      { numRuns: 40 },
    )
  })

  it('after one full replay, a jump anywhere replays at most one checkpoint interval', () => {
    const r = start(longScenario(10_000))
    r.at(10_000)
    for (const k of [9_999, 0, 5_000, 7_777, 123, 10_000, 64, 63]) {
      const before = r.applied
      r.at(k)
      expect(r.applied - before).toBeLessThanOrEqual(CHECKPOINT_EVERY)
    }
  })

  it('previous is the state one step before, also right after a checkpoint', () => {
    const scenario = longScenario(200)
    const r = start(scenario)
    r.at(200)
    const k = CHECKPOINT_EVERY + 1
    expect(snapshot(r.at(k).previous)).toBe(snapshot(start(scenario).at(k - 1).state))
  })

  it('withSteps keeps the work of the shared prefix and drops the rest', () => {
    const r = start(longScenario(100))
    r.at(100)
    const branched = r.withSteps({ ...r.scenario, steps: r.scenario.steps.slice(0, 70).concat([{ kind: 'hmp', line: 'info cpus' }]) })
    const before = branched.applied
    const frame = branched.at(71)
    expect(branched.applied - before).toBeLessThanOrEqual(CHECKPOINT_EVERY)
    expect(frame.record.output.length).toBeGreaterThan(0)
    expect(snapshot(frame.state)).toBe(snapshot(start(branched.scenario).at(71).state))
  })
})
