/**
 * Golden tests, one block per version difference: a profile, a command line,
 * console lines, and what that version prints (goldens/differences.txt, each
 * block citing the source it was read in).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseProfileId, resolveProfile } from '../profile.ts'
import { apply, createSim } from '../sim.ts'
import type { SimState } from '../state.ts'

interface Run {
  readonly profile: string
  readonly boot: string
  readonly bootOutput: string[]
  readonly commands: { line: string; output: string[] }[]
}

/** The fixture's blocks: a title and its runs, each line of output kept as written (blank ones too). */
function blocks(text: string): { title: string; runs: Run[] }[] {
  const out: { title: string; runs: Run[] }[] = []
  const lines = text.split('\n')
  while (lines.at(-1) === '') lines.pop()
  for (const line of lines) {
    if (line.startsWith('# ')) continue
    const block = out.at(-1)
    const run = block?.runs.at(-1)
    if (line.startsWith('## ')) out.push({ title: line.slice(3), runs: [] })
    else if (line.startsWith('profile: ')) block!.runs.push({ profile: line.slice(9), boot: '', bootOutput: [], commands: [] })
    else if (line.startsWith('boot: ')) Object.assign(run!, { boot: line.slice(6) })
    else if (line.startsWith('(qemu) ') || line.startsWith('$ ')) run!.commands.push({ line, output: [] })
    else (run!.commands.at(-1)?.output ?? run!.bootOutput).push(line)
  }
  return out
}

const fixture = readFileSync(new URL('./goldens/differences.txt', import.meta.url), 'utf8')

describe.each(blocks(fixture))('$title', ({ runs }) => {
  it.each(runs)('$profile: $boot', (run) => {
    const resolved = resolveProfile(parseProfileId(run.profile)!)
    if (!resolved.ok) throw new Error(resolved.error)
    const created = createSim({ profile: resolved.profile, cmdline: run.boot, guest: 'cooperative' })
    expect(created.result.output).toEqual(run.bootOutput)
    let state: SimState = created.result.state
    for (const { line, output } of run.commands) {
      const r = line.startsWith('$ ') ? apply(state, { kind: 'shell', line: line.slice(2) }) : apply(state, { kind: 'hmp', line: line.slice(7) })
      expect(r.output, line).toEqual(output)
      state = r.state
    }
  })
})
