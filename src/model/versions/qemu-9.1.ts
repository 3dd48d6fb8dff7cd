/**
 * QEMU 9.1 (RHEL 9.6's and RHEL 10.0's qemu-kvm line): Salil Mehta's
 * `kvm_create_vcpu` / `kvm_park_vcpu` / `kvm_unpark_vcpu` (08c3286822, with
 * the 036144cff2 fix), `-smp modules=`, q35 4096 CPUs (since 9.0), zero -smp
 * values refused (9.0), automatic deprecation of old machine types, the
 * machine name in "unsupported machine type". No 9.1 tree was readable: this
 * is 9.2.1 (Ubuntu plucky's orig tarball) less what landed after 9.1.0, dated
 * from the qemu-devel pull requests and stable round-ups. Modelled: 9.1.0.
 */
import { qemu82 } from './qemu-8.2.ts'
import { deprecatedUpTo, pcMachineTypes, type QemuVersion } from './qemu-release.ts'

export const qemu91: QemuVersion = {
  ...qemu82,
  id: '9.1',
  version: '9.1.0',
  tag: 'v9.1.0',
  copyrightYear: 2024,
  read: "9.2.1 (Ubuntu plucky's qemu_9.2.1+ds.orig.tar.xz) less the commits after 9.1.0, dated from qemu-devel pull requests",
  // i440fx 2.0–2.3 were removed in 9.0; MACHINE_VER_DEPRECATION deprecates everything up to 6.1.
  machines: pcMachineTypes({ latest: '9.1', q35From: '2.4', i440fxFrom: '2.4', deprecated: deprecatedUpTo('6.1') }),
  defaultMachine: 'pc-i440fx-9.1',
  machineAliases: { pc: 'pc-i440fx-9.1', q35: 'pc-q35-9.1' },
  // system/vl.c select_machine(), fixed in 9.1.0-rc4 (d53bb908b5) to print the name.
  unknownMachine: (name) => `unsupported machine type: "${name}"\nUse -machine help to list supported machines`,
  smpKeys: ['cpus', 'drawers', 'books', 'sockets', 'dies', 'clusters', 'modules', 'cores', 'threads', 'maxcpus'],
  smpLevels: ['dies', 'modules'],
  hierarchy: (t) => `sockets (${t.sockets}) * dies (${t.dies}) * modules (${t.modules}) * cores (${t.cores}) * threads (${t.threads})`,
  // hw/core/machine-smp.c: "CPU topology parameters must be greater than zero" is an error since 9.0.
  smpZero: 'error',
  smpUnsupported: (key) => `${key} > 1 not supported by this machine's CPU topology`,
  // hw/i386/x86-common.c x86_cpu_pre_plug(): module-id between die-id and core-id; socket-id up to smp.sockets - 1.
  preplugLevels: ['socket', 'die', 'module', 'core', 'thread'],
  maxSocketId: (t) => t.sockets - 1,
  // system/qdev-monitor.c find_device_state() ("fix error message", mst pull of 2024-04-09).
  notADevice: (path) => `${path} is not a device`,
  vcpuFdPath: { get: 'kvm_create_vcpu', unpark: 'kvm_unpark_vcpu', park: 'kvm_park_vcpu' },
  // kvm_create_vcpu(): error_report("KVM_CREATE_VCPU IOCTL failed for vCPU %lu"), then kvm_init_vcpu's error through error_fatal.
  createVcpuFailed: (vcpuId, errno) => [
    `qemu-system-x86_64: KVM_CREATE_VCPU IOCTL failed for vCPU ${vcpuId}`,
    `qemu-system-x86_64: kvm_init_vcpu: kvm_create_vcpu failed (${vcpuId}): ${errno}`,
  ],
  monitor: {
    ...qemu82.monitor,
    // 'singlestep' removed in 9.0, 'info rdma' in 9.1.
    otherCommands: new Set([...qemu82.monitor.otherCommands].filter((n) => n !== 'singlestep')),
    otherInfo: new Set([...qemu82.monitor.otherInfo].filter((n) => n !== 'rdma')),
  },
  unknowns: [
    'No 9.1 tree was readable: this is 9.2.1 less the changes dated after 9.1.0.',
    'Modelled as 9.1.0: 9.1.3 (a stable release) also resets the TSC of parked vCPUs on system_reset (3f2a05b31ee9); 9.1.0–9.1.2 do not.',
  ],
}
