import { maskPidstat, pidstatBanner, seedTranscript } from '../src/model/fixtures/seed-transcript.ts'
import { expect, monitorReady, test, typeCommand } from './fixtures.ts'


test('the seed transcript, typed into both consoles, prints what the real host printed', async ({ page }) => {
  await page.goto('/')
  await monitorReady(page)
  for (const entry of seedTranscript) {
    const output = await typeCommand(page, entry.console === 'hmp' ? 'QEMU monitor' : 'Host shell', entry.line)
    if (entry.line.startsWith('pidstat')) {
      expect(output[0]).toMatch(pidstatBanner)
      expect(maskPidstat(output.slice(1))).toEqual(maskPidstat(entry.output.slice(1)))
    } else {
      expect(output, entry.line).toEqual(entry.output)
    }
  }
})

test('a rejected command line shows QEMU’s message and leaves the running VM alone', async ({ page }) => {
  await page.goto('/')
  const cmdline = page.getByRole('textbox', { name: 'QEMU command line' })
  await cmdline.fill('qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host -smp 4,maxcpus=2')
  await page.getByRole('button', { name: 'Boot' }).click()
  await expect(page.getByRole('alert')).toHaveText(
    'qemu-system-x86_64: Invalid CPU topology: maxcpus must be equal to or greater than smp: sockets (1) * dies (1) * cores (2) * threads (1) == maxcpus (2) < smp_cpus (4)',
  )
  expect(await typeCommand(page, 'QEMU monitor', 'info cpus')).toHaveLength(4)

  await cmdline.fill('qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host -smp 2,maxcpus=4 -name vm2,debug-threads=on')
  await page.getByRole('button', { name: 'Boot' }).click()
  await expect(page.getByRole('alert')).toHaveCount(0)
  const cpus = await typeCommand(page, 'QEMU monitor', 'info cpus')
  expect(cpus).toHaveLength(2)
  expect(await typeCommand(page, 'Host shell', 'pidof qemu-system-x86_64')).toEqual([expect.stringMatching(/^\d+$/)])
})

test('history with Up/Down and command completion with Tab', async ({ page }) => {
  await page.goto('/')
  const monitor = page.getByRole('textbox', { name: 'QEMU monitor', exact: true })
  await typeCommand(page, 'QEMU monitor', 'info version')
  await typeCommand(page, 'QEMU monitor', 'info kvm')
  await monitor.press('ArrowUp')
  await expect(monitor).toHaveValue('info kvm')
  await monitor.press('ArrowUp')
  await expect(monitor).toHaveValue('info version')
  await monitor.press('ArrowDown')
  await expect(monitor).toHaveValue('info kvm')
  await monitor.fill('info hotp')
  await monitor.press('Tab')
  await expect(monitor).toHaveValue('info hotpluggable-cpus ')
  const shell = page.getByRole('textbox', { name: 'Host shell' })
  await shell.fill('pids')
  await shell.press('Tab')
  await expect(shell).toHaveValue('pidstat ')
  expect(await typeCommand(page, 'Host shell', 'nosuchtool -x')).toEqual(['bash: nosuchtool: command not found'])
})
