/**
 * What the two consoles show at the current step: every typed command (with its
 * prompt) and its output, from step 0 up to the step, replayed — never stored
 * apart from the scenario.
 */
import type { Replay } from '../scenario/replay.ts'
import { describeStep } from '../scenario/scenario.ts'
import type { ConsoleId } from './store.ts'

export interface ConsoleLine {
  /** Stable across renders: step and line number. */
  readonly id: string
  /** `echo` is the typed command with its prompt; `note` is not console text (a boot, a guest action). */
  readonly kind: 'echo' | 'output' | 'note'
  /** One line, or (for `output`) the consecutive lines of one step joined by newlines: fewer elements to lay out. */
  readonly text: string
}

/** The consoles show this many lines; older ones scroll away, as in a terminal with a short scrollback (rendering thousands of lines made a jump slow). */
export const MAX_LINES = 400

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
    let size = 0
    const out = (text: string, i: number, kind: ConsoleLine['kind']): void => {
      lines.push({ id: `${k}:${i}`, kind, text })
      size++
    }
    const output = (texts: readonly string[]): void => {
      if (texts.length === 0) return
      lines.push({ id: `${k}:out`, kind: 'output', text: texts.join('\n') })
      size += texts.length
    }
    if (c === null || c.kind === 'boot') {
      if (id !== 'monitor') continue
      if (c) out(`— boot: ${c.cmdline}`, -1, 'note')
      output(r.output)
    } else if ((c.kind === 'hmp' && id === 'monitor') || (c.kind === 'shell' && id === 'shell')) {
      out(describeStep(c), -1, 'echo')
      output(r.output)
    } else if (c.kind === 'guest' && id === 'monitor') {
      out(`— guest: ${c.behaviour}`, -1, 'note')
    } else continue
    blocks.push(lines)
    count += size
  }
  const result = blocks.reverse().flat()
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
