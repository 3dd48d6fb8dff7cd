import { useId, useMemo } from 'react'
import { parseProfileId, presetChoice, profileId, profileLabel, profileUnknowns, resolveProfile, type ProfileChoice } from '../model/profile.ts'
import { hostPresets } from '../model/versions/hosts.ts'
import { linuxVersions } from '../model/versions/linux.ts'
import { qemuVersions } from '../model/versions/qemu.ts'
import { useExplorer } from '../store/store.ts'

const select = 'min-w-0 max-w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900'

function Picker({ label, value, options, onChange }: { label: string; value: string; options: readonly { value: string; label: string }[]; onChange: (value: string) => void }) {
  const id = useId()
  // The label names the select by `for`, not by wrapping it: a wrapped select's name would take in its option.
  return (
    <div className="flex min-w-0 max-w-full items-center gap-1.5">
      <label htmlFor={id} className="shrink-0">{label}</label>
      <select id={id} className={select} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

const qemuOptions = qemuVersions.map((v) => ({ value: v.id, label: `QEMU ${v.version}` }))
const kernelOptions = linuxVersions.map((k) => ({ value: k.id, label: k.label }))
const hostOptions = hostPresets.map((h) => ({ value: h.id, label: h.label }))

/** What a comparison can be with: each host as it ships, and each QEMU release on this host. */
function compareOptions(current: ProfileChoice): { value: string; label: string }[] {
  const seen = new Set<string>([profileId(current)])
  const out = [{ value: '', label: 'Nothing' }]
  const add = (choice: ProfileChoice, label: string): void => {
    const id = profileId(choice)
    if (seen.has(id)) return
    seen.add(id)
    out.push({ value: id, label })
  }
  for (const h of hostPresets) add(presetChoice(h), h.label)
  for (const q of qemuVersions) add({ ...current, qemu: q.id }, `QEMU ${q.version} on this host and kernel`)
  return out
}

/**
 * The profile pickers: QEMU version, host kernel, host (a preset that sets
 * both and its tools), and a second profile to compare with. Changing any of
 * them replays the scenario's steps on the new profile.
 */
export function ProfileBar() {
  const current = useExplorer((s) => s.replay.scenario.profile)
  const compare = useExplorer((s) => s.replay.scenario.compare)
  const setProfile = useExplorer((s) => s.setProfile)
  const setCompare = useExplorer((s) => s.setCompare)
  const compareChoices = useMemo(() => compareOptions(current), [current])
  const compareValue = compare ? profileId(compare) : ''
  const options = compareChoices.some((o) => o.value === compareValue) ? compareChoices : [...compareChoices, { value: compareValue, label: compareValue }]
  return (
    <div className="flex min-w-0 max-w-full flex-wrap items-center gap-x-3 gap-y-1.5 text-sm text-slate-700 dark:text-slate-200">
      <Picker label="Host" value={current.host} options={hostOptions} onChange={(host) => setProfile(presetChoice(hostPresets.find((h) => h.id === host)!))} />
      <Picker label="QEMU version" value={current.qemu} options={qemuOptions} onChange={(qemu) => setProfile({ ...current, qemu })} />
      <Picker label="Host kernel" value={current.kernel} options={kernelOptions} onChange={(kernel) => setProfile({ ...current, kernel })} />
      <Picker label="Compare with" value={compareValue} options={options} onChange={(value) => setCompare(value === '' ? null : parseProfileId(value))} />
    </div>
  )
}

/** The profile in use, and what about it the explorer could not establish. */
export function ProfileNote() {
  const frameProfile = useExplorer((s) => s.frame.state.profile)
  const detailsId = useId()
  const unknowns = profileUnknowns(frameProfile)
  return (
    <div className="text-xs text-slate-600 dark:text-slate-400">
      <p>
        <span className="font-medium text-slate-800 dark:text-slate-100">{profileLabel(frameProfile)}</span>. Upstream behaviour of these version numbers: distributions backport fixes, so a vendor's build can differ.
      </p>
      {unknowns.length > 0 && (
        <details id={detailsId} className="mt-0.5">
          <summary className="cursor-pointer select-none">Not established for this profile ({unknowns.length})</summary>
          <ul className="mt-1 list-disc pl-5">
            {unknowns.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

/** The label of a scenario's profile choice, or the choice itself when this explorer does not know it. */
export function choiceLabel(choice: ProfileChoice): string {
  const resolved = resolveProfile(choice)
  return resolved.ok ? profileLabel(resolved.profile) : profileId(choice)
}

