import type { Command } from '../model/sim.ts'
import { defaultPreset } from './presets.ts'
import type { Scenario } from './scenario.ts'

/** A long scenario: plug and unplug slots 4–7 over and over, with a look now and then. */
export function longScenario(length: number): Scenario {
  const steps: Command[] = []
  for (let i = 0; steps.length < length; i++) {
    const core = 4 + (i % 4)
    steps.push({ kind: 'hmp', line: `device_add host-x86_64-cpu,id=c${i},socket-id=0,core-id=${core},thread-id=0` })
    if (i % 5 === 0) steps.push({ kind: 'shell', line: 'lsof -p 5921 | grep kvm-vcpu' })
    steps.push({ kind: 'hmp', line: `device_del c${i}` })
  }
  return { ...defaultPreset.scenario, basedOn: null, steps: steps.slice(0, length), narration: {}, questions: {}, notes: {} }
}

