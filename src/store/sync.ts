/**
 * The presenter view and the audience window move together: each posts its
 * scenario, step and question phase on a BroadcastChannel, and the other
 * follows. Either window can drive.
 *
 * Who listens: the presenter view always; another window once a presenter
 * view has spoken to it (so two ordinary tabs of the explorer never drag each
 * other around). A window that joins adopts the state of those already there.
 */
import { decodeFragment } from '../scenario/codec.ts'
import type { Position } from '../scenario/presentation.ts'
import { payloadOf, rememberPayload } from './persist.ts'
import { useExplorer } from './store.ts'

export const CHANNEL = 'vcpu-hotplug-explorer'

export type SyncRole = 'audience' | 'presenter'

type Message =
  | { readonly type: 'hello'; readonly from: string; readonly role: SyncRole }
  | {
      readonly type: 'state'
      readonly from: string
      readonly role: SyncRole
      readonly payload: string
      readonly step: number
      readonly phase: Position['phase']
      readonly chosen: number | null
    }

function windowId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

function isMessage(data: unknown): data is Message {
  if (typeof data !== 'object' || data === null) return false
  const m = data as Record<string, unknown>
  if (typeof m.from !== 'string' || (m.role !== 'audience' && m.role !== 'presenter')) return false
  if (m.type === 'hello') return true
  return (
    m.type === 'state' &&
    typeof m.payload === 'string' &&
    Number.isInteger(m.step) &&
    (m.phase === 'none' || m.phase === 'question' || m.phase === 'answer') &&
    (m.chosen === null || Number.isInteger(m.chosen))
  )
}

/** Joins the channel; returns the way out. Without BroadcastChannel (old browsers, some file:// pages) nothing syncs. */
export function startSync(role: SyncRole): () => void {
  let channel: BroadcastChannel
  try {
    channel = new BroadcastChannel(CHANNEL)
  } catch {
    return () => {}
  }
  const id = windowId()
  let linked = role === 'presenter'
  let applying = false

  const state = (): Message => {
    const s = useExplorer.getState()
    return { type: 'state', from: id, role, payload: payloadOf(s.replay.scenario), step: s.step, phase: s.phase, chosen: s.chosen }
  }

  const follow = (m: Extract<Message, { type: 'state' }>): void => {
    applying = true
    try {
      const s = useExplorer.getState()
      if (m.payload !== payloadOf(s.replay.scenario)) {
        // The same codec as links: a damaged or hostile message is refused like a bad link.
        const decoded = decodeFragment(`${m.payload}.${m.step}`)
        if (!decoded.ok) return
        rememberPayload(decoded.scenario, m.payload)
        if (!s.load(decoded.scenario, decoded.step)) return
      }
      useExplorer.getState().setPosition(m.step, m.phase, m.chosen)
    } finally {
      applying = false
    }
  }

  channel.onmessage = (event: MessageEvent<unknown>) => {
    const m = event.data
    if (!isMessage(m) || m.from === id) return
    if (m.type === 'hello') {
      if (!linked && m.role !== 'presenter') return
      linked = true
      channel.postMessage(state())
      return
    }
    if (!linked && m.role !== 'presenter') return
    linked = true
    follow(m)
  }

  const unsubscribe = useExplorer.subscribe((s, previous) => {
    if (applying || !linked) return
    if (s.replay.scenario === previous.replay.scenario && s.step === previous.step && s.phase === previous.phase && s.chosen === previous.chosen) return
    channel.postMessage(state())
  })
  channel.postMessage({ type: 'hello', from: id, role } satisfies Message)

  return () => {
    unsubscribe()
    channel.close()
  }
}
