import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { consoleHistory, consoleLines } from '../store/consoles.ts'
import { PROMPTS, useExplorer, type ConsoleId } from '../store/store.ts'

interface Props {
  id: ConsoleId
  /** The input's accessible name; the log is "<label> output". */
  label: string
  title: string
  hint: string
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return ''
  let prefix = words[0]!
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1)
  return prefix
}

/** A terminal: a log of echoed commands and output, an input with history (Up/Down) and Tab completion. */
export function Console({ id, label, title, hint }: Props) {
  // Deferred: while scrubbing, the panels update first and the consoles follow in a later render.
  const replay = useDeferredValue(useExplorer((s) => s.replay))
  const step = useDeferredValue(useExplorer((s) => s.step))
  const run = useExplorer((s) => s.run)
  const complete = useExplorer((s) => s.complete)
  const allLines = useMemo(() => consoleLines(replay, step, id), [replay, step, id])
  const history = useMemo(() => consoleHistory(replay, step, id), [replay, step, id])
  // Ctrl+L hides what is on screen, as `clear` does; the lines stay in the scenario.
  const [clearedAfter, setClearedAfter] = useState<string | null>(null)
  const lines = useMemo(() => {
    const at = clearedAfter === null ? -1 : allLines.findIndex((l) => l.id === clearedAfter)
    return at < 0 ? allLines : allLines.slice(at + 1)
  }, [allLines, clearedAfter])
  const [value, setValue] = useState('')
  const [historyIndex, setHistoryIndex] = useState<number | null>(null)
  const [candidates, setCandidates] = useState<string[]>([])
  const logRef = useRef<HTMLDivElement>(null)
  const headingId = useId()

  useEffect(() => {
    const log = logRef.current
    if (log) log.scrollTop = log.scrollHeight
  }, [lines, candidates])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    run(id, value)
    setValue('')
    setHistoryIndex(null)
    setCandidates([])
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowUp') {
      if (history.length === 0) return
      event.preventDefault()
      const index = historyIndex === null ? history.length - 1 : Math.max(0, historyIndex - 1)
      setHistoryIndex(index)
      setValue(history[index]!)
    } else if (event.key === 'ArrowDown') {
      if (historyIndex === null) return
      event.preventDefault()
      const index = historyIndex + 1
      if (index >= history.length) {
        setHistoryIndex(null)
        setValue('')
      } else {
        setHistoryIndex(index)
        setValue(history[index]!)
      }
    } else if (event.key === 'Tab' && !event.shiftKey) {
      const found = complete(id, value)
      // Tab with nothing to complete moves focus on, as everywhere else on the page.
      if (found.length === 0) return
      event.preventDefault()
      const lastSpace = value.lastIndexOf(' ')
      const head = value.slice(0, lastSpace + 1)
      const word = value.slice(lastSpace + 1)
      if (found.length === 1) {
        const only = found[0]!
        setValue(`${head}${only}${only.endsWith('/') ? '' : ' '}`)
        setCandidates([])
        return
      }
      const prefix = commonPrefix(found)
      if (prefix.length > word.length) setValue(`${head}${prefix}`)
      else setCandidates(found)
    } else if (event.key === 'l' && event.ctrlKey) {
      event.preventDefault()
      setClearedAfter(allLines.at(-1)?.id ?? null)
    } else if (event.key === 'c' && event.ctrlKey && window.getSelection()?.toString() === '') {
      event.preventDefault()
      setValue('')
      setCandidates([])
    }
  }

  return (
    <section aria-labelledby={headingId} className="flex h-[26rem] min-h-0 flex-col overflow-hidden rounded-lg border border-slate-300 bg-white shadow-sm dark:border-slate-700 dark:bg-slate-900">
      <header className="flex items-baseline justify-between gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-700">
        <h2 id={headingId} className="text-sm font-semibold text-slate-800 dark:text-slate-100">
          {title}
        </h2>
        <p className="truncate text-xs text-slate-500 dark:text-slate-400">{hint}</p>
      </header>
      <div
        ref={logRef}
        role="log"
        aria-label={`${label} output`}
        className="terminal console-log min-h-0 flex-1 overflow-auto bg-slate-950 px-3 py-2 text-[13px] leading-5 text-slate-100"
        onClick={() => {
          if (window.getSelection()?.toString() === '') document.getElementById(`${id}-input`)?.focus()
        }}
      >
        {lines.map((line) => (
          <div key={line.id} className={line.kind === 'echo' ? 'text-teal-300' : line.kind === 'note' ? 'text-amber-300' : undefined}>
            {line.text === '' ? ' ' : line.text}
          </div>
        ))}
        {candidates.length > 0 && <div className="text-slate-400">{candidates.join('  ')}</div>}
      </div>
      <form onSubmit={submit} className="terminal flex items-center gap-0 bg-slate-950 px-3 py-2 text-[13px] text-slate-100 focus-within:ring-2 focus-within:ring-teal-400 focus-within:ring-inset">
        <label htmlFor={`${id}-input`} className="shrink-0 text-teal-300">
          {PROMPTS[id]}
        </label>
        <input
          id={`${id}-input`}
          aria-label={label}
          className="min-w-0 flex-1 bg-transparent text-slate-100 caret-teal-300 outline-none"
          value={value}
          onChange={(e) => {
            setValue(e.target.value)
            setHistoryIndex(null)
          }}
          onKeyDown={onKeyDown}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
        />
      </form>
    </section>
  )
}
