import type { Page } from '@playwright/test'
import { expect, logLines, region, slot, test, typeCommand } from './fixtures.ts'

const items = (page: Page, panel: string) => region(page, panel).getByRole('listitem')

async function lastMonitorLines(page: Page, count: number): Promise<string[]> {
  return (await logLines(page.getByRole('log', { name: 'QEMU monitor output' }))).slice(-count)
}

test('the seed story by clicks: plug slot 5, unplug it, plug it again', async ({ page }, testInfo) => {
  await page.goto('/')
  for (const name of ['CPU slots', 'File descriptors', 'Parked vCPUs', 'Threads', 'debugfs', 'info cpus', 'What just happened']) {
    await expect(region(page, name).getByRole('heading', { name, exact: true })).toBeVisible()
  }
  await expect(slot(page, 5)).toHaveAttribute('aria-pressed', 'false')

  // Plug: KVM_CREATE_VCPU hands out the lowest free fd, 32.
  await slot(page, 5).click()
  await expect(slot(page, 5)).toHaveAttribute('aria-pressed', 'true')
  expect(await lastMonitorLines(page, 1)).toEqual(['(qemu) device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0'])
  const fds = region(page, 'File descriptors')
  await expect(fds.getByRole('listitem', { name: /^fd 32: kvm-vcpu:5, CPU #5$/ })).toBeVisible()
  await expect(page.getByRole('status')).toContainText('KVM_CREATE_VCPU gave fd 32')
  await expect(region(page, 'What just happened').getByRole('listitem').filter({ hasText: 'KVM_CREATE_VCPU' })).toContainText('new fd 32')
  const tid = Number(/TID (\d+)/.exec((await slot(page, 5).getAttribute('aria-label')) ?? '')![1])
  await expect(region(page, 'Threads').getByRole('listitem', { name: `TID ${tid}, CPU 5/KVM` })).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('1-plugged.png') })

  // Unplug: the thread exits, fd 32 moves to the parked list and stays open, debugfs vcpu5 stays.
  await slot(page, 5).click()
  await expect(slot(page, 5)).toHaveAttribute('aria-pressed', 'false')
  await expect(slot(page, 5)).toHaveAccessibleName(/^slot 5: empty, fd 32 parked/)
  expect(await lastMonitorLines(page, 1)).toEqual(['(qemu) device_del cpu05'])
  await expect(region(page, 'Parked vCPUs').getByRole('listitem', { name: 'head: vcpu_id 5, fd 32' })).toBeVisible()
  await expect(fds.getByRole('listitem', { name: /^fd 32: kvm-vcpu:5, parked, still open$/ })).toBeVisible()
  await expect(region(page, 'Threads').getByRole('listitem', { name: `TID ${tid}, CPU 5/KVM: exited` })).toBeVisible()
  await expect(region(page, 'debugfs').getByRole('listitem', { name: /vcpu5\/.*Still here/ })).toBeVisible()
  await expect(region(page, 'info cpus').getByRole('listitem')).toHaveCount(4)
  await expect(page.getByRole('status')).toHaveText(`cpu05 unplugged: thread ${tid} exited; fd 32 parked, not closed; debugfs vcpu5 remains.`)
  await page.screenshot({ path: testInfo.outputPath('2-unplugged.png') })

  // Re-plug: the same fd comes back, a new thread with a new TID starts.
  const fdCount = await items(page, 'File descriptors').count()
  await slot(page, 5).click()
  await expect(slot(page, 5)).toHaveAccessibleName(/fd 32\)$/)
  await expect(items(page, 'Parked vCPUs')).toHaveCount(0)
  expect(await items(page, 'File descriptors').count()).toBe(fdCount)
  const newTid = Number(/TID (\d+)/.exec((await slot(page, 5).getAttribute('aria-label')) ?? '')![1])
  expect(newTid).toBeGreaterThan(tid)
  await expect(page.getByRole('status')).toContainText(`fd 32 came back from the parked list, no KVM_CREATE_VCPU; new thread ${newTid} (the old ${tid} is gone)`)
  const path = region(page, 'What just happened')
  await expect(path.getByRole('listitem').filter({ hasText: 'found parked vcpu 5' })).toHaveClass(/is-taken/)
  await expect(path.getByRole('listitem').filter({ hasText: 'KVM_CREATE_VCPU' })).toHaveClass(/is-not-taken/)
  await expect(region(page, 'info cpus').getByRole('listitem').last()).toHaveText(`  CPU #5: thread_id=${newTid}`)
  await page.screenshot({ path: testInfo.outputPath('3-replugged.png') })
})

