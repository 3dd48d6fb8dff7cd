/**
 * QEMU 7.0 on KVM: starting the VM, realizing a vCPU (kvm_init_vcpu and the
 * parked-vCPU reuse), and the ACPI unplug path. Every function is pure:
 * (state, …) → { state, output, events }.
 */
import { memoryBytes, QEMU_BINARY, vncListen, type BootConfig } from './cmdline.ts'
import {
  accelExtraFiles,
  anonFile,
  driveFiles,
  kvmDeviceFile,
  mainLoopFiles,
  machineFiles,
  terminalFile,
  vncFiles,
  type FileSpec,
  type HostEnvironment,
} from './environment.ts'
import type { SimEvent } from './events.ts'
import { exitThread, mmap, openFd, spawnKernelTask, spawnThread, takePids } from './host.ts'
import { qemuRelease, type Profile } from './profile.ts'
import type { GuestBehaviour, HostState, KvmState, QemuCpu, SimState } from './state.ts'
import { possibleCpus, type CpuSlot } from './topology.ts'

export const QEMU_PREFIX = 'qemu-system-x86_64: '

export interface OpResult {
  readonly state: SimState
  readonly output: readonly string[]
  readonly events: readonly SimEvent[]
  /** False when the command was rejected; the state is then the input state. */
  readonly ok: boolean
}

/** Recorded host activity: things outside QEMU that a transcript reflects (TIDs, worker churn). */
export type HostActivity =
  | { readonly kind: 'tids'; readonly count: number }
  | { readonly kind: 'worker-start' }
  | { readonly kind: 'worker-exit'; readonly tid?: number }
  | { readonly kind: 'wait'; readonly seconds: number }

/** Points in start-up after which recorded activity can happen. */
export type BootPhase = 'process' | 'drives' | 'accel' | 'cpus' | 'devices' | 'display'

export interface BootActivity {
  readonly after: BootPhase
  readonly activity: HostActivity
}

export function describeActivity(activity: HostActivity): string {
  switch (activity.kind) {
    case 'tids':
      return `other processes on the host took ${activity.count} PID${activity.count === 1 ? '' : 's'}`
    case 'worker-start':
      return 'the thread pool started a worker thread'
    case 'worker-exit':
      return activity.tid === undefined ? 'an idle worker thread exited' : `idle worker thread ${activity.tid} exited`
    case 'wait':
      return `${activity.seconds} s passed`
  }
}

function mainComm(host: HostState): string {
  return host.threads[0]?.comm ?? 'qemu-system-x86'
}

/** A thread's comm: its name with debug-threads=on, else inherited from the creating (main) thread (§2.1). */
function threadComm(state: { host: HostState; config: BootConfig }, name: string): string {
  return state.config.debugThreads ? name : mainComm(state.host)
}

/**
 * Applies one piece of recorded host activity to a live process. Worker threads
 * are QEMU's thread pool (util/thread-pool.c): they exit after 10 s idle (§7.3).
 */
export function applyHostActivity(
  host: HostState,
  config: BootConfig | null,
  activity: HostActivity,
): { host: HostState; error?: string; events: SimEvent[] } {
  const source = 'host'
  switch (activity.kind) {
    case 'tids':
      if (!Number.isInteger(activity.count) || activity.count < 0) return { host, error: 'PID count must be a whole number', events: [] }
      return { host: takePids(host, activity.count), events: [{ kind: 'host-activity', description: describeActivity(activity), source }] }
    case 'wait':
      if (!(activity.seconds >= 0)) return { host, error: 'seconds must not be negative', events: [] }
      return { host: { ...host, clock: host.clock + activity.seconds }, events: [{ kind: 'host-activity', description: describeActivity(activity), source }] }
    case 'worker-start': {
      if (!host.alive || !config) return { host, error: 'no QEMU process is running', events: [] }
      const comm = config.debugThreads ? 'worker' : mainComm(host)
      const [next, thread] = spawnThread(host, comm, 'worker')
      return { host: next, events: [{ kind: 'thread-create', tid: thread.tid, name: thread.comm, source: 'thread_pool: spawn_thread' }] }
    }
    case 'worker-exit': {
      const worker = host.threads.find((t) => t.role === 'worker' && (activity.tid === undefined || t.tid === activity.tid))
      if (!worker) return { host, error: activity.tid === undefined ? 'no worker thread is running' : `thread ${activity.tid} is not a worker thread`, events: [] }
      return {
        host: exitThread(host, worker.tid),
        events: [{ kind: 'thread-exit', tid: worker.tid, name: worker.comm, source: 'worker_thread: 10 s idle' }],
      }
    }
  }
}

