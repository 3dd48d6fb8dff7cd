import { useMemo } from 'react'
import { debugfsVmPath } from '../../model/qemu.ts'
import type { SimState } from '../../model/state.ts'
import { useExplorer } from '../../store/store.ts'
import type { ListItem } from '../d3list.ts'
import { D3List, Panel } from '../Panel.tsx'
import { debugfsItems, infoCpusItems, kvmFdItems, parkedItems, threadItems } from './items.ts'

/** The state at the current step, and a panel's items derived from it (and from the state before it). */
function usePanelItems(derive: (state: SimState, previous: SimState) => ListItem[]): [SimState, ListItem[]] {
  const frame = useExplorer((s) => s.frame)
  const items = useMemo(() => derive(frame.state, frame.previous), [derive, frame.state, frame.previous])
  return [frame.state, items]
}

export function FdsPanel() {
  const [sim, items] = usePanelItems(kvmFdItems)
  const others = sim.host.fds.filter((f) => f.role.kind === 'other')
  return (
    <Panel title="File descriptors">
      <D3List items={items} label="KVM file descriptors" panel="fds" empty="QEMU is not running: no fds." />
      {others.length > 0 && (
        <details className="mt-2 text-xs text-slate-600 dark:text-slate-300">
          <summary className="cursor-pointer select-none">Other fds ({others.length}): stdio, eventfds, disk, sockets</summary>
          <ul aria-label="Other file descriptors" className="mt-1 font-mono">
            {others.map((f) => (
              <li key={f.fd} className="flex gap-2">
                <span className="w-9 shrink-0 text-right">{`${f.fd}${f.access}`}</span>
                <span className="w-14 shrink-0">{f.file.type}</span>
                <span className="truncate">{f.file.name}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </Panel>
  )
}

export function ParkedPanel() {
  const [, items] = usePanelItems(parkedItems)
  return (
    <Panel title="Parked vCPUs">
      <p className="mb-1 font-mono text-[11px] text-slate-500 dark:text-slate-400">kvm_parked_vcpus (LIFO, searched by vcpu_id)</p>
      <D3List items={items} label="kvm_parked_vcpus, head first" panel="parked" empty="Empty: no vCPU has been unplugged." />
    </Panel>
  )
}

export function ThreadsPanel() {
  const [sim, items] = usePanelItems(threadItems)
  return (
    <Panel title="Threads">
      <D3List items={items} label={`Threads of process ${sim.host.pid}`} panel="threads" empty="QEMU is not running: no threads." />
    </Panel>
  )
}

export function DebugfsPanel() {
  const [sim, items] = usePanelItems(debugfsItems)
  return (
    <Panel title="debugfs">
      {sim.host.alive ? (
        <>
          <p className="mb-1 break-all font-mono text-[11px] text-slate-500 dark:text-slate-400">{debugfsVmPath(sim)}/</p>
          <p className="mb-1 text-xs text-slate-500 dark:text-slate-400">{sim.profile.kernel.debugfsVmFiles.length} VM stat files, and one directory per vCPU ever created:</p>
        </>
      ) : (
        <p className="text-sm text-slate-500">No VM: its debugfs directory went with the last fd.</p>
      )}
      <D3List items={items} label="vCPU debugfs directories" panel="debugfs" />
    </Panel>
  )
}

export function InfoCpusPanel() {
  const [, items] = usePanelItems(infoCpusItems)
  return (
    <Panel title="info cpus">
      <D3List items={items} label="info cpus" panel="info-cpus" empty="QEMU is not running." />
    </Panel>
  )
}

/** The five host panels side by side (stacked on a phone): the explorer and the embed show the same grid. */
export function HostPanelsGrid({ className = '' }: { className?: string }) {
  return (
    <div className={`host-panels grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 ${className}`}>
      <FdsPanel />
      <ParkedPanel />
      <ThreadsPanel />
      <DebugfsPanel />
      <InfoCpusPanel />
    </div>
  )
}
