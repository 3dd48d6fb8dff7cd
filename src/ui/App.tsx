import { useEffect, useId, useRef, useState } from 'react'
import type { GuestBehaviour } from '../model/state.ts'
import { useExplorer, type Speed } from '../store/store.ts'
import { BootBar } from './BootBar.tsx'
import { Console } from './Console.tsx'
import { useReducedMotionPreference } from './motion.ts'
import { Flights, Narration, Tooltip } from './Overlay.tsx'
import { HostPanelsGrid } from './panels/HostPanels.tsx'
import { statusLine } from './panels/items.ts'
import { SlotsPanel } from './panels/SlotsPanel.tsx'
import { WhatHappenedPanel } from './panels/WhatHappenedPanel.tsx'
import { startPersistence } from '../store/persist.ts'
import { NoticeBanner, ShareBar } from './ShareBar.tsx'
import { Timeline } from './Timeline.tsx'
import { EmbedView } from './EmbedView.tsx'
import { openPresenterView, Presentation, takePresentFocus } from './Presentation.tsx'
import { PresenterView } from './PresenterView.tsx'
import { ScenarioEditor } from './ScenarioEditor.tsx'
import { startSync } from '../store/sync.ts'
import { typingInField } from './keys.ts'
import { ProfileBar, ProfileNote } from './ProfileBar.tsx'
import { Comparison } from './Comparison.tsx'

/** Which view this window is, from its address: `?embed=1`, `?presenter=1`, or the explorer. */
export type ViewRole = 'explorer' | 'embed' | 'presenter'

export function viewRole(search: string): ViewRole {
  const params = new URLSearchParams(search)
  if (params.get('embed') === '1') return 'embed'
  if (params.get('presenter') === '1') return 'presenter'
  return 'explorer'
}

const guestOptions: { value: GuestBehaviour; label: string }[] = [
  { value: 'cooperative', label: 'Cooperative (ejects at once)' },
  { value: 'ignore', label: 'Ignores unplug requests' },
  { value: 'not-booted', label: 'Not booted (firmware, legacy ACPI)' },
]

const speedOptions: { value: Speed; label: string }[] = [
  { value: 'slow', label: 'Slow' },
  { value: 'normal', label: 'Normal' },
  { value: 'fast', label: 'Fast' },
  { value: 'instant', label: 'Instant' },
]

/** A labelled select over a fixed set of options. */
function Choice<T extends string>({ label, value, options, onChange, disabled }: { label: string; value: T; options: readonly { value: T; label: string }[]; onChange: (value: T) => void; disabled?: boolean }) {
  return (
    <label className="flex items-center gap-2">
      <span>{label}</span>
      <select
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
}

function Controls() {
  const guest = useExplorer((s) => s.frame.state.guest)
  const setGuest = useExplorer((s) => s.setGuest)
  const speed = useExplorer((s) => s.speed)
  const setSpeed = useExplorer((s) => s.setSpeed)
  const reduced = useExplorer((s) => s.reducedMotion)
  const theme = useExplorer((s) => s.theme)
  const setTheme = useExplorer((s) => s.setTheme)
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700 dark:text-slate-200">
      <Choice label="Guest" value={guest} options={guestOptions} onChange={setGuest} />
      <Choice label="Animation speed" value={reduced ? 'instant' : speed} options={speedOptions} onChange={setSpeed} disabled={reduced} />
      <button
        type="button"
        aria-pressed={theme === 'dark'}
        className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        Dark theme
      </button>
    </div>
  )
}

const headerButton = 'rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800'

/** Present (also `p`), the presenter's window, and the editor for title, narration, questions and notes. */
function PresentControls({ editing, setEditing, editorId }: { editing: boolean; setEditing: (on: boolean) => void; editorId: string }) {
  const setPresenting = useExplorer((s) => s.setPresenting)
  const present = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (takePresentFocus()) present.current?.focus()
  }, [])
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <button ref={present} type="button" className={`${headerButton} font-semibold`} onClick={() => setPresenting(true)} aria-keyshortcuts="p">
        Present
      </button>
      <button type="button" className={headerButton} onClick={openPresenterView}>
        Presenter view
      </button>
      <button type="button" className={headerButton} aria-expanded={editing} aria-controls={editing ? editorId : undefined} onClick={() => setEditing(!editing)}>
        Edit scenario
      </button>
    </div>
  )
}

