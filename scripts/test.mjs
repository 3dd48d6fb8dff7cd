#!/usr/bin/env node
// `npm test`: runs the unit tests (Vitest) and the e2e tests (Playwright),
// then prints `N passed, M failed` as the very last line and writes
// test-results/summary.json. Exit code 0 only when nothing failed.
//
//   npm test             both suites
//   npm test -- --unit   unit tests only
//   npm test -- --e2e    e2e tests only
//
// Plain Node 20 ESM, no dependencies.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const RESULTS = path.join(ROOT, 'test-results')
const UNIT_JSON = path.join(RESULTS, 'unit.json')
// playwright.config.ts writes e2e-<port>.json when E2E_PORT is set (two runs on one machine).
const E2E_JSON = path.join(RESULTS, process.env.E2E_PORT ? `e2e-${Number(process.env.E2E_PORT)}.json` : 'e2e.json')
const SUMMARY_JSON = path.join(RESULTS, 'summary.json')

const NO_CHROMIUM =
  "No Chromium found: install Debian's chromium (sudo apt-get install -y chromium) or run 'npx playwright install chromium'."

// ---- arguments -------------------------------------------------------------
const args = process.argv.slice(2)
const wantUnitFlag = args.includes('--unit')
const wantE2eFlag = args.includes('--e2e')
for (const a of args) {
  if (a !== '--unit' && a !== '--e2e') console.warn(`test.mjs: ignoring unknown argument ${a}`)
}
// No flag (or both flags): run both suites.
const runUnit = wantUnitFlag || !wantE2eFlag
const runE2e = wantE2eFlag || !wantUnitFlag

// ---- helpers ---------------------------------------------------------------
function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (r.error) console.error(`test.mjs: failed to start ${cmd}: ${r.error.message}`)
  return r.status ?? 1 // null status = killed by a signal
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

// ---- unit tests (Vitest) ---------------------------------------------------
function unitTests() {
  // `npx --no`: use the project's own Vitest; never fetch one from the registry.
  const status = run('npx', [
    '--no',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile=test-results/unit.json',
  ])
  const report = readJson(UNIT_JSON)
  if (!report) {
    console.error('test.mjs: test-results/unit.json is missing or unreadable; counting 1 failure')
    return { passed: 0, failed: 1 }
  }

  let passed = 0
  let failed = 0
  const files = Array.isArray(report.testResults) ? report.testResults : []
  for (const file of files) {
    const assertions = Array.isArray(file.assertionResults) ? file.assertionResults : []
    let fileFailed = 0
    for (const a of assertions) {
      if (a.status === 'passed') passed++
      else fileFailed++ // failed, and also skipped/pending/todo: skipped tests are not allowed
    }
    // A file that failed to load (or failed in a hook) counts as at least one failure.
    if (file.status === 'failed' && fileFailed === 0) fileFailed = 1
    failed += fileFailed
  }
  if (files.length === 0) {
    // Fall back to the Jest-style totals.
    passed = num(report.numPassedTests)
    failed = num(report.numFailedTests) + num(report.numPendingTests) + num(report.numTodoTests)
  }
  // Vitest failed (unhandled error, no test files, ...) but no test was counted as failed.
  if ((status !== 0 || report.success === false) && failed === 0) failed = 1
  return { passed, failed }
}

// ---- e2e tests (Playwright) ------------------------------------------------
function findChromium() {
  const fromEnv = process.env.PW_CHROMIUM_PATH
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  try {
    const require = createRequire(import.meta.url)
    const managed = require('playwright-core').chromium.executablePath()
    if (managed && existsSync(managed)) return managed
  } catch {
    // playwright-core not installed or no managed browser: fall through
  }
  return undefined
}

function e2eTests() {
  if (!findChromium()) {
    console.log(NO_CHROMIUM)
    return { passed: 0, failed: 1 }
  }
  const status = run('npx', ['--no', 'playwright', 'test'])
  const report = readJson(E2E_JSON)
  if (!report || typeof report.stats !== 'object' || report.stats === null) {
    console.error(`test.mjs: ${path.relative(ROOT, E2E_JSON)} is missing or unreadable; counting 1 failure`)
    return { passed: 0, failed: 1 }
  }
  const s = report.stats
  const passed = num(s.expected) + num(s.flaky)
  // Skipped tests count as failures: the project forbids them.
  let failed = num(s.unexpected) + num(s.skipped)
  const errors = Array.isArray(report.errors) ? report.errors.length : 0
  // Global failure (web server did not start, config error, no tests found, ...).
  if ((status !== 0 || errors > 0) && failed === 0) failed = 1
  return { passed, failed }
}

// ---- main ------------------------------------------------------------------
for (const f of [UNIT_JSON, E2E_JSON, SUMMARY_JSON]) rmSync(f, { force: true })

let passed = 0
let failed = 0
if (runUnit) {
  const r = unitTests()
  passed += r.passed
  failed += r.failed
}
if (runE2e) {
  const r = e2eTests()
  passed += r.passed
  failed += r.failed
}

mkdirSync(RESULTS, { recursive: true })
writeFileSync(SUMMARY_JSON, JSON.stringify({ passed, failed }, null, 2) + '\n')
console.log(`${passed} passed, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
