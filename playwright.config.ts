import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'

const PORT = 4173
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
  outputDir: 'test-results/e2e-artifacts',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
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
    command: `npm run build && npx vite preview --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
})
