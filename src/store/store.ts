/**
 * The one store. A session is a scenario and a step: the state shown is the
 * scenario replayed to that step (src/scenario/replay.ts). Typing or clicking
 * appends a step; if the scenario already goes on, typing its next command
 * just steps forward to it, and anything else starts a new branch.
 */
import { create } from 'zustand'
import { parseCommandLine } from '../model/cmdline.ts'
import { profileId, type ProfileChoice } from '../model/profile.ts'
import { completeHmp } from '../model/hmp.ts'
import { completeShell } from '../model/shell.ts'
import type { Command } from '../model/sim.ts'
import type { GuestBehaviour, SimState } from '../model/state.ts'
import { defaultPreset } from '../scenario/presets.ts'
import { Replay, type Frame } from '../scenario/replay.ts'
import { back, forward, questionAt, type Position } from '../scenario/presentation.ts'
import { encodeStep, MONITOR_PROMPT, SHELL_PROMPT, truncateScenario, type Scenario } from '../scenario/scenario.ts'

export type ConsoleId = 'monitor' | 'shell'

export const PROMPTS: Record<ConsoleId, string> = { monitor: MONITOR_PROMPT, shell: SHELL_PROMPT }

/** Animation speed; `instant` (and reduced motion) means no movement at all. */
export type Speed = 'slow' | 'normal' | 'fast' | 'instant'
export const SPEED_FACTOR: Record<Speed, number> = { slow: 2.5, normal: 1, fast: 0.4, instant: 0 }

export type Theme = 'light' | 'dark'

/** What the pointer or focus is on: a vCPU, named by its slot (cpu_index). */
export interface Highlight {
  readonly cpuIndex: number
  /** Where the tooltip goes (viewport coordinates of the item). */
  readonly anchor: { readonly x: number; readonly y: number }
}

/** An edit that undo can take back: the scenario and step before it. */
interface Snapshot {
  readonly scenario: Scenario
  readonly step: number
  /** For annotations: the field edited, so that typing in it makes one undo. */
  readonly key?: string
}

export interface Notice {
  readonly kind: 'error' | 'info'
  readonly text: string
  /** Offered actions. */
  readonly actions: readonly ('default' | 'restore')[]
}

/** The same steps replayed on the scenario's `compare` profile, at the same step. */
export interface Comparison {
  readonly replay: Replay
  readonly frame: Frame
}

interface ExplorerState {
  replay: Replay
  step: number
  /** The state at `step` (and the one before, and what the step did). */
  frame: Frame
  /** The comparison, when the scenario names a profile to compare with. */
  compare: Comparison | null
  undoStack: readonly Snapshot[]
  redoStack: readonly Snapshot[]
  playing: boolean
  /** Steps per second while playing. */
  playRate: number
  bootError: string | null
  notice: Notice | null
  highlight: Highlight | null
  speed: Speed
  reducedMotion: boolean
  theme: Theme
  /** Presentation mode (large type, few panels, questions before their steps). */
  presenting: boolean
  /** Whether the question about step + 1 is on screen, or the answer to step's question (src/scenario/presentation.ts). */
  phase: Position['phase']
  /** The choice picked for the question on screen, if any. */
  chosen: number | null
  run: (console: ConsoleId, line: string) => void
  complete: (console: ConsoleId, line: string) => string[]
  /** Clicking a slot: plug it if empty, else unplug it; the HMP command goes through the monitor. */
  toggleSlot: (cpuIndex: number) => void
  boot: (cmdline: string) => void
  /** Replays the scenario on another profile (its steps stay): one undo step. */
  setProfile: (profile: ProfileChoice) => void
  /** Replays the scenario on a second profile too, side by side (null: no comparison). */
  setCompare: (compare: ProfileChoice | null) => void
  setGuest: (behaviour: GuestBehaviour) => void
  stepTo: (step: number) => void
  setPlaying: (playing: boolean) => void
  setPlayRate: (rate: number) => void
  undo: () => void
  redo: () => void
  /** Opens a scenario (a preset, a link, a file); `notice` says what happened to the previous one. */
  load: (scenario: Scenario, step: number, notice?: Notice | null) => boolean
  /**
   * Takes the scenario another window of the presentation has: its title,
   * narration, questions or notes alone change nothing else (and are not an
   * undo step each); other steps open it as `load` does.
   */
  adopt: (scenario: Scenario) => void
  setNotice: (notice: Notice | null) => void
  setHighlight: (highlight: Highlight | null) => void
  setSpeed: (speed: Speed) => void
  setReducedMotion: (reduced: boolean) => void
  setTheme: (theme: Theme) => void
  setPresenting: (presenting: boolean) => void
  /** A clicker's forward and back: through questions and their answers. */
  forward: () => void
  back: () => void
  /** Moves to a position as given (another window of the presentation moved). */
  setPosition: (step: number, phase: Position['phase'], chosen: number | null) => void
  choose: (choice: number | null) => void
  /**
   * Changes the scenario's title, narration, questions or notes (not its steps).
   * Edits with the same `key` in a row (typing in one field) are one undo.
   */
  annotate: (change: Partial<Pick<Scenario, 'title' | 'narration' | 'questions' | 'notes'>>, key: string) => void
}

