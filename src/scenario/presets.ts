/**
 * Built-in scenarios, each with a title and narration. Each is also a test
 * (presets.test.ts): replaying it gives the states its narration claims.
 */
import { seedCommandLine } from '../model/environment.ts'
import { seedSetup, seedSteps } from '../model/presets/seed.ts'
import { choiceOf } from '../model/profile.ts'
import type { Command } from '../model/sim.ts'
import { stops } from './presentation.ts'
import type { Scenario } from './scenario.ts'

const hmp = (line: string): Command => ({ kind: 'hmp', line })
const shell = (line: string): Command => ({ kind: 'shell', line })
const add = (id: string, core: number, socket = 0): Command => hmp(`device_add host-x86_64-cpu,id=${id},socket-id=${socket},core-id=${core},thread-id=0`)

const base = {
  basedOn: null as string | null,
  profile: choiceOf(seedSetup.profile),
  compare: null as Scenario['compare'],
  cmdline: seedCommandLine,
  guest: 'cooperative' as const,
  bootActivity: [] as Scenario['bootActivity'],
  questions: {} as Scenario['questions'],
  notes: {} as Scenario['notes'],
}

/** Where each typed command of the seed lands (recorded host activity comes between them). */
const seedStops = stops({ steps: seedSteps })

const seed: Scenario = {
  ...base,
  title: '-smp 4,maxcpus=8, skip cpu04 on purpose',
  bootActivity: seedSetup.bootActivity ?? [],
  steps: seedSteps,
  narration: {
    0: 'QEMU 7.0 started with -smp 4,maxcpus=8: four vCPUs (fds 14–17, threads CPU 0–3/KVM), four empty slots.',
    [seedStops[1]!]: 'lsof: /dev/kvm is fd 11, the VM fd 12, the vCPUs 14–17. The one mem line is the lowest-addressed vCPU mapping: kvm-vcpu:3.',
    [seedStops[5]!]: 'device_add cpu05: nothing was parked for vcpu_id 5, so KVM_CREATE_VCPU handed out the lowest free fd, 32. A new thread, CPU 5/KVM.',
    [seedStops[6]!]: 'fd 32 is kvm-vcpu:5, and its mapping is now the lowest, so lsof shows kvm-vcpu:5 on the mem line.',
    [seedStops[10]!]: 'device_del cpu05: the guest ejected it. Its thread exited, but fd 32 was parked on kvm_parked_vcpus, not closed.',
    [seedStops[11]!]: 'fd 32 is still open (lsof lists it); only its mapping is gone, so the mem line is back to kvm-vcpu:3.',
    [seedStops[13]!]: 'debugfs vcpu5 is still there: on 4.14 it goes only when its fd closes, and QEMU never closes it.',
    [seedStops[15]!]: 'device_add cpu05 again: kvm_get_vcpu() found vcpu_id 5 parked and reused fd 32. No new fd; a new thread with a new TID.',
    [seedStops[19]!]: 'info cpus lists CPU #5 last, with its new thread_id: the CPU list is in insertion order.',
  },
  questions: {
    [seedStops[5]!]: {
      prompt: 'device_add cpu05: which fd will vCPU 5 get?',
      choices: ['fd 18, right after the vCPU fds 14–17', 'fd 32, the lowest fd free in the whole table', 'No fd of its own: vCPUs share the VM fd 12'],
      answer: 1,
      explanation: 'KVM_CREATE_VCPU returns a new anon-inode fd, and the kernel hands out the lowest free number; 18–31 are taken by QEMU\'s other fds.',
    },
    [seedStops[10]!]: {
      prompt: 'device_del cpu05 and the guest ejects it. What happens to fd 32?',
      choices: ['It is closed, and the vCPU is destroyed in KVM', 'It stays open, parked on kvm_parked_vcpus', 'It is handed to the next vCPU plugged'],
      answer: 1,
      explanation: 'kvm_destroy_vcpu() unmaps kvm_run and parks the fd: KVM has no way to destroy a single vCPU.',
    },
    [seedStops[13]!]: {
      prompt: 'Is the debugfs directory vcpu5 still there?',
      choices: ['Yes', 'No'],
      answer: 0,
      explanation: 'On 4.14 the directory goes only when the vCPU fd is closed, and the parked fd is never closed.',
    },
    [seedStops[15]!]: {
      prompt: 'device_add cpu05 again: which fd, and which thread?',
      choices: ['A new fd 33 and a new thread', 'fd 32 again and the old thread 5982', 'fd 32 again and a new thread with a new TID'],
      answer: 2,
      explanation: 'kvm_get_vcpu() finds vcpu_id 5 on the parked list and returns fd 32; qemu_thread_create() starts a new thread.',
    },
  },
  notes: {
    0: 'Point at fds 14–17 and the four CPU n/KVM threads. Ask the room what they expect an unplug to do to them.',
    [seedStops[5]!]: 'cpu04 is skipped on purpose, so cpu05 is core-id=5: its APIC ID, KVM vcpu_id and cpu_index are all 5 here. "Where the numbers diverge" shows when they are not.',
    [seedStops[10]!]: 'The thread exits (pidstat) but the fd stays (lsof). This is what the transcript that started the project shows.',
    [seedStops[15]!]: 'Show kvm_get_vcpu() in accel/kvm/kvm-all.c: QLIST_FOREACH over kvm_parked_vcpus, match on vcpu_id.',
  },
}

