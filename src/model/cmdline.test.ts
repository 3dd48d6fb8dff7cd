import { describe, expect, it } from 'vitest'
import { parseCommandLine } from './cmdline.ts'
import { seedProfile } from './profile.ts'
import { apply } from './sim.ts'
import { bootVm, hmp, Q35 } from './testing.ts'
import { apicIdFromTopoIds, parseSmp, possibleCpus } from './topology.ts'
import { findMachine } from './profile.ts'

const parse = (line: string): ReturnType<typeof parseCommandLine> => parseCommandLine(line, seedProfile, seedProfile.host.env.files)
const error = (line: string): string => {
  const r = parse(line)
  if (r.ok) throw new Error(`accepted: ${line}`)
  return r.error
}
const base = 'qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host'

describe('QEMU 7.0 command line (softmmu/vl.c, hw/core/machine-smp.c)', () => {
  it('§4.1: -smp 4,maxcpus=8 on pc-q35-7.0 is 1 socket × 8 cores; on 6.1 it is 8 sockets', () => {
    const r = parse(`${base} -smp 4,maxcpus=8`)
    expect(r.ok && r.config.topology).toEqual({ cpus: 4, sockets: 1, dies: 1, modules: 1, cores: 8, threads: 1, maxCpus: 8 })
    const old = parse('qemu-system-x86_64 -machine pc-q35-6.1,accel=kvm -cpu host -smp 4,maxcpus=8')
    expect(old.ok && old.config.topology).toMatchObject({ sockets: 8, cores: 1 })
  })

  it('topology errors, in QEMU words', () => {
    expect(error(`${base} -smp 4,maxcpus=2`)).toBe(
      'qemu-system-x86_64: Invalid CPU topology: maxcpus must be equal to or greater than smp: sockets (1) * dies (1) * cores (2) * threads (1) == maxcpus (2) < smp_cpus (4)',
    )
    expect(error(`${base} -smp 4,sockets=3,maxcpus=8`)).toBe(
      'qemu-system-x86_64: Invalid CPU topology: product of the hierarchy must match maxcpus: sockets (3) * dies (1) * cores (2) * threads (1) != maxcpus (8)',
    )
    expect(error(`${base} -smp 300`)).toBe("qemu-system-x86_64: Invalid SMP CPUs 300. The max CPUs supported by machine 'pc-q35-7.0' is 288")
    expect(error('qemu-system-x86_64 -machine q35,accel=kvm -smp 2,maxcpus=300')).toBe(
      "qemu-system-x86_64: Invalid SMP CPUs 300. The max CPUs supported by machine 'pc-q35-7.0' is 288",
    )
    expect(error('qemu-system-x86_64 -machine pc,accel=kvm -smp 256')).toBe(
      "qemu-system-x86_64: Invalid SMP CPUs 256. The max CPUs supported by machine 'pc-i440fx-7.0' is 255",
    )
  })

  it('option errors', () => {
    expect(error(`${base} -foo`)).toBe('qemu-system-x86_64: -foo: invalid option')
    expect(error(`${base} -smp`)).toBe('qemu-system-x86_64: -smp: requires an argument')
    expect(error('qemu-system-x86_64 -machine foo,accel=kvm')).toBe('qemu-system-x86_64: unsupported machine type\nUse -machine help to list supported machines')
    expect(error(`${base} -cpu foo`)).toBe("qemu-system-x86_64: unable to find CPU model 'foo'")
    expect(error(`${base} -smp abc`)).toBe("qemu-system-x86_64: Parameter 'smp.cpus' expects integer")
    expect(error(`${base} -smp cpus=2,foo=3`)).toBe("qemu-system-x86_64: Parameter 'smp.foo' is unexpected")
    expect(error(`${base} -name guest,debug-threads=maybe`)).toBe(
      "qemu-system-x86_64: -name guest,debug-threads=maybe: Parameter 'debug-threads' expects 'on' or 'off'",
    )
    expect(error(`${base} -name guest,foo=1`)).toBe("qemu-system-x86_64: -name guest,foo=1: Invalid parameter 'foo'")
  })

  it('-smp 0 and other explicit zeros only warn (deprecated), and start', () => {
    const r = parse(`${base} -smp 0`)
    expect(r.ok && r.config.warnings).toEqual([
      'qemu-system-x86_64: warning: Deprecated CPU topology (considered invalid): CPU topology parameters must be greater than zero',
    ])
    expect(r.ok && r.config.topology.cpus).toBe(1)
  })

  it("KVM's soft limit (240 on 4.14) gives a warning, with the -accel option's location", () => {
    const r = parse('qemu-system-x86_64 -machine q35 -accel kvm -cpu host -smp 1,maxcpus=250')
    expect(r.ok && r.config.warnings).toEqual([
      'qemu-system-x86_64: -accel kvm: warning: Number of hotpluggable cpus requested (250) exceeds the recommended cpus supported by KVM (240)',
    ])
  })

  it('a refused command line leaves the running VM alone', () => {
    const state = bootVm(`${Q35} -smp 4,maxcpus=8`)
    const r = apply(state, { kind: 'boot', cmdline: `${base} -smp 4,maxcpus=2` })
    expect(r.ok).toBe(false)
    expect(r.state).toBe(state)
    expect(r.output[0]).toMatch(/^qemu-system-x86_64: Invalid CPU topology/)
  })

  it('a new boot replaces QEMU: the next PID, fresh fds, the old debugfs directory gone', () => {
    const state = bootVm(`${Q35} -smp 4,maxcpus=8`)
    const r = apply(state, { kind: 'boot', cmdline: `${Q35} -smp 2,maxcpus=4` })
    expect(r.ok).toBe(true)
    expect(r.state.host.pid).toBe(state.host.nextPid)
    expect(r.state.kvm.vcpus.map((v) => v.fd)).toEqual([14, 15])
    expect(apply(r.state, { kind: 'shell', line: 'ls /sys/kernel/debug/kvm | grep -' }).output).toEqual([`${r.state.host.pid}-12`])
    expect(hmp(r.state, 'info cpus').output).toHaveLength(2)
  })

  it('without a display option this build starts VNC on localhost:0 (vl.c)', () => {
    const r = parse(`${base} -smp 1`)
    expect(r.ok && r.config.vnc).toBe('localhost:0,to=99,id=default')
    const none = parse(`${base} -smp 1 -display none`)
    expect(none.ok && none.config.vnc).toBe(null)
  })
})