/** The HMP command a click on a slot stands for (BEHAVIOUR.md §9.3 rows 1–3). */
export function slotCommand(sim: SimState, cpuIndex: number): string {
  const cpu = sim.qemu.cpus.find((c) => c.cpuIndex === cpuIndex)
  if (cpu) return `device_del ${cpu.qdevId ?? cpu.qomPath}`
  const slot = sim.qemu.slots[cpuIndex]!
  const taken = new Set(sim.qemu.cpus.map((c) => c.qdevId))
  let id = `cpu${String(cpuIndex).padStart(2, '0')}`
  for (let n = 1; taken.has(id); n++) id = `cpu${String(cpuIndex).padStart(2, '0')}-${n}`
  const die = sim.qemu.topology.dies > 1 ? `,die-id=${slot.dieId}` : ''
  return `device_add ${sim.qemu.config.cpuType},id=${id},socket-id=${slot.socketId}${die},core-id=${slot.coreId},thread-id=${slot.threadId}`
}

const savedTheme = (): Theme => {
  try {
    const saved = globalThis.localStorage?.getItem('theme')
    if (saved === 'light' || saved === 'dark') return saved
  } catch {
    // Storage can be blocked; the system preference decides then.
  }
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

function sameCommand(a: Command, b: Command): boolean {
  if ((a.kind === 'hmp' || a.kind === 'shell') && a.kind === b.kind) return a.line.trim() === (b as typeof a).line.trim()
  return JSON.stringify(a) === JSON.stringify(b)
}

const profileKey = (s: Scenario): string => `${profileId(s.profile)} ${s.compare ? profileId(s.compare) : '-'}`

/** Do the two scenarios start the same VM (so that a replay of one can serve the other's steps)? */
function sameSetup(a: Scenario, b: Scenario): boolean {
  return (
    profileId(a.profile) === profileId(b.profile) &&
    a.cmdline === b.cmdline &&
    a.guest === b.guest &&
    JSON.stringify(a.bootActivity) === JSON.stringify(b.bootActivity)
  )
}

/** A replay of `scenario` that reuses `current`'s work when only the steps differ. */
function replayFor(current: Replay, scenario: Scenario): Replay {
  return sameSetup(current.scenario, scenario) ? current.withSteps(scenario) : startReplay(scenario)
}

function startReplay(scenario: Scenario): Replay {
  const started = Replay.start(scenario)
  if (!started.ok) throw new Error(started.error)
  return started.replay
}

/** The comparison's replay: the scenario's steps on its `compare` profile, reusing `previous` where it can. */
function comparisonReplay(previous: Comparison | null, scenario: Scenario): Replay | null {
  if (!scenario.compare) return null
  const twin: Scenario = { ...scenario, profile: scenario.compare, compare: null }
  if (previous && sameSetup(previous.replay.scenario, twin)) {
    return previous.replay.scenario.steps === scenario.steps ? previous.replay : previous.replay.withSteps(twin)
  }
  const started = Replay.start(twin)
  return started.ok ? started.replay : null
}

/** Where the explorer stands: a replay at a step, and the comparison (if any) at the same step. */
function place(replay: Replay, step: number, previous: Comparison | null): Pick<ExplorerState, 'replay' | 'step' | 'frame' | 'compare'> {
  const twin = comparisonReplay(previous, replay.scenario)
  return { replay, step, frame: replay.at(step), compare: twin ? { replay: twin, frame: twin.at(step) } : null }
}

const UNDO_LIMIT = 200

/** Undo or redo: back to the top snapshot of `from`, and the present onto `to`. */
function travel(state: ExplorerState, from: 'undoStack' | 'redoStack', to: 'undoStack' | 'redoStack'): Partial<ExplorerState> {
  const last = state[from].at(-1)
  if (!last) return {}
  const replay = replayFor(state.replay, last.scenario)
  return {
    ...place(replay, last.step, state.compare),
    [from]: state[from].slice(0, -1),
    [to]: state[to].concat([{ scenario: state.replay.scenario, step: state.step }]),
    playing: false,
    phase: 'none',
    chosen: null,
  }
}

function initial(): Pick<ExplorerState, 'replay' | 'step' | 'frame' | 'compare'> {
  return place(startReplay(defaultPreset.scenario), defaultPreset.start, null)
}

export const useExplorer = create<ExplorerState>()((set, get) => {
  /** Appends a command at the current step (dropping any later steps into the undo history). */
  const edit = (command: Command): void => {
    const { replay, step, undoStack } = get()
    const steps = replay.scenario.steps
    // Typing the scenario's next command (after any recorded host activity) steps forward to it.
    let next = step
    while (next < steps.length && steps[next]!.kind === 'host' && command.kind !== 'host') next++
    if (next < steps.length && sameCommand(steps[next]!, command)) {
      get().stepTo(next + 1)
      return
    }
    // A new branch: the abandoned future's narration, questions and notes go with it (undo brings them back).
    const kept = truncateScenario(replay.scenario, step)
    const scenario: Scenario = { ...kept, steps: kept.steps.concat([command]) }
    set({
      ...place(replay.withSteps(scenario), step + 1, get().compare),
      undoStack: undoStack.concat([{ scenario: replay.scenario, step }]).slice(-UNDO_LIMIT),
      redoStack: [],
      playing: false,
    })
  }

  /** Changes what the scenario runs on, not its steps: everything replays, and undo takes it back. */
  const reconfigure = (change: Partial<Pick<Scenario, 'profile' | 'compare'>>): void => {
    const { replay, step, undoStack, compare } = get()
    const scenario: Scenario = { ...replay.scenario, ...change }
    if (profileKey(scenario) === profileKey(replay.scenario)) return
    const started = sameSetup(replay.scenario, scenario) ? { ok: true as const, replay: replay.withSteps(scenario) } : Replay.start(scenario)
    if (!started.ok) {
      set({ notice: { kind: 'error', text: `That profile cannot be used: ${started.error}.`, actions: [] } })
      return
    }
    set({
      ...place(started.replay, step, compare),
      undoStack: undoStack.concat([{ scenario: replay.scenario, step }]).slice(-UNDO_LIMIT),
      redoStack: [],
      playing: false,
      bootError: null,
    })
  }

  return {
    ...initial(),
    undoStack: [],
    redoStack: [],
    playing: false,
    playRate: 2,
    bootError: null,
    notice: null,
    highlight: null,
    speed: 'normal',
    reducedMotion: globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
    theme: savedTheme(),
    presenting: false,
    phase: 'none',
    chosen: null,

    // An empty line does nothing in either console; it is not a step.
    run: (id, line) => (line.trim() === '' ? undefined : edit(id === 'monitor' ? { kind: 'hmp', line } : { kind: 'shell', line })),

    complete: (id, line) => (id === 'monitor' ? completeHmp(get().frame.state, line) : completeShell(get().frame.state, line)),

    toggleSlot: (cpuIndex) => get().run('monitor', slotCommand(get().frame.state, cpuIndex)),

    boot: (cmdline) => {
      const { state } = get().frame
      const parsed = parseCommandLine(cmdline, state.profile, state.host.env.files)
      if (!parsed.ok) {
        set({ bootError: parsed.error })
        return
      }
      set({ bootError: null })
      edit({ kind: 'boot', cmdline })
    },

    setProfile: (profile) => reconfigure({ profile }),
    setCompare: (compare) => reconfigure({ compare }),

    setGuest: (behaviour) => {
      if (get().frame.state.guest !== behaviour) edit({ kind: 'guest', behaviour })
    },

    stepTo: (target) => {
      const { replay } = get()
      const step = Math.max(0, Math.min(replay.length, Math.round(target)))
      if (step === get().step) {
        if (get().phase !== 'none') set({ phase: 'none', chosen: null })
        return
      }
      set({ ...place(replay, step, get().compare), phase: 'none', chosen: null, ...(step >= replay.length && { playing: false }) })
    },

    setPlaying: (playing) => {
      const { step, replay } = get()
      // Play from the start when at the end.
      if (playing && step >= replay.length) set(place(replay, 0, get().compare))
      set({ playing })
    },
    setPlayRate: (playRate) => set({ playRate }),

    undo: () => set(travel(get(), 'undoStack', 'redoStack')),
    redo: () => set(travel(get(), 'redoStack', 'undoStack')),

    load: (scenario, step, notice = null) => {
      const started = Replay.start(scenario)
      if (!started.ok) {
        set({ notice: { kind: 'error', text: `The scenario cannot be opened: ${started.error}.`, actions: ['default'] } })
        return false
      }
      const { replay, step: current, undoStack } = get()
      set({
        ...place(started.replay, step, null),
        undoStack: undoStack.concat([{ scenario: replay.scenario, step: current }]).slice(-UNDO_LIMIT),
        redoStack: [],
        playing: false,
        phase: 'none',
        chosen: null,
        bootError: null,
        notice,
      })
      return true
    },

    adopt: (scenario) => {
      const { replay, step } = get()
      const current = replay.scenario
      if (!sameSetup(current, scenario) || current.steps.length !== scenario.steps.length || current.steps.some((c, i) => encodeStep(c) !== encodeStep(scenario.steps[i]!))) {
        get().load(scenario, step)
        return
      }
      const settled = questionAt(scenario, { step, phase: get().phase }) ? {} : { phase: 'none' as const, chosen: null }
      set({ ...place(replay.withSteps(scenario), step, get().compare), ...settled })
    },

    setNotice: (notice) => set({ notice }),
    setHighlight: (highlight) => set({ highlight }),
    setSpeed: (speed) => set({ speed }),
    setReducedMotion: (reducedMotion) => set({ reducedMotion }),
    // Leaving puts any question away: the explorer's timeline has no question phase.
    setPresenting: (presenting) => set({ presenting, playing: false, highlight: null, ...(!presenting && { phase: 'none', chosen: null }) }),
    forward: () => {
      const { replay, step, phase } = get()
      const next = forward(replay.scenario, { step, phase })
      get().setPosition(next.step, next.phase, next.phase === 'answer' ? get().chosen : null)
    },
    back: () => {
      const { replay, step, phase } = get()
      const previous = back(replay.scenario, { step, phase })
      get().setPosition(previous.step, previous.phase, null)
    },
    setPosition: (target, phase, chosen) => {
      const { replay } = get()
      const step = Math.max(0, Math.min(replay.length, Math.round(target)))
      const question = questionAt(replay.scenario, { step, phase })
      // A phase without its question (the scenario changed under it) is just the step.
      const settled = question ? phase : 'none'
      set({
        step,
        phase: settled,
        chosen: settled === 'none' ? null : chosen,
        playing: false,
        ...(step !== get().step && place(replay, step, get().compare)),
      })
    },
    choose: (chosen) => set({ chosen }),

    annotate: (change, key) => {
      const { replay, step, undoStack } = get()
      const scenario: Scenario = { ...replay.scenario, ...change }
      const top = undoStack.at(-1)
      // Typing in one field is one undo: the snapshot before the first keystroke stays.
      const coalesce = top?.key === key && top.step === step
      // A question removed while it is on screen takes its phase with it.
      const settled = questionAt(scenario, { step, phase: get().phase }) ? {} : { phase: 'none' as const, chosen: null }
      set({
        ...place(replay.withSteps(scenario), step, get().compare),
        undoStack: coalesce ? undoStack : undoStack.concat([{ scenario: replay.scenario, step, key }]).slice(-UNDO_LIMIT),
        redoStack: [],
        ...settled,
      })
    },

    setTheme: (theme) => {
      try {
        globalThis.localStorage?.setItem('theme', theme)
      } catch {
        // Not saved; the choice still applies to this page.
      }
      set({ theme })
    },
  }
})
