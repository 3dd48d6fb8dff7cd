/**
 * Golden tests against the real binaries: what Ubuntu 22.04's QEMU 6.2.0,
 * Debian 12's 7.2.22, Ubuntu 24.04's 8.2.2, Debian 13's 10.0.13 and Ubuntu
 * 26.04's 10.2.1 printed (run under TCG, so
 * `-accel tcg` and `max-x86_64-cpu`), replayed on the same profiles with KVM.
 * Left out of the fixtures: what TCG prints differently (`info kvm`), what
 * the explorer does not list (`help`, `device_add help`, `info stats`,
 * `-machine help`) and the distributions' GUI modules.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { resolveProfile, type ProfileChoice } from '../profile.ts'
import { apply, createSim } from '../sim.ts'

const fixture = (name: string): string[] => readFileSync(new URL(`./goldens/${name}`, import.meta.url), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('# '))

function profile(choice: ProfileChoice) {
  const r = resolveProfile(choice)
  if (!r.ok) throw new Error(r.error)
  return r.profile
}

const builds: [string, ProfileChoice][] = [
  ['jammy', { qemu: '6.2', kernel: '5.15', host: 'ubuntu-22.04' }],
  ['bookworm', { qemu: '7.2', kernel: '6.1', host: 'debian-12' }],
  ['noble', { qemu: '8.2', kernel: '6.8', host: 'ubuntu-24.04' }],
  ['trixie', { qemu: '10.0', kernel: '6.12', host: 'debian-13' }],
  ['resolute', { qemu: '10.2', kernel: '7.0', host: 'ubuntu-26.04' }],
]

/** Consecutive `marker`-led blocks: the line after the marker and the lines up to the next one. */
function blocks(lines: readonly string[], marker: string): { head: string; body: string[] }[] {
  const out: { head: string; body: string[] }[] = []
  for (const l of lines) {
    if (l.startsWith(marker) && !l.startsWith('(qemu) qemu-system')) out.push({ head: l.slice(marker.length), body: [] })
    else out.at(-1)?.body.push(l)
  }
  return out
}

const tids = (lines: readonly string[]): string[] => lines.map((l) => l.replace(/thread_id=\d+/, 'thread_id=N'))

describe.each(builds)('%s: the monitor prints what the real binary printed', (suite, choice) => {
  it('every monitor command of the battery, in order', () => {
    const created = createSim({ profile: profile(choice), cmdline: 'qemu-system-x86_64 -machine q35,accel=kvm -cpu max -smp 4,maxcpus=8 -m 512 -name guest,debug-threads=on -display none -nodefaults -monitor stdio -S', guest: 'cooperative' })
    let state = created.result.state
    for (const { head, body } of blocks(fixture(`${suite}.hmp.txt`), '(qemu) ')) {
      const r = apply(state, { kind: 'hmp', line: head })
      state = r.state
      expect(tids(r.output), head).toEqual(tids(body))
    }
  })
})

describe.each(builds)('%s: a command line prints what the real binary printed', (suite, choice) => {
  it('errors, warnings and the banner, for each command line', () => {
    for (const { head, body } of blocks(fixture(`${suite}.cmdline.txt`), '$ ')) {
      // The line as the shell had it (`\,` is a comma), with KVM for TCG.
      const cmdline = head.replace('-accel tcg', '-accel kvm')
      const created = createSim({ profile: profile(choice), cmdline, guest: 'cooperative' })
      expect(created.result.output, head).toEqual(body)
    }
  })
})
