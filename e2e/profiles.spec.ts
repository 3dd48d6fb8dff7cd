import { expect, logLines, monitorReady, region, test, typeCommand } from './fixtures.ts'

/** A format-2 link made before profiles (the seed at step 3): it must open on the seed's profile. */
const FORMAT_2_SEED = '17ZMxDoAgDEXvwuoiJSVyI2Zp4uTdpY0kYIgRGFxYmN_nvYpQmEKVJ2157bHwGyz_34ubuszCWGsf8cj4JQNCoPGjQqymgI8WPLlsHuBf84Je810pZ-bxBEKaGE0PYytWsSkpANwEwRWs4w6C6cpqYFPMe78PWJ0X.3'

test('the pickers: a host sets its QEMU and kernel, each can change alone, and the header names the profile', async ({ page }) => {
  await page.goto('/')
  await monitorReady(page)
  const header = page.getByRole('banner')
  await expect(header).toContainText("QEMU 7.0.0 · Linux 4.14 · the seed's host")
  await page.getByRole('combobox', { name: 'Host', exact: true }).selectOption('ubuntu-24.04')
  await expect(page.getByRole('combobox', { name: 'QEMU version' })).toHaveValue('8.2')
  await expect(page.getByRole('combobox', { name: 'Host kernel' })).toHaveValue('6.8')
  await expect(header).toContainText('QEMU 8.2.2 · Linux 6.8 · Ubuntu 24.04')
  await expect(header).toContainText('distributions backport fixes')
  await expect(page.getByRole('log', { name: 'QEMU monitor output' })).toContainText("QEMU 8.2.2 monitor - type 'help' for more information")
  expect(await typeCommand(page, 'QEMU monitor', 'info version')).toEqual(['8.2.2Debian 1:8.2.2+ds-0ubuntu1.18'])
  // The QEMU version alone: the kernel and the host's tools stay.
  await page.getByRole('combobox', { name: 'QEMU version' }).selectOption('10.2')
  await expect(header).toContainText('QEMU 10.2.1 · Linux 6.8 · tools of Ubuntu 24.04')
  expect(await typeCommand(page, 'QEMU monitor', 'info version')).toEqual(['10.2.1'])
  await page.getByRole('combobox', { name: 'Host kernel' }).selectOption('4.14')
  // What this explorer could not establish for the profile is listed, not guessed.
  await header.getByText(/Not established for this profile/).click()
  await expect(header).toContainText("The seed's kernel is a vendor 4.14")
  // The host's own unknowns too: its tools and libraries are Ubuntu's, its fd layout the seed's.
  await expect(header).toContainText("Which fds QEMU opens besides KVM's")
})

test('changing the profile replays the scenario: the steps stay, the fds are the new version’s', async ({ page }) => {
  await page.goto('/')
  await monitorReady(page)
  await page.getByRole('button', { name: 'Jump to end' }).click()
  const shell = page.getByRole('log', { name: 'Host shell output' })
  await expect(shell).toContainText('32u  a_inode   0,13           0       13759 kvm-vcpu:5')
  await page.getByRole('combobox', { name: 'Host', exact: true }).selectOption('ubuntu-24.04')
  const slider = page.getByRole('slider', { name: 'Timeline' })
  await expect(slider).toHaveValue('37')
  await expect.poll(async () => (await logLines(shell)).join('\n')).toContain('37r  a_inode   0,14           0       1057 kvm-vcpu-stats:5')
  expect((await logLines(shell)).join('\n')).toContain('%wait')
  // On QEMU 6.2 pc-q35-7.0 does not exist: the boot shows that version's error and nothing runs.
  await page.getByRole('combobox', { name: 'QEMU version' }).selectOption('6.2')
  await expect(page.getByRole('log', { name: 'QEMU monitor output' })).toContainText('qemu-system-x86_64: unsupported machine type')
  await expect(page.getByRole('button', { name: /^slot 5:/ })).toHaveCount(0)
  // Undo takes the profile change back.
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByRole('combobox', { name: 'QEMU version' })).toHaveValue('8.2')
})

