import { useLayoutEffect, useMemo, useRef } from 'react'
import { scaleLinear } from 'd3-scale'
import { select } from 'd3-selection'
import { line } from 'd3-shape'
import 'd3-transition'
import type { FdSeriesPoint } from '../view-model/compare.ts'
import { useDuration } from './motion.ts'

export interface ChartSide {
  readonly label: string
  readonly points: readonly FdSeriesPoint[]
}

interface Line {
  readonly id: string
  readonly side: 0 | 1
  readonly kind: 'vcpu' | 'stats'
  readonly points: readonly FdSeriesPoint[]
}

const WIDTH = 640
const HEIGHT = 200
const M = { top: 12, right: 16, bottom: 28, left: 40 }
/** More points than this are thinned (every k-th step, the last kept): a path of thousands of vertices costs frames. */
const MAX_POINTS = 1200

function thin(points: readonly FdSeriesPoint[]): readonly FdSeriesPoint[] {
  if (points.length <= MAX_POINTS) return points
  const every = Math.ceil(points.length / MAX_POINTS)
  const out = points.filter((_, i) => i % every === 0)
  if (out.at(-1) !== points.at(-1)) out.push(points.at(-1)!)
  return out
}

const sideClass = ['chart-a', 'chart-b'] as const

/**
 * Open KVM fds over the steps, for both sides of a comparison: vCPU fds
 * (solid) and stats fds (dashed). The stats-fd leak of QEMU 8.1+ is the
 * dashed line that rises with every unplug and re-plug. D3 draws inside the
 * ref'd `<g>`, keyed by line.
 */
export function FdChart({ sides, step }: { sides: readonly [ChartSide, ChartSide]; step: number }) {
  const plot = useRef<SVGGElement>(null)
  const duration = useDuration(300)
  const lines = useMemo<Line[]>(
    () =>
      sides.flatMap((side, i) => {
        const points = thin(side.points)
        return (['vcpu', 'stats'] as const).map((kind) => ({ id: `${i}-${kind}`, side: i as 0 | 1, kind, points }))
      }),
    [sides],
  )
  const length = Math.max(1, ...sides.map((s) => s.points.length - 1))
  const top = Math.max(4, ...sides.flatMap((s) => s.points.map((p) => Math.max(p.vcpu, p.stats))))
  const x = useMemo(() => scaleLinear().domain([0, length]).range([M.left, WIDTH - M.right]), [length])
  const y = useMemo(() => scaleLinear().domain([0, top]).nice().range([HEIGHT - M.bottom, M.top]), [top])

  useLayoutEffect(() => {
    const g = plot.current
    if (!g) return
    const path = (l: Line): string => line<FdSeriesPoint>().x((p) => x(p.step)).y((p) => y(l.kind === 'vcpu' ? p.vcpu : p.stats))(l.points as FdSeriesPoint[]) ?? ''
    select(g)
      .selectAll<SVGPathElement, Line>('path.fd-line')
      .data(lines, (l) => l.id)
      .join('path')
      .attr('class', (l) => `fd-line ${sideClass[l.side]} ${l.kind === 'stats' ? 'is-stats' : ''}`)
      .attr('d', path)
    const at = Math.min(step, length)
    select(g)
      .selectAll<SVGLineElement, number>('line.step-marker')
      .data([at])
      .join('line')
      .attr('class', 'step-marker')
      .attr('y1', M.top)
      .attr('y2', HEIGHT - M.bottom)
      .transition('marker')
      .duration(duration)
      .attr('x1', (d) => x(d))
      .attr('x2', (d) => x(d))
    return () => {
      select(g).selectAll('line.step-marker').interrupt('marker')
    }
  }, [lines, x, y, step, length, duration])

  const at = (side: ChartSide): FdSeriesPoint | undefined => side.points[Math.min(step, side.points.length - 1)]
  const summary = sides
    .map((s) => {
      const p = at(s)
      const last = s.points.at(-1)
      return p && last ? `${s.label}: ${p.vcpu} vCPU fds and ${p.stats} stats fds at this step, ${last.vcpu} and ${last.stats} at the end` : s.label
    })
    .join('. ')
  const yTicks = y.ticks(4)
  const xTicks = x.ticks(6).filter((t) => Number.isInteger(t))
  return (
    <figure className="fd-chart">
      <figcaption className="text-xs font-medium text-slate-700 dark:text-slate-200">Open KVM fds over the steps</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Open KVM fds over the steps. ${summary}.`} className="w-full">
        <g className="axis" aria-hidden="true">
          {yTicks.map((t) => (
            <g key={`y${t}`}>
              <line x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} className="grid-line" />
              <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
                {t}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <text key={`x${t}`} x={x(t)} y={HEIGHT - M.bottom + 16} textAnchor="middle">
              {t}
            </text>
          ))}
          <text x={WIDTH - M.right} y={HEIGHT - 2} textAnchor="end">
            step
          </text>
        </g>
        <g ref={plot} />
      </svg>
      <ul className="chart-legend" aria-label="Chart legend">
        {sides.map((s, i) => (
          <li key={i} className={sideClass[i]}>
            <span className="swatch" aria-hidden="true" /> {s.label}: vCPU fds
            <span className="swatch is-stats" aria-hidden="true" /> stats fds
          </li>
        ))}
      </ul>
    </figure>
  )
}
