import { useEffect } from 'react'
import { describeStep } from '../scenario/scenario.ts'
import { useExplorer } from '../store/store.ts'
import { typingElsewhere } from './keys.ts'
import { JumpEndIcon, JumpStartIcon } from './icons.tsx'

const button =
  'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-40 disabled:hover:bg-transparent dark:border-slate-600 dark:hover:bg-slate-800'

const rates = [0.5, 1, 2, 5, 10]

/** Step back and forth, scrub, play, undo and redo; ←/→, Home/End and Space when focus is not in a console. */
export function Timeline({ embedded = false }: { embedded?: boolean }) {
  const step = useExplorer((s) => s.step)
  const length = useExplorer((s) => s.replay.length)
  const scenario = useExplorer((s) => s.replay.scenario)
  const playing = useExplorer((s) => s.playing)
  const playRate = useExplorer((s) => s.playRate)
  const canUndo = useExplorer((s) => s.undoStack.length > 0)
  const canRedo = useExplorer((s) => s.redoStack.length > 0)
  const { stepTo, setPlaying, setPlayRate, undo, redo } = useExplorer.getState()

  useEffect(() => {
    if (!playing) return
    const timer = setInterval(() => {
      const s = useExplorer.getState()
      if (s.step >= s.replay.length) s.setPlaying(false)
      else s.stepTo(s.step + 1)
    }, 1000 / playRate)
    return () => clearInterval(timer)
  }, [playing, playRate])

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typingElsewhere(event)) return
      const s = useExplorer.getState()
      const actions: Record<string, () => void> = {
        ArrowLeft: () => s.stepTo(s.step - 1),
        ArrowRight: () => s.stepTo(s.step + 1),
        Home: () => s.stepTo(0),
        End: () => s.stepTo(s.replay.length),
        ' ': () => s.setPlaying(!s.playing),
      }
      const action = actions[event.key]
      if (!action) return
      event.preventDefault()
      action()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const current = step > 0 ? scenario.steps[step - 1] : undefined
  const note = scenario.narration[step]

  return (
    <section aria-label="Timeline controls" className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={button} onClick={() => stepTo(0)} disabled={step === 0} aria-label="Jump to start">
          <JumpStartIcon />
        </button>
        <button type="button" className={button} onClick={() => stepTo(step - 1)} disabled={step === 0} aria-label="Step back">
          ◀ Step back
        </button>
        <button type="button" className={`${button} min-w-20`} onClick={() => setPlaying(!playing)} disabled={length === 0}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className={button} onClick={() => stepTo(step + 1)} disabled={step >= length} aria-label="Step forward">
          Step forward ▶
        </button>
        <button type="button" className={button} onClick={() => stepTo(length)} disabled={step >= length} aria-label="Jump to end">
          <JumpEndIcon />
        </button>
        <input
          type="range"
          aria-label="Timeline"
          aria-valuetext={`step ${step} of ${length}`}
          className="min-w-32 flex-1 accent-teal-700"
          min={0}
          max={length}
          value={step}
          onChange={(e) => stepTo(Number(e.target.value))}
        />
        <span className="min-w-28 text-sm tabular-nums text-slate-600 dark:text-slate-300">
          step {step} of {length}
        </span>
        <label className="flex items-center gap-1 text-sm text-slate-600 dark:text-slate-300">
          <span>Play speed</span>
          <select className="rounded border border-slate-300 bg-white px-1 py-1 dark:border-slate-600 dark:bg-slate-900" value={playRate} onChange={(e) => setPlayRate(Number(e.target.value))}>
            {rates.map((r) => (
              <option key={r} value={r}>
                {r} step{r === 1 ? '' : 's'}/s
              </option>
            ))}
          </select>
        </label>
        {!embedded && (
          <>
            <button type="button" className={button} onClick={undo} disabled={!canUndo}>
              Undo
            </button>
            <button type="button" className={button} onClick={redo} disabled={!canRedo}>
              Redo
            </button>
          </>
        )}
      </div>
      <p className="truncate font-mono text-xs text-slate-500 dark:text-slate-400">{current ? `step ${step}: ${describeStep(current)}` : 'step 0: QEMU started'}</p>
      {note && <p className="text-sm text-slate-800 dark:text-slate-100">{note}</p>}
    </section>
  )
}
