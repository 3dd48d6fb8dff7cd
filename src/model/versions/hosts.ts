/**
 * Host presets: a distribution's QEMU and kernel, and the host tools it ships.
 * Choosing one sets the QEMU and kernel versions too; the explorer models the
 * upstream behaviour of those version numbers (vendors backport fixes, and
 * the UI says so). Each preset names the package index its versions come from.
 */
import { seedEnvironment, type HostEnvironment, type Library } from '../environment.ts'
import { distributionLibraries } from './host-libraries.ts'
import {
  coreutils822, coreutils832, coreutils91, coreutils94, coreutils95, coreutils97, grep220, grep311, grep312, grep36, grep37, grep38,
  lsof4932, lsof4940, lsof4950, lsof4980, lsof4994, sysstat1015, sysstat1252, sysstat1254, sysstat1261, sysstat1275, sysstat1276,
  sysstat1277, uutils0100, type HostTools,
} from './tools.ts'

export interface HostPreset {
  readonly id: string
  /** What the Host picker shows. */
  readonly label: string
  /** The short name a profile's label uses: `Ubuntu 24.04`. */
  readonly name: string
  /** The QEMU and kernel release lines this host ships (ids of qemu.ts and linux.ts entries). */
  readonly qemu: string
  readonly kernel: string
  /** `QEMU_VERSION` of the distribution's build (Debian's 7.2 is 7.2.22), when its own QEMU runs; '' for the entry's. */
  readonly qemuRelease: string
  /** `QEMU_PKGVERSION` of the distribution's build, which `info version` prints right after the version. */
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
  /** What about this host could not be established. */
  readonly unknowns: readonly string[]
}

/**
 * A distribution's host: its qemu-system-x86_64 and the libraries it maps; the
 * rest (clock, PIDs, the scenario's disk image, inferred fd layout) is the
 * seed's, so that every scenario boots and its PIDs and paths hold on every host.
 */
function distributionEnvironment(binary: { path: string; size: number }, libraries: readonly Library[]): HostEnvironment {
  return { ...seedEnvironment, exe: { path: binary.path, size: binary.size, device: '252,1', inode: 2_883_821 }, cwd: { path: '/root', device: '252,1', inode: 1_310_721 }, root: { device: '252,1', inode: 2 }, libraries }
}

/** The binary and libraries read in a chroot of `suite`'s release (a host whose own were not read names another's, and its unknowns say so). */
function fromPackages(suite: string): HostEnvironment {
  const own = distributionLibraries[suite]
  // A missing entry is a generator slip, not a host the explorer can show: host-libraries.ts is generated data.
  if (!own) throw new Error(`host-libraries.ts has no entry for ${suite}`)
  return distributionEnvironment({ path: '/usr/bin/qemu-system-x86_64', size: own.exeSize }, own.libraries)
}

/** What every non-seed host shares: the explorer puts the seed's disk image, PIDs and clock on it. */
const shared = [
  "The disk image, the PIDs other processes take and the clock are the seed's on every host, so that scenarios replay unchanged.",
  'Distribution kernels carry patches; their KVM paths were compared with upstream only where the note says so.',
  "Which fds QEMU opens besides KVM's (main loop, devices, display) is the seed's layout for QEMU 7.0 with its default devices, on every version: it was not traced per version, so the numbers of later fds are an example.",
  "The locale is the seed's (en_US): pidstat prints 12-hour times and 4-digit years; under C or C.UTF-8 it prints 24-hour times and 2-digit years.",
]

export const seedHost: HostPreset = {
  id: 'seed',
  label: "The seed's host (QEMU 7.0.0 built from source, Linux 4.14)",
  name: "the seed's host",
  qemu: '7.0',
  kernel: '4.14',
  qemuRelease: '',
  qemuPackage: '',
  kernelRelease: '4.14.5',
  nodename: 'kvm-host',
  cpuCount: 24,
  tools: { sysstat: sysstat1015, lsof: lsof4932, coreutils: coreutils822, grep: grep220 },
  env: seedEnvironment,
  sources: ['The seed transcript (seeds/000_9f9582eff00a551f.txt): QEMU 7.0.0 built under /home/zhang/kvm/qemu/build, a 4.14 kernel with the kvm-vcpu:N name, pidstat without %wait.'],
  unknowns: [],
}

