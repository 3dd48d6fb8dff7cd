import { memo, useMemo } from 'react'
import type { SimState } from '../../model/state.ts'
import type { CpuSlot } from '../../model/topology.ts'
import { useExplorer } from '../../store/store.ts'
import { anchorOf, Panel } from '../Panel.tsx'
import { COMPACT_SLOTS, slotGroup, slotHoldings, topologyLine, type SlotState } from './items.ts'

interface SlotView {
  readonly slot: CpuSlot
  readonly state: SlotState
  readonly label: string
  readonly short: string
}

function slotViews(sim: SimState): SlotView[] {
  return slotHoldings(sim).map(({ slot, state, cpu, parked }) => {
    const where = `APIC ID ${slot.apicId}`
    if (cpu) {
      const name = cpu.qdevId ?? cpu.qomPath
      return {
        slot,
        state,
        label: `slot ${slot.cpuIndex}: ${name} plugged${cpu.unplugRequested ? ', unplug requested, the guest has not ejected it' : ''} (${where}, TID ${cpu.tid}, fd ${cpu.kvmFd})`,
        short: cpu.unplugRequested ? 'unplug requested' : `TID ${cpu.tid}`,
      }
    }
    if (parked) return { slot, state, label: `slot ${slot.cpuIndex}: empty, fd ${parked.kvmFd} parked (${where})`, short: `fd ${parked.kvmFd} parked` }
    return { slot, state, label: `slot ${slot.cpuIndex}: empty (${where})`, short: 'empty' }
  })
}

const stateClass: Record<SlotState, string> = {
  empty: 'slot-empty',
  plugged: 'slot-plugged',
  pending: 'slot-pending',
  parked: 'slot-parked',
}

/** One slot; memoised on what it shows, so a click or hover re-renders only the slots that change (288 on q35). */
const SlotButton = memo(
  function SlotButton({ view, highlighted, compact }: { view: SlotView; highlighted: boolean; compact: boolean }) {
    const toggleSlot = useExplorer((s) => s.toggleSlot)
    const setHighlight = useExplorer((s) => s.setHighlight)
    const { slot } = view
    return (
      <button
        type="button"
        data-slot={slot.cpuIndex}
        aria-pressed={view.state === 'plugged' || view.state === 'pending'}
        aria-label={view.label}
        className={`slot ${stateClass[view.state]} ${highlighted ? 'is-highlighted' : ''} ${compact ? 'slot-compact' : ''}`}
        onClick={() => toggleSlot(slot.cpuIndex)}
        onMouseEnter={(e) => setHighlight({ cpuIndex: slot.cpuIndex, anchor: anchorOf(e.currentTarget) })}
        onFocus={(e) => setHighlight({ cpuIndex: slot.cpuIndex, anchor: anchorOf(e.currentTarget) })}
        onMouseLeave={() => setHighlight(null)}
        onBlur={() => setHighlight(null)}
      >
        <span className="slot-index">{slot.cpuIndex}</span>
        {!compact && (
          <>
            <span className="slot-detail">APIC {slot.apicId}</span>
            <span className="slot-detail">{view.short}</span>
          </>
        )}
      </button>
    )
  },
  (a, b) => a.view.label === b.view.label && a.view.state === b.view.state && a.highlighted === b.highlighted && a.compact === b.compact,
)

/** One button per possible CPU, grouped by socket (and die); click plugs or unplugs through the monitor. */
export function SlotsPanel() {
  const sim = useExplorer((s) => s.frame.state)
  const highlight = useExplorer((s) => s.highlight)
  const views = useMemo(() => slotViews(sim), [sim])
  const { topology } = sim.qemu
  const compact = topology.maxCpus > COMPACT_SLOTS
  const groups = useMemo(() => {
    const map = new Map<string, SlotView[]>()
    for (const v of views) {
      const key = slotGroup(topology, v.slot)
      map.set(key, [...(map.get(key) ?? []), v])
    }
    return [...map.entries()]
  }, [views, topology.dies])

  if (!sim.host.alive) {
    return (
      <Panel title="CPU slots">
        <p className="text-sm text-slate-500">QEMU is not running: boot it from the command line above.</p>
      </Panel>
    )
  }

  return (
    <Panel
      title="CPU slots"
      actions={
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {topologyLine(topology)}
        </span>
      }
    >
      <div className="flex flex-col gap-2">
        {groups.map(([group, slots]) => (
          <div key={group} role="group" aria-label={group}>
            {groups.length > 1 && <p className="mb-0.5 text-[11px] font-medium text-slate-500 dark:text-slate-400">{group}</p>}
            <div className={compact ? 'grid grid-cols-[repeat(auto-fill,minmax(2.1rem,1fr))] gap-1' : 'grid grid-cols-[repeat(auto-fill,minmax(6.5rem,1fr))] gap-1.5'}>
              {slots.map((v) => (
                <SlotButton key={v.slot.cpuIndex} view={v} highlighted={highlight?.cpuIndex === v.slot.cpuIndex} compact={compact} />
              ))}
            </div>
          </div>
        ))}
      </div>
      <p className="mt-2 text-[11px] text-slate-500 dark:text-slate-400">Click an empty slot to plug it, a plugged one to unplug it: the monitor shows the command.</p>
    </Panel>
  )
}
