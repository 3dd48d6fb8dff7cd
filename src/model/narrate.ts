/**
 * Words for what an operation did: one sentence for the live region, and the
 * call path through QEMU and KVM with the branch `kvm_get_vcpu()` took
 * (BEHAVIOUR.md §1.1, §1.7, §3.1).
 */
import type { SimEvent } from './events.ts'
import type { SimState } from './state.ts'
import type { QemuVersion } from './versions/qemu-release.ts'

export interface PathStep {
  /** The QEMU or kernel function. */
  readonly fn: string
  readonly detail: string
  /** `kvm_get_vcpu()`'s two ways out; the one not taken is shown dimmed. */
  readonly branch?: 'parked' | 'create'
  readonly taken: boolean
}

export interface CallPath {
  readonly title: string
  readonly steps: readonly PathStep[]
}

function cpuName(state: SimState, cpuIndex: number): string {
  const cpu = state.qemu.cpus.find((c) => c.cpuIndex === cpuIndex)
  return cpu?.qdevId ?? `CPU #${cpuIndex}`
}

const find = <K extends SimEvent['kind']>(events: readonly SimEvent[], kind: K): Extract<SimEvent, { kind: K }> | undefined =>
  events.find((e): e is Extract<SimEvent, { kind: K }> => e.kind === kind)

/** The events of each CPU the guest ejected in one step: from its `guest-ej0` up to the next one. */
function ejectBlocks(events: readonly SimEvent[]): SimEvent[][] {
  const blocks: SimEvent[][] = []
  for (const e of events) {
    if (e.kind === 'guest-ej0') blocks.push([e])
    else blocks.at(-1)?.push(e)
  }
  return blocks
}

const all = <K extends SimEvent['kind']>(events: readonly SimEvent[], kind: K): Extract<SimEvent, { kind: K }>[] =>
  events.filter((e): e is Extract<SimEvent, { kind: K }> => e.kind === kind)

/**
 * One sentence for an operation, or null when nothing worth saying happened.
 * `goneTids` remembers, per cpu_index, the TID of the vCPU thread that exited
 * last: after a re-plug the old TID is named as gone.
 */
export function narrate(before: SimState, after: SimState, events: readonly SimEvent[], goneTids: ReadonlyMap<number, number> = new Map()): string | null {
  const error = find(events, 'error')
  if (error) return `Rejected: ${error.message.replace(/^Error: /, '')}. Nothing changed.`
  const refused = find(events, 'boot-refused')
  if (refused) return `QEMU ${after.profile.qemu.version} refused the command line, so no VM runs: ${refused.message.split('\n')[0]!.replace(/^qemu-system-x86_64: /, '')}`
  const exit = find(events, 'qemu-exit')
  if (exit && !find(events, 'process-start')) {
    return exit.message === 'quit' ? 'QEMU quit: every fd closed, the VM and its debugfs directory are gone.' : `QEMU exited: ${exit.message}`
  }
  if (find(events, 'process-start')) {
    return `QEMU started as pid ${after.host.pid} with ${after.qemu.cpus.length} of ${after.qemu.topology.maxCpus} vCPUs.`
  }
  const sentences: string[] = []
  for (const thread of all(events, 'thread-create')) {
    const cpu = after.qemu.cpus.find((c) => c.tid === thread.tid)
    if (!cpu) continue
    const parked = events.find((e) => e.kind === 'found-parked' && e.vcpuId === cpu.vcpuId)
    const created = events.find((e) => e.kind === 'kvm-create-vcpu' && e.vcpuId === cpu.vcpuId)
    const name = cpu.qdevId ?? `CPU #${cpu.cpuIndex}`
    const stats = cpu.statsFd === null ? '' : `; a new stats fd ${cpu.statsFd}`
    if (parked) {
      const oldTid = goneTids.get(cpu.cpuIndex)
      const leaked = after.host.fds.filter((f) => f.role.kind === 'kvm-vcpu-stats' && f.role.vcpuId === cpu.vcpuId && f.fd !== cpu.statsFd).map((f) => f.fd)
      sentences.push(
        `${name} plugged again: fd ${cpu.kvmFd} came back from the parked list, no KVM_CREATE_VCPU; new thread ${thread.tid}${oldTid ? ` (the old ${oldTid} is gone)` : ''}${stats}${leaked.length > 0 ? ` (the old ${leaked.join(', ')} still open)` : ''}; debugfs vcpu${cpu.vcpuId} unchanged`,
      )
    } else if (created) {
      sentences.push(`${name} plugged: KVM_CREATE_VCPU gave fd ${cpu.kvmFd}, the lowest free fd${stats}; thread ${thread.tid} started; debugfs vcpu${cpu.vcpuId} created`)
    }
  }
  for (const deleted of all(events, 'device-deleted')) {
    const cpu = before.qemu.cpus.find((c) => c.qomPath === deleted.path)
    if (!cpu) continue
    sentences.push(
      `${cpu.qdevId ?? `CPU #${cpu.cpuIndex}`} unplugged: thread ${cpu.tid} exited; fd ${cpu.kvmFd} parked, not closed${cpu.statsFd === null ? '' : `; stats fd ${cpu.statsFd} left open`}; debugfs vcpu${cpu.vcpuId} remains`,
    )
  }
  for (const ignored of all(events, 'guest-ignores')) {
    const cpu = after.qemu.cpus.find((c) => c.cpuIndex === ignored.cpuIndex)
    if (!cpu) continue
    sentences.push(
      after.guest === 'cooperative'
        ? `device_del ${cpuName(after, cpu.cpuIndex)} is pending: the VM is not running, so the guest cannot eject yet`
        : `device_del ${cpuName(after, cpu.cpuIndex)} sent to the guest, which does not eject it: the CPU, thread ${cpu.tid} and fd ${cpu.kvmFd} stay`,
    )
  }
  if (find(events, 'system-reset')) {
    const resets = all(events, 'parked-tsc-reset')
    sentences.push(
      after.profile.qemu.parkedReset.how === 'untouched'
        ? `system_reset: the guest reboots; QEMU ${after.profile.qemu.version} leaves the ${after.qemu.parkedVcpus.length} parked vCPU fds alone`
        : `system_reset: the guest reboots; QEMU ${after.profile.qemu.version} resets the TSC of ${resets.length === 1 ? 'the parked vCPU' : `all ${resets.length} parked vCPUs`} (KVM_SET_MSRS on ${resets.length === 1 ? 'its fd' : 'their fds'})`,
    )
  }
  if (find(events, 'hotplug-modern')) sentences.push('The guest OS ran the ACPI _INI method: CPU hotplug switched to the modern interface')
  const mode = find(events, 'guest-mode')
  if (mode && sentences.length === 0) sentences.push(`Guest behaviour: ${mode.behaviour}`)
  const reset = find(events, 'monitor-cpu-reset')
  if (reset) sentences.push(`The monitor's current CPU was gone, so it is CPU #${reset.cpuIndex} again`)
  if (sentences.length === 0) return null
  return `${sentences.join('. ')}.`
}

