/**
 * A keyed D3 join over HTML list items, for the animated panels: an element
 * that persists (same fd, TID or vcpu_id) is never re-created; entering items
 * slide in, leaving ones fade out. React renders the list element and never
 * its children.
 */
import { select, type Selection } from 'd3-selection'
import 'd3-transition'
import { easeCubicOut } from 'd3-ease'

export interface ListItem {
  /** Stable identity: `fd:32`, `tid:5982`, `vcpu:5`. */
  readonly key: string
  /** The slot (cpu_index) this item belongs to, for highlighting; null if none. */
  readonly cpuIndex: number | null
  /** Text cells, rendered as spans with these classes. */
  readonly cells: readonly { readonly text: string; readonly className?: string }[]
  /** Extra classes on the item (state marks). */
  readonly className?: string
  /** Accessible text for the item, when the cells alone are not enough. */
  readonly label?: string
  /** data-* attributes for animations to find the item. */
  readonly data?: Readonly<Record<string, string>>
}

export interface JoinOptions {
  readonly duration: number
  readonly onHighlight: (cpuIndex: number | null, element: HTMLElement | null) => void
}

const TRANSITION = 'list'

/** Joins `items` into `list` (a `<ul>`), keyed by `item.key`. */
export function joinList(list: HTMLUListElement, items: readonly ListItem[], options: JoinOptions): void {
  const { duration } = options
  const root = select(list)
  const selection = root
    .selectAll<HTMLLIElement, ListItem>(':scope > li')
    .data(items, (d) => d.key)
    .join(
      (enter) =>
        enter
          .append('li')
          .attr('tabindex', -1)
          .style('opacity', () => (duration > 0 ? '0' : null))
          .style('transform', () => (duration > 0 ? 'translateX(-12px)' : null))
          .call((li) =>
            li
              .transition(TRANSITION)
              .duration(duration)
              .ease(easeCubicOut)
              .style('opacity', '1')
              .style('transform', 'translateX(0)')
              .on('end', function () {
                select(this).style('opacity', null).style('transform', null)
              }),
          ),
      (update) => update,
      (exit) =>
        exit
          .classed('is-exiting', true)
          .attr('tabindex', null)
          .call((li) =>
            li
              .transition(TRANSITION)
              .duration(duration)
              .style('opacity', '0')
              .remove(),
          ),
    )
  selection
    .attr('class', (d) => `list-item ${d.className ?? ''}`)
    .attr('data-key', (d) => d.key)
    .attr('data-cpu-index', (d) => (d.cpuIndex === null ? null : String(d.cpuIndex)))
    .attr('aria-label', (d) => d.label ?? null)
    .each(function (d) {
      const li = this as HTMLLIElement
      for (const [k, v] of Object.entries(d.data ?? {})) li.dataset[k] = v
      renderCells(select(li), d)
    })
    .on('mouseenter focus', function (_, d) {
      options.onHighlight(d.cpuIndex, this as HTMLElement)
    })
    .on('mouseleave blur', () => options.onHighlight(null, null))
  selection.order()
  // Roving tabindex: the list is one Tab stop; arrow keys move within it.
  const live = selection.nodes()
  const current = live.find((n) => n.tabIndex === 0) ?? live[0]
  for (const n of live) n.tabIndex = n === current ? 0 : -1
}

function renderCells(li: Selection<HTMLLIElement, ListItem, null, undefined>, item: ListItem): void {
  li.selectAll<HTMLSpanElement, { text: string; className?: string }>(':scope > span')
    .data(item.cells)
    .join('span')
    .attr('class', (c) => c.className ?? null)
    .text((c) => c.text)
}

/** Arrow-key navigation inside a list with a roving tabindex. */
export function listKeyDown(event: KeyboardEvent | React.KeyboardEvent<HTMLUListElement>): void {
  const list = event.currentTarget as HTMLUListElement
  const items = [...list.querySelectorAll<HTMLLIElement>(':scope > li:not(.is-exiting)')]
  const index = items.indexOf(document.activeElement as HTMLLIElement)
  let next = -1
  if (event.key === 'ArrowDown') next = Math.min(items.length - 1, index + 1)
  else if (event.key === 'ArrowUp') next = Math.max(0, index - 1)
  else if (event.key === 'Home') next = 0
  else if (event.key === 'End') next = items.length - 1
  if (next < 0 || items.length === 0) return
  event.preventDefault()
  for (const item of items) item.tabIndex = -1
  items[next]!.tabIndex = 0
  items[next]!.focus()
}

/** Marks the items of the highlighted vCPU. */
export function markHighlight(list: HTMLElement, cpuIndex: number | null): void {
  select(list)
    .selectAll<HTMLElement, unknown>(':scope > li')
    .classed('is-highlighted', function () {
      return cpuIndex !== null && (this as HTMLElement).dataset.cpuIndex === String(cpuIndex)
    })
}

/** Marks the items that are evidence for the answer on screen, and brings the first into view in its list. */
export function markEvidence(list: HTMLElement, keys: ReadonlySet<string>): void {
  const marked = select(list)
    .selectAll<HTMLElement, ListItem>(':scope > li')
    .classed('is-evidence', (d) => keys.has(d.key))
    .filter((d) => keys.has(d.key))
    .node()
  marked?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
}
