import { useEffect, type RefObject } from 'react'

/**
 * A menu closes on Escape, and on a press outside it. After Escape, focus goes
 * back to the button that opened it (the focused item is gone with the menu).
 */
export function useDismiss(open: boolean, close: () => void, menu: RefObject<HTMLElement | null>, toggle: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return
    const onEvent = (event: MouseEvent | KeyboardEvent): void => {
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return
        close()
        toggle.current?.focus()
      } else if (!menu.current?.contains(event.target as Node)) close()
    }
    window.addEventListener('mousedown', onEvent)
    window.addEventListener('keydown', onEvent)
    return () => {
      window.removeEventListener('mousedown', onEvent)
      window.removeEventListener('keydown', onEvent)
    }
  }, [open, close, menu, toggle])
}
