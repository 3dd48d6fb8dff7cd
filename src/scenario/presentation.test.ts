import { describe, expect, it } from 'vitest'
import { back, evidenceFor, forward, panelsFor, stopIndex, stops, type Position } from './presentation.ts'
import { presets } from './presets.ts'
import { Replay } from './replay.ts'
import type { Scenario } from './scenario.ts'

const seed = presets.find((p) => p.id === 'seed')!.scenario

function replayOf(scenario: Scenario): Replay {
  const started = Replay.start(scenario)
  if (!started.ok) throw new Error(started.error)
  return started.replay
}

const firstPlug = Number(Object.keys(seed.questions)[0])
const replug = Number(Object.keys(seed.questions).at(-1))

describe('presentation: predict, then reveal', () => {
  it('a step with a question shows the question first, then applies the step as its answer', () => {
    let at: Position = { step: firstPlug - 1, phase: 'none' }
    at = forward(seed, at)
    expect(at).toEqual({ step: firstPlug - 1, phase: 'question' })
    at = forward(seed, at)
    expect(at).toEqual({ step: firstPlug, phase: 'answer' })
    at = forward(seed, at)
    expect(at).toEqual({ step: stops(seed)[stops(seed).indexOf(firstPlug) + 1], phase: 'none' })
  })

  it('back undoes each forward, question and answer included', () => {
    const path: Position[] = [{ step: 0, phase: 'none' }]
    while (true) {
      const next = forward(seed, path.at(-1)!)
      if (next === path.at(-1)) break
      path.push(next)
    }
    expect(path.at(-1)).toEqual({ step: seed.steps.length, phase: 'none' })
    expect(path.filter((p) => p.phase === 'question')).toHaveLength(Object.keys(seed.questions).length)
    for (let i = path.length - 1; i > 0; i--) expect(back(seed, path[i]!)).toEqual(path[i - 1])
    expect(back(seed, path[0]!)).toBe(path[0])
  })

  it('recorded host activity is applied on the way, never stopped at: the audience counts the commands', () => {
    const all = stops(seed)
    expect(all[0]).toBe(0)
    expect(all.at(-1)).toBe(seed.steps.length)
    // The seed's 19 typed commands, and the start.
    expect(all).toHaveLength(20)
    for (const k of all.slice(1)) expect(seed.steps[k - 1]!.kind).not.toBe('host')
    const plain = { ...seed, questions: {} }
    let at: Position = { step: 0, phase: 'none' }
    for (let i = 1; i < all.length; i++) {
      at = forward(plain, at)
      expect(at.step).toBe(all[i])
      expect(stopIndex(plain, at.step)).toBe(i)
    }
    // Between stops counts as the stop before (the seed preset opens at 3, after host activity).
    expect(stopIndex(seed, 3)).toBe(0)
  })

  it('a scenario without questions steps one step per forward', () => {
    const plain = { ...seed, questions: {} }
    expect(forward(plain, { step: firstPlug - 1, phase: 'none' })).toEqual({ step: firstPlug, phase: 'none' })
  })
})

describe('presentation: panels and evidence of a step', () => {
  const replay = replayOf(seed)

  it('the first device_add cpu05 points at the new fd 32 and the new thread (§1.1, §5.1)', () => {
    const { record } = replay.at(firstPlug)
    expect(panelsFor(record)).toEqual(['slots', 'fds', 'threads', 'debugfs'])
    const evidence = evidenceFor(record)
    expect(evidence.map((e) => e.key)).toEqual(expect.arrayContaining(['fd:32', 'tid:5982', 'vcpu:5']))
    expect(evidence.find((e) => e.key === 'fd:32')!.text).toMatch(/new: KVM_CREATE_VCPU/)
  })

  it('the re-plug points at the fd that came back from the parked list and the new TID', () => {
    const { record } = replay.at(replug)
    expect(panelsFor(record)).toEqual(['slots', 'fds', 'parked', 'threads'])
    const evidence = evidenceFor(record)
    expect(evidence.find((e) => e.key === 'fd:32')!.text).toMatch(/came back/)
    expect(evidence.some((e) => e.key === 'tid:6272')).toBe(true)
  })

  it('a shell command shows its console first, then the panel its output is about', () => {
    const lsof = seed.steps.findIndex((c) => c.kind === 'shell' && c.line.startsWith('lsof')) + 1
    expect(panelsFor(replay.at(lsof).record)).toEqual(['console', 'fds'])
    const ls = seed.steps.findIndex((c) => c.kind === 'shell' && c.line.includes('/sys/kernel/debug')) + 1
    expect(panelsFor(replay.at(ls).record)).toEqual(['console', 'debugfs'])
    expect(panelsFor(replay.at(0).record)).toEqual(['slots', 'fds', 'threads'])
  })

  it('a refused command shows the monitor and its error as the evidence', () => {
    const bad = replayOf({ ...seed, steps: [{ kind: 'hmp', line: 'device_add host-x86_64-cpu,id=cpu0,socket-id=0,core-id=0,thread-id=0' }] })
    const { record } = bad.at(1)
    expect(panelsFor(record)[0]).toBe('console')
    expect(evidenceFor(record).map((e) => e.text).join(' ')).toMatch(/already|in use|exists/i)
  })
})
