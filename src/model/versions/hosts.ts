/**
 * Host presets: a distribution's QEMU and kernel, and the host tools it ships.
 * Choosing one sets the QEMU and kernel versions too; the explorer models the
 * upstream behaviour of those version numbers (vendors backport fixes, and
 * the UI says so). Each preset names the package index its versions come from.
 */
import { seedEnvironment, type HostEnvironment } from '../environment.ts'
import { coreutils822, grep220, lsof4932, sysstat1015, type HostTools } from './tools.ts'

export interface HostPreset {
  readonly id: string
  /** What the Host picker shows. */
  readonly label: string
  /** The short name a profile's label uses: `Ubuntu 24.04`. */
  readonly name: string
  /** The QEMU and kernel release lines this host ships (ids of qemu.ts and linux.ts entries). */
  readonly qemu: string
  readonly kernel: string
  /** `QEMU_PKGVERSION` of the distribution's build, shown by `info version` when its own QEMU runs (` (Debian 1:8.2.2+ds-0ubuntu1)`). */
  readonly qemuPackage: string
  /** `uname -r` of the distribution's kernel, when its own kernel runs. */
  readonly kernelRelease: string
  readonly nodename: string
  /** Online CPUs of the host (pidstat's banner, KVM_CAP_NR_VCPUS on newer kernels). */
  readonly cpuCount: number
  readonly tools: HostTools
  /** The binary, the libraries it maps, the disk, the working directory. */
  readonly env: HostEnvironment
  /** Where the versions were read (package indexes). */
  readonly sources: readonly string[]
}

export const seedHost: HostPreset = {
  id: 'seed',
  label: "The seed's host (QEMU 7.0.0 built from source, Linux 4.14)",
  name: "the seed's host",
  qemu: '7.0',
  kernel: '4.14',
  qemuPackage: '',
  kernelRelease: '4.14.5',
  nodename: 'kvm-host',
  cpuCount: 24,
  tools: { sysstat: sysstat1015, lsof: lsof4932, coreutils: coreutils822, grep: grep220 },
  env: seedEnvironment,
  sources: ['The seed transcript (seeds/000_9f9582eff00a551f.txt): QEMU 7.0.0 built under /home/zhang/kvm/qemu/build, a 4.14 kernel with the kvm-vcpu:N name, pidstat without %wait.'],
}

export const hostPresets: readonly HostPreset[] = [seedHost]

export function hostPreset(id: string): HostPreset | undefined {
  return hostPresets.find((h) => h.id === id)
}
