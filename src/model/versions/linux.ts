/**
 * The host kernels the explorer models, oldest first: one file per release
 * line (`linux-4.14.ts`, …), each the one before plus what changed.
 */
import type { LinuxVersion } from './linux-release.ts'
import { linux414 } from './linux-4.14.ts'

export const linuxVersions: readonly LinuxVersion[] = [linux414]

export function linuxVersion(id: string): LinuxVersion | undefined {
  return linuxVersions.find((v) => v.id === id)
}
