/**
 * The one entry point of the model: `apply(state, command)` →
 * `{ state, output, events, ok }`. A command is a monitor line, a shell line,
 * a guest action, recorded host activity, or a (re)boot from a command line.
 */
import { parseCommandLine } from './cmdline.ts'
import type { SimEvent } from './events.ts'
import { runHmp } from './hmp.ts'
import { setGuestBehaviour } from './hotplug.ts'
import type { Profile } from './profile.ts'
import { applyHostActivity, bootQemu, exitQemu, refusedBoot, type BootActivity, type HostActivity, type OpResult } from './qemu.ts'
import { runShell } from './shell.ts'
import type { GuestBehaviour, SimState } from './state.ts'

export type Command =
  | { readonly kind: 'boot'; readonly cmdline: string }
  | { readonly kind: 'hmp'; readonly line: string }
  | { readonly kind: 'shell'; readonly line: string }
  | { readonly kind: 'guest'; readonly behaviour: GuestBehaviour }
  | { readonly kind: 'host'; readonly activity: HostActivity }

export interface VmSetup {
  /** The QEMU release, the kernel and the host (its environment: binary, disks, libraries). */
  readonly profile: Profile
  readonly cmdline: string
  readonly guest: GuestBehaviour
  /** Recorded host activity during start-up (TIDs other processes take between QEMU's threads). */
  readonly bootActivity?: readonly BootActivity[]
}

export type CreateResult = { ok: true; result: OpResult } | { ok: false; error: string; result: OpResult }

/**
 * Boots the first VM of a session. When QEMU refuses the command line the
 * result is the host with no QEMU running, and what QEMU printed.
 */
export function createSim(setup: VmSetup): CreateResult {
  const { env } = setup.profile.host
  const parsed = parseCommandLine(setup.cmdline, setup.profile, env.files)
  if (!parsed.ok) return { ok: false, error: parsed.error, result: refusedBoot(setup.profile, setup.cmdline, parsed.error, setup.guest) }
  const result = bootQemu(setup.profile, parsed.config, env, { clock: env.clock, nextPid: env.nextPid }, setup.guest, setup.bootActivity ?? [])
  return { ok: true, result }
}

const unchanged = (state: SimState, output: readonly string[], events: readonly SimEvent[] = []): OpResult => ({ state, output, events, ok: false })

/** Applies one command. A rejected command returns the state it was given. */
export function apply(state: SimState, command: Command): OpResult {
  switch (command.kind) {
    case 'hmp':
      return runHmp(state, command.line)
    case 'shell': {
      const { output, status } = runShell(state, command.line)
      return { state, output, events: [], ok: status === 0 }
    }
    case 'guest':
      if (state.guest === command.behaviour) return { state, output: [], events: [], ok: true }
      return setGuestBehaviour(state, command.behaviour)
    case 'host': {
      const applied = applyHostActivity(state.host, state.host.alive ? state.qemu.config : null, command.activity)
      if (applied.error) return unchanged(state, [`(explorer) ${applied.error}`])
      return { state: { ...state, host: applied.host }, output: [], events: applied.events, ok: true }
    }
    case 'boot': {
      const parsed = parseCommandLine(command.cmdline, state.profile, state.host.env.files)
      if (!parsed.ok) return unchanged(state, parsed.error.split('\n'))
      const events: SimEvent[] = []
      // The running QEMU quits first: its fds close and the kernel destroys its VM (§9.3 row 20).
      const before = state.host.alive ? exitQemu(state, 'quit', events) : state
      const booted = bootQemu(state.profile, parsed.config, state.host.env, before.host, state.guest)
      return { ...booted, events: [...events, ...booted.events], ok: true }
    }
  }
}
