import { describe, expect, it } from 'vitest'
import { completeHmp } from './hmp.ts'
import { qdictBucket } from './hotplug.ts'
import { bootVm, hmp, hmpAll, Q35 } from './testing.ts'

const vm = (): ReturnType<typeof bootVm> => bootVm(`${Q35} -smp 4,maxcpus=8`)

function expectOutput(line: string, output: string[], ok = false): void {
  const state = vm()
  const r = hmp(state, line)
  expect(r.output).toEqual(output)
  expect(r.ok).toBe(ok)
  if (!ok) expect(r.state).toBe(state)
}

describe('HMP parsing (monitor/hmp.c, QEMU 7.0)', () => {
  it('unknown commands keep the text from the start of the line', () => {
    expectOutput('foo', ["unknown command: 'foo'"])
    expectOutput('   foo bar', ["unknown command: '   foo'"])
    expectOutput('info foo', ["unknown command: 'info foo'"])
    expectOutput('foo/x', ["unknown command: 'foo'"])
  })

  it('an empty line does nothing', () => {
    expectOutput('', [], true)
    expectOutput('   ', [], true)
  })

  it('cpu: expression errors, 32-bit check, missing CPU', () => {
    expectOutput('cpu', ['unexpected end of expression', 'Try "help cpu" for more information'])
    expectOutput('cpu abc', ["invalid char 'a' in expression", 'Try "help cpu" for more information'])
    expectOutput('cpu -1', ["'cpu' has failed: integer is for 32-bit values", 'Try "help cpu" for more information'])
    expectOutput('cpu 1 2', ['cpu: extraneous characters at the end of line', 'Try "help cpu" for more information'])
    expectOutput('cpu (1', ["')' expected", 'Try "help cpu" for more information'])
    expectOutput('cpu 4/0', ['division by zero', 'Try "help cpu" for more information'])
    expectOutput('cpu 99', ['invalid CPU index'])
    expectOutput('cpu 0x1', [], true)
    expectOutput('cpu 1+1', [], true)
  })

  it('device_del and info argument errors', () => {
    expectOutput('device_del', ['device_del: string expected', 'Try "help device_del" for more information'])
    expectOutput('device_del a b', ['device_del: extraneous characters at the end of line', 'Try "help device_del" for more information'])
    expectOutput('info cpus extra', ['cpus: extraneous characters at the end of line', 'Try "help info cpus" for more information'])
    expectOutput('q extra', ['quit|q: extraneous characters at the end of line', 'Try "help q" for more information'])
    expectOutput('device_del "cpu05', ['unterminated string', 'device_del: string expected', 'Try "help device_del" for more information'])
  })

  it('help lines are "name params -- help", sorted; help descends into info', () => {
    const help = hmp(vm(), 'help').output
    expect(help).toContain('device_add driver[,prop=value][,...] -- add device, like -device on the command line')
    expect(help).toContain('quit|q  -- quit the emulator')
    expect(help).toEqual([...help].sort())
    expectOutput('help info cpus', ['info cpus  -- show infos for each CPU'], true)
    expectOutput('? device_del', ['device_del device -- remove device'], true)
    expectOutput('help foo', ["unknown command: 'foo'"], true)
    expectOutput('help info foo', ["unknown command: 'info foo'"], true)
    const info = hmp(vm(), 'info').output
    expect(info).toContain('info hotpluggable-cpus  -- Show information about hotpluggable CPUs')
    expect(info.every((l) => l.startsWith('info '))).toBe(true)
  })

  it('info version, kvm, name, status', () => {
    expectOutput('info version', ['7.0.0'], true)
    expectOutput('info kvm', ['kvm support: enabled'], true)
    expectOutput('info name', ['guest'], true)
    expectOutput('info status', ['VM status: running'], true)
  })

  it('the current CPU (*) follows `cpu N`, and resets to the first CPU once its CPU is gone (§2.3)', () => {
    let state = hmpAll(vm(), ['device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0', 'cpu 5'])
    expect(hmp(state, 'info cpus').output).toEqual([
      '  CPU #0: thread_id=5923',
      '  CPU #1: thread_id=5924',
      '  CPU #2: thread_id=5925',
      '  CPU #3: thread_id=5926',
      '* CPU #5: thread_id=5928',
    ])
    // Unplugged and plugged again before anyone looked: the stored QOM path resolves again.
    state = hmpAll(state, ['device_del cpu05', 'device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0'])
    expect(hmp(state, 'info cpus').output.at(-1)).toBe('* CPU #5: thread_id=5929')
    // Looked at while it was gone: the monitor falls back to first_cpu for good.
    state = hmpAll(state, ['device_del cpu05'])
    const looked = hmp(state, 'info cpus')
    expect(looked.output[0]).toBe('* CPU #0: thread_id=5923')
    state = hmpAll(looked.state, ['device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0'])
    expect(hmp(state, 'info cpus').output.at(-1)).toBe('  CPU #5: thread_id=5930')
  })

  it('info hotpluggable-cpus lists slots from the highest down, die-id only with dies > 1 (§2.4)', () => {
    const state = bootVm(`${Q35} -smp 2,maxcpus=4,sockets=1,dies=2,cores=2,threads=1`)
    expect(hmp(state, 'info hotpluggable-cpus').output.slice(0, 9)).toEqual([
      'Hotpluggable CPUs:',
      '  type: "host-x86_64-cpu"',
      '  vcpus_count: "1"',
      '  CPUInstance Properties:',
      '    socket-id: "0"',
      '    die-id: "1"',
      '    core-id: "1"',
      '    thread-id: "0"',
      '  type: "host-x86_64-cpu"',
    ])
  })

  it('short-form booleans warn on stderr and go on', () => {
    const r = hmp(vm(), 'device_add host-x86_64-cpu,id=c,socket-id=0,core-id=5,thread-id=0,x2apic')
    expect(r.output).toEqual(["qemu-system-x86_64: warning: short-form boolean option 'x2apic' deprecated", 'Please use x2apic=on instead'])
    expect(r.ok).toBe(true)
  })

  it('QDict order is tdb_hash modulo 512 (qobject/qdict.c)', () => {
    expect(['core-id', 'thread-id', 'apic-id', 'node-id', 'die-id', 'socket-id'].map(qdictBucket)).toEqual([3, 90, 141, 156, 219, 239])
  })

  it('completes command names, info sub-commands and device ids', () => {
    const state = hmpAll(vm(), ['device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0'])
    expect(completeHmp(state, 'dev')).toEqual(['device_add', 'device_del'])
    expect(completeHmp(state, 'info hot')).toEqual(['hotpluggable-cpus'])
    expect(completeHmp(state, 'device_del cpu')).toEqual(['cpu05'])
    expect(completeHmp(state, 'device_add host')).toEqual(['host-x86_64-cpu'])
  })

  it('after quit the monitor is gone', () => {
    const r = hmp(hmp(vm(), 'quit').state, 'info cpus')
    expect(r.ok).toBe(false)
    expect(r.output[0]).toMatch(/^\(explorer\) QEMU is not running/)
  })
})

