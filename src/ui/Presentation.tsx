import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { captionOf, evidenceFor, nextStop, panelsFor, questionAt, stopAt, stopIndex, stops, type Evidence, type PanelId } from '../scenario/presentation.ts'
import type { StepRecord } from '../scenario/replay.ts'
import { describeStep, type Question } from '../scenario/scenario.ts'
import { currentFragment } from '../store/persist.ts'
import { windowId } from '../store/sync.ts'
import { useExplorer } from '../store/store.ts'
import { isTextField, typingInField } from './keys.ts'
import { Panel } from './Panel.tsx'
import { Comparison } from './Comparison.tsx'
import { NoticeBanner } from './ShareBar.tsx'
import { DebugfsPanel, FdsPanel, InfoCpusPanel, ParkedPanel, ThreadsPanel } from './panels/HostPanels.tsx'
import { SlotsPanel } from './panels/SlotsPanel.tsx'

const button =
  'rounded-md border-2 border-current px-3 py-1 font-semibold hover:bg-black/10 disabled:opacity-40 dark:hover:bg-white/15'

/** The presenter view's address: this page, in presenter mode, paired with this window (sync.ts), on the current scenario and step. */
export function presenterUrl(): string {
  return `${location.pathname}?presenter=1&audience=${windowId}#${currentFragment()}`
}

export function openPresenterView(): void {
  const opened = window.open(presenterUrl(), 'vcpu-hotplug-presenter', 'popup,width=1100,height=760')
  if (!opened) {
    useExplorer.getState().setNotice({
      kind: 'error',
      text: `The browser blocked the presenter window. Allow pop-ups for this page, or open ${location.origin}${presenterUrl()} in another window.`,
      actions: [],
    })
  }
}

let focusPresentNext = false

/** After the presentation: the explorer's Present button takes focus when it is back. */
function returnFocusToPresent(): void {
  focusPresentNext = true
}

/** For the Present button: should it take focus as it mounts (the presentation just ended)? */
export function takePresentFocus(): boolean {
  const take = focusPresentNext
  focusPresentNext = false
  return take
}

export function toggleFullscreen(): void {
  // Refused without a user gesture or in some embeds: nothing to do then, the page still presents.
  if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {})
  else document.documentElement.requestFullscreen?.().catch(() => {})
}

function useFullscreen(): boolean {
  const [on, setOn] = useState(() => !!document.fullscreenElement)
  useEffect(() => {
    const update = (): void => setOn(!!document.fullscreenElement)
    document.addEventListener('fullscreenchange', update)
    return () => document.removeEventListener('fullscreenchange', update)
  }, [])
  return on
}

/**
 * What a clicker and a keyboard do while presenting (and in the presenter view):
 * →, Space, PageDown forward; ←, PageUp back; Home, End; digits then Enter jump.
 * Returns the digits typed so far.
 */
export function useClickerKeys({ onLeave, fullscreen }: { onLeave?: () => void; fullscreen: boolean }): string {
  const [digits, setDigits] = useState('')
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
      // Enter after a number jumps, even with focus on a button (it would press it otherwise).
      const jumping = event.key === 'Enter' && digits !== '' && !isTextField(event.target)
      if (!jumping && typingInField(event)) return
      const s = useExplorer.getState()
      let handled = true
      if (/^[0-9]$/.test(event.key)) setDigits((d) => (d + event.key).slice(-6))
      else if (event.key === 'Enter' && digits !== '') {
        // The number the audience sees: the n-th stop (src/scenario/presentation.ts).
        const all = stops(s.replay.scenario)
        s.setPosition(all[Math.min(Number(digits), all.length - 1)]!, 'none', null)
        setDigits('')
      } else if (event.key === 'Backspace' && digits !== '') setDigits(digits.slice(0, -1))
      else if (event.key === 'Escape' && digits !== '') setDigits('')
      else if (event.key === 'ArrowRight' || event.key === ' ' || event.key === 'PageDown') s.forward()
      else if (event.key === 'ArrowLeft' || event.key === 'PageUp') s.back()
      else if (event.key === 'Home') s.setPosition(0, 'none', null)
      else if (event.key === 'End') s.setPosition(s.replay.length, 'none', null)
      else if (fullscreen && (event.key === 'f' || event.key === 'F')) toggleFullscreen()
      else if (onLeave && (event.key === 'Escape' || event.key === 'p' || event.key === 'P')) onLeave()
      else handled = false
      if (handled) event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [digits, onLeave, fullscreen])
  return digits
}

