/**
 * The panels of one step as a standalone SVG document: CPU slots and `info
 * cpus`, the KVM fds and `kvm_parked_vcpus`, the threads and the debugfs
 * directories, in three columns under a heading that names the scenario and
 * the step. Pure: a string from a state, no DOM.
 *
 * Standalone means it opens anywhere (a browser, Inkscape, a slide deck) and
 * rasterises on a canvas without tainting it: `xmlns`, explicit size and
 * viewBox, presentation attributes instead of the page's CSS, generic font
 * families only, every text escaped, no external references and no
 * `foreignObject` (STYLE.md §6).
 *
 * Bounded: q35 allows 288 vCPUs, so every list stops at MAX_ROWS and says how
 * many it left out, and past 48 slots the slot grid draws small squares
 * without text, as the CPU slots panel does.
 */
import { kernelRelease, qemuRelease } from '../model/profile.ts'
import type { SimState } from '../model/state.ts'
import { debugfsVmPath } from '../model/qemu.ts'
import { debugfsItems, infoCpusItems, kvmFdItems, parkedItems, slotGroup, slotHoldings, statusLine, threadItems, topologyLine, COMPACT_SLOTS, type SlotHolding, type SlotState } from '../ui/panels/items.ts'

export interface PanelsSvgOptions {
  /** The scenario's title ('' for none). */
  readonly title: string
  readonly step: number
  /** How many steps the scenario has. */
  readonly steps: number
  /** What the step did, e.g. `(qemu) device_del cpu05`; '' for none. */
  readonly caption?: string
  /** The sentence that narrates the step; '' for none. */
  readonly narration?: string
  /** The state before the step: threads it ended are shown as gone, as in the Threads panel. */
  readonly previous?: SimState
}

/** Rows a list shows at most (the last one says how many more there are). */
export const MAX_ROWS = 20
/** Above this many slots the grid draws small squares without text (as the CPU slots panel does). */

const PAD = 16
const GAP = 16
const COLUMNS = [360, 320, 300] as const
const WIDTH = PAD * 2 + COLUMNS.reduce((a, b) => a + b, 0) + GAP * (COLUMNS.length - 1)
const PANEL_PAD = 10
const ROW = 16
/** Monospace glyphs are 0.6 em wide: used to cut text that would overflow its column. */
const MONO_EM = 0.6

const colors = {
  background: '#ffffff',
  text: '#0f172a',
  muted: '#475569',
  border: '#cbd5e1',
  panel: '#f8fafc',
  plugged: { fill: '#ccfbf1', stroke: '#0f766e', text: '#134e4a' },
  pending: { fill: '#ede9fe', stroke: '#6d28d9', text: '#4c1d95' },
  parked: { fill: '#fef3c7', stroke: '#b45309', text: '#78350f' },
  empty: { fill: '#ffffff', stroke: '#94a3b8', text: '#64748b' },
  gone: '#94a3b8',
} as const

const SANS = 'system-ui, sans-serif'
const MONO = 'monospace'

/**
 * Text as XML character data or an attribute value: the five special
 * characters escaped, and characters XML 1.0 forbids (C0 controls other than
 * tab and newlines, lone surrogates, U+FFFE/U+FFFF) dropped, so that any title
 * gives a well-formed document.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** At most `max` characters (code points), the last one an ellipsis when cut. */
function clip(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`
}

/** Words into lines of at most `width` characters, at most `lines` of them. */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  if (line !== '') out.push(line)
  if (out.length <= lines) return out.map((l) => clip(l, width))
  return [...out.slice(0, lines - 1), clip(`${out[lines - 1]} ${out.slice(lines).join(' ')}`, width)]
}

interface TextStyle {
  readonly size?: number
  readonly weight?: 'bold'
  readonly fill?: string
  readonly font?: string
  readonly anchor?: 'end'
}

function text(x: number, y: number, content: string, style: TextStyle = {}): string {
  const attrs = [`x="${x}"`, `y="${y}"`]
  if (style.size) attrs.push(`font-size="${style.size}"`)
  if (style.weight) attrs.push(`font-weight="${style.weight}"`)
  if (style.fill) attrs.push(`fill="${style.fill}"`)
  if (style.font) attrs.push(`font-family="${style.font}"`)
  if (style.anchor) attrs.push(`text-anchor="${style.anchor}"`)
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`
}

