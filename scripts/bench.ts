/**
 * `npm run bench`: 10,000 random hot-plug operations (device_add / device_del,
 * valid and invalid, from a seeded generator) on a maxcpus=288 VM, through the
 * same `apply()` the app uses, on the seed's profile and on the newest one
 * (QEMU 11.0 on Linux 7.0, where every plug leaks a stats fd). Prints
 * operations per second and peak heap for each.
 */
import { resolveProfile, seedProfile, type Profile } from '../src/model/profile.ts'
import { apply, type Command } from '../src/model/sim.ts'
import type { SimState } from '../src/model/state.ts'
import { bootVm, Q35 } from '../src/model/testing.ts'

const OPERATIONS = Number(process.env.BENCH_OPS ?? 10_000)
const ROUNDS = 5

/** mulberry32: a small seeded generator, so every run applies the same operations. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function nextCommand(state: SimState, random: () => number, n: number): Command {
  const { slots, cpus } = state.qemu
  const r = random()
  if (r < 0.5) {
    const slot = slots[Math.floor(random() * slots.length)]!
    return { kind: 'hmp', line: `device_add host-x86_64-cpu,id=c${n},socket-id=${slot.socketId},core-id=${slot.coreId},thread-id=${slot.threadId}` }
  }
  if (r < 0.95) {
    const cpu = cpus[Math.floor(random() * cpus.length)]!
    return { kind: 'hmp', line: `device_del ${cpu.qdevId ?? cpu.qomPath}` }
  }
  return { kind: 'hmp', line: 'device_add host-x86_64-cpu,id=bad,socket-id=0,core-id=999,thread-id=0' }
}

const gc = (globalThis as { gc?: () => void }).gc

interface Bench {
  readonly name: string
  readonly profile: Profile
  readonly cmdline: string
}

const newest = resolveProfile({ qemu: '11.0', kernel: '7.0', host: 'ubuntu-26.04' })
if (!newest.ok) throw new Error(newest.error)
const benches: Bench[] = [
  { name: "the seed's profile (QEMU 7.0.0, Linux 4.14)", profile: seedProfile, cmdline: `${Q35} -smp 1,maxcpus=288` },
  {
    name: 'the newest profile (QEMU 11.0.3, Linux 7.0, Ubuntu 26.04 tools)',
    profile: newest.profile,
    cmdline: 'qemu-system-x86_64 -machine q35,accel=kvm -cpu host -drive file=/home/zhang/images/guest.img,format=raw -smp 1,maxcpus=288',
  },
]

function round(bench: Bench, seed: number): { ms: number; peakHeap: number; accepted: number; plugged: number; fds: number } {
  const random = rng(seed)
  let state = bootVm(bench.cmdline, 'cooperative', bench.profile)
  // Each command is drawn from the state it applies to, so drawing it is inside the timed loop (a small share).
  gc?.()
  const baseline = process.memoryUsage().heapUsed
  let peakHeap = baseline
  let accepted = 0
  const start = performance.now()
  for (let i = 0; i < OPERATIONS; i++) {
    const command = nextCommand(state, random, i)
    const result = apply(state, command)
    if (result.ok) accepted++
    state = result.state
    if ((i & 1023) === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
  }
  const ms = performance.now() - start
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
  return { ms, peakHeap, accepted, plugged: state.qemu.cpus.length, fds: state.host.fds.length }
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`

for (const bench of benches) {
  // One warm-up round lets V8 compile the model's hot paths, as it would in a long session in the app.
  const warmUp = round(bench, 41)
  const results = Array.from({ length: ROUNDS }, (_, i) => round(bench, Number(process.env.BENCH_SAME_SEED ? 42 : 42 + i)))
  const opsPerSecond = results.map((r) => (OPERATIONS / r.ms) * 1000).sort((a, b) => a - b)
  const median = opsPerSecond[Math.floor(ROUNDS / 2)]!
  const peak = Math.max(...results.map((r) => r.peakHeap))
  console.log(`model bench, ${bench.name}: ${OPERATIONS.toLocaleString('en-US')} random hotplug operations on a maxcpus=288 VM, ${ROUNDS} rounds after a warm-up`)
  console.log(`  warm-up: ${Math.round((OPERATIONS / warmUp.ms) * 1000).toLocaleString('en-US')} ops/s (not counted)`)
  for (const [i, r] of results.entries()) {
    console.log(`  round ${i + 1}: ${Math.round((OPERATIONS / r.ms) * 1000).toLocaleString('en-US')} ops/s, ${r.accepted} accepted, ${r.plugged} vCPUs plugged and ${r.fds} fds open at the end, peak heap ${mib(r.peakHeap)}`)
  }
  console.log(`  operations per second (median): ${Math.round(median).toLocaleString('en-US')}`)
  console.log(`  peak heap: ${mib(peak)}`)
  console.log(`  target: ≥ 100,000 ops/s — ${median >= 100_000 ? 'met' : 'NOT met'}`)
}

// Scrubbing: a 10,000-step scenario, replayed once (checkpoints every 64 steps), then random jumps.
{
  const { Replay } = await import('../src/scenario/replay.ts')
  const { longScenario } = await import('../src/scenario/replay.test-helpers.ts')
  const started = Replay.start(longScenario(10_000))
  if (!started.ok) throw new Error(started.error)
  const replay = started.replay
  const t0 = performance.now()
  replay.at(10_000)
  const firstPass = performance.now() - t0
  const random = rng(7)
  const times: number[] = []
  for (let i = 0; i < 500; i++) {
    const k = Math.floor(random() * 10_001)
    const t = performance.now()
    replay.at(k)
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  const q = (p: number): string => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2)
  console.log(`scrub bench: 10,000-step scenario, first full replay ${firstPass.toFixed(0)} ms, then 500 random jumps`)
  console.log(`  jump time p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${times.at(-1)!.toFixed(2)} ms (target: within a 16 ms frame — ${times.at(-1)! <= 16 ? 'met' : 'NOT met'})`)
}
