import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { decodeFragment, encodeFragment } from '../src/scenario/codec.ts'
import { stops } from '../src/scenario/presentation.ts'
import { defaultPreset } from '../src/scenario/presets.ts'
import { expect, test } from './fixtures.ts'

const seed = defaultPreset.scenario
const [firstPlug, firstUnplug] = Object.keys(seed.questions).map(Number) as [number, number]
const seedAt = (step: number): string => `/#${encodeFragment(seed, step)}`
/** A presentation stops at each command (recorded host activity is passed): "step i of n" counts those. */
const stopsOfSeed = stops(seed)
const count = stopsOfSeed.length - 1
const stopOf = (step: number): number => stopsOfSeed.indexOf(step)

/** The presentation's progress, "step i of n", at the i-th stop. */
const progress = (page: Page, i: number) => page.getByText(new RegExp(`^step ${i} of ${count}\\b`))

/** The page has started (its keyboard handlers are attached once it has rendered). */
async function ready(page: Page): Promise<void> {
  await expect(page.getByRole('slider', { name: 'Timeline' })).toBeVisible()
}
const fdsPanel = (page: Page) => page.getByRole('region', { name: 'File descriptors' })

async function present(page: Page, step: number): Promise<void> {
  await page.goto(seedAt(step))
  await page.getByRole('button', { name: 'Present', exact: true }).click()
  await expect(page.getByRole('region', { name: 'Narration' })).toBeVisible()
}

test('Present and p enter presentation mode, Esc and the button leave it', async ({ page }) => {
  await page.goto(seedAt(stopsOfSeed[1]!))
  await page.getByRole('button', { name: 'Present', exact: true }).click()
  const narration = page.getByRole('region', { name: 'Narration' })
  await expect(narration).toBeVisible()
  await expect(narration).toContainText('lsof: /dev/kvm is fd 11')
  await expect(progress(page, 1)).toBeVisible()
  await expect(page.getByRole('progressbar', { name: 'Progress' })).toHaveAttribute('value', '1')
  // Only the panels the step needs, large: an lsof step shows its output and the fds.
  await expect(page.getByRole('region', { name: 'Host shell' })).toContainText('kvm-vcpu:3')
  await expect(fdsPanel(page)).toBeVisible()
  await expect(page.getByRole('region', { name: 'Threads' })).toHaveCount(0)
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBeGreaterThanOrEqual(18)
  // The address says so: a reload mid-talk stays presenting, at the same step.
  await expect(page).toHaveURL(/\?present=1#2/)
  await page.reload()
  await expect(progress(page, 1)).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page).not.toHaveURL(/present=1/)
  await expect(page.getByRole('button', { name: 'Present', exact: true })).toBeFocused()
  await expect(page.getByRole('textbox', { name: 'QEMU monitor' })).toBeVisible()
  await expect(narration).toHaveCount(0)

  await page.locator('body').click({ position: { x: 2, y: 2 } })
  await page.keyboard.press('p')
  await expect(narration).toBeVisible()
  await page.getByRole('button', { name: 'Leave presentation' }).click()
  await expect(page.getByRole('button', { name: 'Present', exact: true })).toBeVisible()
  // `p` typed into a console is a letter, not a mode switch.
  await page.getByRole('textbox', { name: 'QEMU monitor' }).pressSequentially('help')
  await expect(narration).toHaveCount(0)
})

test('the seed opens after recorded host activity: presenting starts at its first stop, with its story', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveValue(String(defaultPreset.start))
  await page.getByRole('button', { name: 'Present', exact: true }).click()
  await expect(progress(page, 0)).toBeVisible()
  await expect(page.getByRole('region', { name: 'Narration' })).toContainText('QEMU 7.0 started with -smp 4,maxcpus=8')
  await expect(page.getByRole('region', { name: 'CPU slots' })).toBeVisible()
  await page.keyboard.press('ArrowRight')
  await expect(progress(page, 1)).toBeVisible()
  await expect(page.getByRole('region', { name: 'Host shell' })).toContainText('# lsof -p 5921 | grep kvm')
})

test('f toggles full screen while presenting', async ({ page }) => {
  await present(page, 0)
  const fullScreen = page.getByRole('button', { name: 'Full screen' })
  await expect(fullScreen).toHaveAttribute('aria-pressed', 'false')
  await page.keyboard.press('f')
  await expect(fullScreen).toHaveAttribute('aria-pressed', 'true')
  expect(await page.evaluate(() => document.fullscreenElement === document.documentElement)).toBe(true)
  await page.keyboard.press('f')
  await expect(fullScreen).toHaveAttribute('aria-pressed', 'false')
})

