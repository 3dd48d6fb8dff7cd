import { useMemo } from 'react'
import { currentFragment } from '../store/persist.ts'
import { useExplorer } from '../store/store.ts'
import { Narration } from './Overlay.tsx'
import { HostPanelsGrid } from './panels/HostPanels.tsx'
import { SlotsPanel } from './panels/SlotsPanel.tsx'
import { Timeline } from './Timeline.tsx'

/** The full explorer's address for what the embed shows: same page, no `embed`, same scenario and step. */
function useExplorerUrl(): string {
  const replay = useExplorer((s) => s.replay)
  const step = useExplorer((s) => s.step)
  return useMemo(() => {
    const params = new URLSearchParams(location.search)
    params.delete('embed')
    const search = params.size > 0 ? `?${params}` : ''
    return `${location.pathname}${search}#${currentFragment()}`
  }, [replay, step])
}

/**
 * `?embed=1`: for a blog post or a slide deck. Only the panels and the
 * timeline, sized to the frame; no menus, no consoles; nothing saved in the
 * reader's browser (persist.ts), and a link to open the same step in the full app.
 */
export function EmbedView() {
  const title = useExplorer((s) => s.replay.scenario.title)
  const url = useExplorerUrl()
  return (
    <div className="embed flex h-screen flex-col gap-2 overflow-auto bg-slate-50 p-2 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="flex items-center gap-2">
        <h1 className="min-w-0 flex-1 truncate text-sm font-semibold">{title || 'vCPU Hotplug Explorer'}</h1>
        <a href={url} target="_blank" rel="noopener" className="text-sm text-teal-800 underline dark:text-teal-300">
          Open in explorer ↗
        </a>
      </header>
      <main className="flex flex-col gap-2">
        <Timeline embedded />
        <Narration />
        <SlotsPanel />
        <HostPanelsGrid className="xl:grid-cols-5" />
      </main>
    </div>
  )
}
