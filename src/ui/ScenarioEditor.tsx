import { useEffect, useId, useState } from 'react'
import { LIMITS } from '../scenario/codec.ts'
import type { Question } from '../scenario/scenario.ts'
import { useExplorer } from '../store/store.ts'

const field = 'w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950'
const button = 'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800'

function without<T>(record: Readonly<Record<number, T>>, key: number): Record<number, T> {
  const out: Record<number, T> = { ...record }
  delete out[key]
  return out
}

interface Draft {
  prompt: string
  choices: string
  answer: number
  explanation: string
}

const draftOf = (q: Question | undefined): Draft =>
  q ? { prompt: q.prompt, choices: q.choices.join('\n'), answer: q.answer, explanation: q.explanation } : { prompt: '', choices: '', answer: 0, explanation: '' }

/** A question goes into the scenario (and its link) only once it is complete: a prompt and two to eight choices. */
function questionFrom(draft: Draft): Question | string {
  const choices = draft.choices
    .split('\n')
    .map((c) => c.trim())
    .filter((c) => c !== '')
  if (draft.prompt.trim() === '') return 'A question needs its prompt.'
  if (choices.length < 2) return 'A question needs at least two choices, one per line.'
  if (choices.length > LIMITS.choices) return `A question has at most ${LIMITS.choices} choices.`
  if (choices.some((c) => c.length > LIMITS.choiceChars)) return `A choice is at most ${LIMITS.choiceChars} characters.`
  return { prompt: draft.prompt.trim(), choices, answer: Math.min(draft.answer, choices.length - 1), explanation: draft.explanation.trim() }
}

/** The question asked before step k: edited as a draft, saved when complete. */
function QuestionEditor({ step }: { step: number }) {
  const question = useExplorer((s) => s.replay.scenario.questions[step])
  const annotate = useExplorer((s) => s.annotate)
  const [draft, setDraft] = useState<Draft>(() => draftOf(question))
  const [open, setOpen] = useState(question !== undefined)
  const id = useId()
  // An undo or the other window changed it: show what the scenario holds (but not while
  // the draft is what the scenario holds, or typing would lose a trailing newline).
  useEffect(() => {
    setDraft((current) => {
      const saved = questionFrom(current)
      return typeof saved !== 'string' && JSON.stringify(saved) === JSON.stringify(question) ? current : draftOf(question)
    })
    if (question !== undefined) setOpen(true)
  }, [question])

  const update = (next: Draft): void => {
    setDraft(next)
    const q = questionFrom(next)
    if (typeof q === 'string') return
    annotate({ questions: { ...useExplorer.getState().replay.scenario.questions, [step]: q } }, `question:${step}`)
  }
  const problem = questionFrom(draft)
  const choices = draft.choices.split('\n').filter((c) => c.trim() !== '')

  if (!open)
    return (
      <button type="button" className={button} onClick={() => setOpen(true)}>
        Add a question before step {step}
      </button>
    )
  return (
    <fieldset className="flex flex-col gap-2 rounded border border-slate-200 p-2 dark:border-slate-700">
      <legend className="px-1 text-sm font-medium">Question before step {step} (predict, then reveal)</legend>
      <label className="flex flex-col gap-1 text-sm">
        <span>Question</span>
        <input className={field} value={draft.prompt} maxLength={LIMITS.questionChars} onChange={(e) => update({ ...draft, prompt: e.target.value })} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span>Choices, one per line</span>
        <textarea className={field} rows={3} value={draft.choices} onChange={(e) => update({ ...draft, choices: e.target.value })} />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <span>Right answer</span>
        <select className={field + ' w-auto'} value={Math.min(draft.answer, Math.max(choices.length - 1, 0))} onChange={(e) => update({ ...draft, answer: Number(e.target.value) })}>
          {choices.map((c, i) => (
            <option key={i} value={i}>
              {String.fromCharCode(65 + i)}. {c.trim().slice(0, 60)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span>Explanation, shown with the answer</span>
        <input className={field} value={draft.explanation} maxLength={LIMITS.narrationChars} onChange={(e) => update({ ...draft, explanation: e.target.value })} />
      </label>
      {typeof problem === 'string' && (
        <p id={`${id}-problem`} role="status" className="text-sm text-amber-800 dark:text-amber-200">
          Not saved yet: {problem}
        </p>
      )}
      <div>
        <button
          type="button"
          className={button}
          onClick={() => {
            if (question) annotate({ questions: without(useExplorer.getState().replay.scenario.questions, step) }, `question-remove:${step}`)
            setDraft(draftOf(undefined))
            setOpen(false)
          }}
        >
          Remove the question
        </button>
      </div>
    </fieldset>
  )
}

/**
 * The scenario's title, and the current step's narration, question and
 * speaker notes. Every change goes into the scenario, so into its link; typing
 * in one field is one undo.
 */
export function ScenarioEditor({ id }: { id?: string }) {
  const step = useExplorer((s) => s.step)
  const scenario = useExplorer((s) => s.replay.scenario)
  const annotate = useExplorer((s) => s.annotate)
  const setText = (kind: 'narration' | 'notes', text: string): void => {
    const current = useExplorer.getState().replay.scenario[kind]
    annotate({ [kind]: text === '' ? without(current, step) : { ...current, [step]: text } }, `${kind}:${step}`)
  }
  return (
    <section id={id} aria-label="Scenario editor" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-2 dark:border-slate-700 dark:bg-slate-900">
      <div className="flex flex-col gap-2">
        <label className="flex flex-col gap-1 text-sm">
          <span>Title</span>
          <input className={field} value={scenario.title} maxLength={LIMITS.titleChars} onChange={(e) => annotate({ title: e.target.value }, 'title')} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span>Narration at step {step}</span>
          <textarea className={field} rows={3} maxLength={LIMITS.narrationChars} value={scenario.narration[step] ?? ''} onChange={(e) => setText('narration', e.target.value)} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span>Speaker notes at step {step}</span>
          <textarea className={field} rows={3} maxLength={LIMITS.notesChars} value={scenario.notes[step] ?? ''} onChange={(e) => setText('notes', e.target.value)} />
        </label>
      </div>
      <div className="flex flex-col gap-2">
        {step === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">A question is asked before a step: step forward to the step it is about.</p>
        ) : scenario.steps[step - 1]?.kind === 'host' ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            Step {step} is recorded host activity, which a presentation passes without stopping: put a question on a command.
          </p>
        ) : (
          <QuestionEditor key={step} step={step} />
        )}
      </div>
    </section>
  )
}
