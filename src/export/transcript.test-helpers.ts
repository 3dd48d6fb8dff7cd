/**
 * Reading a transcript back (for the unit and browser tests): its command
 * blocks, and the seed transcript's blocks with what may differ masked.
 */
import { maskPidstat, pidstatBanner, seedTranscript } from '../model/fixtures/seed-transcript.ts'

export interface CommandBlock {
  /** The prompt and the command: `# …` or `(qemu) …`. */
  readonly command: string
  readonly output: readonly string[]
}

/**
 * The command blocks of a transcript's text. A block starts at a prompt line
 * and ends at the next one, or at two blank lines (the gap before prose or a
 * note), or at the end; the one blank line that separates blocks is not
 * output. Ambiguous only for output that has a line starting with a prompt,
 * or that ends in a blank line: the seed has neither.
 */
export function commandBlocks(text: string): CommandBlock[] {
  const lines = text.split('\n')
  const blocks: { command: string; output: string[]; closed: boolean }[] = []
  let current: (typeof blocks)[number] | null = null
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('# ') || line.startsWith('(qemu) ')) {
      current = { command: line, output: [], closed: false }
      blocks.push(current)
    } else if (current && line === '' && lines[i + 1] === '') {
      current.closed = true
      current = null
    } else current?.output.push(line)
  }
  return blocks.map((b) => ({ command: b.command, output: !b.closed && b.output.at(-1) === '' ? b.output.slice(0, -1) : b.output }))
}

/** pidstat's time of day and CPU column free to differ, and its banner as the seed's author elided it. */
export function maskBlock(block: CommandBlock): CommandBlock {
  if (!block.command.startsWith('# pidstat')) return block
  const [banner, ...rest] = block.output
  return { command: block.command, output: [pidstatBanner.test(banner ?? '') ? '... ...' : (banner ?? ''), ...maskPidstat(rest)] }
}

/** The seed transcript's commands with their outputs, masked like `maskBlock`. */
export function seedBlocks(): CommandBlock[] {
  return seedTranscript.map((e) => maskBlock({ command: `${e.console === 'hmp' ? '(qemu) ' : '# '}${e.line}`, output: e.output }))
}