test('clicker keys step: →, Space, PageDown forward; ←, PageUp back; Home, End; a number and Enter jump', async ({ page }) => {
  const plain = { ...seed, questions: {} }
  await page.goto(`/#${encodeFragment(plain, 0)}`)
  await ready(page)
  await page.keyboard.press('p')
  await expect(progress(page, 0)).toBeVisible()
  await page.keyboard.press('PageDown')
  await expect(progress(page, 1)).toBeVisible()
  await page.keyboard.press('Space')
  await expect(progress(page, 2)).toBeVisible()
  await page.keyboard.press('ArrowRight')
  await expect(progress(page, 3)).toBeVisible()
  await page.keyboard.press('PageUp')
  await expect(progress(page, 2)).toBeVisible()
  await page.keyboard.press('ArrowLeft')
  await expect(progress(page, 1)).toBeVisible()
  await page.keyboard.press('End')
  await expect(progress(page, count)).toBeVisible()
  await page.keyboard.press('Home')
  await expect(progress(page, 0)).toBeVisible()
  await page.keyboard.press('1')
  await page.keyboard.press('2')
  await expect(page.getByText('go to step 12…')).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(progress(page, 12)).toBeVisible()
  // After a click on a control, the clicker still steps.
  await page.getByRole('button', { name: 'Next →' }).click()
  await expect(progress(page, 13)).toBeVisible()
  await page.keyboard.press('PageDown')
  await expect(progress(page, 14)).toBeVisible()
})

test('a question is shown before its step, and the reveal points at the evidence', async ({ page }) => {
  const before = stopsOfSeed[stopOf(firstPlug) - 1]!
  await present(page, before)
  await expect(progress(page, stopOf(before))).toBeVisible()
  await page.keyboard.press('ArrowRight')
  const question = page.getByRole('region', { name: 'Question' })
  await expect(question).toContainText('device_add cpu05: which fd will vCPU 5 get?')
  // Not applied yet: still the step before, no fd 32, the command waiting in the monitor.
  await expect(progress(page, stopOf(before))).toBeVisible()
  await expect(fdsPanel(page).locator('[data-key="fd:32"]')).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'QEMU monitor' })).toContainText('(qemu) device_add host-x86_64-cpu,id=cpu05')
  await expect(question.getByText(/^Answer:/)).toHaveCount(0)
  await question.getByRole('button', { name: /fd 18/ }).click()
  await expect(question.getByRole('button', { name: /fd 18/ })).toHaveAttribute('aria-pressed', 'true')
  await expect(question.getByText('✗ not this one')).toHaveCount(0)

  await page.keyboard.press('ArrowRight')
  await expect(progress(page, stopOf(firstPlug))).toBeVisible()
  await expect(question.getByText(/^Answer: B\./)).toBeVisible()
  await expect(question.getByRole('button', { name: /fd 18/ })).toContainText('✗ not this one')
  await expect(question.getByRole('list', { name: 'Evidence' })).toContainText('fd 32 is new: KVM_CREATE_VCPU for vcpu_id 5')
  await expect(question.getByRole('list', { name: 'Evidence' })).toContainText('TID 5982')
  await expect(fdsPanel(page).locator('[data-key="fd:32"]')).toHaveClass(/is-evidence/)
  await expect(page.getByRole('region', { name: 'Threads' }).locator('[data-key="tid:5982"]')).toHaveClass(/is-evidence/)

  // Back returns to the question, unapplied; forward again moves on past the answer.
  await page.keyboard.press('ArrowLeft')
  await expect(progress(page, stopOf(before))).toBeVisible()
  await expect(question.getByText(/^Answer:/)).toHaveCount(0)
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(progress(page, stopOf(firstPlug) + 1)).toBeVisible()
  await expect(question).toHaveCount(0)
})

