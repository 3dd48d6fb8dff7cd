import { useMemo } from 'react'
import { callPath } from '../../model/narrate.ts'
import { useExplorer } from '../../store/store.ts'
import { Panel } from '../Panel.tsx'

/** The last hot-plug or unplug as a call path through QEMU and KVM, with the branch taken highlighted. */
export function WhatHappenedPanel() {
  const events = useExplorer((s) => s.frame.record.events)
  const path = useMemo(() => callPath(events), [events])
  return (
    <Panel title="What just happened">
      {path ? (
        <>
          <p className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-100">{path.title}</p>
          <ol className="flex flex-col gap-0.5" aria-label="Call path">
            {path.steps.map((step, i) => (
              <li
                key={`${i}-${step.fn}`}
                className={`call-step ${step.branch ? 'call-branch' : ''} ${step.branch && step.taken ? 'is-taken' : ''} ${step.branch && !step.taken ? 'is-not-taken' : ''}`}
              >
                <span className="call-arrow" aria-hidden="true">
                  {i === 0 ? '' : step.branch ? '├' : '→'}
                </span>
                <code className="call-fn">{step.fn}</code>
                <span className="call-detail">
                  {step.detail}
                  {step.branch && !step.taken && <span className="sr-only"> (not taken)</span>}
                  {step.branch && step.taken && <span className="call-taken-mark"> ← taken</span>}
                </span>
              </li>
            ))}
          </ol>
          <p className="mt-2 text-[11px] text-slate-500 dark:text-slate-400">accel/kvm/kvm-all.c, hw/i386/x86.c, hw/acpi/cpu.c (QEMU 7.0); BEHAVIOUR.md §1.1, §1.7, §3.1</p>
        </>
      ) : (
        <p className="text-sm text-slate-500 dark:text-slate-400">Plug or unplug a vCPU: its path through QEMU and KVM shows here, with the branch kvm_get_vcpu() took.</p>
      )}
    </Panel>
  )
}
