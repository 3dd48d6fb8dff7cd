/**
 * A behaviour profile: one QEMU release on one host kernel, on a host whose
 * tools a preset chose. The model never hard-codes a version: it asks the
 * profile's entries (src/model/versions/), each of which says where it was read.
 */
import { hostPreset, seedHost, type HostPreset } from './versions/hosts.ts'
import { linuxVersion } from './versions/linux.ts'
import type { LinuxVersion } from './versions/linux-release.ts'
import { qemuVersion } from './versions/qemu.ts'
import type { MachineType, QemuVersion } from './versions/qemu-release.ts'
import type { Uname } from './format/pidstat.ts'

export type { MachineType } from './versions/qemu-release.ts'

/** What a scenario names: a QEMU release, a kernel, and the host whose tools are used. */
export interface ProfileChoice {
  readonly qemu: string
  readonly kernel: string
  readonly host: string
}

export interface Profile {
  /** `qemu|kernel|host`, as the link stores it. */
  readonly id: string
  readonly qemu: QemuVersion
  readonly kernel: LinuxVersion
  readonly host: HostPreset
}

export function profileId(choice: ProfileChoice): string {
  return `${choice.qemu}|${choice.kernel}|${choice.host}`
}

export function parseProfileId(id: string): ProfileChoice | null {
  const [qemu, kernel, host, ...rest] = id.split('|')
  return qemu && kernel && host && rest.length === 0 ? { qemu, kernel, host } : null
}

/** The profile a choice names, or a sentence saying which part this explorer does not know. */
export function resolveProfile(choice: ProfileChoice): { ok: true; profile: Profile } | { ok: false; error: string } {
  const qemu = qemuVersion(choice.qemu)
  if (!qemu) return { ok: false, error: `QEMU ${choice.qemu} is not a version this explorer models` }
  const kernel = linuxVersion(choice.kernel)
  if (!kernel) return { ok: false, error: `Linux ${choice.kernel} is not a kernel this explorer models` }
  const host = hostPreset(choice.host)
  if (!host) return { ok: false, error: `the host "${choice.host}" is unknown to this version of the explorer` }
  return { ok: true, profile: { id: profileId(choice), qemu, kernel, host } }
}

/** The choice a host preset makes: its own QEMU and kernel. */
export function presetChoice(host: HostPreset): ProfileChoice {
  return { qemu: host.qemu, kernel: host.kernel, host: host.id }
}

export function choiceOf(profile: Profile): ProfileChoice {
  return { qemu: profile.qemu.id, kernel: profile.kernel.id, host: profile.host.id }
}

function mustResolve(choice: ProfileChoice): Profile {
  const resolved = resolveProfile(choice)
  if (!resolved.ok) throw new Error(resolved.error)
  return resolved.profile
}

/** The seed's own profile: QEMU 7.0.0 on its 4.14 host. The default. */
export const seedProfile: Profile = mustResolve(presetChoice(seedHost))

/** What could not be established for this profile: its QEMU release's, its kernel's and its host's unknowns. */
export function profileUnknowns(profile: Profile): string[] {
  return [...new Set([...profile.qemu.unknowns, ...profile.kernel.unknowns, ...profile.host.unknowns])]
}

/** `uname -r`: the distribution's release when the preset's own kernel runs, else the upstream one read. */
export function kernelRelease(profile: Profile): string {
  return profile.kernel.id === profile.host.kernel ? profile.host.kernelRelease : profile.kernel.release
}

/** What `uname()` says of the host, and its online CPUs (pidstat's banner). */
export function uname(profile: Profile): Uname {
  return { sysname: 'Linux', release: kernelRelease(profile), nodename: profile.host.nodename, machine: 'x86_64', cpuCount: profile.host.cpuCount }
}

/** `QEMU_VERSION`: the distribution's build's (Debian 12's 7.2 is 7.2.22) when the preset's own QEMU runs, else the entry's. */
export function qemuRelease(profile: Profile): string {
  return profile.qemu.id === profile.host.qemu && profile.host.qemuRelease !== '' ? profile.host.qemuRelease : profile.qemu.version
}

/** `QEMU_PKGVERSION`: the distribution's, when the preset's own QEMU runs; an upstream build has none. */
export function qemuPackage(profile: Profile): string {
  return profile.qemu.id === profile.host.qemu ? profile.host.qemuPackage : ''
}

/** How the header and the comparison name a profile: `QEMU 8.2.2 · Linux 6.8 · Ubuntu 24.04`. */
export function profileLabel(profile: Profile): string {
  const own = profile.qemu.id === profile.host.qemu && profile.kernel.id === profile.host.kernel
  return `QEMU ${qemuRelease(profile)} · Linux ${profile.kernel.id} · ${own ? profile.host.name : `tools of ${profile.host.name}`}`
}

export function findMachine(profile: Profile, name: string): MachineType | undefined {
  const full = profile.qemu.machineAliases[name] ?? name
  return profile.qemu.machines.find((m) => m.name === full)
}
