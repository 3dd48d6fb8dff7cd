import { describe, expect, it } from 'vitest'
import { presets } from '../scenario/presets.ts'
import { Replay } from '../scenario/replay.ts'
import type { Scenario } from '../scenario/scenario.ts'
import { formatTranscript, transcriptParts, transcriptText } from './transcript.ts'
import { commandBlocks, maskBlock, seedBlocks } from './transcript.test-helpers.ts'

function replayOf(id: string): Replay {
  const preset = presets.find((p) => p.id === id)!
  const started = Replay.start(preset.scenario)
  if (!started.ok) throw new Error(started.error)
  return started.replay
}


describe('transcript export', () => {
  it('of the seed preset: exactly the seed transcript’s commands and outputs (pidstat time and CPU columns aside)', () => {
    const replay = replayOf('seed')
    const text = transcriptText(replay)
    const blocks = commandBlocks(text)
    expect(blocks.map(maskBlock)).toEqual(seedBlocks())
    // The command line comes first, bracketed, with QEMU's start-up lines.
    expect(text).toContain(`\n\n\n[QEMU started: ${replay.scenario.cmdline}]\nVNC server running on 127.0.0.1:5900\nQEMU 7.0.0 monitor - type 'help' for more information\n`)
    // The parts and the text agree: reading the text back gives exactly the parts' blocks.
    const parts = transcriptParts(replay.scenario, replay.recordsUpTo(replay.length))
    expect(blocks).toEqual(parts.flatMap((p) => (p.kind === 'block' ? [{ command: p.command, output: p.output }] : [])))
  })

  it('keeps pidstat’s banner, tabs included, as the shell printed it', () => {
    const text = transcriptText(replayOf('seed'))
    expect(text).toMatch(/^# pidstat -p 5921 -t\nLinux 4\.14\.5 \(kvm-host\) \t\d\d\/\d\d\/\d{4} \t_x86_64_\t\(24 CPU\)\n\n/m)
  })

  it('starts with the title and a bracketed line, and puts each narration, numbered, before its step', () => {
    const replay = replayOf('seed')
    const { scenario } = replay
    const text = transcriptText(replay)
    const lines = text.split('\n')
    expect(lines[0]).toBe(scenario.title)
    expect(lines[1]).toBe('[QEMU 7.0.0 with KVM on Linux 4.14.5, simulated by the vCPU Hotplug Explorer; the guest ejects a CPU when asked]')
    const keys = Object.keys(scenario.narration).map(Number).sort((a, b) => a - b)
    keys.forEach((k, i) => {
      const paragraph = `\n\n\n${i + 1}. ${scenario.narration[k]}\n\n`
      expect(text).toContain(paragraph)
      // What follows the paragraph is step k's block.
      const command = scenario.steps[k - 1]
      // (A boot is a bracketed note, after two blank lines like all notes.)
      const next = text.slice(text.indexOf(paragraph) + paragraph.length).replace(/^\n/, '').split('\n')[0]
      // The seed narrates the boot and typed commands only.
      expect(next).toBe(k === 0 ? `[QEMU started: ${scenario.cmdline}]` : command?.kind === 'hmp' ? `(qemu) ${command.line}` : command?.kind === 'shell' ? `# ${command.line}` : 'a typed command')
    })
    // One blank line between blocks, as in the seed; the text ends with one newline.
    expect(text).toContain('  CPU #3: thread_id=5930\n\n# ls /sys/kernel/debug/kvm/5921-12 | grep vcpu\n')
    expect(text.endsWith('  CPU #5: thread_id=6272\n')).toBe(true)
  })

  it('leaves recorded host activity out, and says in one bracketed line what the guest does from a guest step on', () => {
    const text = transcriptText(replayOf('guest-ignores'))
    expect(text).toContain('\n\n\n[From here on, the guest ignores CPU unplug requests]\n')
    expect(text).toContain('\n\n\n[From here on, the guest ejects a CPU when asked]\n')
    expect(transcriptText(replayOf('seed'))).not.toMatch(/host:|tids|worker-start|wait/)
  })

  it('shows a boot as its bracketed command line and what QEMU printed, refused or not', () => {
    const replay = replayOf('error-gallery')
    const text = transcriptText(replay)
    expect(text.split('\n')[1]).toContain('the guest has not booted')
    expect(text).toMatch(/\n\[QEMU refused the command line: [^\n]*maxcpus=300\]\nqemu-system-x86_64: Invalid SMP CPUs 300\. The max CPUs supported by machine 'pc-q35-7\.0' is 288\n/)
    expect(text).toContain('\n\n\n[QEMU restarted: the previous process is gone]\n\n\n[QEMU started: qemu-system-x86_64 -machine pc,accel=kvm,acpi=off')
    expect(commandBlocks(text).some((b) => b.command.includes('qemu-system-x86_64 '))).toBe(false)
    // Only the accepted one restarts QEMU.
    expect(text.match(/QEMU restarted/g)).toHaveLength(1)
  })

  it('has no title line for an untitled scenario, and no paragraph for empty narration', () => {
    const replay = replayOf('replug-order')
    const scenario: Scenario = { ...replay.scenario, title: '  ', narration: { 1: '', 2: 'cpu05 plugged.' } }
    const text = formatTranscript(transcriptParts(scenario, replay.recordsUpTo(replay.length)))
    expect(text.startsWith('[QEMU 7.0.0')).toBe(true)
    expect(text).toContain('\n\n\n1. cpu05 plugged.\n\n(qemu) device_add host-x86_64-cpu,id=cpu05')
    expect(text).not.toContain('2. ')
  })

  it('every other preset reads back into exactly its console steps', () => {
    for (const preset of presets) {
      const replay = replayOf(preset.id)
      const records = replay.recordsUpTo(replay.length)
      const typed = records.flatMap((r) => (r.command && (r.command.kind === 'hmp' || r.command.kind === 'shell') ? [r.command.line] : []))
      const read = commandBlocks(transcriptText(replay))
      expect(read.map((b) => b.command.replace(/^(# |\(qemu\) )/, '')), preset.id).toEqual(typed)
    }
  })
})
