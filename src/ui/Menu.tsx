import { useCallback, useEffect, useId, useRef, useState, type RefObject } from 'react'

const button = 'rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800'
const item = 'w-full rounded px-2 py-1.5 text-left text-sm hover:bg-slate-100 focus-visible:bg-slate-100 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800'

/**
 * A menu closes on Escape, and on a press outside it. After Escape, focus goes
 * back to the button that opened it (the focused item is gone with the menu).
 */
function useDismiss(open: boolean, close: () => void, menu: RefObject<HTMLElement | null>, toggle: RefObject<HTMLElement | null>): void {
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

export interface MenuItem {
  /** Also the item's key: labels in one menu differ. */
  readonly label: string
  readonly run: () => void | Promise<void>
}

/** A button that opens a list of actions (the Scenarios and Export menus); choosing one closes it. */
export function Menu({ label, listLabel, items, listClassName }: { label: string; listLabel: string; items: readonly MenuItem[]; listClassName: string }) {
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const ref = useRef<HTMLDivElement>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  const close = useCallback(() => setOpen(false), [])
  useDismiss(open, close, ref, toggle)
  return (
    <div ref={ref} className="relative">
      <button ref={toggle} type="button" className={button} aria-expanded={open} aria-controls={menuId} onClick={() => setOpen(!open)}>
        {label}
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <ul id={menuId} aria-label={listLabel} className={`absolute z-30 mt-1 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900 ${listClassName}`}>
          {items.map((i) => (
            <li key={i.label}>
              <button
                type="button"
                className={item}
                onClick={() => {
                  setOpen(false)
                  void i.run()
                }}
              >
                {i.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
