import { useEffect, useId, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react'
import { interrupt } from 'd3-transition'
import { selectAll } from 'd3-selection'
import { useExplorer } from '../store/store.ts'
import { evidenceFor } from '../scenario/presentation.ts'
import { joinList, listKeyDown, markEvidence, markHighlight, type ListItem } from './d3list.ts'
import { useDuration } from './motion.ts'

/** A region landmark with a visible heading (issue #3: each panel is a `region`). */
export function Panel({ title, children, actions, className = '' }: { title: string; children: ReactNode; actions?: ReactNode; className?: string }) {
  const id = useId()
  return (
    <section aria-labelledby={id} className={`panel flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-700 dark:bg-slate-900 ${className}`}>
      <header className="flex items-center justify-between gap-2 border-b border-slate-100 px-3 py-1.5 dark:border-slate-800">
        <h2 id={id} className="text-sm font-semibold text-slate-800 dark:text-slate-100">
          {title}
        </h2>
        {actions}
      </header>
      <div className="min-h-0 flex-1 overflow-auto p-2">{children}</div>
    </section>
  )
}

/** Tooltip anchor for an item: its right edge, vertically centred. */
export function anchorOf(element: HTMLElement): { x: number; y: number } {
  const rect = element.getBoundingClientRect()
  return { x: rect.right, y: rect.top + rect.height / 2 }
}

/** A list whose items D3 joins by key; React owns only the `<ul>`. */
export function D3List({ items, label, panel, empty }: { items: readonly ListItem[]; label: string; panel: string; empty?: string }) {
  const ref = useRef<HTMLUListElement>(null)
  const duration = useDuration(450)
  const setHighlight = useExplorer((s) => s.setHighlight)
  const highlight = useExplorer((s) => s.highlight)

  useLayoutEffect(() => {
    if (!ref.current) return
    joinList(ref.current, items, {
      duration,
      onHighlight: (cpuIndex, element) => setHighlight(cpuIndex === null || !element ? null : { cpuIndex, anchor: anchorOf(element) }),
    })
  }, [items, duration, setHighlight])

  useEffect(() => {
    if (ref.current) markHighlight(ref.current, highlight?.cpuIndex ?? null)
  }, [highlight, items])

  // Presenting an answer: the fd that came back, the new TID (src/scenario/presentation.ts).
  const answered = useExplorer((s) => (s.presenting && s.phase === 'answer' ? s.frame.record : null))
  const evidence = useMemo(() => new Set(answered ? evidenceFor(answered).map((e) => e.key) : []), [answered])
  useEffect(() => {
    if (ref.current) markEvidence(ref.current, evidence)
  }, [evidence, items])

  useEffect(() => {
    const list = ref.current
    return () => {
      if (list) selectAll(list.querySelectorAll('li')).each(function () {
        interrupt(this as Element, 'list')
      })
    }
  }, [])

  return (
    <>
      <ul ref={ref} aria-label={label} data-panel={panel} className="d3-list" onKeyDown={listKeyDown} />
      {items.length === 0 && empty && <p className="px-1 text-sm text-slate-500 dark:text-slate-400">{empty}</p>}
    </>
  )
}
