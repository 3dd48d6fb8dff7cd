import { useMemo } from 'react'
import { callPath } from '../../model/narrate.ts'
import { useExplorer } from '../../store/store.ts'
import type { QemuVersion } from '../../model/versions/qemu-release.ts'
import { Panel } from '../Panel.tsx'

/** The files the call path goes through, at the release's tag (x86_cpu_pre_plug moved to x86-common.c in 9.1). */
function sourceFiles(qemu: QemuVersion): string[] {
  const x86 = qemu.vcpuFdPath.unpark ? 'hw/i386/x86-common.c' : 'hw/i386/x86.c'
  return ['accel/kvm/kvm-all.c', 'accel/kvm/kvm-accel-ops.c', x86, 'hw/acpi/cpu.c', 'target/i386/kvm/kvm.c']
}

/** The last hot-plug or unplug as a call path through QEMU and KVM, with the branch taken highlighted. */
export function WhatHappenedPanel() {
  const events = useExplorer((s) => s.frame.record.events)
  const qemu = useExplorer((s) => s.frame.state.profile.qemu)
  const path = useMemo(() => callPath(events, qemu), [events, qemu])
  const sources = sourceFiles(qemu)
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
          <p className="mt-2 text-[11px] text-slate-500 dark:text-slate-400">
            Source at {qemu.tag}:{' '}
            {sources.map((file, i) => (
              <span key={file}>
                {i > 0 && ', '}
                <a className="underline" href={`https://gitlab.com/qemu-project/qemu/-/blob/${qemu.tag}/${file}`} target="_blank" rel="noopener">
                  {file}
                </a>
              </span>
            ))}
          </p>
        </>
      ) : (
        <p className="text-sm text-slate-500 dark:text-slate-400">Plug or unplug a vCPU: its path through QEMU and KVM shows here, with the branch QEMU took to get its fd.</p>
      )}
    </Panel>
  )
}