const replugOrderSteps = [add('cpu04', 4), add('cpu05', 5), hmp('device_del cpu05'), hmp('device_del cpu04'), hmp('info cpus'), add('cpu05', 5), add('cpu04', 4), shell('lsof -p 5921 | grep kvm-vcpu')]
const replugOrder: Scenario = {
  ...base,
  title: 'Re-plug in a different order',
  steps: replugOrderSteps,
  narration: {
    1: 'cpu04 plugged: KVM_CREATE_VCPU gave it fd 32.',
    2: 'cpu05 plugged: fd 33.',
    3: 'cpu05 unplugged: fd 33 parked.',
    4: 'cpu04 unplugged: fd 32 parked in front of it, at the head: kvm_parked_vcpus is LIFO.',
    6: 'cpu05 back first: kvm_get_vcpu() searches the list by vcpu_id, so vcpu 5 gets fd 33 from behind the head. Popping the head would have given it 32.',
    7: 'cpu04 back: fd 32. Each vcpu_id gets its own fd back, whatever the order.',
  },
  questions: {
    6: {
      prompt: 'cpu05 comes back first. fd 32 is at the head of the parked list. Which fd does it get?',
      choices: ['fd 32: the list is popped from the head', 'fd 33: the list is searched by vcpu_id', 'A new fd 34'],
      answer: 1,
      explanation: 'kvm_get_vcpu() walks kvm_parked_vcpus and takes the entry whose vcpu_id matches.',
    },
  },
}

const differentVcpuSteps = [add('cpu05', 5), hmp('device_del cpu05'), add('cpu06', 6), shell('ls /sys/kernel/debug/kvm/5921-12 | grep vcpu'), shell('lsof -p 5921 | grep kvm-vcpu')]
const differentVcpu: Scenario = {
  ...base,
  title: 'A different vCPU after an unplug',
  steps: differentVcpuSteps,
  narration: {
    2: 'cpu05 unplugged: fd 32 is parked for vcpu_id 5.',
    3: 'cpu06 plugged: nothing is parked for vcpu_id 6, so KVM_CREATE_VCPU gives a new fd, 33. Parked fds are never handed to another vCPU.',
    4: 'debugfs grows: vcpu5 stays and vcpu6 is new.',
  },
}

const divergeSteps = [hmp('device_add host-x86_64-cpu,id=c3,socket-id=1,core-id=0,thread-id=0'), hmp('info cpus'), shell('lsof -p 5921 | grep kvm-vcpu'), shell('ls /sys/kernel/debug/kvm/5921-12 | grep vcpu'), hmp('info hotpluggable-cpus')]
const diverge: Scenario = {
  ...base,
  title: 'Where the numbers diverge',
  cmdline: 'qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host -smp 1,maxcpus=6,sockets=2,cores=3,threads=1 -m 4G -name guest,debug-threads=on -drive file=/home/zhang/images/guest.img,format=raw -monitor stdio',
  steps: divergeSteps,
  narration: {
    0: '2 sockets × 3 cores: the core field of the APIC ID is 2 bits wide, so socket 1 starts at APIC ID 4, not 3 (include/hw/i386/topology.h apicid_core_width, x86_apicid_from_topo_ids).',
    1: 'socket-id=1, core-id=0 is slot 3: cpu_index 3, but APIC ID 4 = KVM vcpu_id 4.',
    2: 'info cpus and the thread name use cpu_index: CPU #3, "CPU 3/KVM".',
    3: 'The fd and its mapping use vcpu_id: kvm-vcpu:4.',
    4: 'debugfs uses vcpu_id too: vcpu4.',
  },
}