test('typed commands move the slots, and clicks echo the typed syntax', async ({ page }) => {
  await page.goto('/')
  await typeCommand(page, 'QEMU monitor', 'device_add host-x86_64-cpu,id=cpu06,socket-id=0,core-id=6,thread-id=0')
  await expect(slot(page, 6)).toHaveAttribute('aria-pressed', 'true')
  await typeCommand(page, 'QEMU monitor', 'device_del cpu06')
  await expect(slot(page, 6)).toHaveAttribute('aria-pressed', 'false')
  await slot(page, 7).click()
  expect(await lastMonitorLines(page, 1)).toEqual(['(qemu) device_add host-x86_64-cpu,id=cpu07,socket-id=0,core-id=7,thread-id=0'])
  await slot(page, 0).click()
  expect(await lastMonitorLines(page, 2)).toEqual(['(qemu) device_del /machine/unattached/device[0]', 'Error: Boot CPU is unpluggable'])
  await expect(page.getByRole('status')).toHaveText('Rejected: Boot CPU is unpluggable. Nothing changed.')
})

test('guest switch: ignored requests stay pending; a guest still in firmware refuses unplug', async ({ page }) => {
  await page.goto('/')
  await slot(page, 5).click()
  await page.getByRole('combobox', { name: 'Guest' }).selectOption('ignore')
  await slot(page, 5).click()
  await expect(slot(page, 5)).toHaveAttribute('aria-pressed', 'true')
  await expect(slot(page, 5)).toHaveAccessibleName(/unplug requested/)
  await expect(region(page, 'info cpus').getByRole('listitem', { name: /CPU #5: .*unplug requested/ })).toBeVisible()
  await page.getByRole('combobox', { name: 'Guest' }).selectOption('cooperative')
  // The next SCI (a repeated device_del) lets the cooperative guest eject it.
  await slot(page, 5).click()
  await expect(slot(page, 5)).toHaveAttribute('aria-pressed', 'false')

  await page.getByRole('combobox', { name: 'Guest' }).selectOption('not-booted')
  await page.getByRole('textbox', { name: 'QEMU command line' }).fill('qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host -smp 2,maxcpus=4 -name g,debug-threads=on')
  await page.getByRole('button', { name: 'Boot' }).click()
  await slot(page, 1).click()
  expect(await lastMonitorLines(page, 1)).toEqual(['Error: acpi: device unplug request for not supported device type: host-x86_64-cpu'])
  await expect(slot(page, 1)).toHaveAttribute('aria-pressed', 'true')
})

test('keyboard only: Tab to a slot, Space plugs it, arrows walk a list, focus shows the four numbers', async ({ page }) => {
  await page.goto('/')
  let guard = 0
  while (!(await slot(page, 4).evaluate((el) => el === document.activeElement)) && guard++ < 60) await page.keyboard.press('Tab')
  await expect(slot(page, 4)).toBeFocused()
  await page.keyboard.press('Space')
  await expect(slot(page, 4)).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('tooltip')).toContainText('cpu_index4')
  await page.keyboard.press('Enter')
  await expect(slot(page, 4)).toHaveAttribute('aria-pressed', 'false')
  // Into the fd list (one Tab stop), then down with the arrow keys.
  const fdList = page.getByRole('list', { name: 'KVM file descriptors' })
  guard = 0
  while (!(await fdList.evaluate((el) => el.contains(document.activeElement))) && guard++ < 40) await page.keyboard.press('Tab')
  await page.keyboard.press('End')
  await expect(fdList.getByRole('listitem').last()).toBeFocused()
  await expect(page.getByRole('tooltip')).toContainText('fd32 (parked)')
  await expect(slot(page, 4)).toHaveClass(/is-highlighted/)
})

test('hovering an fd highlights its vCPU everywhere', async ({ page }) => {
  await page.goto('/')
  await region(page, 'File descriptors').getByRole('listitem', { name: /^fd 16:/ }).hover()
  await expect(slot(page, 2)).toHaveClass(/is-highlighted/)
  await expect(region(page, 'Threads').getByRole('listitem', { name: /CPU 2\/KVM/ })).toHaveClass(/is-highlighted/)
  await expect(region(page, 'info cpus').getByRole('listitem', { name: /CPU #2:/ })).toHaveClass(/is-highlighted/)
  await expect(region(page, 'debugfs').getByRole('listitem', { name: /vcpu2\// })).toHaveClass(/is-highlighted/)
  const tooltip = page.getByRole('tooltip')
  await expect(tooltip).toContainText('cpu_index2')
  await expect(tooltip).toContainText('APIC ID2')
  await expect(tooltip).toContainText('KVM vcpu_id2')
  await expect(tooltip).toContainText('host TID5929')
})

test('reduced motion: no movement, the state still shows by colour and text', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.goto('/')
  await expect(page.getByRole('combobox', { name: 'Animation speed' })).toHaveValue('instant')
  await slot(page, 5).click()
  await slot(page, 5).click()
  await expect(page.locator('.flight')).toHaveCount(0)
  await expect(region(page, 'Parked vCPUs').getByRole('listitem', { name: 'head: vcpu_id 5, fd 32' })).toBeVisible()
  // Nothing is mid-transition: every list item is fully opaque at once.
  const opacities = await page.locator('.d3-list > li').evaluateAll((lis) => lis.map((li) => getComputedStyle(li).opacity))
  expect(new Set(opacities)).toEqual(new Set(['1']))
})

test('animations: an unplug flies fd 32 from the fd table into the parked list', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('combobox', { name: 'Animation speed' }).selectOption('slow')
  await slot(page, 5).click()
  await expect(page.locator('.flight', { hasText: 'KVM_CREATE_VCPU → fd 32' })).toHaveCount(1)
  await expect(page.locator('.flight')).toHaveCount(0, { timeout: 10_000 })
  await slot(page, 5).click()
  await expect(page.locator('.flight', { hasText: /^fd 32$/ })).toHaveCount(1)
  await expect(page.locator('.flight')).toHaveCount(0, { timeout: 10_000 })
})

test('dark theme, and the panels stack on a phone', async ({ page }, testInfo) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Dark theme' }).click()
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.locator('html')).toHaveClass(/dark/)
  const background = await region(page, 'CPU slots').evaluate((el) => getComputedStyle(el).backgroundColor)
  expect(background).not.toBe('rgb(255, 255, 255)')
  await slot(page, 5).click()
  await expect(region(page, 'File descriptors')).toContainText('kvm-vcpu:5')
  await page.screenshot({ path: testInfo.outputPath('dark.png'), fullPage: true })
  await page.reload()
  await expect(page.locator('html')).toHaveClass(/dark/)

  await page.setViewportSize({ width: 390, height: 844 })
  const slots = await region(page, 'CPU slots').boundingBox()
  const fds = await region(page, 'File descriptors').boundingBox()
  expect(fds!.y).toBeGreaterThan(slots!.y + slots!.height - 1)
  expect(fds!.width).toBeLessThanOrEqual(390)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await page.screenshot({ path: testInfo.outputPath('phone.png'), fullPage: true })
})
