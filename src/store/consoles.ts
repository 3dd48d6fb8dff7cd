/**
 * What the two consoles show at the current step: every typed command (with its
 * prompt) and its output, from step 0 up to the step, replayed — never stored
 * apart from the scenario.
 */
import type { Replay } from '../scenario/replay.ts'
import { PROMPTS, type ConsoleId } from './store.ts'

export interface ConsoleLine {
  /** Stable across renders: step and line number. */
  readonly id: string
  /** `echo` is the typed command with its prompt; `note` is not console text (a boot, a guest action). */
  readonly kind: 'echo' | 'output' | 'note'
  readonly text: string
}

/** The consoles keep this many lines; older ones scroll away, as in a terminal's scrollback. */
export const MAX_LINES = 3000

const cache = new WeakMap<Replay, Map<string, readonly ConsoleLine[]>>()

export function consoleLines(replay: Replay, step: number, id: ConsoleId): readonly ConsoleLine[] {
  let byKey = cache.get(replay)
  if (!byKey) cache.set(replay, (byKey = new Map()))
  const key = `${id}:${step}`
  const hit = byKey.get(key)
  if (hit) return hit
  const records = replay.recordsUpTo(step)
  const blocks: ConsoleLine[][] = []
  let count = 0
  for (let k = records.length - 1; k >= 0 && count < MAX_LINES; k--) {
    const r = records[k]!
    const c = r.command
    const lines: ConsoleLine[] = []
    const out = (text: string, i: number, kind: ConsoleLine['kind'] = 'output'): void => void lines.push({ id: `${k}:${i}`, kind, text })
    if (c === null || c.kind === 'boot') {
      if (id !== 'monitor') continue
      if (c) out(`— boot: ${c.cmdline}`, -1, 'note')
      r.output.forEach((t, i) => out(t, i))
    } else if ((c.kind === 'hmp' && id === 'monitor') || (c.kind === 'shell' && id === 'shell')) {
      out(`${PROMPTS[id]}${c.line}`, -1, 'echo')
      r.output.forEach((t, i) => out(t, i))
    } else if (c.kind === 'guest' && id === 'monitor') {
      out(`— guest: ${c.behaviour}`, -1, 'note')
    } else continue
    blocks.push(lines)
    count += lines.length
  }
  const all = blocks.reverse().flat()
  const result = all.length > MAX_LINES ? all.slice(all.length - MAX_LINES) : all
  if (byKey.size > 64) byKey.clear()
  byKey.set(key, result)
  return result
}

/** The console's command history (Up/Down): what was typed into it up to the step. */
export function consoleHistory(replay: Replay, step: number, id: ConsoleId): string[] {
  const kind = id === 'monitor' ? 'hmp' : 'shell'
  const out: string[] = []
  for (const c of replay.scenario.steps.slice(0, step)) if (c.kind === kind && out.at(-1) !== c.line) out.push(c.line)
  return out
}
