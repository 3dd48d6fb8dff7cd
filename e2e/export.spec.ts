import { readFile } from 'node:fs/promises'
import type { Download, Page } from '@playwright/test'
import { commandBlocks, maskBlock, seedBlocks } from '../src/export/transcript.test-helpers.ts'
import { decodeFile } from '../src/scenario/codec.ts'
import { defaultPreset } from '../src/scenario/presets.ts'
import { expect, monitorReady, test } from './fixtures.ts'

/** Step 11 of the seed: cpu05 has just been plugged, with fd 32. */
const FD32_STEP = 11

async function exportAs(page: Page, item: 'Panels as SVG' | 'Panels as PNG' | 'Transcript (text)' | 'Scenario (JSON)'): Promise<{ download: Download; bytes: Buffer }> {
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: item }).click()])
  const path = await download.path()
  return { download, bytes: await readFile(path) }
}

test.beforeEach(async ({ page }) => {
  await page.goto('/')
  await monitorReady(page)
})

test('the Export menu opens, and Escape closes it and gives focus back', async ({ page }) => {
  const button = page.getByRole('button', { name: 'Export', exact: true })
  await expect(button).toHaveAttribute('aria-expanded', 'false')
  await button.click()
  await expect(button).toHaveAttribute('aria-expanded', 'true')
  for (const item of ['Panels as SVG', 'Panels as PNG', 'Transcript (text)', 'Scenario (JSON)']) await expect(page.getByRole('button', { name: item })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(button).toHaveAttribute('aria-expanded', 'false')
  await expect(page.getByRole('button', { name: 'Panels as SVG' })).toHaveCount(0)
  await expect(button).toBeFocused()
})

test('Panels as SVG: valid SVG with the fds of the step, 14–17 and 32', async ({ page }) => {
  await page.getByRole('slider', { name: 'Timeline' }).fill(String(FD32_STEP))
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveValue(String(FD32_STEP))
  const { download, bytes } = await exportAs(page, 'Panels as SVG')
  expect(download.suggestedFilename()).toBe(`smp-4-maxcpus-8-skip-cpu04-on-purpose-step-${FD32_STEP}.svg`)
  const parsed = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
    return {
      errors: doc.getElementsByTagName('parsererror').length,
      root: doc.documentElement.localName,
      namespace: doc.documentElement.namespaceURI,
      texts: [...doc.getElementsByTagName('text')].map((t) => t.textContent ?? ''),
    }
  }, bytes.toString('utf8'))
  expect(parsed.errors).toBe(0)
  expect(parsed.root).toBe('svg')
  expect(parsed.namespace).toBe('http://www.w3.org/2000/svg')
  for (const fd of [14, 15, 16, 17, 32]) expect(parsed.texts).toContain(`${fd}u`)
  expect(parsed.texts).toContain(`Step ${FD32_STEP} of ${defaultPreset.scenario.steps.length}: (qemu) device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0`)

  // One step back, before the device_add: no fd 32 yet.
  await page.getByRole('button', { name: 'Step back' }).click()
  const before = (await exportAs(page, 'Panels as SVG')).bytes.toString('utf8')
  expect(before).toContain('>17u<')
  expect(before).not.toContain('>32u<')
})

test('Panels as PNG: a PNG twice the SVG’s size', async ({ page }, testInfo) => {
  const { download, bytes } = await exportAs(page, 'Panels as PNG')
  // Kept with the other screenshots, to look at.
  await download.saveAs(testInfo.outputPath(download.suggestedFilename()))
  expect(download.suggestedFilename()).toMatch(/-step-\d+\.png$/)
  expect(bytes.length).toBeGreaterThan(1000)
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const svg = (await exportAs(page, 'Panels as SVG')).bytes.toString('utf8')
  const [, width, height] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg) ?? []
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  expect(bytes.readUInt32BE(16)).toBe(2 * Number(width))
  expect(bytes.readUInt32BE(20)).toBe(2 * Number(height))
})

test('Transcript (text) of the seed preset: exactly the seed’s commands and outputs', async ({ page }) => {
  const { download, bytes } = await exportAs(page, 'Transcript (text)')
  expect(download.suggestedFilename()).toBe('smp-4-maxcpus-8-skip-cpu04-on-purpose-transcript.txt')
  const text = bytes.toString('utf8')
  expect(commandBlocks(text).map(maskBlock)).toEqual(seedBlocks())
  expect(text).toContain(`[QEMU started: ${defaultPreset.scenario.cmdline}]`)
})

test('Scenario (JSON) decodes to the same scenario, at the current step', async ({ page }) => {
  const step = await page.getByRole('slider', { name: 'Timeline' }).inputValue()
  const { download, bytes } = await exportAs(page, 'Scenario (JSON)')
  expect(download.suggestedFilename()).toBe(`smp-4-maxcpus-8-skip-cpu04-on-purpose-step-${step}.json`)
  const decoded = decodeFile(bytes.toString('utf8'))
  if (!decoded.ok) throw new Error(decoded.error)
  expect(decoded.scenario).toEqual(defaultPreset.scenario)
  expect(decoded.step).toBe(Number(step))
})
