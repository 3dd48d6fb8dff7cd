import { describe, expect, it } from 'vitest'
import { seedProfile } from './profile.ts'
import { apply, createSim } from './sim.ts'
import { bootVm, hmp, hmpAll, Q35, shell } from './testing.ts'

const seedLine = `${Q35} -smp 4,maxcpus=8`
const add = (id: string, core: number, socket = 0, thread = 0): string =>
  `device_add host-x86_64-cpu,id=${id},socket-id=${socket},core-id=${core},thread-id=${thread}`

/** A rejected command must give this output and leave the state object untouched. */
function expectRejected(line: string, output: string[], cmdline = seedLine, setup: string[] = []): void {
  const state = hmpAll(bootVm(cmdline), setup)
  const result = hmp(state, line)
  expect(result.output).toEqual(output)
  expect(result.ok).toBe(false)
  expect(result.state).toBe(state)
}

describe('BEHAVIOUR.md §9.3: what each action changes', () => {
  it('row 1: a first device_add creates a vCPU on the lowest free fd, a new thread and debugfs vcpu5', () => {
    const before = bootVm(seedLine)
    const r = hmp(before, add('cpu05', 5))
    expect(r.ok).toBe(true)
    expect(r.output).toEqual([])
    const kinds = r.events.map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['thread-create', 'kvm-create-vcpu', 'debugfs-create', 'mmap', 'acpi-insert']))
    expect(kinds).not.toContain('found-parked')
    expect(r.state.kvm.vcpus.at(-1)).toMatchObject({ vcpuId: 5, fd: 32 })
    expect(r.state.qemu.cpus.at(-1)).toMatchObject({ cpuIndex: 5, apicId: 5, qdevId: 'cpu05', kvmFd: 32 })
    expect(r.state.host.threads.at(-1)).toMatchObject({ comm: 'CPU 5/KVM', role: 'vcpu' })
  })

  it('rows 2–3: device_del with a cooperative guest parks the fd, ends the thread, keeps debugfs', () => {
    const plugged = hmpAll(bootVm(seedLine), [add('cpu05', 5)])
    const tid = plugged.qemu.cpus.at(-1)!.tid
    const r = hmp(plugged, 'device_del cpu05')
    expect(r.output).toEqual([])
    expect(r.events.map((e) => e.kind)).toEqual([
      'acpi-eject-request',
      'guest-ej0',
      'munmap',
      'fd-parked',
      'thread-exit',
      'thread-join',
      'cpu-list-remove',
      'device-deleted',
    ])
    expect(r.events.at(-1)).toMatchObject({ device: 'cpu05', path: '/machine/peripheral/cpu05' })
    expect(r.state.qemu.parkedVcpus).toEqual([{ vcpuId: 5, kvmFd: 32 }])
    expect(r.state.host.fds.some((f) => f.fd === 32)).toBe(true)
    expect(r.state.host.threads.some((t) => t.tid === tid)).toBe(false)
    expect(r.state.kvm.vcpus.map((v) => v.vcpuId)).toContain(5)
    expect(shell(r.state, 'ls /sys/kernel/debug/kvm/5921-12 | grep vcpu5').output).toEqual(['vcpu5'])
    expect(hmp(r.state, 'info cpus').output).not.toContain('  CPU #5: thread_id=' + tid)
  })

  it('row 4: a guest that ignores the request keeps the CPU; device_del may be repeated', () => {
    let state = hmpAll(bootVm(seedLine), [add('cpu05', 5)])
    state = apply(state, { kind: 'guest', behaviour: 'ignore' }).state
    const first = hmp(state, 'device_del cpu05')
    expect(first.ok).toBe(true)
    expect(first.state.qemu.cpus.find((c) => c.cpuIndex === 5)?.unplugRequested).toBe(true)
    expect(first.state.qemu.parkedVcpus).toEqual([])
    const again = hmp(first.state, 'device_del cpu05')
    expect(again.ok).toBe(true)
    expect(again.output).toEqual([])
    // Rows 6–7 still apply while the request is pending.
    expect(hmp(again.state, add('cpu05', 5)).output).toEqual(["Error: Duplicate device ID 'cpu05'"])
    expect(hmp(again.state, add('cpuX', 5)).output).toEqual(['Error: CPU[5] with APIC ID 5 exists'])
    // Once the guest cooperates, the next SCI (here a repeated device_del) completes the removal.
    const cooperative = apply(again.state, { kind: 'guest', behaviour: 'cooperative' }).state
    const done = hmp(cooperative, 'device_del cpu05')
    expect(done.state.qemu.parkedVcpus).toEqual([{ vcpuId: 5, kvmFd: 32 }])
  })

  it('row 5: re-plug pops the parked fd, starts a new thread, appends CPU #5 last', () => {
    const unplugged = hmpAll(bootVm(seedLine), [add('cpu05', 5), 'device_del cpu05'])
    const r = hmp(unplugged, add('cpu05', 5))
    expect(r.events.map((e) => e.kind)).toContain('found-parked')
    expect(r.events.map((e) => e.kind)).not.toContain('kvm-create-vcpu')
    expect(r.state.qemu.parkedVcpus).toEqual([])
    expect(r.state.kvm.vcpus.filter((v) => v.vcpuId === 5)).toHaveLength(1)
    expect(r.state.host.fds.length).toBe(unplugged.host.fds.length)
    expect(r.state.qemu.cpus.at(-1)).toMatchObject({ cpuIndex: 5, kvmFd: 32 })
  })

  it('parked list is LIFO and searched by vcpu_id, not popped (§1.1, §8 #9)', () => {
    const state = hmpAll(bootVm(seedLine), [add('cpu04', 4), add('cpu05', 5), 'device_del cpu04', 'device_del cpu05'])
    expect(state.qemu.parkedVcpus).toEqual([
      { vcpuId: 5, kvmFd: 33 },
      { vcpuId: 4, kvmFd: 32 },
    ])
    const replugged = hmpAll(state, [add('cpu04', 4)])
    expect(replugged.qemu.cpus.at(-1)).toMatchObject({ vcpuId: 4, kvmFd: 32 })
    expect(replugged.qemu.parkedVcpus).toEqual([{ vcpuId: 5, kvmFd: 33 }])
  })

  it('a different vCPU after an unplug gets a new fd; debugfs grows', () => {
    const state = hmpAll(bootVm(seedLine), [add('cpu05', 5), 'device_del cpu05', add('cpu06', 6)])
    expect(state.qemu.cpus.at(-1)).toMatchObject({ vcpuId: 6, kvmFd: 33 })
    expect(shell(state, 'ls /sys/kernel/debug/kvm/5921-12 | grep vcpu').output).toEqual(['vcpu0', 'vcpu1', 'vcpu2', 'vcpu3', 'vcpu5', 'vcpu6'])
  })

  it('row 6: duplicate id', () => {
    expectRejected(add('cpu05', 6), ["Error: Duplicate device ID 'cpu05'"], seedLine, [add('cpu05', 5)])
  })

  it('row 7: occupied slot, also a startup CPU', () => {
    expectRejected(add('cpuX', 5), ['Error: CPU[5] with APIC ID 5 exists'], seedLine, [add('cpu05', 5)])
    expectRejected(add('cpuX', 2), ['Error: CPU[2] with APIC ID 2 exists'])
  })

  it('row 8: ids out of range', () => {
    expectRejected(add('cpuX', 8), ['Error: Invalid CPU core-id: 8 must be in range 0:7'])
    expectRejected(add('cpuX', 5, 1), ['Error: Invalid CPU socket-id: 1 must be in range 0:0'])
    expectRejected(add('cpuX', 5, 0, 1), ['Error: Invalid CPU thread-id: 1 must be in range 0:0'])
    expectRejected('device_add host-x86_64-cpu,id=x,socket-id=0,die-id=1,core-id=5,thread-id=0', ['Error: Invalid CPU die-id: 1 must be in range 0:0'])
  })

  it('row 9: ids missing, socket first, then core, then thread', () => {
    expectRejected('device_add host-x86_64-cpu,id=x', ['Error: CPU socket-id is not set'])
    expectRejected('device_add host-x86_64-cpu,id=x,socket-id=0', ['Error: CPU core-id is not set'])
    expectRejected('device_add host-x86_64-cpu,id=x,socket-id=0,core-id=5', ['Error: CPU thread-id is not set'])
    // Negative values are accepted by the property and mean "unset".
    expectRejected('device_add host-x86_64-cpu,id=x,socket-id=0,core-id=-3,thread-id=0', ['Error: CPU core-id is not set'])
  })

  it('row 10: wrong CPU type under -cpu host; host is accepted under -cpu max (a subclass)', () => {
    expectRejected('device_add qemu64-x86_64-cpu,id=x,socket-id=0,core-id=5,thread-id=0', [
      "Error: Invalid CPU type, expected cpu type: 'host-x86_64-cpu'",
    ])
    const max = bootVm('qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu max -smp 1,maxcpus=2')
    expect(hmp(max, 'device_add host-x86_64-cpu,id=x,socket-id=0,core-id=1,thread-id=0').ok).toBe(true)
  })

  it('row 11: unknown and abstract drivers', () => {
    expectRejected('device_add foo-cpu,id=x', ["Error: 'foo-cpu' is not a valid device model name"])
    expectRejected('device_add x86_64-cpu,id=x', ["Error: Parameter 'driver' expects a non-abstract device type"])
    expectRejected('device_add', ["Error: Parameter 'driver' is missing"])
    expectRejected('device_add id=cpu05,core-id=5', ["Error: Parameter 'driver' is missing"])
  })

  it('row 12: with every slot full, any add fails with "exists" or a range error', () => {
    const full = hmpAll(bootVm(seedLine), [4, 5, 6, 7].map((core) => add(`cpu${core}`, core)))
    expect(hmp(full, add('cpuX', 4)).output).toEqual(['Error: CPU[4] with APIC ID 4 exists'])
    expect(hmp(full, add('cpuX', 8)).output).toEqual(['Error: Invalid CPU core-id: 8 must be in range 0:7'])
  })

  it('row 13: the boot CPU cannot be unplugged', () => {
    expectRejected('device_del /machine/unattached/device[0]', ['Error: Boot CPU is unpluggable'])
  })

  it('row 14: a startup CPU unplugs by QOM path; DEVICE_DELETED has no id', () => {
    const r = hmp(bootVm(seedLine), 'device_del /machine/unattached/device[2]')
    expect(r.ok).toBe(true)
    expect(r.state.qemu.parkedVcpus).toEqual([{ vcpuId: 1, kvmFd: 15 }])
    expect(r.events.at(-1)).toMatchObject({ kind: 'device-deleted', device: null, path: '/machine/unattached/device[2]' })
    // vcpu1's mapping was not the lowest, so lsof still shows kvm-vcpu:3 (§7.1).
    expect(shell(r.state, 'lsof -p 5921 | grep mem').output[0]).toContain('anon_inode:kvm-vcpu:3 ')
  })

  it('row 15: unknown device, and paths that are not devices', () => {
    expectRejected('device_del cpu09', ["Error: Device 'cpu09' not found"])
    expectRejected('device_del /machine', ['Error: /machine is not a hotpluggable device'])
    expectRejected('device_del /machine/unattached/device[1]', ["Error: Bus 'main-system-bus' does not support hotplugging"])
  })

  it('row 16: device_del before the guest OS ran _INI (legacy mode)', () => {
    const state = hmpAll(bootVm(seedLine, 'not-booted'), [add('cpu05', 5)])
    const r = hmp(state, 'device_del cpu05')
    expect(r.output).toEqual(['Error: acpi: device unplug request for not supported device type: host-x86_64-cpu'])
    expect(r.state).toBe(state)
    // The guest boots: _INI switches to modern mode, and the unplug works.
    const booted = apply(state, { kind: 'guest', behaviour: 'cooperative' })
    expect(booted.events.map((e) => e.kind)).toContain('hotplug-modern')
    expect(hmp(booted.state, 'device_del cpu05').state.qemu.parkedVcpus).toEqual([{ vcpuId: 5, kvmFd: 32 }])
  })

  it('-S keeps the guest in firmware until cont', () => {
    const paused = bootVm(`${seedLine} -S`)
    expect(hmp(paused, 'info status').output).toEqual(['VM status: paused (prelaunch)'])
    const withCpu = hmpAll(paused, [add('cpu05', 5)])
    expect(hmp(withCpu, 'device_del cpu05').output).toEqual(['Error: acpi: device unplug request for not supported device type: host-x86_64-cpu'])
    const running = hmpAll(withCpu, ['cont'])
    expect(hmp(running, 'info status').output).toEqual(['VM status: running'])
    expect(hmp(running, 'device_del cpu05').state.qemu.parkedVcpus).toHaveLength(1)
  })

  it('row 20: quit closes everything and removes the VM debugfs directory', () => {
    const r = hmp(hmpAll(bootVm(seedLine), [add('cpu05', 5), 'device_del cpu05']), 'quit')
    expect(r.state.host.alive).toBe(false)
    expect(r.state.host.fds).toEqual([])
    expect(shell(r.state, 'ls /sys/kernel/debug/kvm/5921-12').output).toEqual(['ls: cannot access /sys/kernel/debug/kvm/5921-12: No such file or directory'])
    expect(shell(r.state, 'lsof -p 5921').output).toEqual([])
  })
})