const ignoresSteps: Command[] = [
  add('cpu05', 5),
  { kind: 'guest', behaviour: 'ignore' },
  hmp('device_del cpu05'),
  hmp('info cpus'),
  hmp('device_del cpu05'),
  add('cpu05', 5),
  { kind: 'guest', behaviour: 'cooperative' },
  hmp('device_del cpu05'),
  hmp('info cpus'),
]
const ignores: Scenario = {
  ...base,
  title: 'A guest that ignores the unplug request',
  steps: ignoresSteps,
  narration: {
    2: 'From now on the guest ignores unplug requests (e.g. it cannot offline the CPU).',
    3: 'device_del returns at once: it only asks. The guest does nothing, so the CPU, its thread and fd 32 stay.',
    4: 'info cpus still lists CPU #5. QEMU has no timeout.',
    5: 'A repeated device_del is accepted again and re-sends the SCI (no "already in the process of unplug" for CPUs).',
    6: 'The device still exists, so its id is taken.',
    8: 'The guest cooperates now; the next SCI (another device_del) lets it eject: fd 32 is parked.',
  },
}

const galleryDevice = 'device_add host-x86_64-cpu'
const gallerySteps: Command[] = [
  add('cpu05', 5),
  hmp('device_del cpu05'),
  { kind: 'guest', behaviour: 'cooperative' },
  add('cpu05', 6),
  add('cpu06', 5),
  add('cpu06', 8),
  add('cpu06', 5, 1),
  hmp(`${galleryDevice},id=cpu06,socket-id=0,core-id=5,thread-id=1`),
  hmp(`${galleryDevice},id=cpu06,socket-id=0,die-id=1,core-id=6,thread-id=0`),
  hmp(`${galleryDevice},id=cpu06`),
  hmp(`${galleryDevice},id=cpu06,socket-id=0`),
  hmp(`${galleryDevice},id=cpu06,socket-id=0,core-id=6`),
  hmp(`${galleryDevice},id=cpu06,apic-id=9`),
  hmp(`${galleryDevice},id=cpu06,apic-id=6,core-id=7`),
  hmp('device_add qemu64-x86_64-cpu,id=cpu06,socket-id=0,core-id=6,thread-id=0'),
  hmp('device_add foo-cpu,id=cpu06'),
  hmp('device_add x86_64-cpu,id=cpu06'),
  hmp('device_add id=cpu06'),
  hmp(`${galleryDevice},id=cpu06,socket-id=0,core-id=6,thread-id=0,foo=1`),
  hmp('device_del /machine/unattached/device[0]'),
  hmp('device_del cpu09'),
  hmp('device_del /machine'),
  { kind: 'boot', cmdline: 'qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host -smp 4,maxcpus=300' },
  { kind: 'boot', cmdline: 'qemu-system-x86_64 -machine pc,accel=kvm,acpi=off -cpu host -smp 1,maxcpus=2 -name guest,debug-threads=on' },
  hmp(`${galleryDevice},id=cpu01,socket-id=0,core-id=1,thread-id=0`),
  hmp('device_del cpu01'),
]
const gallery: Scenario = {
  ...base,
  title: 'The error gallery',
  guest: 'not-booted',
  steps: gallerySteps,
  narration: {
    0: 'The guest has not booted: the ACPI CPU hotplug block is still in legacy mode.',
    1: 'Plugging works in legacy mode.',
    2: 'Unplugging does not: "acpi: device unplug request for not supported device type".',
    3: 'The guest OS boots and runs _INI: modern CPU hotplug from now on.',
    4: 'Duplicate device ID: cpu05 exists.',
    5: 'The slot is occupied: CPU[5] with APIC ID 5 exists.',
    6: 'core-id out of range (8 cores: 0–7).',
    7: 'socket-id out of range (one socket).',
    8: 'thread-id out of range (one thread per core).',
    9: 'die-id out of range (one die).',
    10: 'No ids at all: socket-id is checked first.',
    11: 'Then core-id.',
    12: 'Then thread-id.',
    13: 'An explicit apic-id that no slot has.',
    14: 'Ids that disagree with the apic-id.',
    15: 'Under -cpu host, only host-x86_64-cpu (or a subclass) is accepted.',
    16: 'An unknown driver.',
    17: 'An abstract type.',
    18: 'No driver.',
    19: 'An unknown property (properties are checked before the topology).',
    20: 'The boot CPU (slot 0) can never be unplugged.',
    21: 'An unknown device id.',
    22: 'A QOM path that is not a device.',
    23: 'QEMU refuses maxcpus above the machine limit (288 for pc-q35-7.0); the running VM is left alone.',
    24: 'An i440fx machine without ACPI …',
    26: '… has no CPU hot-unplug at all.',
  },
}