describe('§4.2 APIC IDs', () => {
  it('fields are ceil(log2(n)) bits wide: 2 sockets × 3 cores puts socket 1 at APIC 4', () => {
    const machine = findMachine(seedProfile, 'pc-q35-7.0')!
    const t = parseSmp({ cpus: 1, maxcpus: 6, sockets: 2, cores: 3, threads: 1 }, machine, seedProfile.qemu)
    if (!t.ok) throw new Error(t.error)
    expect(possibleCpus(t.value).map((s) => s.apicId)).toEqual([0, 1, 2, 4, 5, 6])
    expect(apicIdFromTopoIds(t.value, { socketId: 1, dieId: 0, moduleId: 0, coreId: 2, threadId: 0 })).toBe(6)
  })
})

describe('unsigned -smp values', () => {
  it('-smp -1 wraps to 4294967295 and is reported as -1 (research: qemu-hmp.md §6)', () => {
    expect(error(`${base} -smp -1`)).toBe("qemu-system-x86_64: Invalid SMP CPUs -1. The max CPUs supported by machine 'pc-q35-7.0' is 288")
  })
})

describe('review fixes: QEMU 7.0 option order and syntax (util/qemu-option.c, util/keyval.c, vl.c)', () => {
  it('reports errors in QEMU’s order: options as read, then machine, -smp, accelerator, -cpu', () => {
    expect(error(`${base} -smp abc -foo`)).toBe('qemu-system-x86_64: -foo: invalid option')
    expect(error('qemu-system-x86_64 -machine q35,accel=kvm -cpu foo -foo')).toBe('qemu-system-x86_64: -foo: invalid option')
    expect(error('qemu-system-x86_64 -machine q35,accel=kvm -smp 4,maxcpus=2 -cpu foo')).toMatch(/^qemu-system-x86_64: Invalid CPU topology: maxcpus must be/)
    expect(error('qemu-system-x86_64 -cpu foo -machine bogus,accel=kvm')).toBe('qemu-system-x86_64: unsupported machine type\nUse -machine help to list supported machines')
  })

  it('-smp is keyval: only the first item may leave out its key', () => {
    expect(error(`${base} -smp 4,maxcpus`)).toBe("qemu-system-x86_64: -smp 4,maxcpus: Expected '=' after parameter 'maxcpus'")
  })

  it('booleans take on/yes/true/y and off/no/false/n; a bare one warns', () => {
    const yes = parse(`${base} -smp 1 -name guest,debug-threads=yes`)
    expect(yes.ok && yes.config.debugThreads).toBe(true)
    const bare = parse(`${base} -smp 1 -name guest,debug-threads`)
    expect(bare.ok && bare.config.warnings).toEqual([
      "qemu-system-x86_64: -name guest,debug-threads: warning: short-form boolean option 'debug-threads' deprecated",
      'Please use debug-threads=on instead',
    ])
  })

  it('-accel and -machine accel= together are refused; -enable-kvm warnings have no location', () => {
    expect(error('qemu-system-x86_64 -machine q35,accel=kvm -accel kvm -smp 1')).toBe('qemu-system-x86_64: The -accel and "-machine accel=" options are incompatible')
    const r = parse('qemu-system-x86_64 -machine q35 -enable-kvm -smp 1,maxcpus=250')
    expect(r.ok && r.config.warnings[0]).toBe('qemu-system-x86_64: warning: Number of hotpluggable cpus requested (250) exceeds the recommended cpus supported by KVM (240)')
  })

  it('the VNC display decides the port and the addresses', () => {
    const state = bootVm(`${Q35} -smp 1 -vnc :1`)
    expect(apply(state, { kind: 'shell', line: 'lsof -p 5921 | grep LISTEN' }).output.map((l) => l.slice(l.indexOf('TCP')))).toEqual(['TCP *:5901 (LISTEN)', 'TCP *:5901 (LISTEN)'])
    const created = bootVm(`${Q35} -smp 1 -vnc localhost:3,to=9`)
    expect(apply(created, { kind: 'shell', line: 'lsof -p 5921 | grep -c localhost:5903' }).output).toEqual(['2'])
  })
})