describe('BEHAVIOUR.md §3.5: exact error strings (x86)', () => {
  it('explicit apic-id not in possible_cpus, and ids that disagree with it', () => {
    expectRejected('device_add host-x86_64-cpu,id=x,apic-id=9', [
      'Error: Invalid CPU [socket: 1, die: 0, core: 1, thread: 0] with APIC ID 9, valid index range 0:7',
    ])
    expectRejected('device_add host-x86_64-cpu,id=x,apic-id=5,core-id=4', ["Error: property core-id: 4 doesn't match set apic-id: 0x5 (core-id: 5)"])
    const ok = hmp(bootVm(seedLine), 'device_add host-x86_64-cpu,id=x,apic-id=6')
    expect(ok.state.qemu.cpus.at(-1)).toMatchObject({ cpuIndex: 6, apicId: 6 })
  })

  it('property errors come in QDict hash order, before the topology checks', () => {
    expectRejected('device_add host-x86_64-cpu,id=x,foo=1,core-id=abc', ["Error: Parameter 'core-id' expects integer"])
    expectRejected('device_add host-x86_64-cpu,id=x,socket-id=abc,thread-id=zz', ["Error: Parameter 'thread-id' expects integer"])
    expectRejected('device_add host-x86_64-cpu,id=x,foo=1', ["Error: Property 'host-x86_64-cpu.foo' not found"])
    expectRejected('device_add host-x86_64-cpu,id=x,core-id=4294967296', ["Error: Parameter 'core-id' expects int32_t"])
    expectRejected('device_add host-x86_64-cpu,id=x,apic-id=-1', ["Error: Parameter 'apic-id' expects uint32_t"])
    expectRejected('device_add host-x86_64-cpu,id=x,x2apic=maybe,socket-id=0,core-id=5,thread-id=0', ["Error: Parameter 'x2apic' expects 'on' or 'off'"])
  })

  it('a bad id never reaches the device: stderr lines, then the monitor hint', () => {
    expectRejected('device_add host-x86_64-cpu,id=5x,core-id=5', [
      "qemu-system-x86_64: Parameter 'id' expects an identifier",
      "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.",
      'Try "help device_add" for more information',
    ])
  })

  it('an id-less CPU lands in peripheral-anon, whose counter a failed add still advances', () => {
    const state = bootVm(seedLine)
    const failed = hmp(state, 'device_add host-x86_64-cpu,socket-id=0,core-id=9,thread-id=0')
    expect(failed.ok).toBe(false)
    const r = hmp(failed.state, 'device_add host-x86_64-cpu,socket-id=0,core-id=5,thread-id=0')
    expect(r.state.qemu.cpus.at(-1)?.qomPath).toBe('/machine/peripheral-anon/device[1]')
    expect(hmp(r.state, 'device_del /machine/peripheral-anon/device[1]').state.qemu.parkedVcpus).toHaveLength(1)
  })
})

