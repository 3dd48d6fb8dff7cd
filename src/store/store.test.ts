import { beforeEach, describe, expect, it } from 'vitest'
import { defaultPreset } from '../scenario/presets.ts'
import { stops } from '../scenario/presentation.ts'
import { useExplorer } from './store.ts'

const seed = defaultPreset.scenario
const [firstPlug] = Object.keys(seed.questions).map(Number) as [number]

beforeEach(() => {
  useExplorer.getState().load(seed, 0)
})

describe('store: presenting', () => {
  it('forward shows the question, then the step; stepping by other means clears the question', () => {
    const s = () => useExplorer.getState()
    const before = stops(seed)[stops(seed).indexOf(firstPlug) - 1]!
    s().stepTo(before)
    s().forward()
    expect([s().step, s().phase]).toEqual([before, 'question'])
    s().choose(0)
    s().forward()
    expect([s().step, s().phase, s().chosen]).toEqual([firstPlug, 'answer', 0])
    expect(s().frame.step).toBe(firstPlug)
    s().stepTo(2)
    expect([s().phase, s().chosen]).toEqual(['none', null])
  })

  it('removing the question on screen, or leaving the presentation, puts the question away', () => {
    const s = () => useExplorer.getState()
    const before = stops(seed)[stops(seed).indexOf(firstPlug) - 1]!
    s().setPosition(before, 'question', 1)
    s().annotate({ questions: {} }, 'question-remove')
    expect([s().phase, s().chosen]).toEqual(['none', null])
    s().annotate({ questions: seed.questions }, 'undo-by-hand')
    s().setPosition(before, 'question', null)
    s().setPresenting(true)
    s().setPresenting(false)
    expect(s().phase).toBe('none')
  })

  it('another window’s annotations are adopted without an undo step; other steps load', () => {
    const s = () => useExplorer.getState()
    const depth = s().undoStack.length
    const replay = s().replay
    s().adopt({ ...seed, title: 'Renamed elsewhere' })
    expect(s().replay.scenario.title).toBe('Renamed elsewhere')
    expect(s().undoStack.length).toBe(depth)
    expect(s().replay.length).toBe(replay.length)
    s().adopt({ ...seed, steps: seed.steps.slice(0, 5) })
    expect(s().replay.length).toBe(5)
    expect(s().undoStack.length).toBe(depth + 1)
  })

  it('a position from another window without its question is just the step', () => {
    useExplorer.getState().setPosition(2, 'question', 1)
    expect(useExplorer.getState()).toMatchObject({ step: 2, phase: 'none', chosen: null })
  })
})

describe('store: annotating a scenario', () => {
  it('typing in one field is one undo; another field is another', () => {
    const { annotate } = useExplorer.getState()
    const undoDepth = useExplorer.getState().undoStack.length
    for (const title of ['K', 'KV', 'KVM']) annotate({ title }, 'title')
    annotate({ notes: { 0: 'Hello' } }, 'notes:0')
    expect(useExplorer.getState().replay.scenario).toMatchObject({ title: 'KVM', notes: { 0: 'Hello' } })
    expect(useExplorer.getState().undoStack.length).toBe(undoDepth + 2)
    useExplorer.getState().undo()
    expect(useExplorer.getState().replay.scenario.notes).toEqual(seed.notes)
    expect(useExplorer.getState().replay.scenario.title).toBe('KVM')
    useExplorer.getState().undo()
    expect(useExplorer.getState().replay.scenario.title).toBe(seed.title)
  })

  it('a new branch drops the abandoned future’s narration, questions and notes', () => {
    const s = useExplorer.getState()
    s.stepTo(firstPlug - 1)
    s.run('monitor', 'info status')
    const { scenario } = useExplorer.getState().replay
    expect(scenario.steps).toHaveLength(firstPlug)
    for (const record of [scenario.narration, scenario.questions, scenario.notes]) {
      expect(Object.keys(record).map(Number).every((k) => k < firstPlug)).toBe(true)
    }
  })
})
