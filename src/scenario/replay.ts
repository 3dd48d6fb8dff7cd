/**
 * Replaying a scenario to any step. States are never stored per step: a
 * checkpoint every CHECKPOINT_EVERY steps lets a jump replay at most that many
 * steps. What each step printed is kept (the consoles show it).
 */
import type { SimEvent } from '../model/events.ts'
import { kvmFdCounts } from '../model/host.ts'
import { narrate, rememberGoneTids } from '../model/narrate.ts'
import { apply, createSim, type Command } from '../model/sim.ts'
import type { SimState } from '../model/state.ts'
import { resolveProfile } from '../model/profile.ts'
import { encodeStep, type Scenario } from './scenario.ts'

export const CHECKPOINT_EVERY = 64

/** What one step did, kept for every step replayed so far. */
export interface StepRecord {
  readonly command: Command | null
  readonly output: readonly string[]
  readonly events: readonly SimEvent[]
  readonly ok: boolean
  /** The sentence for this step (the model's narration of what changed), or null. */
  readonly narration: string | null
  /** KVM fds open after the step: vCPU fds (live or parked) and stats fds (live or leaked). */
  readonly openFds: { readonly vcpu: number; readonly stats: number }
}

/** The state at one step, with the one before it (for things that just went away). */
export interface Frame {
  readonly step: number
  readonly state: SimState
  readonly previous: SimState
  readonly record: StepRecord
}

interface Checkpoint {
  readonly state: SimState
  readonly goneTids: ReadonlyMap<number, number>
}

export type ReplayStart = { ok: true; replay: Replay } | { ok: false; error: string }

interface Cursor {
  readonly step: number
  readonly state: SimState
  readonly previous: SimState
  readonly goneTids: ReadonlyMap<number, number>
}

export class Replay {
  /** How many steps `apply()` has run for this replay: a jump costs at most CHECKPOINT_EVERY of them. */
  applied = 0

  private constructor(
    readonly scenario: Scenario,
    private readonly checkpoints: Map<number, Checkpoint>,
    private readonly records: StepRecord[],
    private cursor: Cursor,
  ) {}

  /**
   * Boots the scenario's VM (step 0). A command line this profile's QEMU
   * refuses is step 0 too: QEMU printed its message and no VM runs, so the
   * steps that follow answer as they would with nothing running.
   */
  static start(scenario: Scenario): ReplayStart {
    const resolved = resolveProfile(scenario.profile)
    if (!resolved.ok) return { ok: false, error: resolved.error }
    const created = createSim({ profile: resolved.profile, cmdline: scenario.cmdline, guest: scenario.guest, bootActivity: scenario.bootActivity })
    const { state, output, events } = created.result
    const record: StepRecord = { command: null, output, events, ok: created.ok, narration: narrate(state, state, events), openFds: kvmFdCounts(state.host) }
    return {
      ok: true,
      replay: new Replay(scenario, new Map([[0, { state, goneTids: new Map() }]]), [record], { step: 0, state, previous: state, goneTids: new Map() }),
    }
  }

  /**
   * A replay of `scenario`, which differs from this one's only in its steps:
   * checkpoints and records of the steps both share are kept.
   */
  withSteps(scenario: Scenario): Replay {
    const shared = sharedPrefix(this.scenario.steps, scenario.steps)
    const checkpoints = new Map([...this.checkpoints].filter(([k]) => k <= shared))
    const cursor = this.cursor.step <= shared ? this.cursor : { ...this.checkpoints.get(0)!, step: 0, previous: this.checkpoints.get(0)!.state }
    return new Replay(scenario, checkpoints, this.records.slice(0, shared + 1), cursor)
  }

  get length(): number {
    return this.scenario.steps.length
  }

  /** The state at step k (0 ≤ k ≤ length), replaying at most CHECKPOINT_EVERY steps from a checkpoint once they exist. */
  at(k: number): Frame {
    const target = Math.max(0, Math.min(this.length, Math.floor(k)))
    let cur = this.cursor
    if (cur.step > target || target - cur.step > CHECKPOINT_EVERY) {
      // Start one step early at least, so that `previous` is the real state before `target`.
      let from = 0
      for (const c of this.checkpoints.keys()) if (c < target && c > from) from = c
      const checkpoint = this.checkpoints.get(from)!
      cur = cur.step <= target && cur.step > from ? cur : { step: from, state: checkpoint.state, previous: checkpoint.state, goneTids: checkpoint.goneTids }
    }
    let { step, state, previous, goneTids } = cur
    while (step < target) {
      const command = this.scenario.steps[step]!
      const result = apply(state, command)
      this.applied++
      if (!this.records[step + 1]) {
        this.records[step + 1] = {
          command,
          output: result.output,
          events: result.events,
          ok: result.ok,
          narration: narrate(state, result.state, result.events, goneTids),
          openFds: kvmFdCounts(result.state.host),
        }
      }
      goneTids = rememberGoneTids(state, result.events, goneTids)
      previous = state
      state = result.state
      step++
      if (step % CHECKPOINT_EVERY === 0 && !this.checkpoints.has(step)) this.checkpoints.set(step, { state, goneTids })
    }
    this.cursor = { step, state, previous, goneTids }
    return { step, state, previous, record: this.records[step]! }
  }

  /** What step k did: kept once replayed, so this does not move the replay's cursor then. */
  recordAt(k: number): StepRecord {
    return this.records[k] ?? this.at(k).record
  }

  /** Records of steps 0…k (replaying up to k if needed). */
  recordsUpTo(k: number): readonly StepRecord[] {
    if (!this.records[k]) this.at(k)
    return this.records.slice(0, k + 1)
  }
}

/** How many leading steps two scenarios share: the same object, or the same command (a decoded copy). */
function sharedPrefix(a: readonly Command[], b: readonly Command[]): number {
  let i = 0
  while (i < a.length && i < b.length && (a[i] === b[i] || encodeStep(a[i]!) === encodeStep(b[i]!))) i++
  return i
}
