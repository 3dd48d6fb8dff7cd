/**
 * The one store. The model stays pure: actions here call `apply()` (through the
 * preset's script) and keep what the consoles and panels need.
 */
import { create } from 'zustand'
import type { SimEvent } from '../model/events.ts'
import { completeHmp } from '../model/hmp.ts'
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
  run: (console: ConsoleId, line: string) => void
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

function initial(): Pick<ExplorerState, 'sim' | 'script' | 'lastEvents' | 'consoles' | 'cmdline' | 'bootError'> {
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
  }
}

export const useExplorer = create<ExplorerState>()((set, get) => ({
  ...initial(),

  run: (id, line) => {
    const { sim, script, consoles } = get()
    const command: Command = id === 'monitor' ? { kind: 'hmp', line } : { kind: 'shell', line }
    const { result, script: nextScript } = runWithScript(sim, script, command)
    const echo = lines('echo', [`${PROMPTS[id]}${line}`])
    set({
      sim: result.state,
      script: nextScript,
      lastEvents: result.events.length > 0 ? result.events : get().lastEvents,
      consoles: { ...consoles, [id]: append(consoles[id], echo.concat(lines('output', result.output)), line) },
    })
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
    const { sim, script } = get()
    const { result, script: nextScript } = runWithScript(sim, script, { kind: 'guest', behaviour })
    set({ sim: result.state, script: nextScript, lastEvents: result.events })
  },

  clear: (id) => set({ consoles: { ...get().consoles, [id]: { ...get().consoles[id], lines: [] } } }),
}))
