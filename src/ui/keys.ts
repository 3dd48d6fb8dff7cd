/** Keyboard helpers shared by the timeline, presentation mode and the presenter view. */

/** Is the keyboard event meant for something else (a console, a field, a control)? */
export function typingElsewhere(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null
  if (!target) return false
  if (target.isContentEditable) return true
  const tag = target.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'BUTTON' || tag === 'SUMMARY' || tag === 'A' || target.getAttribute('role') === 'slider'
}

/** Does the element take typed text (or, for a select, letters)? */
export function isTextField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null
  if (!element) return false
  const tag = element.tagName
  return element.isContentEditable || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT'
}

/**
 * For a clicker: only text fields keep their keys. A focused button keeps Space
 * and Enter (they press it); the arrows and Page keys still step.
 */
export function typingInField(event: KeyboardEvent): boolean {
  if (isTextField(event.target)) return true
  const tag = (event.target as HTMLElement | null)?.tagName
  return (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && (event.key === ' ' || event.key === 'Enter')
}