function rect(x: number, y: number, width: number, height: number, fill: string, stroke: string, extra = ''): string {
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="3" fill="${fill}" stroke="${stroke}"${extra}/>`
}

/** One row of a list: cells at x offsets from the panel's left edge (`end`: right-aligned there). */
interface Row {
  readonly cells: readonly { readonly at: number; readonly text: string; readonly max: number; readonly end?: boolean }[]
  readonly tone?: 'parked' | 'gone' | 'muted'
}

/** What a panel holds under its heading: its height, known before drawing (panels stack), and how to draw it. */
interface PanelBody {
  readonly height: number
  readonly draw: (x: number, y: number, width: number) => string[]
}

const andMore = (hidden: number): string => `… and ${hidden} more`

function listBody(rows: readonly Row[], empty: string, intro: readonly string[] = [], more: (hidden: number) => string = andMore): PanelBody {
  const shown = rows.length > MAX_ROWS ? rows.slice(0, MAX_ROWS - 1) : rows
  const hidden = rows.length - shown.length
  const lines = intro.length + Math.max(1, shown.length) + (hidden > 0 ? 1 : 0)
  return {
    height: lines * ROW,
    draw: (x, y, width) => {
      const out: string[] = []
      let cy = y
      const maxChars = Math.floor(width / (11 * MONO_EM))
      for (const line of intro) out.push(text(x, (cy += ROW) - 4, clip(line, maxChars), { size: 11, fill: colors.muted }))
      if (rows.length === 0) out.push(text(x, (cy += ROW) - 4, empty, { fill: colors.muted, font: SANS }))
      for (const row of shown) {
        cy += ROW
        if (row.tone === 'parked') out.push(rect(x - 4, cy - ROW + 1, width + 8, ROW - 2, colors.parked.fill, 'none'))
        const fill = row.tone === 'parked' ? colors.parked.text : row.tone === 'gone' ? colors.gone : row.tone === 'muted' ? colors.muted : undefined
        for (const cell of row.cells) {
          if (cell.text === '') continue
          out.push(text(x + cell.at, cy - 4, clip(cell.text, cell.max), { ...(fill && { fill }), ...(cell.end && { anchor: 'end' as const }) }))
        }
      }
      if (hidden > 0) out.push(text(x, (cy += ROW) - 4, more(hidden), { fill: colors.muted, font: SANS }))
      // Rows are monospace, like the consoles and panels they mirror.
      return [`<g font-family="${MONO}">`, ...out, '</g>']
    },
  }
}

interface SlotView extends SlotHolding {
  /** What the slot shows under its number: a TID, a parked fd, or nothing. */
  readonly short: string
}

function slotViews(state: SimState): SlotView[] {
  return slotHoldings(state).map((h) => ({
    ...h,
    short: h.cpu ? (h.cpu.unplugRequested ? 'unplug req.' : `TID ${h.cpu.tid}`) : h.parked ? `fd ${h.parked.kvmFd} parked` : 'empty',
  }))
}

function slotsBody(state: SimState): PanelBody {
  if (!state.host.alive) return listBody([], 'QEMU is not running.')
  const views = slotViews(state)
  const { topology } = state.qemu
  const compact = views.length > COMPACT_SLOTS
  const byGroup = new Map<string, SlotView[]>()
  for (const v of views) {
    const key = slotGroup(topology, v.slot)
    const group = byGroup.get(key)
    if (group) group.push(v)
    else byGroup.set(key, [v])
  }
  // Dozens of one-socket groups would each take a heading line: past 8, one grid in cpu_index order.
  const groups = byGroup.size > 1 && byGroup.size <= 8 ? [...byGroup] : [[byGroup.size > 1 ? `slots 0–${views.length - 1}, in cpu_index order` : '', views] as const]
  const counts = { plugged: 0, pending: 0, parked: 0, empty: 0 }
  for (const v of views) counts[v.state]++
  const cell = compact ? { w: 16, h: 16, gap: 2 } : { w: 0, h: 36, gap: 6 }
  const topo = topologyLine(topology)
  const summary = [`${counts.plugged} plugged`, counts.pending > 0 ? `${counts.pending} unplug requested` : '', `${counts.parked} parked`, `${counts.empty} empty`].filter(Boolean).join(' · ')
  const legend: [SlotState, string][] = [
    ['plugged', 'plugged'],
    ['pending', 'unplug requested'],
    ['parked', 'empty, fd parked'],
    ['empty', 'empty'],
  ]
  const perRow = (width: number): number => (compact ? Math.max(1, Math.floor((width + cell.gap) / (cell.w + cell.gap))) : 4)
  // The grid's height depends on the column width; every column width is known up front.
  const gridHeight = (width: number): number =>
    groups.reduce((h, [label, vs]) => h + (label ? ROW : 0) + Math.ceil(vs.length / perRow(width)) * (cell.h + cell.gap), 0)
  const width = COLUMNS[0] - PANEL_PAD * 2
  return {
    height: ROW * 2 + 4 + gridHeight(width) + 4 + ROW * 2,
    draw: (x, y, w) => {
      const out: string[] = []
      let cy = y
      out.push(text(x, (cy += ROW) - 4, topo, { size: 11, fill: colors.muted }))
      out.push(text(x, (cy += ROW) - 4, summary, { size: 11, fill: colors.muted }))
      cy += 4
      const n = perRow(w)
      const cw = compact ? cell.w : (w - cell.gap * (n - 1)) / n
      const chars = Math.floor((cw - 6) / (10 * MONO_EM))
      for (const [label, vs] of groups) {
        if (label) out.push(text(x, (cy += ROW) - 4, label, { size: 11, weight: 'bold', fill: colors.muted }))
        const at = (i: number): { cx: number; top: number } => ({ cx: x + (i % n) * (cw + cell.gap), top: cy + Math.floor(i / n) * (cell.h + cell.gap) })
        if (compact) {
          // 288 squares: one group per state carries the colours, each square only its place.
          for (const s of ['plugged', 'pending', 'parked', 'empty'] as const) {
            const squares = vs.flatMap((v, i) => (v.state === s ? [at(i)] : []))
            if (squares.length === 0) continue
            out.push(`<g fill="${colors[s].fill}" stroke="${colors[s].stroke}"${s === 'empty' ? ' stroke-dasharray="3 2"' : ''}>`)
            for (const { cx, top } of squares) out.push(`<rect x="${cx}" y="${top}" width="${cell.w}" height="${cell.h}" rx="2"/>`)
            out.push('</g>')
          }
        } else {
          vs.forEach((v, i) => {
            const { cx, top } = at(i)
            const c = colors[v.state]
            out.push(rect(cx, top, cw, cell.h, c.fill, c.stroke, v.state === 'empty' ? ' stroke-dasharray="3 2"' : ''))
            out.push(`<g font-family="${MONO}" fill="${c.text}">`)
            out.push(text(cx + 4, top + 14, String(v.slot.cpuIndex), { weight: 'bold' }))
            out.push(text(cx + cw - 4, top + 14, `APIC ${v.slot.apicId}`, { size: 10, anchor: 'end' }))
            out.push(text(cx + 4, top + 29, clip(v.short, chars), { size: 10 }))
            out.push('</g>')
          })
        }
        cy += Math.ceil(vs.length / n) * (cell.h + cell.gap)
      }
      cy += 4
      // Legend, two entries per line.
      legend.forEach(([s, label], i) => {
        const lx = x + (i % 2) * (w / 2)
        const ly = cy + Math.floor(i / 2) * ROW
        out.push(rect(lx, ly + 3, 10, 10, colors[s].fill, colors[s].stroke, s === 'empty' ? ' stroke-dasharray="3 2"' : ''))
        out.push(text(lx + 15, ly + 12, label, { size: 11, fill: colors.muted }))
      })
      return out
    },
  }
}

const mono = (at: number, value: string, max: number, end = false) => ({ at, text: value, max, end })

function fdsBody(state: SimState): PanelBody {
  const items = kvmFdItems(state)
  const isParked = (item: (typeof items)[number]): boolean => item.className === 'is-parked'
  const rows: Row[] = items.map((item) => {
    const [fd, , name, status] = item.cells.map((c) => c.text)
    return {
      cells: [mono(34, fd ?? '', 6, true), mono(44, name ?? '', 13), mono(140, status ?? '', 22)],
      ...(isParked(item) && { tone: 'parked' as const }),
    }
  })
  return listBody(rows, 'QEMU is not running: no fds.', [], (hidden) => {
    const p = items.slice(items.length - hidden).filter(isParked).length
    return `${andMore(hidden)}${p > 0 ? ` (${p} parked, still open)` : ''}`
  })
}

function parkedBody(state: SimState): PanelBody {
  const rows: Row[] = parkedItems(state).map((item) => {
    const [where, vcpu, fd] = item.cells.map((c) => c.text)
    return { cells: [mono(0, where ?? '', 5), mono(44, `${vcpu ?? ''} → ${fd ?? ''}`, 34)], tone: 'parked' }
  })
  return listBody(rows, 'Empty: no vCPU has been unplugged.', ['kvm_parked_vcpus (LIFO, searched by vcpu_id)'])
}

function threadsBody(state: SimState, previous: SimState): PanelBody {
  const rows: Row[] = threadItems(state, previous).map((item) => {
    const [tid, comm, role] = item.cells.map((c) => c.text)
    return { cells: [mono(0, tid ?? '', 8), mono(64, comm ?? '', 16), mono(196, role ?? '', 8)], ...(item.className === 'is-gone' && { tone: 'gone' as const }) }
  })
  return listBody(rows, 'QEMU is not running: no threads.', state.host.alive ? [`threads of process ${state.host.pid}: TID, comm`] : [])
}

function debugfsBody(state: SimState): PanelBody {
  if (!state.host.alive) return listBody([], 'No VM: its debugfs directory went with the last fd.')
  const rows: Row[] = debugfsItems(state).map((item) => {
    const [dir, status] = item.cells.map((c) => c.text)
    return { cells: [mono(0, dir ?? '', 12), mono(96, status ?? '', 20)], ...(status && { tone: 'parked' as const }) }
  })
  return listBody(rows, 'No vCPU directories.', [`${debugfsVmPath(state)}/`, 'one vcpuN/ per vCPU ever created:'])
}

function infoCpusBody(state: SimState): PanelBody {
  const rows: Row[] = infoCpusItems(state).map((item) => {
    const line = item.cells[0]?.text ?? ''
    // `* CPU #0: …`: the current CPU's mark gets its own cell, as SVG collapses leading spaces.
    return { cells: [mono(0, line.slice(0, 1).trim(), 1), mono(14, line.slice(2), 40)], ...(item.className === 'is-pending' && { tone: 'muted' as const }) }
  })
  return listBody(rows, 'QEMU is not running.')
}

