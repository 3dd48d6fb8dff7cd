import { useMemo } from 'react'
import { profileLabel } from '../model/profile.ts'
import type { Frame, Replay } from '../scenario/replay.ts'
import { useExplorer, type Comparison as ComparisonState } from '../store/store.ts'
import { compareLists, compareRows, fdSeries, type CompareList } from '../view-model/compare.ts'
import type { ListItem } from './d3list.ts'
import { FdChart, type ChartSide } from './FdChart.tsx'
import { D3List } from './Panel.tsx'

const fdClass: Record<string, string> = { live: 'is-live', pending: 'is-live', parked: 'is-parked', stats: 'is-stats', leaked: 'is-leaked' }

function items(side: Frame, other: Frame, list: CompareList): ListItem[] {
  return compareRows(side, other, list).map((row) => ({
    key: row.key,
    cpuIndex: row.cpuIndex,
    className: `${row.onlyHere ? 'is-only-here' : ''} ${row.status ? (fdClass[row.status] ?? '') : ''}`,
    label: `${row.cells.filter((c) => c !== '').join(' ')}${row.onlyHere ? ', only on this side' : ''}`,
    cells: [
      ...row.cells.map((text, i) => ({ text, className: list === 'output' ? 'cell-pre' : i === 0 ? 'cell-fd' : i === 1 ? 'cell-name' : 'cell-status' })),
      ...(row.onlyHere ? [{ text: 'only here', className: 'cell-only' }] : []),
    ],
  }))
}

/**
 * One side of a comparison: the panel set of one replay at one step, its rows
 * marked where the other side has none. The comparison draws it twice.
 */
export function PanelSet({ side, other, label, index }: { side: Frame; other: Frame; label: string; index: 0 | 1 }) {
  const lists = useMemo(() => compareLists.map((l) => ({ ...l, items: items(side, other, l.id) })), [side, other])
  return (
    <section aria-label={label} className="compare-side flex min-w-0 flex-col gap-2">
      <h3 className={`compare-title ${index === 0 ? 'chart-a' : 'chart-b'}`}>{label}</h3>
      {lists.map((l) => (
        <div key={l.id}>
          <p className="mb-0.5 text-[11px] font-medium text-slate-500 dark:text-slate-400">{l.title}</p>
          <D3List items={l.items} label={`${l.title}, ${label}`} panel={`compare-${index}-${l.id}`} empty={l.id === 'output' ? 'No output at this step.' : 'None.'} />
        </div>
      ))}
    </section>
  )
}

function useSeries(replay: Replay, label: string): ChartSide {
  return useMemo(() => ({ label, points: fdSeries(replay.recordsUpTo(replay.length)) }), [replay, label])
}

/** The same steps on two profiles, side by side at the same step, and the open fds of both over the steps. */
export function Comparison({ compare, className = '' }: { compare: ComparisonState; className?: string }) {
  const frame = useExplorer((s) => s.frame)
  const replay = useExplorer((s) => s.replay)
  const step = useExplorer((s) => s.step)
  const left = profileLabel(frame.state.profile)
  const right = profileLabel(compare.frame.state.profile)
  const a = useSeries(replay, left)
  const b = useSeries(compare.replay, right)
  const sides = useMemo(() => [a, b] as const, [a, b])
  return (
    <section aria-label="Comparison" className={`panel comparison rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900 ${className}`}>
      <h2 className="mb-2 text-sm font-semibold text-slate-800 dark:text-slate-100">Comparison at step {step}</h2>
      <FdChart sides={sides} step={step} />
      <div className="mt-3 grid grid-cols-1 gap-4 md:grid-cols-2">
        <PanelSet side={frame} other={compare.frame} label={left} index={0} />
        <PanelSet side={compare.frame} other={frame} label={right} index={1} />
      </div>
    </section>
  )
}
