import { useEffect } from 'react'
import { SPEED_FACTOR, useExplorer } from '../store/store.ts'

/** A duration scaled by the speed setting; 0 under reduced motion or "instant" (D3 ignores CSS animation settings). */
export function useDuration(base: number): number {
  const speed = useExplorer((s) => s.speed)
  const reduced = useExplorer((s) => s.reducedMotion)
  return reduced ? 0 : Math.round(base * SPEED_FACTOR[speed])
}

/** Follows the system's `prefers-reduced-motion`. */
export function useReducedMotionPreference(): void {
  const setReducedMotion = useExplorer((s) => s.setReducedMotion)
  useEffect(() => {
    const query = window.matchMedia?.('(prefers-reduced-motion: reduce)')
    if (!query) return
    const update = (): void => setReducedMotion(query.matches)
    update()
    query.addEventListener('change', update)
    return () => query.removeEventListener('change', update)
  }, [setReducedMotion])
}
