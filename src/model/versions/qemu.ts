/**
 * What differs between QEMU releases, as data and small functions the model
 * asks. One entry per release line (`qemu-7.0.ts`, `qemu-8.2.ts`, …); each
 * entry is the one before it plus what that release changed, and says where
 * it was read. The registry is the list below: adding a release is adding one
 * file and one line here, with its golden tests.
 */
import type { QemuVersion } from './qemu-release.ts'
import { qemu70 } from './qemu-7.0.ts'

/** Every release the explorer models, oldest first. */
export const qemuVersions: readonly QemuVersion[] = [qemu70]

export function qemuVersion(id: string): QemuVersion | undefined {
  return qemuVersions.find((v) => v.id === id)
}
