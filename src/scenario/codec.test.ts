import fc from 'fast-check'
import { deflateSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import type { Command } from '../model/sim.ts'
import { decodeFile, decodeFragment, decodeJson, encodeFile, encodeFragment, FORMAT_VERSION, LIMITS } from './codec.ts'
import { defaultPreset, presets } from './presets.ts'
import { encodeStep, type Scenario } from './scenario.ts'
import type { ProfileChoice } from '../model/profile.ts'
import { hostPresets } from '../model/versions/hosts.ts'
import { linuxVersions } from '../model/versions/linux.ts'
import { qemuVersions } from '../model/versions/qemu.ts'

const seed = defaultPreset.scenario
/** Every QEMU release on every kernel, with every host's tools: all the profiles a link can name. */
const profileChoices: ProfileChoice[] = qemuVersions.flatMap((q) => linuxVersions.flatMap((k) => hostPresets.map((h) => ({ qemu: q.id, kernel: k.id, host: h.id }))))
const ORIGIN = 'https://explorer.example.org/'

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.string({ maxLength: 60 }).map((line) => ({ kind: 'hmp' as const, line })),
  fc.string({ maxLength: 60 }).map((line) => ({ kind: 'shell' as const, line })),
  fc.constantFrom('cooperative' as const, 'ignore' as const, 'not-booted' as const).map((behaviour) => ({ kind: 'guest' as const, behaviour })),
  fc.nat(9999).map((count) => ({ kind: 'host' as const, activity: { kind: 'tids' as const, count } })),
  fc.constant({ kind: 'host' as const, activity: { kind: 'worker-start' as const } }),
  fc.option(fc.nat(99999), { nil: undefined }).map((tid) => ({ kind: 'host' as const, activity: tid === undefined ? { kind: 'worker-exit' as const } : { kind: 'worker-exit' as const, tid } })),
  fc.nat(9999).map((seconds) => ({ kind: 'host' as const, activity: { kind: 'wait' as const, seconds } })),
  fc.string({ maxLength: 80 }).map((cmdline) => ({ kind: 'boot' as const, cmdline })),
)

const scenarioArb: fc.Arbitrary<{ scenario: Scenario; step: number }> = fc
  .record({
    basedOn: fc.constantFrom(null, ...presets.map((p) => p.id)),
    profile: fc.constantFrom(...profileChoices),
    compare: fc.option(fc.constantFrom(...profileChoices), { nil: null }),
    title: fc.string({ maxLength: 60 }),
    cmdline: fc.string({ maxLength: 100 }),
    guest: fc.constantFrom('cooperative' as const, 'ignore' as const, 'not-booted' as const),
    steps: fc.array(commandArb, { maxLength: 30 }),
    notes: fc.array(fc.tuple(fc.nat(30), fc.string({ minLength: 1, maxLength: 40 })), { maxLength: 5 }),
    speakerNotes: fc.array(fc.tuple(fc.nat(30), fc.string({ minLength: 1, maxLength: 40 })), { maxLength: 3 }),
    questions: fc.array(
      fc.tuple(
        fc.integer({ min: 1, max: 30 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 2, maxLength: 4 }),
        fc.nat(3),
        fc.string({ maxLength: 30 }),
      ),
      { maxLength: 3 },
    ),
  })
  .chain((r) =>
    fc.nat(r.steps.length).map((step) => ({
      step,
      scenario: {
        basedOn: r.basedOn,
        title: r.title,
        profile: r.profile,
        compare: r.compare,
        cmdline: r.cmdline,
        guest: r.guest,
        bootActivity: seed.bootActivity,
        steps: r.steps,
        narration: Object.fromEntries(r.notes.filter(([k]) => k <= r.steps.length)),
        questions: Object.fromEntries(
          r.questions
            .filter(([k]) => k <= r.steps.length)
            .map(([k, prompt, choices, answer, explanation]) => [k, { prompt, choices, answer: answer % choices.length, explanation }]),
        ),
        notes: Object.fromEntries(r.speakerNotes.filter(([k]) => k <= r.steps.length)),
      },
    })),
  )