/** The panels of `state` as a standalone SVG document (UTF-8 text). */
export function panelsSvg(state: SimState, options: PanelsSvgOptions): string {
  const previous = options.previous ?? state
  const columns: [string, PanelBody][][] = [
    [
      ['CPU slots', slotsBody(state)],
      ['info cpus', infoCpusBody(state)],
    ],
    [
      ['File descriptors (KVM)', fdsBody(state)],
      ['Parked vCPUs', parkedBody(state)],
    ],
    [
      ['Threads', threadsBody(state, previous)],
      ['debugfs', debugfsBody(state)],
    ],
  ]

  const headChars = Math.floor((WIDTH - PAD * 2) / 10)
  const title = options.title.trim() === '' ? 'Untitled scenario' : options.title
  const caption = `Step ${options.step} of ${options.steps}${options.caption ? `: ${options.caption}` : ''}`
  const status = `${statusLine(state)} · QEMU ${qemuRelease(state.profile)}, Linux ${kernelRelease(state.profile)}`
  const narration = options.narration ? wrap(options.narration, Math.floor((WIDTH - PAD * 2) / 7), 3) : []

  const out: string[] = []
  let y = PAD
  out.push(text(PAD, (y += 20) - 2, clip(title, headChars), { size: 18, weight: 'bold' }))
  out.push(text(PAD, (y += 20) - 4, clip(caption, Math.floor((WIDTH - PAD * 2) / (13 * MONO_EM))), { size: 13, font: MONO }))
  for (const line of narration) out.push(text(PAD, (y += 18) - 4, line, { size: 13, fill: colors.text }))
  out.push(text(PAD, (y += 18) - 4, status, { size: 12, fill: colors.muted }))
  y += 10

  let bottom = y
  let x = PAD
  columns.forEach((panels, i) => {
    const width = COLUMNS[i]!
    let cy = y
    for (const [heading, body] of panels) {
      const height = PANEL_PAD * 2 + ROW + 4 + body.height
      out.push(`<rect x="${x}" y="${cy}" width="${width}" height="${height}" rx="6" fill="${colors.panel}" stroke="${colors.border}"/>`)
      out.push(text(x + PANEL_PAD, cy + PANEL_PAD + 12, heading, { size: 14, weight: 'bold' }))
      out.push(...body.draw(x + PANEL_PAD, cy + PANEL_PAD + ROW + 4, width - PANEL_PAD * 2))
      cy += height + GAP
    }
    bottom = Math.max(bottom, cy - GAP)
    x += width + GAP
  })
  const height = Math.ceil(bottom + PAD)

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${SANS}" font-size="12" fill="${colors.text}">`,
    `<title>${escapeXml(`${title}: step ${options.step} of ${options.steps}`)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="${colors.background}"/>`,
    ...out,
    '</svg>',
    '',
  ].join('\n')
}