describe('§4: topology, APIC IDs and the four numbers', () => {
  it('§4.3: -smp 1,maxcpus=6,sockets=2,cores=3 gives slot 3 = APIC 4 = vcpu_id 4, thread CPU 3/KVM', () => {
    const state = bootVm(`${Q35} -smp 1,maxcpus=6,sockets=2,cores=3,threads=1`)
    const r = hmp(state, 'device_add host-x86_64-cpu,id=c3,socket-id=1,core-id=0,thread-id=0')
    expect(r.state.qemu.cpus.at(-1)).toMatchObject({ cpuIndex: 3, apicId: 4, vcpuId: 4 })
    expect(r.state.host.threads.at(-1)?.comm).toBe('CPU 3/KVM')
    expect(hmp(r.state, 'info cpus').output.at(-1)).toMatch(/^ {2}CPU #3: thread_id=\d+$/)
    expect(shell(r.state, 'ls /sys/kernel/debug/kvm/5921-12 | grep vcpu').output).toEqual(['vcpu0', 'vcpu4'])
    expect(shell(r.state, 'lsof -p 5921 | grep kvm-vcpu:4').output.length).toBeGreaterThan(0)
    expect(hmp(state, 'device_add host-x86_64-cpu,id=c,socket-id=2,core-id=0,thread-id=0').output).toEqual([
      'Error: Invalid CPU socket-id: 2 must be in range 0:1',
    ])
  })

  it('§4.1: a 6.1 machine type prefers sockets: core-id 5 is out of range, socket-id 5 is the slot', () => {
    const state = bootVm('qemu-system-x86_64 -machine pc-q35-6.1,accel=kvm -cpu host -smp 4,maxcpus=8')
    expect(hmp(state, add('x', 5)).output).toEqual(['Error: Invalid CPU core-id: 5 must be in range 0:0'])
    expect(hmp(state, 'device_add host-x86_64-cpu,id=x,socket-id=5,core-id=0,thread-id=0').ok).toBe(true)
  })

  it('without debug-threads every thread keeps the process comm (§2.1)', () => {
    const state = bootVm('qemu-system-x86_64 -machine q35,accel=kvm -cpu host -smp 2,maxcpus=4')
    const r = hmp(state, 'device_add host-x86_64-cpu,id=c,socket-id=0,core-id=3,thread-id=0')
    expect(new Set(r.state.host.threads.map((t) => t.comm))).toEqual(new Set(['qemu-system-x86']))
  })

  it('a CPU with APIC ID ≥ 256 switches legacy CPU hotplug to modern mode (hw/acpi/cpu_hotplug.c)', () => {
    const state = bootVm(`${Q35} -smp 1,maxcpus=288`, 'not-booted')
    expect(state.qemu.cpuHotplugLegacy).toBe(true)
    const r = hmp(state, 'device_add host-x86_64-cpu,id=c,socket-id=0,core-id=256,thread-id=0')
    expect(r.state.qemu.cpuHotplugLegacy).toBe(false)
  })
})

describe('§3.5 and §9.3: the remaining x86 paths', () => {
  it('-machine pc,acpi=off: no ACPI device, so no CPU hot-unplug (x86_cpu_unplug_request_cb)', () => {
    const state = hmpAll(bootVm(`${Q35.replace('pc-q35-7.0', 'pc,acpi=off')} -smp 1,maxcpus=2`), ['device_add host-x86_64-cpu,id=c1,socket-id=0,core-id=1,thread-id=0'])
    const r = hmp(state, 'device_del c1')
    expect(r.output).toEqual(['Error: CPU hot unplug not supported without ACPI'])
    expect(r.state).toBe(state)
  })

  it('die-id must be given when there is more than one die', () => {
    expectRejected('device_add host-x86_64-cpu,id=x,socket-id=0,core-id=1,thread-id=0', ['Error: CPU die-id is not set'], `${Q35} -smp 1,maxcpus=4,dies=2,cores=2`)
  })

  it('row 18: system_reset in 7.0 leaves parked vCPUs and their fds untouched (§1.4)', () => {
    const state = hmpAll(bootVm(seedLine), [add('cpu05', 5), 'device_del cpu05'])
    const r = hmp(state, 'system_reset')
    expect(r.output).toEqual([])
    expect(r.state.qemu.parkedVcpus).toEqual(state.qemu.parkedVcpus)
    expect(r.state.host.fds).toBe(state.host.fds)
  })

  it('row 19: KVM_CREATE_VCPU failing at hot-plug ends QEMU (error_fatal in kvm_vcpu_thread_fn)', () => {
    // A kernel whose KVM_MAX_VCPUS is 4: the fifth vCPU cannot be created.
    const profile = { ...seedProfile, kernel: { ...seedProfile.kernel, maxVcpus: 4 } }
    const created = createSim({ profile, cmdline: seedLine, guest: 'cooperative' })
    if (!created.ok) throw new Error(created.error)
    const r = hmp(created.result.state, add('cpu05', 5))
    expect(r.output).toEqual(['qemu-system-x86_64: kvm_init_vcpu: kvm_get_vcpu failed (5): Invalid argument'])
    expect(r.state.host.alive).toBe(false)
    expect(r.state.qemu.exited).not.toBeNull()
  })
})
