import { useMemo, useRef, useState } from 'react'
import { decodeFile, LINK_WARN_CHARS } from '../scenario/codec.ts'
import { presets } from '../scenario/presets.ts'
import { currentFragment, openDefault, restorePrevious } from '../store/persist.ts'
import { useExplorer } from '../store/store.ts'
import { saveScenario } from './download.ts'
import { Menu } from './Menu.tsx'
import { ExportMenu } from './ExportMenu.tsx'

const button = 'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800'

/** The built-in scenarios. */
function ScenariosMenu() {
  const load = useExplorer((s) => s.load)
  const items = useMemo(() => presets.map((p, i) => ({ label: `${i + 1}. ${p.scenario.title}`, run: () => void load(p.scenario, p.start) })), [load])
  return <Menu label="Scenarios" listLabel="Built-in scenarios" items={items} listClassName="w-80" />
}

/** The scenario's title, the link (copy, length meter), download and open. */
export function ShareBar() {
  const title = useExplorer((s) => s.replay.scenario.title)
  const replay = useExplorer((s) => s.replay)
  const step = useExplorer((s) => s.step)
  const load = useExplorer((s) => s.load)
  const setNotice = useExplorer((s) => s.setNotice)
  const fileInput = useRef<HTMLInputElement>(null)
  // The address bar is written by persist.ts; this is what it holds (and what Copy link copies).
  const url = useMemo(() => `${location.origin}${location.pathname}${location.search}#${currentFragment()}`, [replay, step])
  const length = url.length
  // What a copy said, for the link it copied: a new step or scenario clears it.
  const [copied, setCopied] = useState({ url: '', text: '' })

  const copy = async (what: 'link' | 'embed'): Promise<void> => {
    // The same scenario and step in embed mode, for a blog post or a slide deck (EmbedView.tsx).
    const embedUrl = `${location.origin}${location.pathname}?embed=1#${currentFragment()}`
    const text = what === 'link' ? url : `<iframe src="${embedUrl}" title="${(title || 'vCPU Hotplug Explorer').replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}" width="960" height="640" style="border:0"></iframe>`
    try {
      await navigator.clipboard.writeText(text)
      setCopied({ url, text: what === 'link' ? 'Link copied.' : 'Embed code copied.' })
    } catch {
      setCopied({ url, text: what === 'link' ? 'Copying was blocked: copy the address bar instead.' : `Copying was blocked: embed ${embedUrl}` })
    }
  }

  const open = async (file: File): Promise<void> => {
    const decoded = decodeFile(await file.text())
    if (!decoded.ok) setNotice({ kind: 'error', text: decoded.error, actions: ['default'] })
    else load(decoded.scenario, decoded.step)
  }

  const tooLong = length > LINK_WARN_CHARS
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ScenariosMenu />
      <h2 className="min-w-0 flex-1 truncate text-sm font-medium text-slate-800 dark:text-slate-100" title={title}>
        {title === '' ? 'Untitled scenario' : title}
      </h2>
      <button type="button" className={button} onClick={() => void copy('link')}>
        Copy link
      </button>
      <button type="button" className={button} onClick={() => void copy('embed')}>
        Copy embed code
      </button>
      <span aria-live="polite" className="text-xs text-teal-700 dark:text-teal-300">
        {copied.url === url ? copied.text : ''}
      </span>
      <label className="flex items-center gap-1 text-xs text-slate-600 dark:text-slate-300">
        <span>Link length</span>
        <meter min={0} max={LINK_WARN_CHARS * 1.5} low={LINK_WARN_CHARS * 0.75} high={LINK_WARN_CHARS} optimum={0} value={length} className="w-20" />
        <span className={tooLong ? 'font-semibold text-amber-700 dark:text-amber-300' : ''}>
          {length.toLocaleString('en-US')} characters{tooLong ? ': too long for chat and QR codes, download the scenario instead' : ''}
        </span>
      </label>
      <button type="button" className={`${button} ${tooLong ? 'border-amber-500' : ''}`} onClick={saveScenario}>
        Download scenario
      </button>
      <button type="button" className={button} onClick={() => fileInput.current?.click()}>
        Open scenario
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        aria-label="Scenario file"
        className="hidden"
        onChange={(e) => {
          const file = e.target.files?.[0]
          if (file) void open(file)
          e.target.value = ''
        }}
      />
      <ExportMenu />
    </div>
  )
}

/** What went wrong with a link or file, in one sentence, and the way out. */
export function NoticeBanner() {
  const notice = useExplorer((s) => s.notice)
  const setNotice = useExplorer((s) => s.setNotice)
  if (!notice) return null
  const error = notice.kind === 'error'
  return (
    <div
      role={error ? 'alert' : undefined}
      aria-live={error ? undefined : 'polite'}
      className={`flex flex-wrap items-center gap-3 rounded-md border px-3 py-2 text-sm ${error ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100' : 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100'}`}
    >
      <p className="flex-1">{notice.text}</p>
      {notice.actions.includes('default') && (
        <button type="button" className={button} onClick={() => openDefault()}>
          Start from the default scenario
        </button>
      )}
      {notice.actions.includes('restore') && (
        <button type="button" className={button} onClick={() => restorePrevious()}>
          Go back to my saved scenario
        </button>
      )}
      <button type="button" className={button} onClick={() => setNotice(null)}>
        Dismiss
      </button>
    </div>
  )
}