describe('share links (codec)', () => {
  it('round-trips random scenarios through the fragment and the file', () => {
    fc.assert(
      fc.property(scenarioArb, ({ scenario, step }) => {
        const fromLink = decodeFragment(encodeFragment(scenario, step))
        expect(fromLink).toEqual({ ok: true, scenario, step })
        const fromFile = decodeFile(encodeFile(scenario, step))
        expect(fromFile).toEqual({ ok: true, scenario, step })
      }),
      { numRuns: 300 },
    )
  })

  it('the seed link is at most 400 characters, a 100-step scenario at most 2,000', () => {
    expect(`${ORIGIN}#${encodeFragment(seed, defaultPreset.start)}`.length).toBeLessThanOrEqual(400)
    expect(`${ORIGIN}#${encodeFragment(seed, seed.steps.length)}`.length).toBeLessThanOrEqual(400)
    // 100 steps of the kinds people type, cycling over slots, consoles and guest actions, with a title and two notes.
    const lines = [
      (i: number) => `device_add host-x86_64-cpu,id=cpu${String(4 + (i % 4)).padStart(2, '0')},socket-id=0,core-id=${4 + (i % 4)},thread-id=0`,
      () => 'info cpus',
      () => 'lsof -p 5921 | grep kvm',
      (i: number) => `device_del cpu${String(4 + (i % 4)).padStart(2, '0')}`,
      () => 'pidstat -p 5921 -t',
      () => 'ls /sys/kernel/debug/kvm/5921-12 | grep vcpu',
      (i: number) => `cat /proc/5921/task/${5982 + i}/comm`,
    ]
    const steps: Command[] = Array.from({ length: 100 }, (_, i) => {
      const line = lines[i % lines.length]!(i)
      if (i % 25 === 24) return { kind: 'guest', behaviour: i % 2 ? 'ignore' : 'cooperative' }
      return line.startsWith('device') || line === 'info cpus' ? { kind: 'hmp', line } : { kind: 'shell', line }
    })
    const hundred: Scenario = { ...seed, basedOn: null, title: 'Plug and unplug cores 4–7 again and again', steps, narration: { 10: 'Here the parked list holds two fds.', 50: 'Halfway.' }, questions: {}, notes: {} }
    expect(`${ORIGIN}#${encodeFragment(hundred, 100)}`.length).toBeLessThanOrEqual(2000)
  })

  it('keeps format 1 links decodable (fixtures of links made by format 1)', () => {
    // Made by this codec's format 1 (before questions and notes); they must decode the same forever.
    const seedAtThree = '1G41QaIRmlBiagXxbrg0ii81A4YcnbrBHJkqMkZo-gJkMRJYYG4FdYGhKZBSaYk0KpmhpIaPEEsl7RqYD5b1iQwNkf8GSM8g9GSVGYJfC3GhMjhtJdRaKn2BRYGRqAXaCJYpbKY-DYmOykhUFfgIm7yJoBlaqBQA.3'
    expect(decodeFragment(seedAtThree)).toEqual({ ok: true, scenario: seed, step: 3 })
    // A format 1 link on a built-in scenario with its own title and one narration changed:
    // it takes the built-in scenario's questions and notes, as it takes its narration.
    const replugOrder = presets.find((p) => p.id === 'replug-order')!.scenario
    const edited = decodeFragment('1G5kRCotFIgLIBGtAw4oFEkLaFKtBpjgMgkWzKRYxUKxgTRtUs53i8MCVqnXBeQEY_EXA2ACKAQsb3fyilNQioB5QWeQLTEFAJrhEMgJFGCieU1OUamsB.2')
    expect(edited).toEqual({ ok: true, step: 2, scenario: { ...replugOrder, basedOn: 'replug-order', title: 'Mine', narration: { ...replugOrder.narration, 2: 'changed' } } })
    // A format 1 link that branched off the seed at step 2 keeps none of the seed's questions:
    // they are about steps it replaced. Its notes stop where it branched too.
    const branched = decodeJson({ v: 1, r: 'seed', p: 'qemu-7.0-linux-4.14', h: 'seed-host', c: seed.cmdline, g: 'c', b: ['1t4', '3t1'], s: [...seed.steps.slice(0, 2).map((c) => encodeStep(c)), ...Array(30).fill('minfo cpus')] })
    expect(branched.ok && branched.scenario.questions).toEqual({})
    expect(branched.ok && branched.scenario.notes).toEqual({ 0: seed.notes[0] })
    const fixture = decodeJson({ v: 1, p: 'qemu-7.0-linux-4.14', h: 'seed-host', c: 'qemu-system-x86_64 -machine q35,accel=kvm', g: 'i', b: [], s: ['minfo cpus', 'gc', 'ht3'] })
    expect(fixture).toEqual({
      ok: true,
      step: 3,
      scenario: {
        basedOn: null,
        title: '',
        profile: { qemu: '7.0', kernel: '4.14', host: 'seed' },
        compare: null,
        cmdline: 'qemu-system-x86_64 -machine q35,accel=kvm',
        guest: 'ignore',
        bootActivity: [],
        steps: [{ kind: 'hmp', line: 'info cpus' }, { kind: 'guest', behaviour: 'cooperative' }, { kind: 'host', activity: { kind: 'tids', count: 3 } }],
        narration: {},
        questions: {},
        notes: {},
      },
    })
  })

  it('keeps format 2 links decodable: they open on the seed\'s profile (fixtures made by format 2)', () => {
    // Made by the format-2 codec (marker 1) before profiles were part of a scenario; they must decode the same forever.
    const seedAtThree = '17ZMxDoAgDEXvwuoiJSVyI2Zp4uTdpY0kYIgRGFxYmN_nvYpQmEKVJ2157bHwGyz_34ubuszCWGsf8cj4JQNCoPGjQqymgI8WPLlsHuBf84Je810pZ-bxBEKaGE0PYytWsSkpANwEwRWs4w6C6cpqYFPMe78PWJ0X.3'
    expect(decodeFragment(seedAtThree)).toEqual({ ok: true, scenario: seed, step: 3 })
    const custom = decodeFragment('1A0eo0UiJ0ExohMJikYgAMsEa0LBigYSQNsVqkCkOg2DRbApLaMhFBigVgnKub6UCMLUAM6xCCTAEgCrBOdkQKJOWWQQMa5CUUq2OUj5I2AgUj8CyMCNTqbYWAA.2')
    const replugOrder = presets.find((p) => p.id === 'replug-order')!.scenario
    expect(custom).toEqual({
      ok: true,
      step: 2,
      scenario: {
        ...replugOrder,
        basedOn: null,
        title: 'My replug test',
        profile: { qemu: '7.0', kernel: '4.14', host: 'seed' },
        compare: null,
        guest: 'ignore',
        steps: [...replugOrder.steps.slice(0, 3), { kind: 'shell', line: 'ls /proc/5921/fd' }],
        narration: { 1: 'first plug' },
        questions: {},
        notes: { 2: 'say hi' },
      },
    })
    // Format 2 knew only the seed's profile: any other pair cannot be opened, and decoding says so.
    expect(decodeJson({ v: 2, p: 'qemu-8.2-linux-6.8', h: 'seed-host', c: 'x', g: 'c', b: [], s: [] })).toMatchObject({ ok: false, error: expect.stringMatching(/behaviour profile "qemu-8.2-linux-6.8"/) })
  })

  it('format 3 carries the profile and the comparison, and checks them', () => {
    expect(FORMAT_VERSION).toBe(3)
    const base = { v: 3, p: '7.0|4.14|seed', c: 'x', g: 'c', b: [], s: [] }
    expect(decodeJson({ ...base, y: '7.0|4.14|seed' })).toMatchObject({ ok: true, scenario: { profile: { qemu: '7.0', kernel: '4.14', host: 'seed' }, compare: { qemu: '7.0', kernel: '4.14', host: 'seed' } } })
    expect(decodeJson({ ...base, p: '5.0|4.14|seed' })).toMatchObject({ ok: false, error: expect.stringMatching(/QEMU 5\.0 is not a version this explorer models/) })
    expect(decodeJson({ ...base, y: '7.0|3.10|seed' })).toMatchObject({ ok: false, error: expect.stringMatching(/Linux 3\.10/) })
    expect(decodeJson({ ...base, p: '7.0|4.14|nowhere' })).toMatchObject({ ok: false, error: expect.stringMatching(/host "nowhere"/) })
    expect(decodeJson({ ...base, p: '<script>' })).toMatchObject({ ok: false })
    expect(decodeJson({ ...base, h: 'seed-host' })).toMatchObject({ ok: false })
  })

  it('format 2 carries questions and speaker notes, and checks them', () => {
    const base = { v: 2, p: 'qemu-7.0-linux-4.14', h: 'seed-host', c: 'x', g: 'c', b: [], s: ['minfo cpus', 'minfo cpus'] }
    const decoded = decodeJson({ ...base, q: { 2: { p: 'Same output?', c: ['yes', 'no'], a: 0 } }, o: { 0: 'Start here.' } })
    expect(decoded.ok && decoded.scenario.questions).toEqual({ 2: { prompt: 'Same output?', choices: ['yes', 'no'], answer: 0, explanation: '' } })
    expect(decoded.ok && decoded.scenario.notes).toEqual({ 0: 'Start here.' })
    expect(decodeJson({ ...base, q: { 2: { p: 'Q', c: ['a', 'b'], a: 2 } } })).toMatchObject({ ok: false, error: 'The answer to its question at step 2 is not one of the choices.' })
    expect(decodeJson({ ...base, q: { 0: { p: 'Q', c: ['a', 'b'], a: 0 } } })).toMatchObject({ ok: false, error: expect.stringMatching(/questions point at steps/) })
    expect(decodeJson({ ...base, q: { 3: { p: 'Q', c: ['a', 'b'], a: 0 } } })).toMatchObject({ ok: false })
    expect(decodeJson({ ...base, q: { 1: { p: 'Q', c: ['only one'], a: 0 } } })).toMatchObject({ ok: false })
    expect(decodeJson({ ...base, o: { 9: 'too far' } })).toMatchObject({ ok: false, error: expect.stringMatching(/speaker notes point at steps/) })
    // A built-in scenario's questions cost a link nothing; removing them all is stored as "none".
    const withQuestions = presets.find((p) => Object.keys(p.scenario.questions).length > 0)!
    const own = { ...withQuestions.scenario, basedOn: withQuestions.id }
    const plain = { ...own, questions: {} }
    expect(encodeFragment(plain, 0).length).toBeGreaterThan(encodeFragment(own, 0).length)
    expect(decodeFragment(encodeFragment(plain, 0))).toEqual({ ok: true, scenario: plain, step: 0 })
  })

  it('refuses bad links in one sentence each', () => {
    const good = encodeFragment(seed, 3)
    const cases: [string, RegExp][] = [
      ['', /holds no scenario/],
      [good.slice(0, good.length / 2), /damaged|cut short/],
      [`${good.slice(0, 20)}!!!${good.slice(23)}`, /damaged/],
      [`9${good.slice(1)}`, /newer version/],
      ['x123', /not a scenario/],
      [`${good.split('.')[0]}.999`, /points at step 999/],
      [`${good.split('.')[0]}.abc`, /step is not a number/],
      ['1'.padEnd(LIMITS.fragmentChars + 10, 'A'), /too long/],
    ]
    for (const [fragment, error] of cases) {
      const decoded = decodeFragment(fragment)
      expect(decoded.ok, fragment.slice(0, 40)).toBe(false)
      if (!decoded.ok) {
        expect(decoded.error).toMatch(error)
        expect(decoded.error.split(/(?<=\.) /).length).toBeLessThanOrEqual(3)
      }
    }
  })

  it('refuses a future format version, unknown step kinds, prototype keys, unknown presets', () => {
    const base = { v: 1, p: 'qemu-7.0-linux-4.14', h: 'seed-host', c: 'x', g: 'c', b: [], s: [] }
    expect(decodeJson({ ...base, v: FORMAT_VERSION + 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/newer version/) })
    expect(decodeJson({ ...base, s: ['zfoo'] })).toMatchObject({ ok: false, error: 'Step 1 is not a command this explorer knows.' })
    expect(decodeJson({ ...base, s: ['hq9'] })).toMatchObject({ ok: false })
    expect(decodeJson(JSON.parse('{"v":1,"p":"qemu-7.0-linux-4.14","h":"seed-host","c":"x","g":"c","b":[],"s":[],"__proto__":{"polluted":1}}'))).toMatchObject({ ok: false })
    expect(decodeJson(JSON.parse('{"v":1,"p":"qemu-7.0-linux-4.14","h":"seed-host","c":"x","g":"c","b":[],"s":[],"n":{"__proto__":"x"}}'))).toMatchObject({ ok: false })
    expect(decodeJson({ ...base, h: 'constructor' })).toMatchObject({ ok: false })
    expect(decodeJson({ ...base, r: 'nope' })).toMatchObject({ ok: false, error: expect.stringMatching(/builds on the scenario "nope"/) })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('bounds the inflated size before it is reached (a deflate bomb)', () => {
    const bomb = deflateSync(new Uint8Array(LIMITS.inflatedBytes * 4).fill(32), { level: 9 })
    let binary = ''
    for (const b of bomb) binary += String.fromCharCode(b)
    const fragment = `1${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.0`
    expect(fragment.length).toBeLessThan(LIMITS.fragmentChars)
    expect(decodeFragment(fragment)).toEqual({ ok: false, error: 'The link unpacks to more data than a scenario may have.' })
  })

  it('fuzz: 10,000 random and mutated fragments never throw and give a scenario or one error', () => {
    const goods = presets.map((p) => encodeFragment(p.scenario, p.start))
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: fc.constantFrom(...'1ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'), maxLength: 400 }),
          fc.tuple(fc.constantFrom(...goods), fc.nat(), fc.nat(255), fc.nat(3)).map(([good, at, code, how]) => {
            const i = at % good.length
            if (how === 0) return good.slice(0, i)
            if (how === 1) return good.slice(0, i) + String.fromCharCode(code) + good.slice(i + 1)
            if (how === 2) return good.slice(0, i) + good.slice(i + 1)
            return good.slice(0, i) + good.slice(i, i + 5).split('').reverse().join('') + good.slice(i + 5)
          }),
        ),
        (fragment) => {
          let decoded: ReturnType<typeof decodeFragment>
          expect(() => (decoded = decodeFragment(fragment))).not.toThrow()
          if (decoded!.ok) {
            expect(decoded!.step).toBeLessThanOrEqual(decoded!.scenario.steps.length)
          } else {
            expect(decoded!.error).toMatch(/^[A-Z].*\.$/)
          }
        },
      ),
      { numRuns: 10_000 },
    )
  })

  it('titles and narration are data: markup in them survives as text', () => {
    const xss: Scenario = { ...seed, basedOn: null, title: '<img src=x onerror="alert(1)"><script>alert(2)</script>', narration: { 0: 'javascript:alert(3)' } }
    const decoded = decodeFragment(encodeFragment(xss, 0))
    expect(decoded.ok && decoded.scenario.title).toBe(xss.title)
    expect(decoded.ok && decoded.scenario.narration[0]).toBe('javascript:alert(3)')
  })
})
