/**
 * The location's fragment always holds the current scenario and step, and
 * localStorage keeps the work when the app is opened without a link. All
 * reading of `location.hash` happens here, through the codec.
 */
import { decodeFragment, encodePayload, splitFragment, type Decoded } from '../scenario/codec.ts'
import { defaultPreset } from '../scenario/presets.ts'
import type { Scenario } from '../scenario/scenario.ts'
import { useExplorer } from './store.ts'

const SAVED = 'vcpu-hotplug-explorer.scenario'
const PREVIOUS = 'vcpu-hotplug-explorer.previous-scenario'

const payloads = new WeakMap<Scenario, string>()

/** The scenario part of the fragment, compressed once per scenario. */
export function payloadOf(scenario: Scenario): string {
  let payload = payloads.get(scenario)
  if (payload === undefined) payloads.set(scenario, (payload = encodePayload(scenario)))
  return payload
}


export function currentFragment(): string {
  const { replay, step } = useExplorer.getState()
  return `${payloadOf(replay.scenario)}.${step}`
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

function read(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null
  } catch {
    return null
  }
}

/**
 * Whether this window keeps the work in localStorage. An embedded view and the
 * presenter view do not: they must never replace what the reader had saved.
 */
let keepsWork = true

function write(key: string, value: string | null): void {
  if (!keepsWork) return
  try {
    if (value === null) storage()?.removeItem(key)
    else storage()?.setItem(key, value)
  } catch {
    // Storage full or blocked: the link in the address bar still holds the work.
  }
}

let written = ''

function writeLocation(): void {
  const fragment = currentFragment()
  if (fragment === written) return
  written = fragment
  history.replaceState(history.state, '', `#${fragment}`)
  write(SAVED, fragment)
}

/** Opens a fragment; on failure keeps what is open and says why in one sentence. */
function openFragment(fragment: string, source: 'link' | 'saved', decoded: Decoded = decodeFragment(fragment)): boolean {
  const store = useExplorer.getState()
  if (!decoded.ok) {
    if (source === 'link') store.setNotice({ kind: 'error', text: decoded.error, actions: ['default'] })
    return false
  }
  return store.load(decoded.scenario, decoded.step)
}

let opened = false

/**
 * Opens a link. Whatever was open (or saved) and differs from it is kept as the
 * previous scenario, and a notice says so and offers to go back.
 */
function openLink(hash: string, replaced: string | null, decoded?: Decoded): void {
  if (!openFragment(hash, 'link', decoded)) return
  if (replaced && splitFragment(replaced).payload !== splitFragment(hash).payload) {
    write(PREVIOUS, replaced)
    useExplorer.getState().setNotice({
      kind: 'info',
      text: 'Opened the scenario from the link. The scenario you had saved in this browser is kept: you can go back to it.',
      actions: ['restore'],
    })
  }
}

function openAtStart(): void {
  const saved = keepsWork ? read(SAVED) : null
  const hash = location.hash.slice(1)
  const link = hash === '' ? null : decodeFragment(hash)
  if (link?.ok) {
    openLink(hash, saved, link)
    return
  }
  // No link, or a bad one: the saved work (if any) is what opens, and a bad link says why.
  if (saved) openFragment(saved, 'saved')
  if (link && !link.ok) useExplorer.getState().setNotice({ kind: 'error', text: link.error, actions: ['default'] })
}

/**
 * Reads the link (or the saved work) once at start-up, then keeps the fragment
 * and storage current. With `keepWork: false` (embeds, the presenter view)
 * saved work is neither read nor written.
 */
export function startPersistence({ keepWork = true }: { keepWork?: boolean } = {}): () => void {
  keepsWork = keepWork
  if (!opened) openAtStart()
  opened = true
  written = ''
  writeLocation()

  let timer: ReturnType<typeof setTimeout> | undefined
  const unsubscribe = useExplorer.subscribe((state, previous) => {
    if (state.replay === previous.replay && state.step === previous.step) return
    // A new step alone (playing, scrubbing) is written once things settle: replaceState of a long
    // URL costs milliseconds, and browsers rate-limit it.
    clearTimeout(timer)
    timer = setTimeout(writeLocation, state.replay === previous.replay ? 200 : 0)
  })
  const onHashChange = (): void => {
    const hash = location.hash.slice(1)
    if (hash === written) return
    // A bad link typed into the address bar keeps the work, and its link is put back.
    openLink(hash, written)
    written = ''
    writeLocation()
  }
  window.addEventListener('hashchange', onHashChange)
  return () => {
    unsubscribe()
    clearTimeout(timer)
    window.removeEventListener('hashchange', onHashChange)
  }
}

/** "Start from the default scenario". */
export function openDefault(): void {
  useExplorer.getState().load(defaultPreset.scenario, defaultPreset.start)
}

/** Goes back to the scenario that was saved before a link replaced it. */
export function restorePrevious(): void {
  const previous = read(PREVIOUS)
  if (previous && openFragment(previous, 'saved')) write(PREVIOUS, null)
  useExplorer.getState().setNotice(null)
}