export const hostPresets: readonly HostPreset[] = [
  seedHost,
  {
    id: 'ubuntu-22.04',
    label: 'Ubuntu 22.04 (QEMU 6.2, Linux 5.15)',
    name: 'Ubuntu 22.04',
    qemu: '6.2',
    kernel: '5.15',
    qemuRelease: '6.2.0',
    qemuPackage: 'Debian 1:6.2+dfsg-2ubuntu6.31',
    kernelRelease: '5.15.0-204-generic',
    nodename: 'jammy',
    cpuCount: 24,
    tools: { sysstat: sysstat1252, lsof: lsof4932, coreutils: coreutils832, grep: grep37 },
    env: fromPackages('ubuntu-22.04'),
    sources: ['archive.ubuntu.com jammy(-updates) Sources and Packages: qemu 1:6.2+dfsg-2ubuntu6.31, linux 5.15.0-204.214, sysstat 12.5.2, lsof 4.93.2, coreutils 8.32, grep 3.7'],
    unknowns: [...shared, "Ubuntu's QEMU also has its own machine types (pc-q35-jammy, …), which are not modelled."],
  },
  {
    id: 'debian-12',
    label: 'Debian 12 (QEMU 7.2, Linux 6.1)',
    name: 'Debian 12',
    qemu: '7.2',
    kernel: '6.1',
    qemuRelease: '7.2.22',
    qemuPackage: 'Debian 1:7.2+dfsg-7+deb12u18+b3',
    kernelRelease: '6.1.0-57-amd64',
    nodename: 'bookworm',
    cpuCount: 24,
    tools: { sysstat: sysstat1261, lsof: lsof4950, coreutils: coreutils91, grep: grep38 },
    env: fromPackages('debian-12'),
    sources: ['deb.debian.org bookworm(-security) Sources and Packages: qemu 1:7.2+dfsg-7+deb12u18 (QEMU 7.2.22), linux-image-6.1.0-57-amd64, sysstat 12.6.1, lsof 4.95.0, coreutils 9.1, grep 3.8'],
    unknowns: [...shared, "Debian's 7.2 carries the 7.2.x stable patches up to 7.2.22; this is 7.2.0's behaviour with 7.2.22's version string."],
  },
  {
    id: 'ubuntu-24.04',
    label: 'Ubuntu 24.04 (QEMU 8.2, Linux 6.8)',
    name: 'Ubuntu 24.04',
    qemu: '8.2',
    kernel: '6.8',
    qemuRelease: '8.2.2',
    qemuPackage: 'Debian 1:8.2.2+ds-0ubuntu1.18',
    kernelRelease: '6.8.0-151-generic',
    nodename: 'noble',
    cpuCount: 24,
    tools: { sysstat: sysstat1261, lsof: lsof4950, coreutils: coreutils94, grep: grep311 },
    env: fromPackages('ubuntu-24.04'),
    sources: ['archive.ubuntu.com noble(-updates) Sources and Packages: qemu 1:8.2.2+ds-0ubuntu1.18, linux 6.8.0-151.151, sysstat 12.6.1, lsof 4.95.0, coreutils 9.4, grep 3.11'],
    unknowns: [...shared, "Ubuntu's QEMU also has its own machine types (pc-q35-noble, …), which are not modelled."],
  },
  {
    id: 'rhel-9',
    label: 'RHEL 9.6 (QEMU 9.1, Linux 5.14)',
    name: 'RHEL 9',
    qemu: '9.1',
    kernel: '5.14',
    qemuRelease: '',
    qemuPackage: '',
    kernelRelease: '5.14.0-570.12.1.el9_6.x86_64',
    nodename: 'rhel9',
    cpuCount: 24,
    tools: { sysstat: sysstat1254, lsof: lsof4940, coreutils: coreutils832, grep: grep36 },
    env: fromPackages('ubuntu-24.04'),
    sources: ['RHEL 9.6 package lists quoted publicly (rpm -q): qemu-kvm 9.1.0-15.el9_6, kernel 5.14.0-570.x.el9_6, sysstat 12.5.4, lsof 4.94.0, coreutils 8.32, grep 3.6 (not a package index read here)'],
    unknowns: [
      ...shared,
      'RHEL ships QEMU as /usr/libexec/qemu-kvm with its own machine types (pc-q35-rhel9.x.0) and many backports; the explorer runs an upstream qemu-system-x86_64 9.1.0 there.',
      "RHEL's library set was not read: the libraries lsof shows are Ubuntu 24.04's. The kernel's minor release is an example.",
    ],
  },
  {
    id: 'debian-13',
    label: 'Debian 13 (QEMU 10.0, Linux 6.12)',
    name: 'Debian 13',
    qemu: '10.0',
    kernel: '6.12',
    qemuRelease: '10.0.13',
    qemuPackage: 'Debian 1:10.0.13+ds-0+deb13u1',
    kernelRelease: '6.12.118+deb13-amd64',
    nodename: 'trixie',
    cpuCount: 24,
    tools: { sysstat: sysstat1275, lsof: lsof4994, coreutils: coreutils97, grep: grep311 },
    env: fromPackages('debian-13'),
    sources: ['deb.debian.org trixie(-security) Sources and Packages: qemu 1:10.0.13+ds-0+deb13u1, linux-image-6.12.118+deb13-amd64, sysstat 12.7.5, lsof 4.99.4, coreutils 9.7, grep 3.11'],
    unknowns: [...shared],
  },
  {
    id: 'rhel-10',
    label: 'RHEL 10.1 (QEMU 10.0, Linux 6.12)',
    name: 'RHEL 10',
    qemu: '10.0',
    kernel: '6.12',
    qemuRelease: '',
    qemuPackage: '',
    kernelRelease: '6.12.0-124.8.1.el10_1.x86_64',
    nodename: 'rhel10',
    cpuCount: 24,
    tools: { sysstat: sysstat1276, lsof: lsof4980, coreutils: coreutils95, grep: grep311 },
    env: fromPackages('debian-13'),
    sources: ['RHEL 10.1 / AlmaLinux 10 package lists quoted publicly: qemu-kvm 10.0.0-12.el10_1, kernel 6.12.0-124.x.el10_1, sysstat 12.7.6, lsof 4.98.0, coreutils 9.5, grep 3.11 (not a package index read here)'],
    unknowns: [
      ...shared,
      'RHEL ships QEMU as /usr/libexec/qemu-kvm (10.0.0 with backports) and its own machine types; the explorer runs an upstream qemu-system-x86_64 10.0.13 there.',
      "RHEL's library set was not read: the libraries lsof shows are Debian 13's. The kernel's minor release is an example.",
      'Red Hat patches to grep (the stray-backslash warning) were not read.',
    ],
  },
  {
    id: 'fedora-43',
    label: 'Fedora 43 (QEMU 10.1, Linux 7.0)',
    name: 'Fedora 43',
    qemu: '10.1',
    kernel: '7.0',
    qemuRelease: '',
    qemuPackage: '',
    kernelRelease: '7.0.9-200.fc43.x86_64',
    nodename: 'fedora',
    cpuCount: 24,
    tools: { sysstat: sysstat1276, lsof: lsof4980, coreutils: coreutils97, grep: grep312 },
    env: fromPackages('debian-13'),
    sources: ['packages.fedoraproject.org pages: qemu 10.1.x (10.1.4-1.fc43), coreutils 9.7, grep 3.12; the kernel rebased from 6.17 (GA) to 6.18, 6.19 and 7.x updates'],
    unknowns: [
      ...shared,
      "Fedora 43's sysstat and lsof versions were not established: 12.7.6 and 4.98.0 (Fedora 41's and 42's) are assumed.",
      'Fedora rebases its kernel during a release: 7.0 stands for the 7.x updates; the release string is an example.',
      "Fedora's library set was not read: the libraries lsof shows are Debian 13's.",
    ],
  },
  {
    id: 'ubuntu-26.04',
    label: 'Ubuntu 26.04 (QEMU 10.2, Linux 7.0)',
    name: 'Ubuntu 26.04',
    qemu: '10.2',
    kernel: '7.0',
    qemuRelease: '10.2.1',
    qemuPackage: 'Debian 1:10.2.1+ds-1ubuntu3.3',
    kernelRelease: '7.0.0-44-generic',
    nodename: 'resolute',
    cpuCount: 24,
    tools: { sysstat: sysstat1277, lsof: lsof4994, coreutils: uutils0100, grep: grep312 },
    env: fromPackages('ubuntu-26.04'),
    sources: [
      'archive.ubuntu.com resolute(-updates) Sources and Packages: qemu 1:10.2.1+ds-1ubuntu3.3, linux 7.0.0-44.44, sysstat 12.7.7, lsof 4.99.4, grep 3.12',
      'coreutils is coreutils-from-uutils by default: ls, cat, head, tail and wc are rust-coreutils 0.10.0',
    ],
    unknowns: [...shared, "Ubuntu's QEMU also has its own machine types, which are not modelled."],
  },
]

export function hostPreset(id: string): HostPreset | undefined {
  return hostPresets.find((h) => h.id === id)
}