function openSpec(host: HostState, spec: FileSpec, events: SimEvent[], source: string): HostState {
  const [next, fd] = openFd(host, spec.file, { kind: 'other', label: spec.label }, spec.access)
  events.push({ kind: 'fd-open', fd, name: spec.file.name, source })
  return next
}

/** The QOM path of a startup CPU: CPU0 is device[0]; its APIC realizes kvmvapic as device[1] (research: qdev.c counter). */
export function startupCpuPath(cpuIndex: number): string {
  return `/machine/unattached/device[${cpuIndex === 0 ? 0 : cpuIndex + 1}]`
}

/**
 * Realizes a vCPU: `qemu_init_vcpu` → `kvm_start_vcpu_thread` (a new thread,
 * a new TID) → in that thread `kvm_init_vcpu` → `kvm_get_vcpu`, which pops a
 * parked fd for this vcpu_id or issues KVM_CREATE_VCPU (§1.1, §1.7).
 * When KVM_CREATE_VCPU fails, `fatal` holds QEMU's last words: it exits (§9.3 row 19).
 */
export function realizeVcpu(
  state: SimState,
  slot: CpuSlot,
  identity: { qdevId: string | null; qomPath: string; qomType: string },
  events: SimEvent[],
): { state: SimState; fatal?: readonly string[] } {
  const { profile } = state
  const kernel = profile.kernel
  const vcpuId = slot.apicId // kvm_arch_vcpu_id() = apic_id on x86 (§0.2)
  const name = `CPU ${slot.cpuIndex}/KVM`
  let host = state.host
  const [afterThread, thread] = spawnThread(host, threadComm({ host, config: state.qemu.config }, name), 'vcpu', slot.cpuIndex)
  host = afterThread
  events.push({ kind: 'thread-create', tid: thread.tid, name: thread.comm, source: 'kvm_start_vcpu_thread' })
  events.push({ kind: 'kvm-init-vcpu', cpuIndex: slot.cpuIndex, vcpuId, source: 'kvm_init_vcpu' })

  let kvm = state.kvm
  let parkedVcpus = state.qemu.parkedVcpus
  let kvmFd: number
  // QLIST_FOREACH finds the entry by vcpu_id wherever it is in the list (§1.1, §8 #9).
  const parkedIndex = parkedVcpus.findIndex((p) => p.vcpuId === vcpuId)
  if (parkedIndex >= 0) {
    kvmFd = parkedVcpus[parkedIndex]!.kvmFd
    parkedVcpus = parkedVcpus.toSpliced(parkedIndex, 1)
    events.push({ kind: 'found-parked', vcpuId, fd: kvmFd, source: profile.qemu.vcpuFdPath.unpark ?? profile.qemu.vcpuFdPath.get })
  } else {
    // kvm_vm_ioctl_create_vcpu(): the id and count limits come first (§5.1).
    const errno =
      vcpuId >= kernel.maxVcpuId ? 'Invalid argument' : kvm.vcpus.length >= kernel.maxVcpus ? 'Invalid argument' : null
    if (errno) {
      events.push({ kind: 'kvm-create-vcpu-failed', vcpuId, errno, source: 'kvm_vm_ioctl(KVM_CREATE_VCPU)' })
      return { state, fatal: profile.qemu.createVcpuFailed(vcpuId, errno) }
    }
    const [afterFd, fd] = openFd(host, anonFile(kernel.anonInode, kernel.vcpuFdName(vcpuId), '').file, { kind: 'kvm-vcpu', vcpuId })
    host = afterFd
    kvmFd = fd
    kvm = { ...kvm, vcpus: kvm.vcpus.concat([{ vcpuId, fd, createdAt: host.clock, runTid: 0 }]) }
    events.push({ kind: 'debugfs-create', path: `${debugfsVmPath(state)}/vcpu${vcpuId}`, vcpuId, source: 'kvm_create_vcpu_debugfs' })
    events.push({ kind: 'kvm-create-vcpu', vcpuId, fd, source: 'kvm_vm_ioctl(KVM_CREATE_VCPU)' })
  }
  // KVM_GET_VCPU_MMAP_SIZE, then mmap of kvm_run (§1.1 steps 4–5).
  const [afterMap, address] = mmap(host, kernel.vcpuMmapSize, 'kvm_run', { vcpuId, fd: kvmFd, perms: 'rw-s' })
  host = afterMap
  events.push({ kind: 'mmap', fd: kvmFd, vcpuId, address, length: kernel.vcpuMmapSize, source: 'kvm_init_vcpu' })

  // kvm_init_vcpu() ends with `cpu->kvm_vcpu_stats_fd = kvm_vcpu_ioctl(cpu, KVM_GET_STATS_FD, NULL)`
  // since 8.1 (accel/kvm/kvm-all.c, "kvm: reuse per-vcpu stats fd"): a new read-only fd on every
  // realize, the parked vCPU fd's re-plug included. Before 5.14 the ioctl fails and no fd appears.
  let statsFd: number | null = null
  if (profile.qemu.vcpuStatsFd) {
    const statsName = kernel.vcpuStatsFdName?.(vcpuId)
    if (statsName === undefined) {
      events.push({ kind: 'stats-fd-failed', vcpuId, errno: 'Invalid argument', source: 'kvm_vcpu_ioctl(KVM_GET_STATS_FD)' })
    } else {
      const spec = anonFile(kernel.anonInode, statsName, '', 'r')
      ;[host, statsFd] = openFd(host, spec.file, { kind: 'kvm-vcpu-stats', vcpuId }, spec.access)
      events.push({ kind: 'stats-fd-open', vcpuId, fd: statsFd, source: 'kvm_vcpu_ioctl(KVM_GET_STATS_FD)' })
    }
  }

  const cpu: QemuCpu = {
    cpuIndex: slot.cpuIndex,
    apicId: slot.apicId,
    vcpuId,
    qdevId: identity.qdevId,
    qomPath: identity.qomPath,
    qomType: identity.qomType,
    tid: thread.tid,
    kvmFd,
    statsFd,
    kvmRun: address,
    unplugRequested: false,
  }
  // A running VM's new vCPU thread enters KVM_RUN at once; with -S or stopped it waits (cpu_can_run()).
  if (state.qemu.runState === 'running') kvm = vcpusRun(kvm, [cpu])
  return {
    state: {
      ...state,
      host,
      kvm,
      qemu: { ...state.qemu, cpus: state.qemu.cpus.concat([cpu]), parkedVcpus },
    },
  }
}