const ubuntu2404 = { qemu: '8.2', kernel: '6.8', host: 'ubuntu-24.04' }
const seedChoice = { qemu: '7.0', kernel: '4.14', host: 'seed' }

/** Ten unplug/re-plug cycles of cpu05: every plug opens a stats fd (QEMU 8.1+, Linux 5.14+) that nothing closes. */
const leakSteps: Command[] = [
  ...Array.from({ length: 10 }, () => [add('cpu05', 5), hmp('device_del cpu05')]).flat(),
  shell('lsof -p 5921 | grep kvm-vcpu'),
  shell('ls /proc/5921/fd | wc -l'),
  shell('cat /proc/5921/fdinfo/37'),
  shell('cat /proc/5921/status | grep -E "FDSize|Threads"'),
]
const leak: Scenario = {
  ...base,
  title: 'The stats-fd leak: ten unplug/re-plug cycles',
  profile: ubuntu2404,
  compare: seedChoice,
  steps: leakSteps,
  narration: {
    0: 'QEMU 8.2.2 on Linux 6.8: each startup vCPU has its fd and, since QEMU 8.1, a read-only kvm-vcpu-stats fd beside it. On the seed\'s host (QEMU 7.0, Linux 4.14) there are none.',
    1: 'cpu05 plugged: KVM_CREATE_VCPU gives its vCPU fd, and kvm_init_vcpu() ends with KVM_GET_STATS_FD, one more fd.',
    2: 'cpu05 unplugged: the vCPU fd is parked, as on every version; the stats fd stays open, and nothing points at it any more.',
    3: 'cpu05 back: the parked vCPU fd is reused, and a second stats fd is opened. The first one is still open.',
    20: 'Ten cycles: ten kvm-vcpu-stats:5 fds are open, one per plug, while the seed\'s host still has the same fd table as after the first plug.',
    21: 'lsof lists every leaked stats fd (mode r: opened O_RDONLY).',
    23: 'fdinfo of a leaked stats fd: flags 02000000 (O_RDONLY | O_CLOEXEC), a live file nobody reads.',
  },
  questions: {
    3: {
      prompt: 'cpu05 is plugged again on QEMU 8.2. How many new fds does that open?',
      choices: ['None: the parked vCPU fd comes back', 'One: a new stats fd; the vCPU fd comes back from the parked list', 'Two: a new vCPU fd and a new stats fd'],
      answer: 1,
      explanation: 'kvm_get_vcpu() reuses the parked vCPU fd, but kvm_init_vcpu() always ends with KVM_GET_STATS_FD, and do_kvm_destroy_vcpu() never closed the old one.',
    },
    21: {
      prompt: 'After ten plug/unplug cycles on QEMU 8.2, how many kvm-vcpu-stats:5 fds are open?',
      choices: ['0', '1', '10', '20'],
      answer: 2,
      explanation: 'One per plug; unplug closes none of them (accel/kvm/kvm-all.c has no close of kvm_vcpu_stats_fd on that path).',
    },
  },
  notes: {
    0: 'Compare with the seed\'s host: the chart under the comparison shows the dashed stats-fd line rising on one side only.',
  },
}

