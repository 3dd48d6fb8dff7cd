import { encodeFragment } from '../src/scenario/codec.ts'
import { defaultPreset } from '../src/scenario/presets.ts'
import { expect, logLines, test, typeCommand } from './fixtures.ts'

const slot = (page: import('@playwright/test').Page, n: number) => page.getByRole('button', { name: new RegExp(`^slot ${n}:`) })

test('a scenario built by typing survives a reload', async ({ page }) => {
  await page.goto('/')
  await typeCommand(page, 'QEMU monitor', 'device_add host-x86_64-cpu,id=cpu06,socket-id=0,core-id=6,thread-id=0')
  await typeCommand(page, 'Host shell', 'lsof -p 5921 | grep kvm-vcpu:6')
  const monitor = await logLines(page.getByRole('log', { name: 'QEMU monitor output' }))
  const shell = await logLines(page.getByRole('log', { name: 'Host shell output' }))
  const slider = page.getByRole('slider', { name: 'Timeline' })
  const step = await slider.inputValue()
  await page.reload()
  await expect(slot(page, 6)).toHaveAttribute('aria-pressed', 'true')
  await expect(slider).toHaveValue(step)
  expect(await logLines(page.getByRole('log', { name: 'QEMU monitor output' }))).toEqual(monitor)
  expect(await logLines(page.getByRole('log', { name: 'Host shell output' }))).toEqual(shell)
})

test('the copied link opens the same state and step in a new page', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto('/')
  await slot(page, 5).click()
  await slot(page, 5).click()
  await page.getByRole('button', { name: 'Step back' }).click()
  await page.getByRole('button', { name: 'Copy link' }).click()
  await expect(page.getByText('Link copied.')).toBeVisible()
  const link = await page.evaluate(() => navigator.clipboard.readText())
  // The address bar follows a step change once stepping settles.
  await expect.poll(() => page.url()).toBe(link)
  const other = await context.newPage()
  await other.goto(link)
  await expect(other.getByRole('slider', { name: 'Timeline' })).toHaveValue(await page.getByRole('slider', { name: 'Timeline' }).inputValue())
  await expect(slot(other, 5)).toHaveAttribute('aria-pressed', 'true')
  await other.getByRole('button', { name: 'Step forward' }).click()
  await expect(slot(other, 5)).toHaveAccessibleName(/fd 32 parked/)
  expect(await other.locator('[aria-label="Link length"], meter').count()).toBeGreaterThan(0)
})

test('step back and forth, jump, scrub, play and the keyboard', async ({ page }) => {
  await page.goto('/')
  const slider = page.getByRole('slider', { name: 'Timeline' })
  const start = Number(await slider.inputValue())
  await slot(page, 5).click()
  await slot(page, 6).click()
  await expect(slider).toHaveValue(String(start + 2))
  await page.getByRole('button', { name: 'Step back' }).click()
  await expect(slot(page, 6)).toHaveAttribute('aria-pressed', 'false')
  await expect(slot(page, 5)).toHaveAttribute('aria-pressed', 'true')
  await page.getByRole('button', { name: 'Step forward' }).click()
  await expect(slot(page, 6)).toHaveAttribute('aria-pressed', 'true')
  await slider.fill('0')
  await expect(slot(page, 5)).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByRole('log', { name: 'Host shell output' })).toBeEmpty()
  // Keyboard, with focus outside the consoles.
  await page.getByRole('heading', { name: 'CPU slots' }).click()
  await page.keyboard.press('End')
  await expect(slider).toHaveValue(String(start + 2))
  await page.keyboard.press('ArrowLeft')
  await expect(slider).toHaveValue(String(start + 1))
  await page.keyboard.press('Home')
  await expect(slider).toHaveValue('0')
  await page.getByRole('combobox', { name: 'Play speed' }).selectOption('10')
  await page.getByRole('heading', { name: 'CPU slots' }).click()
  await page.keyboard.press('Space')
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible()
  await expect(slider).toHaveValue(String(start + 2), { timeout: 5000 })
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible()
})

test('going back and typing starts a branch; undo brings the old future back, redo the branch', async ({ page }) => {
  await page.goto('/')
  await slot(page, 5).click()
  await slot(page, 6).click()
  await page.getByRole('button', { name: 'Step back' }).click()
  await slot(page, 7).click()
  const slider = page.getByRole('slider', { name: 'Timeline' })
  await expect(slot(page, 6)).toHaveAttribute('aria-pressed', 'false')
  await expect(slot(page, 7)).toHaveAttribute('aria-pressed', 'true')
  expect(await slider.getAttribute('max')).toBe(await slider.inputValue())
  await page.getByRole('button', { name: 'Undo' }).click()
  await page.getByRole('button', { name: 'Step forward' }).click()
  await expect(slot(page, 6)).toHaveAttribute('aria-pressed', 'true')
  await expect(slot(page, 7)).toHaveAttribute('aria-pressed', 'false')
  await page.getByRole('button', { name: 'Redo' }).click()
  await expect(slot(page, 7)).toHaveAttribute('aria-pressed', 'true')
})

test('a malformed link shows what is wrong and keeps the work', async ({ page }) => {
  await page.goto('/')
  await slot(page, 6).click()
  // Pasted into the address bar of the open app.
  await page.evaluate(() => (location.hash = '#1not-a-real-scenario.3'))
  await expect(page.getByRole('alert')).toContainText('The link')
  await expect(slot(page, 6)).toHaveAttribute('aria-pressed', 'true')
  // Opened fresh: the saved work is what is shown, with the error and a way to the default.
  await page.goto('/#1Zm9vYmFy.2')
  await expect(page.getByRole('alert')).toContainText(/damaged|cut short/)
  await expect(slot(page, 6)).toHaveAttribute('aria-pressed', 'true')
  await page.getByRole('button', { name: 'Start from the default scenario' }).click()
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expect(slot(page, 6)).toHaveAttribute('aria-pressed', 'false')
})

test('a link does not silently replace different saved work', async ({ page }) => {
  await page.goto('/')
  await slot(page, 7).click()
  const linked = encodeFragment(defaultPreset.scenario, 0)
  await page.goto(`/#${linked}`)
  await expect(page.getByText('The scenario you had saved in this browser is kept')).toBeVisible()
  await expect(slot(page, 7)).toHaveAttribute('aria-pressed', 'false')
  await page.getByRole('button', { name: 'Go back to my saved scenario' }).click()
  await expect(slot(page, 7)).toHaveAttribute('aria-pressed', 'true')
})

test('a title and narration from a link stay text', async ({ page }) => {
  page.on('dialog', () => {
    throw new Error('a script from the link ran')
  })
  const title = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
  const scenario = { ...defaultPreset.scenario, basedOn: null, title, narration: { 0: '<b onmouseover=alert(3)>javascript:alert(4)</b>' } }
  await page.goto(`/#${encodeFragment(scenario, 0)}`)
  await expect(page.getByRole('heading', { name: title })).toBeVisible()
  await expect(page.getByText('<b onmouseover=alert(3)>javascript:alert(4)</b>')).toBeVisible()
  expect(await page.locator('img[src="x"], b[onmouseover]').count()).toBe(0)
})

test('the Scenarios menu opens the built-in scenarios', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Scenarios' }).click()
  await page.getByRole('button', { name: /Where the numbers diverge/ }).click()
  await expect(page.getByRole('heading', { name: 'Where the numbers diverge' })).toBeVisible()
  await page.getByRole('button', { name: 'Step forward' }).click()
  await expect(slot(page, 3)).toHaveAccessibleName(/^slot 3: c3 plugged \(APIC ID 4,/)
})