/** Updates `goneTids` with the vCPU threads an operation ended. */
export function rememberGoneTids(before: SimState, events: readonly SimEvent[], goneTids: ReadonlyMap<number, number>): ReadonlyMap<number, number> {
  const deleted = all(events, 'device-deleted')
  if (deleted.length === 0) return goneTids
  const next = new Map(goneTids)
  for (const d of deleted) {
    const cpu = before.qemu.cpus.find((c) => c.qomPath === d.path)
    if (cpu) next.set(cpu.cpuIndex, cpu.tid)
  }
  return next
}

/**
 * The call path of a hot-plug, an unplug or a reset, for the "What just
 * happened" panel, in the function names of the profile's release (`qemu`):
 * `kvm_get_vcpu()` up to 9.0, `kvm_create_vcpu()` → `kvm_unpark_vcpu()` since 9.1.
 */
export function callPath(events: readonly SimEvent[], qemu: QemuVersion): CallPath | null {
  const add = find(events, 'qdev-device-add')
  const error = find(events, 'error')
  const path = qemu.vcpuFdPath
  if (add) {
    const preplug = find(events, 'pre-plug')
    const thread = find(events, 'thread-create')
    const parked = find(events, 'found-parked')
    const created = find(events, 'kvm-create-vcpu')
    const steps: PathStep[] = [{ fn: 'qdev_device_add', detail: `${add.driver}${add.id ? `, id=${add.id}` : ''}`, taken: true }]
    if (error || !preplug) {
      steps.push({ fn: preplug ? 'x86_cpu_pre_plug' : 'qdev_device_add_from_qdict', detail: error?.message.replace(/^Error: /, '') ?? 'rejected', taken: true })
      return { title: 'device_add rejected', steps }
    }
    const search = path.unpark ?? path.get
    steps.push({ fn: 'x86_cpu_pre_plug', detail: `slot ${preplug.cpuIndex}, APIC ID ${preplug.apicId} → cpu_index ${preplug.cpuIndex}`, taken: true })
    steps.push({ fn: 'kvm_start_vcpu_thread', detail: thread ? `new thread ${thread.name}, TID ${thread.tid}` : '', taken: true })
    steps.push({ fn: 'kvm_init_vcpu', detail: `in the new thread, vcpu_id ${preplug.apicId}`, taken: true })
    if (path.unpark) steps.push({ fn: path.get, detail: `unpark, or else create, vcpu_id ${preplug.apicId}`, taken: true })
    steps.push({ fn: search, detail: `search kvm_parked_vcpus for vcpu_id ${preplug.apicId}`, taken: true })
    steps.push({
      fn: search,
      detail: parked ? `found parked vcpu ${parked.vcpuId} → reuse fd ${parked.fd}` : 'found parked vcpu → reuse its fd',
      branch: 'parked',
      taken: parked !== undefined,
    })
    steps.push({
      fn: 'kvm_vm_ioctl(KVM_CREATE_VCPU)',
      detail: created ? `not parked → new fd ${created.fd}, debugfs vcpu${created.vcpuId}` : 'not parked → new fd from the kernel',
      branch: 'create',
      taken: created !== undefined,
    })
    if (find(events, 'kvm-create-vcpu-failed')) {
      steps.push({ fn: 'error_fatal', detail: 'KVM_CREATE_VCPU failed: QEMU exits', taken: true })
      return { title: 'device_add: QEMU exited', steps }
    }
    const mmap = find(events, 'mmap')
    steps.push({ fn: 'mmap', detail: mmap ? `kvm_run, ${mmap.length} bytes at 0x${mmap.address.toString(16)}` : '', taken: true })
    const stats = find(events, 'stats-fd-open')
    const statsFailed = find(events, 'stats-fd-failed')
    if (stats) steps.push({ fn: 'kvm_vcpu_ioctl(KVM_GET_STATS_FD)', detail: `new read-only fd ${stats.fd}, kvm-vcpu-stats:${stats.vcpuId}: nothing will close it`, taken: true })
    else if (statsFailed) steps.push({ fn: 'kvm_vcpu_ioctl(KVM_GET_STATS_FD)', detail: `${statsFailed.errno}: this kernel has no stats fds, so none is opened`, taken: true })
    steps.push({ fn: 'x86_cpu_plug', detail: 'ACPI insert event (SCI) to the guest', taken: true })
    return { title: parked ? 'device_add: a parked vCPU comes back' : 'device_add: a new KVM vCPU', steps }
  }
  if (find(events, 'system-reset')) {
    const resets = all(events, 'parked-tsc-reset')
    const steps: PathStep[] = [{ fn: 'qemu_system_reset', detail: 'every device and CPU is reset; the guest reboots', taken: true }]
    if (qemu.parkedReset.how === 'untouched') {
      steps.push({ fn: 'kvm_parked_vcpus', detail: 'not touched: their TSCs keep their old values', taken: true })
    } else {
      steps.push({ fn: qemu.parkedReset.from, detail: resets.length === 0 ? 'kvm_reset_parked_vcpus: nothing is parked' : `kvm_reset_parked_vcpus: ${resets.length} parked`, taken: true })
      for (const r of resets) steps.push({ fn: qemu.parkedReset.fn, detail: `ioctl(fd ${r.fd}, KVM_SET_MSRS, MSR_IA32_TSC = 1) for vcpu_id ${r.vcpuId}`, taken: true })
    }
    return { title: 'system_reset', steps }
  }
  const request = find(events, 'acpi-eject-request')
  if (request || (error && !add)) {
    if (error && !request) return { title: 'Rejected', steps: [{ fn: error.source, detail: error.message.replace(/^Error: /, ''), taken: true }] }
    const steps: PathStep[] = [
      { fn: 'qmp_device_del', detail: `→ x86_cpu_unplug_request_cb, slot ${request!.cpuIndex}`, taken: true },
      { fn: 'acpi_cpu_unplug_request_cb', detail: 'is_removing = true, SCI to the guest; device_del returns', taken: true },
    ]
    const ejects = ejectBlocks(events)
    if (ejects.length === 0) {
      steps.push({ fn: 'guest', detail: 'does not eject: nothing else happens', taken: true })
      return { title: 'device_del: a request the guest has not answered', steps }
    }
    for (const block of ejects) {
      const ej0 = find(block, 'guest-ej0')!
      const parked = find(block, 'fd-parked')
      const leaked = find(block, 'stats-fd-leaked')
      const exit = find(block, 'thread-exit')
      steps.push({ fn: '_EJ0 → cpu_hotplug_wr', detail: `guest ejects slot ${ej0.cpuIndex}`, taken: true })
      steps.push({ fn: 'x86_cpu_unplug_cb → cpu_remove_sync', detail: 'qdev_unrealize, the vCPU thread leaves its loop', taken: true })
      steps.push({ fn: 'do_kvm_destroy_vcpu', detail: 'munmap kvm_run', taken: true })
      steps.push({ fn: path.park, detail: `park fd ${parked?.fd ?? ''} on kvm_parked_vcpus, no close()`, taken: true })
      if (leaked) steps.push({ fn: 'kvm_vcpu_stats_fd', detail: `stats fd ${leaked.fd} stays open: nothing closes it (leaked)`, taken: true })
      steps.push({ fn: 'qemu_thread_join', detail: exit ? `thread ${exit.tid} is gone` : '', taken: true })
      steps.push({ fn: 'device_finalize', detail: 'DEVICE_DELETED', taken: true })
    }
    return { title: 'device_del: the fd is parked, not closed', steps }
  }
  return null
}