/**
 * The VM's first KVM_RUN: on 6.12.y+ it starts KVM's NX huge page recovery vhost_task, a new
 * thread of QEMU's process (arch/x86/kvm/mmu/mmu.c kvm_mmu_post_init_vm, once per VM).
 */
export function firstKvmRun(state: SimState, events: SimEvent[]): SimState {
  if (state.profile.kernel.nxRecoveryTask !== 'first-run' || state.qemu.cpus.length === 0) return state
  if (state.host.threads.some((t) => t.role === 'kvm_nx')) return state
  const [host, task] = spawnKernelTask(state.host, 'kvm-nx-lpage-recovery', 'kvm_nx')
  events.push({ kind: 'thread-create', tid: task.tid, name: task.comm, source: 'kvm_mmu_start_lpage_recovery' })
  return { ...state, host }
}

/** These CPUs' threads call KVM_RUN: `vcpu->pid` becomes their TID (virt/kvm/kvm_main.c kvm_vcpu_ioctl). */
export function vcpusRun(kvm: KvmState, cpus: readonly QemuCpu[]): KvmState {
  // One copy per vCPU whose runner changes: a realize runs one CPU, and a 4096-vCPU VM must not rebuild the list each time.
  let vcpus = kvm.vcpus
  for (const cpu of cpus) {
    const i = vcpus.findIndex((v) => v.vcpuId === cpu.vcpuId)
    if (i < 0 || vcpus[i]!.runTid === cpu.tid) continue
    vcpus = vcpus.with(i, { ...vcpus[i]!, runTid: cpu.tid })
  }
  return vcpus === kvm.vcpus ? kvm : { ...kvm, vcpus }
}

export function debugfsVmPath(state: SimState): string {
  return `/sys/kernel/debug/kvm/${state.host.pid}-${state.kvm.vmFd}`
}

/**
 * A command line QEMU refused at the first boot of a session: the process
 * started, printed its message and exited, so it took a PID and left nothing.
 */
