import { exportFileName } from '../export/filename.ts'
import { encodeFile } from '../scenario/codec.ts'
import { useExplorer } from '../store/store.ts'

/** Saves a file through the browser's downloads. */
export function save(blob: Blob, name: string): void {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  // The download has its own copy well before then.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
}

/** The scenario and its current step as a JSON file (Download scenario, and Export → Scenario (JSON)). */
export function saveScenario(): void {
  const { replay, step } = useExplorer.getState()
  save(new Blob([encodeFile(replay.scenario, step)], { type: 'application/json' }), exportFileName(replay.scenario.title, { step }, 'json'))
}
