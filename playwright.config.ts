import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'

// E2E_PORT and E2E_DIST let two runs share a machine (each its own server and build).
const PORT = Number(process.env.E2E_PORT ?? 4173)
const DIST = process.env.E2E_DIST ?? 'dist'
const BASE_URL = `http://localhost:${PORT}`

// Browser selection: $PW_CHROMIUM_PATH, else Debian's /usr/bin/chromium,
// else Playwright's own managed Chromium (no executablePath).
function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.PW_CHROMIUM_PATH
  if (fromEnv) return fromEnv
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  return undefined
}

const executablePath = chromiumExecutable()

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  // Playwright empties outputDir at the start of a run: keep it in its own
  // subfolder so test-results/unit.json (written just before) survives.
  outputDir: process.env.E2E_PORT ? `test-results/e2e-artifacts-${PORT}` : 'test-results/e2e-artifacts',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.E2E_PORT ? `test-results/e2e-${PORT}.json` : 'test-results/e2e.json' }]],
  use: {
    baseURL: BASE_URL,
    headless: true,
    trace: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        headless: true,
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          // No internet on this machine: keep Chromium from phoning home.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx tsc --noEmit && npx vite build --outDir ${DIST} --emptyOutDir && npx vite preview --outDir ${DIST} --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
})
