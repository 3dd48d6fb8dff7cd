/**
 * The one store. The model stays pure: actions here call `apply()` (through the
 * preset's script) and keep what the consoles and panels need.
 */
import { create } from 'zustand'
import type { SimEvent } from '../model/events.ts'
import { completeHmp } from '../model/hmp.ts'
import { narrate, rememberGoneTids } from '../model/narrate.ts'
import { seedSetup, seedSteps } from '../model/presets/seed.ts'
import { playLeadingActivity, runWithScript, type ScriptPosition } from '../model/script.ts'
import { completeShell } from '../model/shell.ts'
import { createSim, type Command } from '../model/sim.ts'
import type { GuestBehaviour, SimState } from '../model/state.ts'

export type ConsoleId = 'monitor' | 'shell'

export interface ConsoleLine {
  readonly id: number
  /** `echo` is the typed command with its prompt. */
  readonly kind: 'echo' | 'output' | 'note'
  readonly text: string
}

export interface ConsoleState {
  readonly lines: readonly ConsoleLine[]
  readonly history: readonly string[]
}

export const PROMPTS: Record<ConsoleId, string> = { monitor: '(qemu) ', shell: '# ' }

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

/** Oldest lines are dropped beyond this, so a long session stays fast. */
const MAX_LINES = 5000

interface ExplorerState {
  sim: SimState
  script: ScriptPosition
  /** Events of the last operation, for the panels. */
  lastEvents: readonly SimEvent[]
  consoles: Record<ConsoleId, ConsoleState>
  cmdline: string
  bootError: string | null
  /** One sentence about the last operation, for the live region. */
  narration: string
  /** The state before the last operation, for animations that need where things were. */
  previous: SimState
  goneTids: ReadonlyMap<number, number>
  /** Bumped on every operation, so panels animate each one once. */
  step: number
  highlight: Highlight | null
  speed: Speed
  reducedMotion: boolean
  theme: Theme
  run: (console: ConsoleId, line: string) => void
  /** Clicking a slot: plug it if empty, else unplug it; the HMP command goes through the monitor. */
  toggleSlot: (cpuIndex: number) => void
  setHighlight: (highlight: Highlight | null) => void
  setSpeed: (speed: Speed) => void
  setReducedMotion: (reduced: boolean) => void
  setTheme: (theme: Theme) => void
  complete: (console: ConsoleId, line: string) => string[]
  boot: (cmdline: string) => void
  setGuest: (behaviour: GuestBehaviour) => void
  clear: (console: ConsoleId) => void
}

let lineId = 0
const lines = (kind: ConsoleLine['kind'], texts: readonly string[]): ConsoleLine[] => texts.map((text) => ({ id: ++lineId, kind, text }))

function append(state: ConsoleState, added: readonly ConsoleLine[], typed?: string): ConsoleState {
  const all = state.lines.concat(added)
  return {
    lines: all.length > MAX_LINES ? all.slice(all.length - MAX_LINES) : all,
    history: typed !== undefined && typed.trim() !== '' && state.history.at(-1) !== typed ? state.history.concat([typed]) : state.history,
  }
}

type Initial = Pick<ExplorerState, 'sim' | 'script' | 'lastEvents' | 'consoles' | 'cmdline' | 'bootError' | 'narration' | 'previous' | 'goneTids' | 'step'>

function initial(): Initial {
  const created = createSim(seedSetup)
  if (!created.ok) throw new Error(`the seed preset does not boot: ${created.error}`)
  const played = playLeadingActivity(created.result.state, { steps: seedSteps, next: 0 })
  return {
    sim: played.state,
    script: played.script,
    lastEvents: created.result.events,
    consoles: {
      monitor: { lines: lines('output', created.result.output), history: [] },
      shell: { lines: [], history: [] },
    },
    cmdline: seedSetup.cmdline,
    bootError: null,
    narration: `QEMU ${seedSetup.profile.qemu.version} started as pid ${played.state.host.pid} with ${played.state.qemu.cpus.length} of ${played.state.qemu.topology.maxCpus} vCPUs.`,
    previous: played.state,
    goneTids: new Map(),
    step: 0,
  }
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

export const useExplorer = create<ExplorerState>()((set, get) => ({
  ...initial(),
  highlight: null,
  speed: 'normal',
  reducedMotion: globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
  theme: savedTheme(),

  run: (id, line) => {
    const { sim, script, consoles, goneTids, narration, step } = get()
    const command: Command = id === 'monitor' ? { kind: 'hmp', line } : { kind: 'shell', line }
    const { result, script: nextScript } = runWithScript(sim, script, command)
    const echo = lines('echo', [`${PROMPTS[id]}${line}`])
    const changed = result.state !== sim || result.events.length > 0
    set({
      sim: result.state,
      script: nextScript,
      consoles: { ...consoles, [id]: append(consoles[id], echo.concat(lines('output', result.output)), line) },
      ...(changed && {
        previous: sim,
        lastEvents: result.events,
        goneTids: rememberGoneTids(sim, result.events, goneTids),
        narration: narrate(sim, result.state, result.events, goneTids) ?? narration,
        step: step + 1,
      }),
    })
  },

  toggleSlot: (cpuIndex) => get().run('monitor', slotCommand(get().sim, cpuIndex)),
  setHighlight: (highlight) => set({ highlight }),
  setSpeed: (speed) => set({ speed }),
  setReducedMotion: (reducedMotion) => set({ reducedMotion }),
  setTheme: (theme) => {
    try {
      globalThis.localStorage?.setItem('theme', theme)
    } catch {
      // Not saved; the choice still applies to this page.
    }
    set({ theme })
  },

  complete: (id, line) => (id === 'monitor' ? completeHmp(get().sim, line) : completeShell(get().sim, line)),

  boot: (cmdline) => {
    const { sim, consoles } = get()
    const { result } = runWithScript(sim, { steps: [], next: 0 }, { kind: 'boot', cmdline })
    if (!result.ok) {
      set({ bootError: result.output.join('\n') })
      return
    }
    set({
      sim: result.state,
      previous: sim,
      narration: narrate(sim, result.state, result.events) ?? get().narration,
      goneTids: new Map(),
      step: get().step + 1,
      cmdline,
      bootError: null,
      // A new QEMU is a new process: the preset's recorded host activity no longer applies.
      script: { steps: [], next: 0 },
      lastEvents: result.events,
      consoles: {
        ...consoles,
        monitor: append(consoles.monitor, lines('note', [`— QEMU restarted: ${cmdline}`]).concat(lines('output', result.output))),
      },
    })
  },

  setGuest: (behaviour) => {
    const { sim, script, narration, step } = get()
    const { result, script: nextScript } = runWithScript(sim, script, { kind: 'guest', behaviour })
    set({ sim: result.state, previous: sim, script: nextScript, lastEvents: result.events, narration: narrate(sim, result.state, result.events) ?? narration, step: step + 1 })
  },

  clear: (id) => set({ consoles: { ...get().consoles, [id]: { ...get().consoles[id], lines: [] } } }),
}))
