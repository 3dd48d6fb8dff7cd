/**
 * A preset's recorded host activity, played along with what the user types.
 * The preset is the transcript: host activity interleaved with commands. When
 * the user types the transcript's next command, the activity recorded before
 * it happens first (other processes taking PIDs, worker threads coming and
 * going), so the TIDs come out as in the transcript. Other commands run as
 * typed, without recorded activity.
 */
import type { SimEvent } from './events.ts'
import type { OpResult } from './qemu.ts'
import { apply, type Command } from './sim.ts'
import type { SimState } from './state.ts'

export interface ScriptPosition {
  readonly steps: readonly Command[]
  /** Index of the first step not yet played. */
  readonly next: number
}

/** Plays the host activity at the head of the script (what happened before the first command). */
export function playLeadingActivity(state: SimState, script: ScriptPosition): { state: SimState; script: ScriptPosition; events: SimEvent[] } {
  let next = script.next
  let current = state
  const events: SimEvent[] = []
  while (next < script.steps.length && script.steps[next]!.kind === 'host') {
    const result = apply(current, script.steps[next]!)
    current = result.state
    events.push(...result.events)
    next++
  }
  return { state: current, script: { ...script, next }, events }
}

function sameCommand(a: Command, b: Command): boolean {
  if (a.kind !== b.kind) return false
  if ((a.kind === 'hmp' || a.kind === 'shell') && (b.kind === 'hmp' || b.kind === 'shell')) return a.line.trim() === b.line.trim()
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * Runs a typed command. If it is the script's next command, the recorded host
 * activity just before it is applied first and the script moves past it.
 */
export function runWithScript(state: SimState, script: ScriptPosition, command: Command): { result: OpResult; script: ScriptPosition } {
  let i = script.next
  while (i < script.steps.length && script.steps[i]!.kind === 'host') i++
  const expected = script.steps[i]
  if (!expected || !sameCommand(expected, command)) return { result: apply(state, command), script }
  const events: SimEvent[] = []
  let current = state
  for (let k = script.next; k < i; k++) {
    const r = apply(current, script.steps[k]!)
    current = r.state
    events.push(...r.events)
  }
  const result = apply(current, command)
  const after = playLeadingActivity(result.state, { ...script, next: i + 1 })
  return {
    result: { ...result, state: after.state, events: [...events, ...result.events, ...after.events] },
    script: after.script,
  }
}
