/**
 * Distribution: the static build under a deep base path, the same build offline (service worker),
 * and the single HTML file opened over file://. The static build is the one playwright.config.ts's
 * webServer makes (E2E_DIST); this file serves it itself, under a path other than '/'.
 */
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from '@playwright/test'
import { expect, monitorReady, region, test, typeCommand } from './fixtures.ts'

const DIST = path.resolve(process.env.E2E_DIST ?? 'dist')
const SINGLE = path.resolve('dist-single/vcpu-hotplug-explorer.html')
const BASE = '/workshops/kvm/explorer/'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/**
 * A static host serving DIST under BASE only. `down` makes it drop every connection, like lost
 * Wi-Fi; `nextBuild` makes it serve sw.js as the next build would (another cache version).
 */
function staticHost() {
  const requests: string[] = []
  const host = { url: '', requests, down: false, nextBuild: false, server: null as Server | null }
  host.server = createServer((request, response) => {
    if (host.down) {
      request.socket.destroy()
      return
    }
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname)
    requests.push(pathname)
    if (!pathname.startsWith(BASE)) {
      response.writeHead(404).end()
      return
    }
    let file = path.join(DIST, pathname.slice(BASE.length))
    if (!file.startsWith(DIST)) {
      response.writeHead(403).end()
      return
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html')
    if (!existsSync(file)) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' })
    const body = readFileSync(file)
    response.end(host.nextBuild && pathname.endsWith('/sw.js') ? String(body).replace(/(const CACHE = PREFIX \+ ")[^"]+"/, '$1next"') : body)
  })
  return host
}

let host: ReturnType<typeof staticHost>

test.beforeEach(async () => {
  host = staticHost()
  await new Promise<void>((resolve) => host.server!.listen(0, '127.0.0.1', resolve))
  host.url = `http://127.0.0.1:${(host.server!.address() as AddressInfo).port}${BASE}`
})

test.afterEach(async () => {
  host.server!.closeAllConnections()
  await new Promise((resolve) => host.server!.close(resolve))
})


/** The seed's vCPUs 0–3 on fds 14–17 (all the embed view shows besides the timeline). */
async function expectSeedFds(page: Page): Promise<void> {
  const fds = region(page, 'File descriptors')
  for (let vcpu = 0; vcpu < 4; vcpu++) {
    await expect(fds.getByRole('listitem', { name: new RegExp(`^fd ${14 + vcpu}: kvm-vcpu:${vcpu}\\b`) })).toBeVisible()
  }
}

/** The seed scenario at its start: its fds, and both consoles answering. */
async function expectSeed(page: Page): Promise<void> {
  await expectSeedFds(page)
  await expect(page.getByRole('log', { name: 'Host shell output' })).toBeAttached()
  await monitorReady(page)
  expect(await typeCommand(page, 'QEMU monitor', 'info cpus')).toContain('* CPU #0: thread_id=5927')
}

test('the static build works under a deep base path, every URL relative to it', async ({ page }) => {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8')
  // Absolute paths would break under any base but '/'; data: URLs (the favicon) need no host.
  expect(html.match(/\s(?:src|href)="(?!\.\/|data:)[^"]*"/g) ?? []).toEqual([])
  await page.goto(host.url)
  await expectSeed(page)
  expect(host.requests.filter((request) => !request.startsWith(BASE))).toEqual([])
})

test('once loaded, the static build works offline, with a query string and a fragment', async ({ page, context }) => {
  await page.goto(host.url)
  await expectSeed(page)
  // ready: installed (everything precached) and active; clients.claim() then hands it this page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
  // Every file of the build (but the worker itself, which the browser keeps) and the directory.
  const cached = await page.evaluate(async () => {
    const [name] = await caches.keys()
    return (await (await caches.open(name!)).keys()).map((request) => new URL(request.url).pathname).sort()
  })
  const built = readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((file) => file !== 'sw.js' && statSync(path.join(DIST, file)).isFile())
  expect(cached).toEqual([BASE, ...built.map((file) => BASE + file.split(path.sep).join('/'))].sort())

  // The browser goes offline and, to be sure nothing slips past the worker, so does the host.
  await context.setOffline(true)
  host.down = true
  await page.reload()
  await expectSeed(page)
  const withLink = page.url()
  expect(withLink).toContain('#')
  await page.goto(`${host.url}?embed=1`)
  await expectSeedFds(page)
  await page.goto(withLink.replace(BASE, `${BASE}index.html?presenter=1`))
  await expect(page.getByRole('heading', { level: 1, name: /presenter/i })).toBeVisible()
})

test('a new build replaces the old cache', async ({ page }) => {
  await page.goto(host.url)
  await expectSeed(page)
  const cacheNames = () => page.evaluate(() => caches.keys())
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  const [first] = await cacheNames()
  expect(first).toMatch(new RegExp(`^vcpu-hotplug-explorer ${host.url} [0-9a-f]{16}$`))
  host.nextBuild = true
  // What the browser does on the next visit: fetch sw.js, install the changed one, activate it at once.
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.ready).update()
  })
  await expect.poll(cacheNames).toEqual([`vcpu-hotplug-explorer ${host.url} next`])
  await page.reload()
  await expectSeed(page)
})

test.describe('the single HTML file', () => {
  test.beforeAll(() => {
    test.setTimeout(240_000)
    // E2E_SINGLE_BUILT=1: dist-single/ is already built (by `npm run build:single`).
    if (!process.env.E2E_SINGLE_BUILT) execSync('npm run build:single', { stdio: 'pipe', timeout: 230_000 })
  })

  test('opens over file:// with nothing else, and runs the seed', async ({ page, context }) => {
    const requests: string[] = []
    context.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(SINGLE).href)
    await expectSeed(page)
    await typeCommand(page, 'QEMU monitor', 'device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0')
    const lsof = await typeCommand(page, 'Host shell', 'lsof -p 5921 | grep kvm')
    expect(lsof).toContainEqual(expect.stringMatching(/\s32u\s.*\skvm-vcpu:5$/))
    await expect(region(page, 'File descriptors').getByRole('listitem', { name: /^fd 32: kvm-vcpu:5\b/ })).toBeVisible()
    // The start-up wrote the scenario into the fragment, as it does over http.
    expect(new URL(page.url()).hash).not.toBe('')
    expect(requests.filter((url) => !/^(file|data|blob):/.test(url))).toEqual([])
  })

  test('presents from the USB stick: the presenter view opens and stays in step over file://', async ({ page, context }) => {
    await page.goto(pathToFileURL(SINGLE).href)
    await expectSeedFds(page)
    await page.getByRole('button', { name: 'Present', exact: true }).click()
    const [presenter] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Presenter view' }).click()])
    await expect(presenter.getByRole('region', { name: 'Speaker notes' })).toBeVisible()
    await page.keyboard.press('ArrowRight')
    await expect(presenter.getByText(/^step 1 of \d+/)).toBeVisible()
    await presenter.getByRole('button', { name: 'Next →' }).click()
    await expect(page.getByText(/^step 2 of \d+/)).toBeVisible()
  })
})