/**
 * The step's command and what it printed, large: for a question, only the
 * command about to run. Tool output is wide (lsof's lines are over 100
 * columns): a wide one takes the whole row, and its type shrinks to fit it
 * rather than hide columns.
 */
function StepConsole({ record, withOutput }: { record: StepRecord; withOutput: boolean }) {
  const pre = useRef<HTMLPreElement>(null)
  const c = record.command
  const lines = useMemo(() => {
    if (!c || (c.kind !== 'hmp' && c.kind !== 'shell')) return []
    return [describeStep(c), ...(withOutput ? record.output : [])]
  }, [c, record.output, withOutput])
  const columns = Math.max(1, ...lines.map((l) => l.replace(/\t/g, '        ').length))
  useLayoutEffect(() => {
    const element = pre.current
    if (!element) return
    const fit = (): void => {
      element.style.fontSize = ''
      const base = parseFloat(getComputedStyle(element).fontSize)
      // A monospace cell is about 0.6em wide.
      const fitting = (element.clientWidth - 16) / (columns * 0.61)
      element.style.fontSize = `${Math.max(10, Math.min(base, fitting))}px`
    }
    fit()
    const observer = new ResizeObserver(fit)
    observer.observe(element)
    return () => observer.disconnect()
  }, [columns])
  if (lines.length === 0) return null
  const [echo, ...output] = lines
  return (
    <Panel title={c!.kind === 'hmp' ? 'QEMU monitor' : 'Host shell'} className={`present-console ${columns > 64 ? 'is-wide' : ''}`}>
      <pre ref={pre} className="terminal present-terminal" tabIndex={0}>
        <span className="font-semibold">{echo}</span>
        {withOutput ? (output.length > 0 ? `\n${output.join('\n')}` : '') : '\n█'}
      </pre>
    </Panel>
  )
}

function PanelById({ id, record, withOutput }: { id: PanelId; record: StepRecord; withOutput: boolean }): ReactNode {
  switch (id) {
    case 'slots':
      return <SlotsPanel />
    case 'fds':
      return <FdsPanel />
    case 'parked':
      return <ParkedPanel />
    case 'threads':
      return <ThreadsPanel />
    case 'debugfs':
      return <DebugfsPanel />
    case 'info-cpus':
      return <InfoCpusPanel />
    case 'console':
      return <StepConsole record={record} withOutput={withOutput} />
  }
}

