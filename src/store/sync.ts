/**
 * The presenter view and its audience window move together: each posts its
 * scenario, step and question phase on a BroadcastChannel, and the other
 * follows. Either window can drive.
 *
 * Pairs, not crowds: a presenter view pairs with one audience window (the one
 * that opened it, else the first that answers), and every state message is
 * addressed to the other window of its pair. Other explorer tabs hear the
 * messages and ignore them, so two ordinary tabs never drag each other around.
 * A window that joins a pair adopts the state of the one already there.
 */
import { decodeFile, encodeFile } from '../scenario/codec.ts'
import type { Position } from '../scenario/presentation.ts'
import type { Scenario } from '../scenario/scenario.ts'
import { useExplorer } from './store.ts'

export const CHANNEL = 'vcpu-hotplug-explorer'

export type SyncRole = 'audience' | 'presenter'

type Message =
  /** A window arrives; a presenter names the audience that opened it (`to`), or asks any. */
  | { readonly type: 'hello'; readonly from: string; readonly role: SyncRole; readonly to: string | null }
  /** A window leaves (closed or reloaded): its pair is free again. */
  | { readonly type: 'bye'; readonly from: string; readonly role: SyncRole }
  | {
      readonly type: 'state'
      readonly from: string
      readonly role: SyncRole
      readonly to: string
      /** The scenario as a scenario file: no length cap but the file's (links stop at 32,768 characters). */
      readonly scenario: string
      readonly step: number
      readonly phase: Position['phase']
      readonly chosen: number | null
    }

/** This window's id on the channel: random, so that two windows never share one. */
export const windowId: string = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')

function isMessage(data: unknown): data is Message {
  if (typeof data !== 'object' || data === null) return false
  const m = data as Record<string, unknown>
  if (typeof m.from !== 'string' || (m.role !== 'audience' && m.role !== 'presenter')) return false
  if (m.type === 'hello') return m.to === null || typeof m.to === 'string'
  if (m.type === 'bye') return true
  return (
    m.type === 'state' &&
    typeof m.to === 'string' &&
    typeof m.scenario === 'string' &&
    Number.isInteger(m.step) &&
    (m.phase === 'none' || m.phase === 'question' || m.phase === 'answer') &&
    (m.chosen === null || Number.isInteger(m.chosen))
  )
}

const encoded = new WeakMap<Scenario, string>()

function encodedScenario(scenario: Scenario): string {
  let text = encoded.get(scenario)
  if (text === undefined) encoded.set(scenario, (text = encodeFile(scenario, 0)))
  return text
}

/**
 * Joins the channel as `role`; a presenter view names the audience window that
 * opened it (`opener`), if any. Returns the way out. Without BroadcastChannel
 * nothing syncs.
 */
export function startSync(role: SyncRole, opener: string | null = null): () => void {
  let channel: BroadcastChannel
  try {
    channel = new BroadcastChannel(CHANNEL)
  } catch {
    return () => {}
  }
  /** The other window of this window's pair, once there is one. */
  let pair: string | null = null
  let applying = false

  const post = (m: Message): void => channel.postMessage(m)
  const stateFor = (to: string): Message => {
    const s = useExplorer.getState()
    return { type: 'state', from: windowId, role, to, scenario: encodedScenario(s.replay.scenario), step: s.step, phase: s.phase, chosen: s.chosen }
  }

  const follow = (m: Extract<Message, { type: 'state' }>): void => {
    applying = true
    try {
      const s = useExplorer.getState()
      if (m.scenario !== encodedScenario(s.replay.scenario)) {
        // The same checks as an opened file: a damaged or hostile message is refused like one.
        const decoded = decodeFile(m.scenario)
        if (!decoded.ok) return
        encoded.set(decoded.scenario, m.scenario)
        s.adopt(decoded.scenario)
      }
      useExplorer.getState().setPosition(m.step, m.phase, m.chosen)
    } finally {
      applying = false
    }
  }

  channel.onmessage = (event: MessageEvent<unknown>) => {
    const m = event.data
    if (!isMessage(m) || m.from === windowId || m.role === role) return
    switch (m.type) {
      case 'hello':
        if (role === 'audience') {
          // A presenter opened by another window is that window's; one opened by its address asks any.
          if (m.to !== null && m.to !== windowId) return
          pair = m.from
          post(stateFor(m.from))
        } else if (pair === null) {
          // An audience window arrived (or came back after a reload): it adopts this view's step.
          pair = m.from
          post(stateFor(m.from))
        }
        return
      case 'bye':
        if (m.from === pair) pair = null
        return
      case 'state':
        if (m.to !== windowId) return
        // A presenter takes the first audience that answers its hello.
        if (role === 'presenter' && pair === null) pair = m.from
        if (m.from === pair) follow(m)
    }
  }

  const unsubscribe = useExplorer.subscribe((s, previous) => {
    if (applying || pair === null) return
    if (s.replay.scenario === previous.replay.scenario && s.step === previous.step && s.phase === previous.phase && s.chosen === previous.chosen) return
    post(stateFor(pair))
  })
  const leave = (): void => post({ type: 'bye', from: windowId, role })
  addEventListener('pagehide', leave)
  post({ type: 'hello', from: windowId, role, to: role === 'presenter' ? opener : null })

  return () => {
    unsubscribe()
    removeEventListener('pagehide', leave)
    leave()
    channel.close()
  }
}