export function refusedBoot(profile: Profile, cmdline: string, message: string, guest: GuestBehaviour): OpResult {
  const env = profile.host.env
  const host: HostState = { env, alive: false, clock: env.clock, nextPid: env.nextPid + 1, pid: env.nextPid, fds: [], threads: [], mappings: [], stackCache: [] }
  const topology = { cpus: 0, sockets: 0, dies: 0, modules: 0, cores: 0, threads: 0, maxCpus: 0 }
  const config: BootConfig = {
    cmdline: cmdline.trim(),
    argv0: QEMU_BINARY,
    machine: { name: '', family: 'q35', maxCpus: 0, preferSockets: false, deprecated: null },
    cpuModel: '',
    cpuType: '',
    topology,
    memory: '',
    name: null,
    processName: null,
    debugThreads: false,
    vnc: null,
    drives: [],
    startPaused: false,
    acpiHotplug: false,
    warnings: [],
  }
  const events: SimEvent[] = [{ kind: 'boot-refused', message, source: 'qemu_init' }]
  const state: SimState = {
    profile,
    host,
    kvm: { devFd: -1, vmFd: -1, vcpus: [], createdAt: env.clock },
    qemu: { config, topology, slots: [], cpus: [], parkedVcpus: [], monitorCpuPath: null, cpuHotplugLegacy: true, anonDeviceCount: 0, runState: 'prelaunch', exited: message },
    guest,
  }
  return { state, output: message.split('\n'), events, ok: false }
}

/** Everything a process that no longer exists has: nothing. */
function deadProcess(host: HostState): HostState {
  return { ...host, alive: false, fds: [], threads: [], mappings: [], stackCache: [] }
}

/** QEMU exits: every fd closes, the last VM reference drops, the debugfs directory goes (§9.3 row 20). */
export function exitQemu(state: SimState, message: string, events: SimEvent[]): SimState {
  events.push({ kind: 'qemu-exit', message, source: 'exit' })
  return {
    ...state,
    host: deadProcess(state.host),
    kvm: { ...state.kvm, vcpus: [] },
    qemu: { ...state.qemu, cpus: [], parkedVcpus: [], exited: message },
  }
}

/**
 * Starts QEMU: a new process (the next PID), its start-up files, KVM, the
 * startup vCPUs (slots 0 … cpus-1), the board's devices and the display.
 * `previous` is the host before start-up (a prior QEMU, if any, is gone).
 */
