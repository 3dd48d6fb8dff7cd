/**
 * A scenario: the QEMU command line, the host and behaviour profile, the
 * guest's behaviour, and the ordered steps (monitor and shell commands, clicks
 * as the commands they stand for, guest actions, recorded host activity, boots).
 * The state at step k is the model replayed over the first k steps.
 */
import { resolveProfile, type Profile, type ProfileChoice } from '../model/profile.ts'
import type { BootActivity, BootPhase, HostActivity } from '../model/qemu.ts'
import type { Command } from '../model/sim.ts'
import type { GuestBehaviour } from '../model/state.ts'

/**
 * A predict-then-reveal question about step k: asked when going forward from
 * step k-1, answered by applying step k and pointing at the evidence.
 */
export interface Question {
  readonly prompt: string
  readonly choices: readonly string[]
  /** Index into `choices` of the right answer. */
  readonly answer: number
  /** Why, shown with the answer (may be empty). */
  readonly explanation: string
}

export interface Scenario {
  /**
   * The built-in scenario this one started from, or null: links store only how
   * its title and narration differ from that preset's.
   */
  readonly basedOn: string | null
  readonly title: string
  /** The QEMU release, the host kernel and the host (its tools and environment) the scenario runs on. */
  readonly profile: ProfileChoice
  /** A second profile the same steps are replayed on, side by side; null for none. */
  readonly compare: ProfileChoice | null
  readonly cmdline: string
  readonly guest: GuestBehaviour
  readonly bootActivity: readonly BootActivity[]
  readonly steps: readonly Command[]
  /** Per-step narration: `narration[k]` is shown at step k (0 is the booted VM). */
  readonly narration: Readonly<Record<number, string>>
  /** `questions[k]` is asked before step k is applied (k ≥ 1). */
  readonly questions: Readonly<Record<number, Question>>
  /** Speaker notes for the presenter view: `notes[k]` goes with step k. */
  readonly notes: Readonly<Record<number, string>>
}

/** The entries of a per-step record for steps 0…`step`. */
export function upToStep<T>(record: Readonly<Record<number, T>>, step: number): Record<number, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => Number(k) <= step))
}

/** The scenario cut at `step`: later steps go, and with them their narration, questions and notes. */
export function truncateScenario(scenario: Scenario, step: number): Scenario {
  return {
    ...scenario,
    steps: scenario.steps.slice(0, step),
    narration: upToStep(scenario.narration, step),
    questions: upToStep(scenario.questions, step),
    notes: upToStep(scenario.notes, step),
  }
}

/** The scenario's profile, or undefined when this explorer does not know a part of it. */
export function profileOf(scenario: Pick<Scenario, 'profile'>): Profile | undefined {
  const resolved = resolveProfile(scenario.profile)
  return resolved.ok ? resolved.profile : undefined
}

/** One letter per guest behaviour, in steps (`gc`) and in the payload's `g`. */
export const guestCodes = { cooperative: 'c', ignore: 'i', 'not-booted': 'n' } as const satisfies Record<GuestBehaviour, string>

export function guestOfCode(code: string): GuestBehaviour | undefined {
  return (Object.keys(guestCodes) as GuestBehaviour[]).find((g) => guestCodes[g] === code)
}
const phases: readonly BootPhase[] = ['process', 'drives', 'accel', 'cpus', 'devices', 'display']

function encodeActivity(a: HostActivity): string {
  switch (a.kind) {
    case 'tids':
      return `t${a.count}`
    case 'wait':
      return `s${a.seconds}`
    case 'worker-start':
      return 'w+'
    case 'worker-exit':
      return a.tid === undefined ? 'w-' : `w-${a.tid}`
  }
}

function decodeActivity(code: string): HostActivity | null {
  let m: RegExpExecArray | null
  if ((m = /^t(\d{1,7})$/.exec(code))) return { kind: 'tids', count: Number(m[1]) }
  if ((m = /^s(\d{1,7})$/.exec(code))) return { kind: 'wait', seconds: Number(m[1]) }
  if (code === 'w+') return { kind: 'worker-start' }
  if (code === 'w-') return { kind: 'worker-exit' }
  if ((m = /^w-(\d{1,9})$/.exec(code))) return { kind: 'worker-exit', tid: Number(m[1]) }
  return null
}

/** One step as a short string: `m` monitor, `s` shell, `g` guest, `h` host activity, `b` boot. */
export function encodeStep(step: Command): string {
  switch (step.kind) {
    case 'hmp':
      return `m${step.line}`
    case 'shell':
      return `s${step.line}`
    case 'guest':
      return `g${guestCodes[step.behaviour]}`
    case 'host':
      return `h${encodeActivity(step.activity)}`
    case 'boot':
      return `b${step.cmdline}`
  }
}

export function decodeStep(code: string): Command | null {
  const body = code.slice(1)
  switch (code[0]) {
    case 'm':
      return { kind: 'hmp', line: body }
    case 's':
      return { kind: 'shell', line: body }
    case 'b':
      return { kind: 'boot', cmdline: body }
    case 'g': {
      const behaviour = guestOfCode(body)
      return behaviour ? { kind: 'guest', behaviour } : null
    }
    case 'h': {
      const activity = decodeActivity(body)
      return activity ? { kind: 'host', activity } : null
    }
    default:
      return null
  }
}

export function encodeBootActivity(b: BootActivity): string {
  return `${phases.indexOf(b.after)}${encodeActivity(b.activity)}`
}

export function decodeBootActivity(code: string): BootActivity | null {
  const phase = phases[Number(code[0])]
  const activity = decodeActivity(code.slice(1))
  return phase && /^\d$/.test(code[0] ?? '') && activity ? { after: phase, activity } : null
}

/** The consoles' prompts: QEMU's monitor, and root's shell on the host. */
export const MONITOR_PROMPT = '(qemu) '
export const SHELL_PROMPT = '# '

/** How a step reads in the timeline and in transcripts (a typed command as its console echoes it). */
export function describeStep(step: Command): string {
  switch (step.kind) {
    case 'hmp':
      return `${MONITOR_PROMPT}${step.line}`
    case 'shell':
      return `${SHELL_PROMPT}${step.line}`
    case 'guest':
      return `guest: ${step.behaviour}`
    case 'boot':
      return `boot: ${step.cmdline}`
    case 'host':
      return `host: ${step.activity.kind}`
  }
}