test('the presenter view and the audience window stay on the same step, whichever moves', async ({ page, context }) => {
  await present(page, 0)
  const [presenter] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Presenter view' }).click()])
  await expect(presenter.getByRole('region', { name: 'Speaker notes' })).toContainText('Point at fds 14–17')
  await expect(progress(presenter, 0)).toBeVisible()
  await expect(presenter.getByRole('region', { name: 'Next step' })).toContainText('step 1: # lsof -p 5921 | grep kvm')
  await expect(presenter.getByRole('timer', { name: 'Elapsed time' })).toHaveText(/^\d\d:\d\d$/)

  await page.keyboard.press('ArrowRight')
  await expect(progress(presenter, 1)).toBeVisible()
  await presenter.getByRole('button', { name: 'Next →' }).click()
  await expect(progress(page, 2)).toBeVisible()
  await presenter.keyboard.press('End')
  await expect(progress(page, count)).toBeVisible()
  await page.keyboard.press('Home')
  await expect(progress(presenter, 0)).toBeVisible()

  // A question on screen shows in the presenter view with its answer, for the presenter's eyes.
  for (const digit of String(stopOf(firstUnplug) - 1)) await page.keyboard.press(digit)
  await page.keyboard.press('Enter')
  await expect(progress(presenter, stopOf(firstUnplug) - 1)).toBeVisible()
  await page.keyboard.press('ArrowRight')
  await expect(presenter.getByRole('region', { name: 'Current step' })).toContainText('On screen: device_del cpu05')
  await expect(presenter.getByRole('region', { name: 'Current step' })).toContainText('Answer: B. It stays open, parked on kvm_parked_vcpus')
  await presenter.keyboard.press('ArrowRight')
  await expect(progress(page, stopOf(firstUnplug))).toBeVisible()
  await expect(page.getByRole('region', { name: 'Question' }).getByText(/^Answer: B\./)).toBeVisible()
})

test('a presenter view opened by its address drives an explorer tab too', async ({ page, context }) => {
  await page.goto(seedAt(0))
  await ready(page)
  const presenter = await context.newPage()
  await presenter.goto(`/?presenter=1#${encodeFragment(seed, 5)}`)
  // The window that joins takes the state of the one already there.
  await expect(progress(presenter, 0)).toBeVisible()
  await presenter.getByRole('button', { name: 'Next →' }).click()
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveValue(String(stopsOfSeed[1]))
  await page.getByRole('button', { name: 'Step forward' }).click()
  await expect(progress(presenter, 2)).toBeVisible()
  await expect(presenter.getByRole('region', { name: 'Current step' })).toContainText('# pidstat -p 5921 -t')
})

test('a presenter view pairs with one window: another explorer tab is left alone', async ({ page, context }) => {
  await present(page, 0)
  const other = await context.newPage()
  await other.goto(seedAt(stopsOfSeed[5]!))
  await ready(other)
  const [presenter] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Presenter view' }).click()])
  await expect(progress(presenter, 0)).toBeVisible()
  await presenter.getByRole('button', { name: 'Next →' }).click()
  await expect(progress(page, 1)).toBeVisible()
  await other.getByRole('button', { name: 'Step forward' }).click()
  await page.keyboard.press('ArrowRight')
  await expect(progress(presenter, 2)).toBeVisible()
  // The other tab went its own way and was never moved.
  await expect(other.getByRole('slider', { name: 'Timeline' })).toHaveValue(String(stopsOfSeed[5]! + 1))
  await expect(progress(page, 2)).toBeVisible()
})

test('the editor saves title, narration, a question and notes into the scenario and its link', async ({ page }) => {
  const pidstat = stopsOfSeed[2]!
  await page.goto(seedAt(pidstat))
  await page.getByRole('button', { name: 'Edit scenario' }).click()
  const editor = page.getByRole('region', { name: 'Scenario editor' })
  await editor.getByRole('textbox', { name: 'Title' }).fill('KVM internals, part 3')
  await editor.getByRole('textbox', { name: `Narration at step ${pidstat}` }).fill('pidstat: eight threads.')
  await editor.getByRole('textbox', { name: `Speaker notes at step ${pidstat}` }).fill('Ask who has run pidstat -t.')
  await editor.getByRole('button', { name: `Add a question before step ${pidstat}` }).click()
  await editor.getByRole('textbox', { name: 'Question' }).fill('How many CPU n/KVM threads?')
  await editor.getByRole('textbox', { name: 'Choices, one per line' }).fill('two')
  await expect(editor.getByText('Not saved yet: A question needs at least two choices, one per line.')).toBeVisible()
  await editor.getByRole('textbox', { name: 'Choices, one per line' }).fill('two\nfour\neight')
  await editor.getByRole('combobox', { name: 'Right answer' }).selectOption({ label: 'B. four' })
  await expect(editor.getByText(/Not saved yet/)).toHaveCount(0)

  await expect.poll(async () => {
    const decoded = decodeFragment(await page.evaluate(() => location.hash.slice(1)))
    return decoded.ok && decoded.scenario.questions[pidstat]?.answer
  }).toBe(1)
  const hash = await page.evaluate(() => location.hash.slice(1))
  const decoded = decodeFragment(hash)
  expect(decoded.ok).toBe(true)
  if (!decoded.ok) return
  expect(decoded.scenario.title).toBe('KVM internals, part 3')
  expect(decoded.scenario.narration[pidstat]).toBe('pidstat: eight threads.')
  expect(decoded.scenario.notes[pidstat]).toBe('Ask who has run pidstat -t.')
  expect(decoded.scenario.questions[pidstat]).toEqual({ prompt: 'How many CPU n/KVM threads?', choices: ['two', 'four', 'eight'], answer: 1, explanation: '' })

  // The link opens it elsewhere, question included.
  await page.goto('about:blank')
  await page.goto(`/#${hash.replace(/\.\d+$/, `.${stopsOfSeed[1]}`)}`)
  await expect(page.getByRole('heading', { name: 'KVM internals, part 3' })).toBeVisible()
  await ready(page)
  await page.keyboard.press('p')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('region', { name: 'Question' })).toContainText('How many CPU n/KVM threads?')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('region', { name: 'Narration' })).toHaveText('pidstat: eight threads.')
})

