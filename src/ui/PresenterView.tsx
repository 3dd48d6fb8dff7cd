import { useEffect, useMemo, useState } from 'react'
import { nextStop, questionAt, stopAt, stopIndex, stops } from '../scenario/presentation.ts'
import { describeStep, type Scenario } from '../scenario/scenario.ts'
import { useExplorer } from '../store/store.ts'
import { StepButtons, useClickerKeys } from './Presentation.tsx'

const button = 'rounded-md border border-slate-400 px-3 py-1 hover:bg-slate-100 disabled:opacity-40 dark:border-slate-500 dark:hover:bg-slate-800'

function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mm = String(m).padStart(2, '0')
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`
}

/** A talk timer: runs from when the presenter view opens; pause and reset. */
function Timer() {
  const [startedAt, setStartedAt] = useState(() => performance.now())
  const [pausedAt, setPausedAt] = useState<number | null>(null)
  const [now, setNow] = useState(() => performance.now())
  useEffect(() => {
    if (pausedAt !== null) return
    const timer = setInterval(() => setNow(performance.now()), 250)
    return () => clearInterval(timer)
  }, [pausedAt])
  const elapsed = (pausedAt ?? now) - startedAt
  return (
    <div className="flex items-center gap-2" role="group" aria-label="Timer">
      <span className="font-mono text-3xl tabular-nums" role="timer" aria-label="Elapsed time">
        {formatElapsed(Math.max(0, elapsed))}
      </span>
      <button
        type="button"
        className={button}
        onClick={() => {
          if (pausedAt === null) setPausedAt(performance.now())
          else {
            setStartedAt(startedAt + (performance.now() - pausedAt))
            setPausedAt(null)
          }
        }}
      >
        {pausedAt === null ? 'Pause timer' : 'Resume timer'}
      </button>
      <button
        type="button"
        className={button}
        onClick={() => {
          const t = performance.now()
          setStartedAt(t)
          setNow(t)
          setPausedAt(pausedAt === null ? null : t)
        }}
      >
        Reset timer
      </button>
    </div>
  )
}

/** What the audience is shown at step k, in one line, numbered as the audience counts. */
function stepLine(scenario: Scenario, k: number): string {
  const c = scenario.steps[k - 1]
  return `step ${stopIndex(scenario, k)}: ${c ? describeStep(c) : 'QEMU started'}`
}

/**
 * The presenter's second window: the current and next step, the speaker notes,
 * a timer. It moves with the audience window (src/store/sync.ts), and drives it.
 */
export function PresenterView() {
  const step = useExplorer((s) => s.step)
  const phase = useExplorer((s) => s.phase)
  const replay = useExplorer((s) => s.replay)
  const record = useExplorer((s) => s.frame.record)
  const scenario = replay.scenario
  const length = replay.length
  const digits = useClickerKeys({ fullscreen: false })

  useEffect(() => {
    document.title = `Presenter view: ${scenario.title || 'Untitled scenario'}`
  }, [scenario.title])

  const upcoming = nextStop(scenario, step)
  const question = questionAt(scenario, { step, phase })
  const nextQuestion = phase === 'none' && step < length ? scenario.questions[upcoming] : undefined
  const count = stops(scenario).length - 1
  const next = useMemo(() => {
    if (step >= length) return 'The end of the scenario.'
    if (phase === 'question') return `${stepLine(scenario, upcoming)} (reveals the answer)`
    return nextQuestion ? `First the question: ${nextQuestion.prompt}` : stepLine(scenario, upcoming)
  }, [phase, step, length, scenario, upcoming, nextQuestion])
  // Between stops, what the audience sees is the stop's (Presentation.tsx): so are the notes.
  const atStop = stopAt(scenario, step)
  const notes = scenario.notes[phase === 'question' ? upcoming : atStop]

  return (
    <div className="min-h-screen bg-slate-50 p-4 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="mb-4 flex flex-wrap items-center gap-4">
        <h1 className="min-w-0 flex-1 truncate text-xl font-semibold">Presenter view: {scenario.title || 'Untitled scenario'}</h1>
        <p className="text-xl tabular-nums" aria-live="polite">
          step {stopIndex(scenario, step)} of {count}
          {phase === 'question' ? ' · question on screen' : ''}
          {digits !== '' ? ` · go to step ${digits}…` : ''}
        </p>
        <Timer />
      </header>
      <nav aria-label="Presentation controls" className="mb-4 flex flex-wrap items-center gap-2">
        <StepButtons className={button} />
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Keys, in either window: → Space PageDown next · ← PageUp back · Home End · a number then Enter jumps · in the audience window f full screen, Esc leaves
        </p>
      </nav>
      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-label="Current step" className="rounded-lg border border-slate-300 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
          <h2 className="mb-1 font-semibold">Now</h2>
          <p className="font-mono">{stepLine(scenario, atStop)}</p>
          <p className="mt-2">{scenario.narration[atStop] ?? (atStop === step ? record : replay.recordAt(atStop)).narration ?? ''}</p>
          {question && (
            <div className="mt-3 rounded border border-amber-500 p-2">
              <p className="font-semibold">
                {phase === 'question' ? 'On screen: ' : 'Revealed: '}
                {question.prompt}
              </p>
              <p>
                Answer: {String.fromCharCode(65 + question.answer)}. {question.choices[question.answer]}
              </p>
            </div>
          )}
        </section>
        <section aria-label="Next step" className="rounded-lg border border-slate-300 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
          <h2 className="mb-1 font-semibold">Next</h2>
          <p className="font-mono">{next}</p>
        </section>
        <section aria-label="Speaker notes" className="rounded-lg border border-slate-300 bg-white p-3 lg:col-span-2 dark:border-slate-700 dark:bg-slate-900">
          <h2 className="mb-1 font-semibold">Speaker notes</h2>
          <p className="whitespace-pre-wrap text-lg">{notes || 'No notes for this step.'}</p>
        </section>
      </div>
    </div>
  )
}