test('a link keeps its profile and its comparison', async ({ page, context }) => {
  await page.goto('/')
  await monitorReady(page)
  await page.getByRole('combobox', { name: 'Host', exact: true }).selectOption('debian-13')
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption({ label: "The seed's host (QEMU 7.0.0 built from source, Linux 4.14)" })
  await expect(region(page, 'Comparison')).toBeVisible()
  await expect.poll(() => page.url()).toContain('#2')
  const other = await context.newPage()
  await other.goto(page.url())
  await expect(other.getByRole('combobox', { name: 'Host', exact: true })).toHaveValue('debian-13')
  await expect(other.getByRole('combobox', { name: 'QEMU version' })).toHaveValue('10.0')
  await expect(region(other, 'Comparison')).toBeVisible()
  await other.reload()
  await expect(other.getByRole('combobox', { name: 'Host kernel' })).toHaveValue('6.12')
})

test('a link made before profiles opens on the seed’s profile', async ({ page }) => {
  await page.goto(`/#${FORMAT_2_SEED}`)
  await monitorReady(page)
  await expect(page.getByRole('combobox', { name: 'Host', exact: true })).toHaveValue('seed')
  await expect(page.getByRole('combobox', { name: 'QEMU version' })).toHaveValue('7.0')
  await expect(page.getByRole('slider', { name: 'Timeline' })).toHaveValue('3')
  await expect(page.getByRole('heading', { name: '-smp 4,maxcpus=8, skip cpu04 on purpose' })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test('the comparison: both sides at the same step, rows only one side has, and the fd chart', async ({ page }) => {
  await page.goto('/')
  await monitorReady(page)
  await page.getByRole('button', { name: 'Scenarios' }).click()
  await page.getByRole('button', { name: /stats-fd leak/ }).click()
  const comparison = region(page, 'Comparison')
  await expect(comparison).toContainText('Comparison at step 0')
  const left = comparison.getByRole('region', { name: 'QEMU 8.2.2 · Linux 6.8 · Ubuntu 24.04' })
  const right = comparison.getByRole('region', { name: "QEMU 7.0.0 · Linux 4.14 · the seed's host" })
  await expect(left.getByRole('list', { name: /KVM file descriptors/ }).getByRole('listitem', { name: /^15r kvm-vcpu-stats:0 .*only on this side$/ })).toBeVisible()
  await expect(right.getByRole('list', { name: /KVM file descriptors/ }).getByRole('listitem', { name: /kvm-vcpu-stats/ })).toHaveCount(0)
  await page.getByRole('button', { name: 'Jump to end' }).click()
  await expect(comparison).toContainText('Comparison at step 24')
  await expect(left.getByRole('listitem', { name: /kvm-vcpu-stats:5 stats, leaked: never closed/ })).toHaveCount(10)
  const chart = comparison.getByRole('img', { name: /Open KVM fds over the steps/ })
  await expect(chart).toHaveAccessibleName(/Ubuntu 24\.04: 5 vCPU fds and 14 stats fds at this step/)
  await expect(chart).toHaveAccessibleName(/the seed's host: 5 vCPU fds and 0 stats fds at this step/)
  // D3 drew four lines: vCPU and stats fds for each side.
  await expect(chart.locator('path.fd-line')).toHaveCount(4)
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('')
  await expect(comparison).toHaveCount(0)
})

test('presenting a comparison: the clicker steps both sides', async ({ page }) => {
  await page.goto('/')
  await monitorReady(page)
  await page.getByRole('button', { name: 'Scenarios' }).click()
  await page.getByRole('button', { name: /Parked vCPUs across a reset/ }).click()
  await page.getByRole('button', { name: 'Present', exact: true }).click()
  const comparison = region(page, 'Comparison')
  await expect(comparison).toContainText('Comparison at step 0')
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight')
  await expect(comparison).toContainText('Comparison at step 4')
  await expect(comparison.getByRole('region', { name: 'QEMU 10.0.13 · Linux 6.12 · Debian 13' }).getByRole('list', { name: /kvm_parked_vcpus/ }).getByRole('listitem')).toHaveCount(2)
  // The question about the reset, then its answer applied: both sides at step 5.
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('region', { name: 'Question' })).toContainText('system_reset with two parked vCPUs')
  await page.keyboard.press('ArrowRight')
  await expect(comparison).toContainText('Comparison at step 5')
  await expect(page.getByRole('region', { name: 'Narration' })).toContainText('MSR_IA32_TSC = 1')
})
