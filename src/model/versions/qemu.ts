/**
 * What differs between QEMU releases, as data and small functions the model
 * asks. One entry per release line (`qemu-7.0.ts`, `qemu-8.2.ts`, …); each
 * entry is the one before it plus what that release changed, and says where
 * it was read. The registry is the list below: adding a release is adding one
 * file and one line here, with its golden tests.
 */
import type { QemuVersion } from './qemu-release.ts'
import { qemu62 } from './qemu-6.2.ts'
import { qemu70 } from './qemu-7.0.ts'
import { qemu72 } from './qemu-7.2.ts'
import { qemu82 } from './qemu-8.2.ts'
import { qemu91 } from './qemu-9.1.ts'
import { qemu100 } from './qemu-10.0.ts'
import { qemu101 } from './qemu-10.1.ts'
import { qemu102 } from './qemu-10.2.ts'
import { qemu110 } from './qemu-11.0.ts'

/** Every release the explorer models, oldest first. */
export const qemuVersions: readonly QemuVersion[] = [qemu62, qemu70, qemu72, qemu82, qemu91, qemu100, qemu101, qemu102, qemu110]

export function qemuVersion(id: string): QemuVersion | undefined {
  return qemuVersions.find((v) => v.id === id)
}
