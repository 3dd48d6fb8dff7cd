import { test as base, expect, type Locator, type Page } from '@playwright/test'

/** Every e2e test fails on an uncaught exception or a console error in the page. */
export const test = base.extend<{ failOnPageErrors: void }>({
  failOnPageErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console.error: ${message.text()}`)
      })
      await use()
      expect(errors, 'errors in the page').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

/** Types a command into a console (by its accessible name) and returns the lines printed after its echo. */
export async function typeCommand(page: Page, consoleName: 'QEMU monitor' | 'Host shell', command: string): Promise<string[]> {
  const input = page.getByRole('textbox', { name: consoleName, exact: true })
  const log = page.getByRole('log', { name: `${consoleName} output` })
  const before = await logLines(log)
  await input.fill(command)
  await input.press('Enter')
  const prompt = consoleName === 'QEMU monitor' ? '(qemu) ' : '# '
  await expect.poll(async () => (await logLines(log)).length).toBeGreaterThan(before.length)
  const after = await logLines(log)
  const added = after.slice(before.length)
  expect(added[0]).toBe(`${prompt}${command}`)
  return added.slice(1)
}

/** The lines of a console log (a step's output is one element holding its lines). */
export async function logLines(log: Locator): Promise<string[]> {
  return log.locator(':scope > div').evaluateAll((divs) => divs.flatMap((d) => (d.textContent === ' ' ? [''] : (d.textContent ?? '').split('\n'))))
}

/** A panel, by its exact heading. */
export const region = (page: Page, name: string): Locator => page.getByRole('region', { name, exact: true })

/** The CPU slot button with this cpu_index. */
export const slot = (page: Page, n: number): Locator => page.getByRole('button', { name: new RegExp(`^slot ${n}:`) })

/** The app has booted QEMU: the monitor printed its banner. */
export async function monitorReady(page: Page): Promise<void> {
  await expect(page.getByRole('log', { name: 'QEMU monitor output' })).toContainText("QEMU 7.0.0 monitor - type 'help' for more information")
}
