import { exportFileName } from '../export/filename.ts'
import { panelsSvg } from '../export/svg.ts'
import { transcriptText } from '../export/transcript.ts'
import { describeStep } from '../scenario/scenario.ts'
import { useExplorer } from '../store/store.ts'
import { save, saveScenario } from './download.ts'
import { Menu, type MenuItem } from './Menu.tsx'

/** The PNG is drawn at twice the SVG's size: sharp on slides and high-density screens. */
const PNG_SCALE = 2

/** The current step's panels as SVG, with the step's command and narration as its caption. */
function currentSvg(): { svg: string; name: (ext: string) => string } {
  const { replay, step, frame } = useExplorer.getState()
  const { scenario } = replay
  const svg = panelsSvg(frame.state, {
    title: scenario.title,
    step,
    steps: replay.length,
    caption: frame.record.command ? describeStep(frame.record.command) : '',
    narration: scenario.narration[step] ?? frame.record.narration ?? '',
    previous: frame.previous,
  })
  return { svg, name: (ext) => exportFileName(scenario.title, { step }, ext) }
}

/**
 * Rasterises an SVG through an <img> on a canvas. The SVG has no
 * foreignObject and no external references, so the canvas is not tainted
 * and toBlob works.
 */
async function svgToPng(svg: string, scale: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }))
  try {
    const image = new Image()
    image.src = url
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(image.naturalWidth * scale)
    canvas.height = Math.round(image.naturalHeight * scale)
    const context = canvas.getContext('2d')
    if (!context) throw new Error('no 2D canvas')
    context.drawImage(image, 0, 0, canvas.width, canvas.height)
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob gave nothing'))), 'image/png'))
  } finally {
    URL.revokeObjectURL(url)
  }
}

const formats: readonly MenuItem[] = [
  {
    label: 'Panels as SVG',
    run: () => {
      const { svg, name } = currentSvg()
      save(new Blob([svg], { type: 'image/svg+xml' }), name('svg'))
    },
  },
  {
    label: 'Panels as PNG',
    run: async () => {
      const { svg, name } = currentSvg()
      try {
        save(await svgToPng(svg, PNG_SCALE), name('png'))
      } catch {
        useExplorer.getState().setNotice({ kind: 'error', text: 'This browser could not draw the panels as a PNG: export them as SVG instead.', actions: [] })
      }
    },
  },
  {
    label: 'Transcript (text)',
    run: () => {
      const { replay } = useExplorer.getState()
      save(new Blob([transcriptText(replay)], { type: 'text/plain;charset=utf-8' }), exportFileName(replay.scenario.title, 'transcript', 'txt'))
    },
  },
  {
    label: 'Scenario (JSON)',
    run: saveScenario,
  },
]

/** Export the current step's panels (SVG, PNG), the scenario's transcript (text) or the scenario itself (JSON). */
export function ExportMenu() {
  return <Menu label="Export" listLabel="Export" items={formats} listClassName="right-0 w-56" />
}
