import { useEffect, useRef } from 'react'
import { select } from 'd3-selection'
import 'd3-transition'
import { easeCubicInOut } from 'd3-ease'
import type { SimEvent } from '../model/events.ts'
import { useExplorer } from '../store/store.ts'
import { slotHoldings } from './panels/items.ts'
import { useDuration } from './motion.ts'

/** The four numbers of the highlighted vCPU (§0.2), next to the item under the pointer or focus. */
export function Tooltip() {
  const highlight = useExplorer((s) => s.highlight)
  const sim = useExplorer((s) => s.frame.state)
  if (!highlight || !sim.host.alive) return null
  const holding = slotHoldings(sim)[highlight.cpuIndex]
  if (!holding) return null
  const { slot, cpu, parked } = holding
  const left = Math.min(highlight.anchor.x + 8, window.innerWidth - 240)
  return (
    <div role="tooltip" className="tooltip" style={{ left, top: highlight.anchor.y }}>
      <dl>
        <dt>cpu_index</dt>
        <dd>{slot.cpuIndex}</dd>
        <dt>APIC ID</dt>
        <dd>{slot.apicId}</dd>
        <dt>KVM vcpu_id</dt>
        <dd>{slot.apicId}</dd>
        <dt>host TID</dt>
        <dd>{cpu ? cpu.tid : '—'}</dd>
        <dt>fd</dt>
        <dd>{cpu ? cpu.kvmFd : parked ? `${parked.kvmFd} (parked)` : '—'}</dd>
      </dl>
    </div>
  )
}

/** The sentence for the last step, read out by screen readers and shown as a caption. */
export function Narration() {
  const narration = useExplorer((s) => s.frame.record.narration)
  return (
    <p role="status" aria-live="polite" className="narration">
      {narration ?? ''}
    </p>
  )
}

interface Flight {
  readonly text: string
  readonly from: string
  readonly to: string
  readonly fallbackFrom?: string
}

/** Which fd moves where in the last operation (§1.1): parked on unplug, back on re-plug, new on first plug. */
function flightsFor(events: readonly SimEvent[], vmFd: number): Flight[] {
  const flights: Flight[] = []
  for (const e of events) {
    if (e.kind === 'fd-parked') flights.push({ text: `fd ${e.fd}`, from: `[data-panel="fds"] [data-fd="${e.fd}"]`, to: `[data-panel="parked"] [data-fd="${e.fd}"]` })
    if (e.kind === 'found-parked') {
      flights.push({ text: `fd ${e.fd}`, from: `[data-panel="parked"] [data-fd="${e.fd}"]`, fallbackFrom: '[data-panel="parked"]', to: `[data-panel="fds"] [data-fd="${e.fd}"]` })
    }
    if (e.kind === 'kvm-create-vcpu') {
      flights.push({ text: `KVM_CREATE_VCPU → fd ${e.fd}`, from: `[data-panel="fds"] [data-fd="${vmFd}"]`, to: `[data-panel="fds"] [data-fd="${e.fd}"]` })
    }
  }
  return flights
}

/** Chips that fly between panels: D3 transitions on fixed-position elements, measured after the panels update. */
export function Flights() {
  const step = useExplorer((s) => s.step)
  const layer = useRef<HTMLDivElement>(null)
  const duration = useDuration(900)
  useEffect(() => {
    const root = layer.current
    if (!root || duration === 0 || step === 0) return
    const { frame: current } = useExplorer.getState()
    const frame = requestAnimationFrame(() => {
      for (const flight of flightsFor(current.record.events, current.state.kvm.vmFd)) {
        const fromEl = document.querySelector<HTMLElement>(flight.from)
        // A parked entry that left is still in the DOM while its exit transition runs; else start from its list.
        const from = fromEl?.getBoundingClientRect() ?? (flight.fallbackFrom ? document.querySelector(flight.fallbackFrom)?.getBoundingClientRect() : undefined)
        const to = document.querySelector<HTMLElement>(flight.to)?.getBoundingClientRect()
        if (!from || !to) continue
        select(root)
          .append('div')
          .attr('class', 'flight')
          .attr('aria-hidden', 'true')
          .text(flight.text)
          .style('transform', `translate(${from.left}px, ${from.top}px)`)
          .transition('flight')
          .duration(duration)
          .ease(easeCubicInOut)
          .style('transform', `translate(${to.left}px, ${to.top}px)`)
          .transition()
          .duration(duration / 3)
          .style('opacity', '0')
          .remove()
      }
    })
    return () => cancelAnimationFrame(frame)
  }, [step, duration])

  useEffect(() => {
    const root = layer.current
    return () => {
      if (root) select(root).selectAll('.flight').interrupt('flight').remove()
    }
  }, [])

  return <div ref={layer} className="flights" />
}