function Status() {
  const sim = useExplorer((s) => s.frame.state)
  return <p className="text-sm text-slate-600 dark:text-slate-300">{statusLine(sim)}</p>
}

function ExplorerView() {
  const compare = useExplorer((s) => s.compare)
  const [editing, setEditing] = useState(false)
  const editorId = useId()
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typingInField(event)) return
      if (event.key !== 'p' && event.key !== 'P') return
      event.preventDefault()
      useExplorer.getState().setPresenting(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
        <div className="flex flex-wrap items-center justify-between gap-x-6 gap-y-2">
          <div>
            <h1 className="text-lg font-semibold">vCPU Hotplug Explorer</h1>
            <p className="text-xs text-slate-600 dark:text-slate-400">What hot-plugging a vCPU really does on the host, on your QEMU and kernel</p>
          </div>
          <Status />
          <PresentControls editing={editing} setEditing={setEditing} editorId={editorId} />
          <Controls />
        </div>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-x-6 gap-y-2 border-t border-slate-100 pt-2 dark:border-slate-800">
          <ProfileBar />
          <ProfileNote />
        </div>
      </header>
      <main className="flex flex-col gap-3 p-3 sm:p-4">
        <NoticeBanner />
        <ShareBar />
        <Timeline />
        {editing && <ScenarioEditor id={editorId} />}
        <BootBar />
        <Narration />
        {compare && <Comparison compare={compare} />}
        <div className="grid grid-cols-1 gap-3 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
          <SlotsPanel />
          <WhatHappenedPanel />
        </div>
        <HostPanelsGrid className="2xl:grid-cols-5" />
        <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
          <Console id="monitor" label="QEMU monitor" title="QEMU monitor (HMP)" hint="device_add, device_del, info cpus, info hotpluggable-cpus, cpu N, help" />
          <Console id="shell" label="Host shell" title="Host shell (root)" hint="lsof -p PID, pidstat -p PID -t, ls /proc/PID/fd, ls /sys/kernel/debug/kvm/…" />
        </div>
      </main>
    </div>
  )
}

const role = viewRole(globalThis.location?.search ?? '')

// Presenting is part of the address (`?present=1`): a reload in the middle of a talk stays presenting,
// and the address bar's link opens presenting.
if (role === 'explorer' && new URLSearchParams(globalThis.location?.search ?? '').get('present') === '1') useExplorer.setState({ presenting: true })

function usePresentInAddress(presenting: boolean): void {
  useEffect(() => {
    if (role !== 'explorer') return
    const url = new URL(location.href)
    if (presenting === (url.searchParams.get('present') === '1')) return
    if (presenting) url.searchParams.set('present', '1')
    else url.searchParams.delete('present')
    history.replaceState(history.state, '', url)
  }, [presenting])
}

export function App() {
  const theme = useExplorer((s) => s.theme)
  const presenting = useExplorer((s) => s.presenting)
  useReducedMotionPreference()
  usePresentInAddress(presenting)
  // An embed and the presenter view never touch the reader's saved work.
  useEffect(() => startPersistence({ keepWork: role === 'explorer' }), [])
  useEffect(() => (role === 'embed' ? undefined : startSync(role === 'presenter' ? 'presenter' : 'audience', new URLSearchParams(location.search).get('audience'))), [])
  useEffect(() => {
    document.documentElement.classList.toggle('dark', theme === 'dark')
  }, [theme])

  return (
    <>
      {role === 'embed' ? <EmbedView /> : role === 'presenter' ? <PresenterView /> : presenting ? <Presentation /> : <ExplorerView />}
      <Tooltip />
      <Flights />
    </>
  )
}
