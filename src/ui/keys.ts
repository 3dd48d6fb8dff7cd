/** Keyboard helpers shared by the timeline, presentation mode and the presenter view. */

/** Is the keyboard event meant for something else (a console, a field, a control)? */
export function typingElsewhere(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null
  if (!target) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'BUTTON' || tag === 'SUMMARY' || tag === 'A' || target.getAttribute('role') === 'slider'
}

/**
 * For a clicker: only text fields keep their keys. A focused button keeps Space
 * and Enter (they press it); the arrows and Page keys still step.
 */
export function typingInField(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null
  if (!target) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true
  return (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && (event.key === ' ' || event.key === 'Enter')
}