export function bootQemu(
  profile: Profile,
  config: BootConfig,
  env: HostEnvironment,
  previous: { clock: number; nextPid: number },
  guest: GuestBehaviour,
  activities: readonly BootActivity[] = [],
): OpResult {
  const events: SimEvent[] = []
  const output: string[] = [...config.warnings]
  const pid = previous.nextPid
  let host: HostState = {
    env,
    alive: true,
    clock: previous.clock,
    nextPid: pid,
    pid,
    fds: [],
    threads: [],
    mappings: [],
    stackCache: [],
  }
  // exec: the binary at a low address (PIE), shared objects top-down below the mmap base.
  host = { ...host, mappings: [{ start: 0x55d6_2a40_0000, length: 0x02b0_0000, kind: 'image', perms: 'r-xp', vcpuId: null, fd: null, path: env.exe.path }] }
  for (const lib of env.libraries) {
    ;[host] = mmap(host, lib.size, 'image', { path: lib.path, perms: lib.path.endsWith('.so') || lib.path.includes('.so.') ? 'r-xp' : 'r--p' })
  }
  // exec names the process after the binary, cut to 15 characters. call_rcu starts from a
  // constructor, before -name is read, so it keeps that name (the seed's 5922 `qemu-system-x86`);
  // `-name process=` then renames only the main thread.
  const execComm = (env.exe.path.split('/').pop() ?? '').slice(0, 15)
  host = { ...host, nextPid: pid + 1, threads: [{ tid: pid, comm: execComm, role: 'main', cpuIndex: null, stack: 0x7ffd_0000_0000 }] }
  events.push({ kind: 'process-start', pid, source: 'execve' })
  ;[host] = spawnThread(host, profile.qemu.threadNames === 'always' ? 'call_rcu' : execComm, 'call_rcu')
  if (config.processName !== null) {
    const comm = config.processName.slice(0, 15)
    host = { ...host, threads: host.threads.map((t) => (t.role === 'main' ? { ...t, comm } : t)) }
  }
  for (let i = 0; i < 3; i++) host = openSpec(host, terminalFile(env), events, 'stdio')

  const runActivities = (phase: BootPhase): void => {
    for (const { after, activity } of activities) {
      if (after !== phase) continue
      const applied = applyHostActivity(host, config, activity)
      host = applied.host
      events.push(...applied.events)
    }
  }
  runActivities('process')

  const anon = profile.kernel.anonInode
  for (const spec of mainLoopFiles(anon)) host = openSpec(host, spec, events, 'qemu_init_main_loop')
  for (const drive of config.drives) {
    const image = env.files.find((f) => f.path === drive.file)
    if (image) for (const spec of driveFiles(anon, image)) host = openSpec(host, spec, events, 'blockdev_init')
  }
  runActivities('drives')

  // kvm_init(): open /dev/kvm, KVM_CREATE_VM; the VM's debugfs directory is "<pid>-<vmfd>" (§5.3).
  let devFd: number
  ;[host, devFd] = openFd(host, kvmDeviceFile(env), { kind: 'kvm-dev' })
  events.push({ kind: 'fd-open', fd: devFd, name: '/dev/kvm', source: 'kvm_init' })
  const kernel = profile.kernel
  let vmFd: number
  ;[host, vmFd] = openFd(host, anonFile(kernel.anonInode, 'kvm-vm', '').file, { kind: 'kvm-vm' })
  events.push({ kind: 'kvm-create-vm', fd: vmFd, source: 'kvm_init' })
  for (const spec of accelExtraFiles(anon)) host = openSpec(host, spec, events, 'kvm_init')
  runActivities('accel')

  // Guest RAM: anonymous memory, mapped before the machine creates its CPUs.
  ;[host] = mmap(host, memoryBytes(config.memory), 'anon')

  const topology = config.topology
  const slots = possibleCpus(topology)
  let state: SimState = {
    profile,
    host,
    kvm: { devFd, vmFd, vcpus: [], createdAt: host.clock },
    qemu: {
      config,
      topology,
      slots,
      cpus: [],
      parkedVcpus: [],
      monitorCpuPath: null,
      // 11.0 has no legacy CPU hotplug interface: the PM device is modern from power-on.
      cpuHotplugLegacy: profile.qemu.legacyCpuHotplug,
      anonDeviceCount: 0,
      runState: config.startPaused ? 'prelaunch' : 'running',
      exited: null,
    },
    guest,
  }
  events.push({ kind: 'debugfs-create', path: `${debugfsVmPath(state)}/`, vcpuId: null, source: 'kvm_create_vm_debugfs' })

  // x86_cpus_init(): startup CPUs fill slots 0 … smp.cpus-1 (§2.2).
  for (let i = 0; i < topology.cpus; i++) {
    const slot = slots[i]!
    const realized = realizeVcpu(state, slot, { qdevId: null, qomPath: startupCpuPath(i), qomType: config.cpuType }, events)
    if (realized.fatal) {
      const dead = exitQemu(realized.state, realized.fatal.join('\n'), events)
      return { state: dead, output: [...output, ...realized.fatal], events, ok: false }
    }
    state = realized.state
  }
  host = state.host
  runActivities('cpus')

  for (const spec of machineFiles(anon)) host = openSpec(host, spec, events, 'machine init')
  runActivities('devices')

  if (config.vnc !== null) {
    const listen = vncListen(config.vnc)
    for (const spec of vncFiles(env, listen.host, listen.port)) host = openSpec(host, spec, events, 'vnc_display_open')
    let worker
    ;[host, worker] = spawnThread(host, threadComm({ host, config }, 'vnc_worker'), 'vnc_worker')
    events.push({ kind: 'thread-create', tid: worker.tid, name: worker.comm, source: 'vnc_start_worker_thread' })
    // With `to=` (as on the default display) vnc_display_print_local_addr() reports the first listener.
    if (listen.to) output.push(`VNC server running on ${listen.host === 'localhost' ? '127.0.0.1' : listen.host === '' ? '0.0.0.0' : listen.host}:${listen.port}`)
  }
  runActivities('display')
  state = { ...state, host }
  // vm_start() at the end of qemu_init(): the vCPUs enter KVM_RUN.
  if (state.qemu.runState === 'running') state = firstKvmRun(state, events)
  // monitor/hmp.c monitor_qmp/hmp banner: QEMU_VERSION only, never the package version.
  output.push(`QEMU ${qemuRelease(profile)} monitor - type 'help' for more information`)
  state = startGuest(state, events)
  return { state, output, events, ok: true }
}

/**
 * The guest OS boots when the VM runs and the guest is not held in firmware:
 * its ACPI `_INI` writes 0 to the legacy CPU bitmap, switching the PM device to
 * modern CPU hotplug for good (hw/acpi/cpu_hotplug.c `cpu_status_write`; the
 * setter asserts it never goes back, hw/acpi/ich9.c).
 */
export function startGuest(state: SimState, events: SimEvent[]): SimState {
  if (!state.qemu.cpuHotplugLegacy || state.guest === 'not-booted' || !state.host.alive) return state
  if (state.qemu.runState !== 'running') return state
  events.push({ kind: 'hotplug-modern', source: 'cpu_status_write' })
  return { ...state, qemu: { ...state.qemu, cpuHotplugLegacy: false } }
}
