/** Helpers for the model's tests: boot a VM from a command line and run console lines. */
import { seedProfile, type Profile } from './profile.ts'
import type { OpResult } from './qemu.ts'
import { apply, createSim } from './sim.ts'
import type { GuestBehaviour, SimState } from './state.ts'

/** The seed's machine without -smp: the disk keeps /dev/kvm at fd 11 and the VM at fd 12, as in the seed. */
export const Q35 =
  'qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host -name guest,debug-threads=on -drive file=/home/zhang/images/guest.img,format=raw'

/** Boots `cmdline` on the seed's host (or `profile`); throws if QEMU refuses it. */
export function bootVm(cmdline: string, guest: GuestBehaviour = 'cooperative', profile: Profile = seedProfile): SimState {
  const created = createSim({ profile, cmdline, guest })
  if (!created.ok) throw new Error(created.error)
  return created.result.state
}

export function hmp(state: SimState, line: string): OpResult {
  return apply(state, { kind: 'hmp', line })
}

export function shell(state: SimState, line: string): OpResult {
  return apply(state, { kind: 'shell', line })
}

/** Runs monitor lines in order and returns the final state (each must be accepted). */
export function hmpAll(state: SimState, lines: readonly string[]): SimState {
  return lines.reduce((s, line) => {
    const r = hmp(s, line)
    if (!r.ok) throw new Error(`${line}: ${r.output.join(' / ')}`)
    return r.state
  }, state)
}
