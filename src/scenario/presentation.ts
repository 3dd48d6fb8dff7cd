/**
 * Presenting a scenario from a projector: where a clicker's "forward" and
 * "back" go when a step asks a question first, which panels a step needs on
 * screen, and what in those panels is the evidence for its answer. Pure:
 * the store and the presentation view use it, the tests drive it directly.
 */
import type { SimEvent } from '../model/events.ts'
import type { StepRecord } from './replay.ts'
import { describeStep, type Question, type Scenario } from './scenario.ts'

/**
 * Where a presentation stands: at `step`, and either nothing more, or the
 * question about the next stop on screen (not applied yet), or the answer to
 * the question about `step` revealed (step applied).
 */
export interface Position {
  readonly step: number
  readonly phase: 'none' | 'question' | 'answer'
}

/**
 * Is step k a place to stop while presenting? Recorded host activity (other
 * processes taking TIDs, a worker thread coming and going, time passing) is
 * the host living on, not something to show: it is applied on the way to the
 * next command. The start and the end are always stops.
 */
function isStop(scenario: Pick<Scenario, 'steps'>, k: number): boolean {
  return k === 0 || k === scenario.steps.length || scenario.steps[k - 1]?.kind !== 'host'
}

const stopsOf = new WeakMap<Pick<Scenario, 'steps'>, readonly number[]>()

/** The steps a presentation stops at, in order: "step i of n" counts these. Computed once per scenario. */
export function stops(scenario: Pick<Scenario, 'steps'>): readonly number[] {
  let out = stopsOf.get(scenario)
  if (!out) {
    const found: number[] = []
    for (let k = 0; k <= scenario.steps.length; k++) if (isStop(scenario, k)) found.push(k)
    stopsOf.set(scenario, (out = found))
  }
  return out
}

export function nextStop(scenario: Scenario, step: number): number {
  let k = Math.min(step + 1, scenario.steps.length)
  while (!isStop(scenario, k)) k++
  return k
}

export function previousStop(scenario: Scenario, step: number): number {
  let k = Math.max(step - 1, 0)
  while (!isStop(scenario, k)) k--
  return k
}

/** Which stop a step is at, as the audience counts them (a step between stops counts as the stop before it). */
export function stopIndex(scenario: Scenario, step: number): number {
  const all = stops(scenario)
  // The last stop ≤ step, by bisection (stops are sorted; stop 0 is step 0).
  let low = 0
  let high = all.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (all[mid]! <= step) low = mid
    else high = mid - 1
  }
  return low
}

/** The stop a step counts as: itself, or the stop before it. */
export function stopAt(scenario: Scenario, step: number): number {
  return stops(scenario)[stopIndex(scenario, step)]!
}

/** The caption of a stop: the author's narration, else the model's sentence, else the command itself. */
export function captionOf(scenario: Scenario, stop: number, record: StepRecord): string {
  return scenario.narration[stop] ?? record.narration ?? (record.command ? describeStep(record.command) : '')
}

/** The question on screen at a position, if any. */
export function questionAt(scenario: Scenario, at: Position): Question | undefined {
  if (at.phase === 'question') return at.step < scenario.steps.length ? scenario.questions[nextStop(scenario, at.step)] : undefined
  if (at.phase === 'answer') return scenario.questions[at.step]
  return undefined
}

/** Forward: to the next stop; a question comes before its step, and its answer is the step applied. */
export function forward(scenario: Scenario, at: Position): Position {
  const length = scenario.steps.length
  if (at.step >= length) return at
  const next = nextStop(scenario, at.step)
  if (at.phase === 'question') return { step: next, phase: 'answer' }
  if (scenario.questions[next]) return { step: at.step, phase: 'question' }
  return { step: next, phase: 'none' }
}

/**
 * Back undoes the last forward: an answer goes back to its question, a question
 * goes away, and a step that was reached through a question shows its answer again.
 */
export function back(scenario: Scenario, at: Position): Position {
  if (at.phase === 'question') return { step: at.step, phase: 'none' }
  if (at.step === 0) return at
  const previous = previousStop(scenario, at.step)
  if (at.phase === 'answer' && scenario.questions[at.step]) return { step: previous, phase: 'question' }
  return { step: previous, phase: scenario.questions[previous] ? 'answer' : 'none' }
}

export type PanelId = 'slots' | 'fds' | 'parked' | 'threads' | 'debugfs' | 'info-cpus' | 'console'

const has = (events: readonly SimEvent[], ...kinds: SimEvent['kind'][]): boolean => events.some((e) => kinds.includes(e.kind))