/** The question on screen, and once revealed, its answer and the evidence in the panels. */
function QuestionCard({ question, revealed, evidence }: { question: Question; revealed: boolean; evidence: readonly Evidence[] }) {
  const chosen = useExplorer((s) => s.chosen)
  const choose = useExplorer((s) => s.choose)
  return (
    <section aria-label="Question" className="present-question">
      <p className="text-[1.5em] font-semibold">{question.prompt}</p>
      <ol className="mt-2 flex flex-col gap-2">
        {question.choices.map((choice, i) => {
          const right = revealed && i === question.answer
          const wrongPick = revealed && i === chosen && i !== question.answer
          return (
            <li key={i}>
              <button
                type="button"
                aria-pressed={chosen === i}
                className={`present-choice ${chosen === i ? 'is-chosen' : ''} ${right ? 'is-right' : ''} ${wrongPick ? 'is-wrong' : ''}`}
                onClick={() => choose(chosen === i ? null : i)}
              >
                <span className="font-mono">{String.fromCharCode(65 + i)}.</span> {choice}
                {right && <span className="ml-2 font-semibold">✓ the answer</span>}
                {wrongPick && <span className="ml-2 inline-block font-semibold">✗ not this one</span>}
              </button>
            </li>
          )
        })}
      </ol>
      {revealed ? (
        <div className="mt-3" aria-live="polite">
          <p>
            <strong>Answer: {String.fromCharCode(65 + question.answer)}.</strong> {question.explanation}
          </p>
          {evidence.length > 0 && (
            <ul aria-label="Evidence" className="present-evidence mt-2 list-disc pl-6">
              {evidence.map((e, i) => (
                <li key={i}>{e.text}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <p className="mt-3 italic">Predict, then press → to reveal.</p>
      )}
    </section>
  )
}

/** Previous and Next, as a clicker's keys do: through questions and their answers. */
export function StepButtons({ className }: { className: string }) {
  const step = useExplorer((s) => s.step)
  const phase = useExplorer((s) => s.phase)
  const length = useExplorer((s) => s.replay.length)
  const { forward, back } = useExplorer.getState()
  return (
    <>
      <button type="button" className={className} onClick={back} disabled={step === 0 && phase === 'none'}>
        ← Previous
      </button>
      <button type="button" className={className} onClick={forward} disabled={step >= length && phase === 'none'}>
        Next →
      </button>
    </>
  )
}

/** Presentation mode: large type, the panels the step needs, its narration as a caption, questions before their steps. */
export function Presentation() {
  const step = useExplorer((s) => s.step)
  const phase = useExplorer((s) => s.phase)
  const replay = useExplorer((s) => s.replay)
  const record = useExplorer((s) => s.frame.record)
  // A comparison presents both profiles side by side, with its chart, instead of the step's panels.
  const compare = useExplorer((s) => s.compare)
  const setPresenting = useExplorer((s) => s.setPresenting)
  const scenario = replay.scenario
  const fullscreen = useFullscreen()
  const leave = useCallback(() => {
    if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {})
    setPresenting(false)
  }, [setPresenting])
  const digits = useClickerKeys({ onLeave: leave, fullscreen: true })

  // With a question on screen, the panels are those the next step will change, as they are before it.
  const upcoming = nextStop(scenario, step)
  // Between stops (a scenario opened after recorded host activity) caption and panels are the
  // stop's: host activity has no story of its own.
  const atStop = stopAt(scenario, step)
  const stopRecord = atStop === step ? record : replay.recordAt(atStop)
  const shownRecord = phase === 'question' ? replay.recordAt(upcoming) : stopRecord
  const panels = useMemo(() => panelsFor(shownRecord, phase), [shownRecord, phase])
  const question = questionAt(scenario, { step, phase })
  const evidence = useMemo(() => (phase === 'answer' ? evidenceFor(record) : []), [phase, record])

  // Focus comes into the presentation (the button pressed is gone), and goes back to Present after.
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.documentElement.classList.add('presenting')
    heading.current?.focus({ preventScroll: true })
    return () => {
      document.documentElement.classList.remove('presenting')
      returnFocusToPresent()
    }
  }, [])

  const caption = captionOf(scenario, atStop, stopRecord)
  const index = stopIndex(scenario, step)
  const count = stops(scenario).length - 1
  return (
    <div className="presentation">
      <NoticeBanner />
      <header className="present-bar">
        <h1 ref={heading} tabIndex={-1} className="min-w-0 flex-1 truncate text-[1.1em] font-semibold outline-none">{scenario.title || 'Untitled scenario'}</h1>
        <p className="tabular-nums" aria-live="polite">
          step {index} of {count}
          {phase === 'question' ? ' · question' : ''}
          {digits !== '' ? ` · go to step ${digits}…` : ''}
        </p>
        <progress aria-label="Progress" max={Math.max(count, 1)} value={index} className="present-progress" />
        <nav aria-label="Presentation controls" className="flex flex-wrap gap-2">
          <StepButtons className={button} />
          <button type="button" className={button} onClick={openPresenterView}>
            Presenter view
          </button>
          <button type="button" className={button} aria-pressed={fullscreen} onClick={toggleFullscreen}>
            Full screen
          </button>
          <button type="button" className={button} onClick={leave}>
            Leave presentation
          </button>
        </nav>
      </header>
      <section aria-label="Narration" aria-live="polite" className="present-caption">
        <p>{phase === 'question' ? 'Before the next step: what will happen?' : caption}</p>
      </section>
      <main className={`present-body ${question ? 'has-question' : ''}`}>
        {question && <QuestionCard question={question} revealed={phase === 'answer'} evidence={evidence} />}
        {compare ? (
          <Comparison compare={compare} className="present-comparison" />
        ) : (
        <div className="present-panels" data-count={panels.length}>
          {panels.map((id) => (
            <PanelById key={id} id={id} record={shownRecord} withOutput={phase !== 'question'} />
          ))}
        </div>
        )}
      </main>
    </div>
  )
}