test('embed mode shows only the panels and the timeline, and links to the full explorer', async ({ page, context }) => {
  const fragment = encodeFragment(seed, 5)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(`/#${fragment}`)
  await page.getByRole('button', { name: 'Copy embed code' }).click()
  await expect(page.getByText('Embed code copied.')).toBeVisible()
  const code = await page.evaluate(() => navigator.clipboard.readText())
  const src = /^<iframe src="([^"]+)" title="-smp 4,maxcpus=8, skip cpu04 on purpose" width="\d+" height="\d+" style="border:0"><\/iframe>$/.exec(code)?.[1]
  expect(src).toMatch(/\/\?embed=1#2[\w-]+\.5$/)
  const saved = await page.evaluate(() => localStorage.getItem('vcpu-hotplug-explorer.scenario'))
  await page.goto(src!)
  await expect(page.getByRole('region', { name: 'File descriptors' })).toContainText('kvm-vcpu:3')
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveValue('5')
  for (const name of ['Scenarios', 'Copy link', 'Present', 'Edit scenario', 'Dark theme', 'Undo']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0)
  }
  await expect(page.getByRole('textbox', { name: 'QEMU monitor' })).toHaveCount(0)
  const open = page.getByRole('link', { name: /Open in explorer/ })
  await expect(open).toHaveAttribute('href', `/#${fragment}`)
  await page.getByRole('button', { name: 'Step forward' }).click()
  await expect(open).toHaveAttribute('href', /\.6$/)
  // An embed never writes the reader's saved work.
  await page.getByRole('button', { name: 'slot 6: empty (APIC ID 6)' }).click()
  await expect(page.getByRole('region', { name: 'File descriptors' })).toContainText('kvm-vcpu:6')
  await page.waitForTimeout(300)
  expect(await page.evaluate(() => localStorage.getItem('vcpu-hotplug-explorer.scenario'))).toBe(saved)
  // It fits a small frame without a horizontal scrollbar.
  await page.setViewportSize({ width: 480, height: 360 })
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
})

test('no serious or critical accessibility violations: normal, presentation, embed and presenter views', async ({ page }) => {
  const check = async (view: string): Promise<void> => {
    const results = await new AxeBuilder({ page }).analyze()
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(bad.map((v) => `${view}: ${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).slice(0, 3).join(', ')}`)).toEqual([])
  }
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.goto(seedAt(firstPlug))
  await check('normal')
  await page.getByRole('button', { name: 'Dark theme' }).click()
  await check('normal, dark')
  await page.getByRole('button', { name: 'Dark theme' }).click()
  await page.getByRole('button', { name: 'Present', exact: true }).click()
  await check('presentation')
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('region', { name: 'Question' })).toBeVisible()
  await check('presentation, question')
  await page.goto(`/?embed=1#${encodeFragment(seed, firstPlug)}`)
  await check('embed')
  await page.goto(`/?presenter=1#${encodeFragment(seed, firstPlug)}`)
  await expect(page.getByRole('region', { name: 'Speaker notes' })).toBeVisible()
  await check('presenter view')
})
