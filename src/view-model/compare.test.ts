import { describe, expect, it } from 'vitest'
import { presets } from '../scenario/presets.ts'
import { Replay } from '../scenario/replay.ts'
import { compareRows } from './compare.ts'

/** The stats-fd leak on Ubuntu 24.04 and, as its twin, the same steps on the seed's host. */
function sides(step: number) {
  const { scenario } = presets.find((p) => p.id === 'stats-fd-leak')!
  const left = Replay.start(scenario)
  const right = Replay.start({ ...scenario, profile: scenario.compare!, compare: null })
  if (!left.ok || !right.ok) throw new Error('no replay')
  return [left.replay.at(step), right.replay.at(step)] as const
}

describe('comparison rows', () => {
  it('a vCPU fd on both sides is one row, whatever its number; each extra stats fd is only on its side', () => {
    const [left, right] = sides(24)
    const mine = compareRows(left, right, 'fds')
    const theirs = compareRows(right, left, 'fds')
    // kvm-vcpu:1 is fd 16 on 8.2 (after stats:0) and fd 15 on 7.0: the same row.
    expect(mine.find((r) => r.cells[1] === 'kvm-vcpu:1')).toMatchObject({ cells: ['16u', 'kvm-vcpu:1', 'CPU #1'], onlyHere: false })
    expect(theirs.find((r) => r.cells[1] === 'kvm-vcpu:1')).toMatchObject({ cells: ['15u', 'kvm-vcpu:1', 'CPU #1'], onlyHere: false })
    expect(mine.filter((r) => r.onlyHere).map((r) => r.cells[1])).toEqual([
      'kvm-vcpu-stats:0', 'kvm-vcpu-stats:1', 'kvm-vcpu-stats:2', 'kvm-vcpu-stats:3', ...Array<string>(10).fill('kvm-vcpu-stats:5'),
    ])
    expect(theirs.filter((r) => r.onlyHere)).toEqual([])
  })

  it('threads match by name and repeat count, parked vCPUs by vcpu_id, debugfs by directory', () => {
    const [left, right] = sides(24)
    expect(compareRows(left, right, 'threads').filter((r) => r.onlyHere)).toEqual([])
    expect(compareRows(left, right, 'parked')).toMatchObject([{ cells: ['head', 'vcpu_id 5', 'fd 36'], onlyHere: false }])
    expect(compareRows(right, left, 'parked')).toMatchObject([{ cells: ['head', 'vcpu_id 5', 'fd 32'], onlyHere: false }])
    expect(compareRows(left, right, 'debugfs').map((r) => [r.cells[0], r.onlyHere])).toEqual(['vcpu0/', 'vcpu1/', 'vcpu2/', 'vcpu3/', 'vcpu5/'].map((d) => [d, false]))
  })
})
