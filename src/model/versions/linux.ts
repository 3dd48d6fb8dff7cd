/**
 * The host kernels the explorer models, oldest first: one file per release
 * line (`linux-4.14.ts`, …), each the one before plus what changed.
 */
import type { LinuxVersion } from './linux-release.ts'
import { linux414 } from './linux-4.14.ts'
import { linux514 } from './linux-5.14.ts'
import { linux515 } from './linux-5.15.ts'
import { linux61 } from './linux-6.1.ts'
import { linux68 } from './linux-6.8.ts'
import { linux612 } from './linux-6.12.ts'
import { linux70 } from './linux-7.0.ts'

export const linuxVersions: readonly LinuxVersion[] = [linux414, linux514, linux515, linux61, linux68, linux612, linux70]

export function linuxVersion(id: string): LinuxVersion | undefined {
  return linuxVersions.find((v) => v.id === id)
}