const debian13 = { qemu: '10.0', kernel: '6.12', host: 'debian-13' }
const resetSteps: Command[] = [
  add('cpu05', 5),
  add('cpu06', 6),
  hmp('device_del cpu05'),
  hmp('device_del cpu06'),
  hmp('system_reset'),
  add('cpu05', 5),
  shell('cat /sys/kernel/debug/kvm/5921-12/vcpu5/pid'),
]
const reset: Scenario = {
  ...base,
  title: 'Parked vCPUs across a reset',
  profile: debian13,
  compare: seedChoice,
  steps: resetSteps,
  narration: {
    4: 'Two vCPUs are parked: their fds are open, their TSCs keep running in KVM, and nothing in QEMU runs them.',
    5: 'system_reset on QEMU 10.0: the first CPU\'s post-reset sync writes MSR_IA32_TSC = 1 to each parked fd (target/i386/kvm/kvm.c kvm_arch_reset_parked_vcpu). QEMU 7.0 leaves them alone, so their TSCs drift from the others.',
    6: 'cpu05 comes back with a TSC in step with the rebooted guest on 10.0; on 7.0 it comes back with its old value.',
    7: 'debugfs pid of vcpu5 (Linux 6.1+): the thread that last ran KVM_RUN on it.',
  },
  questions: {
    5: {
      prompt: 'system_reset with two parked vCPUs, on QEMU 10.0. What happens to their fds?',
      choices: ['They are closed and re-created', 'Each gets KVM_SET_MSRS with TSC = 1, and stays parked', 'Nothing: parked vCPUs are ignored'],
      answer: 1,
      explanation: 'Since 9.1.3/9.2 QEMU resets the TSC of every parked vCPU on reset (3f2a05b31ee9), from kvm_cpu_synchronize_post_reset() of the first CPU since 10.0.1.',
    },
  },
}

const ubuntu2604 = { qemu: '10.2', kernel: '7.0', host: 'ubuntu-26.04' }
const bigSteps: Command[] = [
  hmp('device_add host-x86_64-cpu,id=cpu100,socket-id=0,core-id=100,thread-id=0'),
  hmp('device_add host-x86_64-cpu,id=cpu4095,socket-id=0,core-id=4095,thread-id=0'),
  hmp('device_del cpu100'),
  shell('lsof -p 5921 | grep kvm-vcpu | tail -4'),
  hmp('info cpus'),
]
const big: Scenario = {
  ...base,
  title: '4096 possible vCPUs on pc-q35-10.2',
  profile: ubuntu2604,
  cmdline: 'qemu-system-x86_64 -machine pc-q35-10.2,accel=kvm -cpu host -smp 4,maxcpus=4096 -m 16G -name guest,debug-threads=on -drive file=/home/zhang/images/guest.img,format=raw -monitor stdio',
  steps: bigSteps,
  narration: {
    0: 'pc-q35-9.0 and later allow 4096 CPUs, and Ubuntu\'s 7.0 kernel (CONFIG_KVM_MAX_NR_VCPUS=4096) accepts them; KVM only warns above the host\'s online CPUs.',
    1: 'A vCPU in slot 100: the same realize as in an 8-slot VM.',
    2: 'The last slot: APIC ID 4095 = KVM vcpu_id 4095, below KVM_MAX_VCPU_IDS (16384).',
    3: 'Unplugged: parked like any other.',
  },
}

const seedOnUbuntu: Scenario = {
  ...seed,
  title: 'The seed on Ubuntu 24.04',
  profile: ubuntu2404,
  compare: seedChoice,
  narration: {
    0: 'The seed\'s steps on Ubuntu 24.04 (QEMU 8.2.2, Linux 6.8), beside the seed\'s own host: every vCPU also has a kvm-vcpu-stats fd, so cpu05 gets a different fd number.',
  },
  questions: {},
  notes: {},
}

export interface Preset {
  readonly id: string
  readonly scenario: Scenario
  /** The step the preset opens at. */
  readonly start: number
}

/** The seed opens just before its first typed command (after the host activity that precedes it). */
const firstCommand = (steps: readonly Command[]): number => Math.max(0, steps.findIndex((s) => s.kind !== 'host'))

const preset = (id: string, scenario: Scenario, start = 0): Preset => ({ id, scenario: { ...scenario, basedOn: id }, start })

export const presets: readonly Preset[] = [
  preset('seed', seed, firstCommand(seed.steps)),
  preset('replug-order', replugOrder),
  preset('different-vcpu', differentVcpu),
  preset('numbers-diverge', diverge),
  preset('guest-ignores', ignores),
  preset('error-gallery', gallery),
  preset('stats-fd-leak', leak),
  preset('parked-reset', reset),
  preset('q35-4096', big),
  preset('seed-on-ubuntu-24.04', seedOnUbuntu, firstCommand(seed.steps)),
]

export const defaultPreset = presets[0]!