describe('checked against QEMU v7.0.0 source (vl.c parse_display, pc_q35.c, target/i386/cpu.c)', () => {
  it('-display sdl and a bare -display vnc have their own messages; gtk is not in this build', () => {
    expect(error(`${base} -smp 1 -display sdl`)).toBe('qemu-system-x86_64: -display sdl: SDL display supported is not available in this binary')
    expect(error(`${base} -smp 1 -display vnc`)).toBe('qemu-system-x86_64: -display vnc: VNC requires a display argument vnc=<display>')
    expect(error(`${base} -smp 1 -display gtk`)).toBe("qemu-system-x86_64: -display gtk: Parameter 'type' does not accept value 'gtk'")
  })

  it('pc-q35-4.0.1 exists; Skylake-Client-v4 and Icelake-Server-v6 exist, v5 and v7 do not', () => {
    expect(parse('qemu-system-x86_64 -machine pc-q35-4.0.1,accel=kvm -smp 1').ok).toBe(true)
    expect(parse(`${base.replace('-cpu host', '-cpu Skylake-Client-v4')} -smp 1`).ok).toBe(true)
    expect(parse(`${base.replace('-cpu host', '-cpu Icelake-Server-v6')} -smp 1`).ok).toBe(true)
    expect(error(`${base.replace('-cpu host', '-cpu Skylake-Client-v5')} -smp 1`)).toBe("qemu-system-x86_64: unable to find CPU model 'Skylake-Client-v5'")
  })
})