describe('review fixes: device_add option syntax and QOM paths', () => {
  it('a bare nofoo is foo=off, with the warning QEMU prints', () => {
    const r = hmp(vm(), 'device_add host-x86_64-cpu,id=c,socket-id=0,core-id=5,thread-id=0,novmx')
    expect(r.output).toEqual(["qemu-system-x86_64: warning: short-form boolean option 'novmx' deprecated", 'Please use vmx=off instead'])
    expect(r.ok).toBe(true)
  })

  it(',, in the first item keeps it the driver name', () => {
    expectOutput('device_add host-x86_64-cpu,,id=x', ["Error: 'host-x86_64-cpu,id=x' is not a valid device model name"])
  })

  it('device_add DRIVER,help checks the type first', () => {
    expectOutput('device_add foo-cpu,help', ["Device 'foo-cpu' not found"])
    expectOutput('device_add x86_64-cpu,help', ["Parameter 'typename' expects a non-abstract device type"])
  })

  it('integers out of 64-bit range are "expects integer"', () => {
    expectOutput('device_add host-x86_64-cpu,id=x,core-id=99999999999999999999', ["Error: Parameter 'core-id' expects integer"])
    expectOutput('device_add host-x86_64-cpu,id=x,apic-id=18446744073709551616', ["Error: Parameter 'apic-id' expects integer"])
  })

  it('QOM paths skip empty components', () => {
    const state = hmpAll(vm(), ['device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0'])
    for (const arg of ['//machine/peripheral/cpu05', '/machine/peripheral/cpu05/', 'cpu05/']) {
      expect(hmp(state, `device_del ${arg}`).state.qemu.parkedVcpus).toHaveLength(1)
    }
  })
})

describe('review fixes: help and commands outside the simulation', () => {
  it('help takes quoted words; real commands that are not simulated say so', () => {
    expectOutput('help "info" cpus', ['info cpus  -- show infos for each CPU'], true)
    expectOutput('info registers', ["(explorer) 'info registers' is a QEMU 7.0 monitor command this explorer does not simulate."])
    expectOutput('system_powerdown', ["(explorer) 'system_powerdown' is a QEMU 7.0 monitor command this explorer does not simulate."])
    expectOutput('bogus', ["unknown command: 'bogus'"])
  })
})
