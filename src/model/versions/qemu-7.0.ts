/**
 * QEMU 7.0.0: the seed's build. `-smp clusters=`, and the i440fx 1.4–1.7
 * types deprecated. No 7.0.0 tree was readable: what 6.2.0 and 7.2.0 print
 * alike is taken as 7.0's, and what differs was dated from the qemu-devel
 * pull requests; kvm-all.c also from 7.0-era qemu/qemu revisions.
 */
import { qemu62 } from './qemu-6.2.ts'
import { OLD_AND_UNATTENDED, compareVersions, pcMachineTypes, type QemuVersion } from './qemu-release.ts'

export const qemu70: QemuVersion = {
  ...qemu62,
  id: '7.0',
  version: '7.0.0',
  tag: 'v7.0.0',
  copyrightYear: 2022,
  read: '6.2.0 and 7.2.0 trees where they agree, 7.0-cycle pull requests where they differ; accel/kvm/kvm-all.c at 7.0-era qemu/qemu revisions',
  machines: pcMachineTypes({
    latest: '7.0',
    q35From: '2.4',
    i440fxFrom: '1.4',
    deprecated: (family, v) => (family === 'i440fx' && compareVersions(v, '1.7') <= 0 ? OLD_AND_UNATTENDED : null),
  }),
  defaultMachine: 'pc-i440fx-7.0',
  machineAliases: { pc: 'pc-i440fx-7.0', q35: 'pc-q35-7.0' },
  // qapi/machine.json: clusters "since 7.0"; x86 does not support them.
  smpKeys: ['cpus', 'sockets', 'dies', 'clusters', 'cores', 'threads', 'maxcpus'],
  unknowns: [
    'No exact v7.0.0 tree was readable: texts come from 6.2.0 and 7.2.0 where they agree, and from the 7.0 pull requests where they differ.',
  ],
}
