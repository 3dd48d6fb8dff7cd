import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './ui/App.tsx'
import { ErrorBoundary } from './ui/ErrorBoundary.tsx'
import './index.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
)

// The build's own service worker (scripts/vite-plugins.ts) keeps the app working when the workshop
// Wi-Fi goes. Not in dev, not in the single-file build (nothing to fetch), not over file:// or an
// insecure origin (browsers refuse). Without it the app only loses its offline copy, so a failure
// is a warning, never an error.
if (import.meta.env.PROD && import.meta.env.MODE !== 'single' && /^https?:$/.test(location.protocol) && 'serviceWorker' in navigator) {
  const register = (): void => {
    navigator.serviceWorker.register('./sw.js').catch((error: unknown) => console.warn('No offline copy: the service worker did not register.', error))
  }
  // After load, so precaching never competes with the first paint.
  if (document.readyState === 'complete') register()
  else addEventListener('load', register, { once: true })
}
