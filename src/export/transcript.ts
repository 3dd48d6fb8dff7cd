/**
 * A scenario as plain text, the way one pastes a terminal session into a bug
 * report or a mailing-list post (the seed transcript's own layout):
 *
 *   - a head: the title, and one bracketed line saying which QEMU and kernel
 *     this is, that the output is simulated, and how the guest behaves;
 *   - per console step, a block: the prompt and the command (`# ` host shell,
 *     `(qemu) ` monitor), then its output lines exactly as the console printed
 *     them, nothing added, nothing left out (pidstat's banner and its tabs too);
 *   - each boot as a bracketed line with the QEMU command line (the first
 *     thing a QEMU developer asks for), then what QEMU printed on start-up, or
 *     its refusal. Not as a `# ` block: only what was typed into the two
 *     consoles carries a prompt, so the commands read back are exactly those;
 *   - a guest action as one bracketed line (it explains why a `device_del`
 *     did or did not eject anything; no tool prints it);
 *   - recorded host activity (TIDs other processes took, thread-pool workers,
 *     time passing) not at all: it is how the simulation reproduces a real
 *     host, not something anyone typed or saw;
 *   - `narration[k]`, numbered like the seed's prose, just before step k.
 *
 * Blocks are separated by one blank line; prose and bracketed notes get two
 * blank lines before them (as the seed's numbered paragraphs do), so a reader
 * (or a script) can tell where a command's output ends. Nothing in a block is
 * text the tools would not print.
 */
import type { Command } from '../model/sim.ts'
import type { GuestBehaviour } from '../model/state.ts'
import type { Replay, StepRecord } from '../scenario/replay.ts'
import { kernelRelease, qemuRelease } from '../model/profile.ts'
import { describeStep, profileOf, type Scenario } from '../scenario/scenario.ts'

/** One paragraph of the transcript. */
export type TranscriptPart =
  | { readonly kind: 'head'; readonly lines: readonly string[] }
  /** A command with its prompt, and its output lines. */
  | { readonly kind: 'block'; readonly step: number; readonly command: string; readonly output: readonly string[] }
  /** A bracketed line: something that happened that no tool printed. */
  | { readonly kind: 'note'; readonly step: number; readonly text: string }
  /** The scenario's narration of step `step`, numbered. */
  | { readonly kind: 'prose'; readonly step: number; readonly text: string }

const guestNotes: Record<GuestBehaviour, string> = {
  cooperative: 'the guest ejects a CPU when asked',
  ignore: 'the guest ignores CPU unplug requests',
  'not-booted': 'the guest has not booted (firmware: ACPI CPU hotplug in legacy mode)',
}

/** A boot: the command line in brackets, then QEMU's own start-up lines (or its refusal) as it printed them. */
const bootNote = (step: number, cmdline: string, ok: boolean, output: readonly string[]): TranscriptPart => ({
  kind: 'note',
  step,
  text: [`[QEMU ${ok ? 'started' : 'refused the command line'}: ${cmdline}]`, ...output].join('\n'),
})

/**
 * The transcript's paragraphs for `scenario`, given the records of its steps
 * 0…n (record k is what step k printed; record 0 is the first boot).
 */
export function transcriptParts(scenario: Scenario, records: readonly StepRecord[]): TranscriptPart[] {
  const parts: TranscriptPart[] = []
  const profile = profileOf(scenario)
  const where = profile ? `QEMU ${qemuRelease(profile)} with KVM on Linux ${kernelRelease(profile)}` : 'QEMU with KVM'
  const head = [`[${where}, simulated by the vCPU Hotplug Explorer; ${guestNotes[scenario.guest]}]`]
  parts.push({ kind: 'head', lines: scenario.title.trim() === '' ? head : [scenario.title, ...head] })

  let guest = scenario.guest
  let paragraph = 0
  records.forEach((record, k) => {
    const narration = scenario.narration[k]
    if (narration !== undefined && narration.trim() !== '') parts.push({ kind: 'prose', step: k, text: `${++paragraph}. ${narration}` })
    const command: Command | null = record.command
    if (command === null) {
      parts.push(bootNote(k, scenario.cmdline, record.ok, record.output))
      return
    }
    switch (command.kind) {
      case 'hmp':
      case 'shell':
        parts.push({ kind: 'block', step: k, command: describeStep(command), output: record.output })
        return
      case 'boot':
        // A refused command line leaves the running QEMU alone: its message says so.
        if (record.ok) parts.push({ kind: 'note', step: k, text: '[QEMU restarted: the previous process is gone]' })
        parts.push(bootNote(k, command.cmdline, record.ok, record.output))
        return
      case 'guest':
        // Choosing what the guest already does changes nothing: no note.
        if (command.behaviour !== guest) parts.push({ kind: 'note', step: k, text: `[From here on, ${guestNotes[command.behaviour]}]` })
        guest = command.behaviour
        return
      case 'host':
        return
    }
  })
  return parts
}

/** The paragraphs as text: one blank line between blocks, two before prose and notes. */
export function formatTranscript(parts: readonly TranscriptPart[]): string {
  let text = ''
  for (const part of parts) {
    const lines = part.kind === 'head' ? part.lines : part.kind === 'block' ? [part.command, ...part.output] : [part.text]
    if (text !== '') text += part.kind === 'block' ? '\n' : '\n\n'
    text += `${lines.join('\n')}\n`
  }
  return text
}

/** The whole scenario of `replay` as a plain-text transcript (replaying it to the end if needed). */
export function transcriptText(replay: Replay): string {
  return formatTranscript(transcriptParts(replay.scenario, replay.recordsUpTo(replay.length)))
}