/** The host panels a shell command's output is about, from the paths and tools it names. */
function panelsOfShellLine(line: string): PanelId[] {
  const panels: PanelId[] = []
  if (/\blsof\b|\/fd\b|\/maps\b/.test(line)) panels.push('fds')
  if (/\bpidstat\b|\/task\b|\bcomm\b/.test(line)) panels.push('threads')
  if (/\/sys\/kernel\/debug\b/.test(line)) panels.push('debugfs')
  return panels
}

/**
 * The panels step `record` needs on a projector, most important first: few and
 * large. A console command shows its own output first; a hot-plug shows where
 * the fd and the thread went (§1.7), and debugfs when a vCPU dir appears or stays (§5.3).
 */
export function panelsFor(record: StepRecord, phase: Position['phase'] = 'none'): PanelId[] {
  // Before a reveal, the command about to run comes first: it is what the room predicts from.
  if (phase === 'question') return [...new Set<PanelId>(['console', ...panelsFor(record)])].slice(0, 4)
  const c = record.command
  const events = record.events
  if (c === null || c.kind === 'boot') return ['slots', 'fds', 'threads']
  if (c.kind === 'guest') return ['slots', 'console']
  if (c.kind === 'host') return ['threads']
  if (c.kind === 'shell') return (['console', ...panelsOfShellLine(c.line)] satisfies PanelId[]).slice(0, 3)
  const panels: PanelId[] = []
  if (has(events, 'qdev-device-add', 'acpi-eject-request', 'cpu-list-remove', 'guest-ej0', 'guest-ignores')) panels.push('slots')
  if (has(events, 'kvm-create-vcpu', 'found-parked', 'fd-parked')) panels.push('fds')
  if (has(events, 'found-parked', 'fd-parked')) panels.push('parked')
  if (has(events, 'thread-create', 'thread-exit')) panels.push('threads')
  if (has(events, 'debugfs-create')) panels.push('debugfs')
  if (/^\s*info\s+cpus\b/.test(c.line) || has(events, 'monitor-cpu-set')) panels.push('info-cpus')
  // Errors, info commands and anything without a host effect: the monitor's answer is the point.
  if (panels.length === 0 || !record.ok || has(events, 'error')) panels.unshift('console')
  return panels.slice(0, 4)
}

/** One piece of evidence: an item in a panel (`fd:32`, `tid:6272`, `vcpu:5`) and what it shows. */
export interface Evidence {
  readonly key: string
  readonly text: string
}

/** What in the panels shows what step `record` did: the fd that came back or was parked, the thread that started or ended. */
export function evidenceFor(record: StepRecord): Evidence[] {
  const out: Evidence[] = []
  for (const e of record.events) {
    switch (e.kind) {
      case 'found-parked':
        out.push({ key: `fd:${e.fd}`, text: `fd ${e.fd} came back: ${e.source}() found vcpu_id ${e.vcpuId} on kvm_parked_vcpus (accel/kvm/kvm-all.c).` })
        break
      case 'kvm-create-vcpu':
        out.push({ key: `fd:${e.fd}`, text: `fd ${e.fd} is new: KVM_CREATE_VCPU for vcpu_id ${e.vcpuId} (virt/kvm/kvm_main.c kvm_vm_ioctl_create_vcpu).` })
        break
      case 'fd-parked':
        out.push({ key: `fd:${e.fd}`, text: `fd ${e.fd} stays open: ${e.source}() put vcpu_id ${e.vcpuId} on kvm_parked_vcpus (accel/kvm/kvm-all.c).` })
        break
      case 'thread-create':
        out.push({ key: `tid:${e.tid}`, text: `A new thread: TID ${e.tid}, ${e.name} (${e.source}).` })
        break
      case 'thread-exit':
        out.push({ key: `tid:${e.tid}`, text: `Thread ${e.tid} (${e.name}) exited.` })
        break
      case 'debugfs-create':
        if (e.vcpuId !== null) out.push({ key: `vcpu:${e.vcpuId}`, text: `debugfs ${e.path} created with the vCPU (virt/kvm/kvm_main.c kvm_create_vcpu_debugfs).` })
        break
      case 'kvm-create-vcpu-failed':
        out.push({ key: '', text: `KVM_CREATE_VCPU for vcpu_id ${e.vcpuId} failed: ${e.errno}.` })
        break
      case 'error':
        out.push({ key: '', text: e.message })
        break
    }
  }
  // The fds first (the question is usually about them), then threads, then debugfs; errors last.
  const order = (e: Evidence): number => ['fd:', 'tid:', 'vcpu:'].findIndex((prefix) => e.key.startsWith(prefix)) >>> 0
  return out.sort((a, b) => order(a) - order(b))
}
