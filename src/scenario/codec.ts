/**
 * The one module that reads and writes shared scenarios: the URL fragment and
 * the downloadable JSON file. Decoding goes length cap → format marker →
 * base64url → bounded inflate → UTF-8 → JSON → strict schema → migrations →
 * step decoding; any failure is one sentence, and nothing reaches the store.
 *
 * Why fflate (deflate-raw with a preset dictionary) and not lz-string: on the
 * built-in scenarios plain deflate already gives links 25–50% shorter than
 * lz-string, and a dictionary of the commands every scenario shares makes
 * them 3–5 times shorter still (`npm run bench:links`: the seed is 162
 * characters, against 523 with plain deflate and 833 with lz-string).
 */
import { deflateSync, Inflate } from 'fflate'
import * as z from 'zod/mini'
import { presets } from './presets.ts'
import { parseProfileId, profileId, resolveProfile } from '../model/profile.ts'
import { decodeBootActivity, decodeStep, encodeBootActivity, encodeStep, guestCodes, guestOfCode, upToStep, type Question, type Scenario } from './scenario.ts'

/** The format version inside the payload (`v`). Each older version has a migration below. */
export const FORMAT_VERSION = 3
/**
 * The first character of a fragment: which compression and dictionary follow.
 * Marker 1 (formats 1 and 2) is still read; new links use marker 2, whose
 * dictionary starts with format 3's payload.
 */
const MARKER = '2'

export const LIMITS = {
  /** A fragment longer than this is refused before anything is decoded. */
  fragmentChars: 32_768,
  /** Inflating stops past this many bytes (a deflate bomb expands ~1,000:1). */
  inflatedBytes: 2 * 1024 * 1024,
  /** A scenario file larger than this is refused before parsing. */
  fileBytes: 4 * 1024 * 1024,
  steps: 100_000,
  stepChars: 4_096,
  titleChars: 200,
  narrationChars: 2_000,
  notesChars: 4_000,
  questionChars: 500,
  choiceChars: 200,
  choices: 8,
} as const

/** Links longer than this do not survive chat clients and QR codes: offer a file instead. */
export const LINK_WARN_CHARS = 2_000

/**
 * Text every scenario is likely to contain, most common last (deflate reaches
 * nearer matches with shorter codes). Part of format marker 1: never change it,
 * add a new marker instead.
 * Marker 1's dictionary: links of formats 1 and 2.
 */
const DICTIONARY_1 = new TextEncoder().encode(
  [
    'qemu-system-x86_64 -machine pc-i440fx-7.0,accel=kvm -enable-kvm -accel kvm -cpu max -display none -vnc :0 -S',
    ' -smp 1,maxcpus=288,sockets=2,dies=2,cores=4,threads=2 -name vm,debug-threads=on -m 4G',
    'cpu 1', 'info status', 'info version', 'quit', 'help', 'ls -l /proc/5921/fd', 'cat /proc/5921/task/', '/comm',
    'ls /proc/5921/task', 'cat /proc/5921/maps', 'pidof qemu-system-x86_64', 'device_del /machine/unattached/device[',
    '"t":"', '"n":{"', 'info hotpluggable-cpus', 'ht', 'hs', 'hw+', 'hw-', 'gi', 'gc', 'gn',
    '{"v":1,"p":"qemu-7.0-linux-4.14","h":"seed-host","c":"',
    'qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host -smp 4,maxcpus=8 -m 4G -name guest,debug-threads=on -drive file=/home/zhang/images/guest.img,format=raw -monitor stdio',
    '","g":"c","b":["1t4","3t1"],"s":["',
    '","sls /sys/kernel/debug/kvm/5921-12 | grep vcpu',
    '","spidstat -p 5921 -t',
    '","slsof -p 5921 | grep kvm',
    '","minfo cpus',
    '","mdevice_del cpu0',
    ',socket-id=0,core-id=',
    ',thread-id=0',
    '","mdevice_add host-x86_64-cpu,id=cpu0',
  ].join(''),
)

/**
 * Marker 2's dictionary: format 3's payload (the profile ids, `|`-separated),
 * the commands of the built-in scenarios, most common last. Never change it:
 * add a marker instead.
 */
const DICTIONARY_2 = new TextEncoder().encode(
  [
    'qemu-system-x86_64 -machine pc-i440fx-7.0,accel=kvm -enable-kvm -accel kvm -cpu max -display none -vnc :0 -S',
    ' -smp 1,maxcpus=288,sockets=2,dies=2,cores=4,threads=2 -name vm,debug-threads=on -m 4G',
    'cpu 1', 'info status', 'info version', 'quit', 'help', 'system_reset', 'ls -l /proc/5921/fd', 'cat /proc/5921/fdinfo/',
    'cat /proc/5921/status', 'cat /proc/5921/task/', '/comm', 'ls /proc/5921/task', 'cat /proc/5921/maps', 'pidof qemu-system-x86_64',
    'device_del /machine/unattached/device[', '"t":"', '"n":{"', 'info hotpluggable-cpus', 'ht', 'hs', 'hw+', 'hw-', 'gi', 'gc', 'gn',
    '"y":"10.2|7.0|ubuntu-26.04","y":"8.2|6.8|ubuntu-24.04', '10.0|6.12|debian-13', '9.1|5.14|rhel-9', '7.2|6.1|debian-12',
    ',"p":"8.2|6.8|ubuntu-24.04',
    '{"v":3,"p":"7.0|4.14|seed","c":"',
    'qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host -smp 4,maxcpus=8 -m 4G -name guest,debug-threads=on -drive file=/home/zhang/images/guest.img,format=raw -monitor stdio',
    '","g":"c","b":["1t4","3t1"],"s":["',
    '","sls /sys/kernel/debug/kvm/5921-12 | grep vcpu',
    '","spidstat -p 5921 -t',
    '","slsof -p 5921 | grep kvm',
    '","minfo cpus',
    '","mdevice_del cpu0',
    ',socket-id=0,core-id=',
    ',thread-id=0',
    '","mdevice_add host-x86_64-cpu,id=cpu0',
  ].join(''),
)

/** Each marker's dictionary. */
const DICTIONARIES: Readonly<Record<string, Uint8Array>> = { '1': DICTIONARY_1, '2': DICTIONARY_2 }

/** `qemu|kernel|host`: ids of version entries and a host preset. */
const PROFILE_ID = /^[0-9][0-9.]{0,7}\|[0-9][0-9.]{0,7}\|[a-z0-9][a-z0-9.-]{0,31}$/

const narrationKey = z.string().check(z.regex(/^(0|[1-9][0-9]{0,5})$/))

const questionSchema = z.strictObject({
  p: z.string().check(z.minLength(1), z.maxLength(LIMITS.questionChars)),
  c: z.array(z.string().check(z.minLength(1), z.maxLength(LIMITS.choiceChars))).check(z.minLength(2), z.maxLength(LIMITS.choices)),
  a: z.number().check(z.int(), z.minimum(0)),
  e: z.optional(z.string().check(z.maxLength(LIMITS.narrationChars))),
})

const payloadSchema = z.strictObject({
  v: z.number().check(z.int()),
  /** The preset whose title and narration are the base (`n` and `x` say how this one differs). */
  r: z.optional(z.string().check(z.maxLength(64))),
  t: z.optional(z.string().check(z.maxLength(LIMITS.titleChars))),
  /** Format 3: the profile, `qemu|kernel|host`. */
  p: z.string().check(z.maxLength(64), z.regex(PROFILE_ID)),
  /** Format 3: the profile compared with, likewise. */
  y: z.optional(z.string().check(z.maxLength(64), z.regex(PROFILE_ID))),
  c: z.string().check(z.maxLength(LIMITS.stepChars)),
  g: z.enum(['c', 'i', 'n']),
  b: z.array(z.string().check(z.maxLength(16))).check(z.maxLength(64)),
  s: z.array(z.string().check(z.minLength(1), z.maxLength(LIMITS.stepChars))).check(z.maxLength(LIMITS.steps)),
  n: z.optional(z.record(narrationKey, z.string().check(z.maxLength(LIMITS.narrationChars)))),
  /** Steps whose base narration this scenario drops. */
  x: z.optional(z.array(z.number().check(z.int(), z.minimum(0))).check(z.maxLength(LIMITS.steps))),
  /** Format 2: the questions (all of them, replacing the base's; absent means the base's). */
  q: z.optional(z.record(narrationKey, questionSchema)),
  /** Format 2: the speaker notes, likewise. */
  o: z.optional(z.record(narrationKey, z.string().check(z.maxLength(LIMITS.notesChars)))),
})

type Payload = z.infer<typeof payloadSchema>


/** A payload an older format allowed that no newer one can say: decoding stops with this sentence. */
class MigrationError extends Error {}

/**
 * Migrations from each older format version to the next, applied in order;
 * each version's fixture links stay in codec.test.ts.
 */
const migrations: Readonly<Record<number, (payload: Record<string, unknown>) => Record<string, unknown>>> = {
  // Format 1 had no questions or notes. A format-1 link on a built-in scenario takes that
  // scenario's questions and notes for the steps it still shares with it (a question about a
  // step the link replaced would ask about something else); any other link has none.
  1: (payload) => {
    const base = typeof payload.r === 'string' ? basePreset(payload.r) : undefined
    if (!base || !Array.isArray(payload.s)) return payload
    const steps: unknown[] = payload.s
    const baseSteps = base.steps.map(encodeStep)
    let shared = 0
    while (shared < steps.length && shared < baseSteps.length && steps[shared] === baseSteps[shared]) shared++
    return { ...payload, q: questionsToPayload(upToStep(base.questions, shared)), o: nonEmpty(upToStep(base.notes, shared)) }
  },
  // Formats 1 and 2 knew one profile, the seed's (QEMU 7.0 on its 4.14 host): `p` and `h` named it.
  // Any other pair was never written; it stays unknown, and decoding says so.
  2: (payload) => {
    const { h, ...rest } = payload
    if (payload.p === 'qemu-7.0-linux-4.14' && h === 'seed-host') return { ...rest, p: '7.0|4.14|seed' }
    throw new MigrationError(`It needs the behaviour profile "${String(payload.p)}" on the host "${String(h)}", which this version of the explorer does not have.`)
  },
}

export type Decoded = { ok: true; scenario: Scenario; step: number } | { ok: false; error: string }

function basePreset(id: string | null | undefined): Scenario | undefined {
  return id ? presets.find((p) => p.id === id)?.scenario : undefined
}

function questionsToPayload(questions: Readonly<Record<number, Question>>): NonNullable<Payload['q']> {
  return Object.fromEntries(Object.entries(questions).map(([k, q]) => [k, { p: q.prompt, c: [...q.choices], a: q.answer, ...(q.explanation !== '' && { e: q.explanation }) }]))
}

function nonEmpty(texts: Readonly<Record<number, string>>): Record<number, string> {
  return Object.fromEntries(Object.entries(texts).filter(([, text]) => text !== ''))
}

function sameRecord(a: Readonly<Record<number, unknown>>, b: Readonly<Record<number, unknown>>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => JSON.stringify(a[Number(k)]) === JSON.stringify(b[Number(k)]))
}

function toPayload(scenario: Scenario): Payload {
  const payload: Payload = {
    v: FORMAT_VERSION,
    p: profileId(scenario.profile),
    ...(scenario.compare && { y: profileId(scenario.compare) }),
    c: scenario.cmdline,
    g: guestCodes[scenario.guest],
    b: scenario.bootActivity.map(encodeBootActivity),
    s: scenario.steps.map(encodeStep),
  }
  const base = basePreset(scenario.basedOn)
  if (base) payload.r = scenario.basedOn!
  if (scenario.title !== (base?.title ?? '')) payload.t = scenario.title
  const baseNotes = base?.narration ?? {}
  const notes = Object.entries(scenario.narration).filter(([k, text]) => text !== '' && baseNotes[Number(k)] !== text)
  if (notes.length > 0) payload.n = Object.fromEntries(notes)
  const dropped = Object.keys(baseNotes)
    .map(Number)
    .filter((k) => !scenario.narration[k])
  if (dropped.length > 0) payload.x = dropped
  // Questions and notes go whole, and only when they differ from the base's (links stay short).
  const baseQuestions = base ? upToStep(base.questions, scenario.steps.length) : {}
  if (!sameRecord(scenario.questions, baseQuestions)) payload.q = questionsToPayload(scenario.questions)
  const baseSpeakerNotes = base ? upToStep(base.notes, scenario.steps.length) : {}
  const speakerNotes = nonEmpty(scenario.notes)
  if (!sameRecord(speakerNotes, baseSpeakerNotes)) payload.o = speakerNotes
  return payload
}

function fromPayload(payload: Payload): Decoded {
  const steps = []
  for (let i = 0; i < payload.s.length; i++) {
    const step = decodeStep(payload.s[i]!)
    if (!step) return { ok: false, error: `Step ${i + 1} is not a command this explorer knows.` }
    steps.push(step)
  }
  const bootActivity = []
  for (const code of payload.b) {
    const activity = decodeBootActivity(code)
    if (!activity) return { ok: false, error: 'Its recorded start-up activity is not in a form this explorer knows.' }
    bootActivity.push(activity)
  }
  let base: Scenario | undefined
  if (payload.r !== undefined) {
    base = basePreset(payload.r)
    if (!base) return { ok: false, error: `It builds on the scenario "${payload.r}", which this version of the explorer does not have.` }
  }
  const narration: Record<number, string> = {}
  const dropped = new Set(payload.x ?? [])
  for (const [key, text] of Object.entries(base?.narration ?? {})) {
    const k = Number(key)
    if (!dropped.has(k) && k <= steps.length) narration[k] = text
  }
  for (const [key, text] of Object.entries(payload.n ?? {})) {
    const k = Number(key)
    if (k > steps.length) return { ok: false, error: 'Its narration points at steps the scenario does not have.' }
    narration[k] = text
  }
  const questions: Record<number, Question> = {}
  if (payload.q === undefined) Object.assign(questions, upToStep(base?.questions ?? {}, steps.length))
  for (const [key, q] of Object.entries(payload.q ?? {})) {
    const k = Number(key)
    if (k < 1 || k > steps.length) return { ok: false, error: 'Its questions point at steps the scenario does not have.' }
    if (q.a >= q.c.length) return { ok: false, error: `The answer to its question at step ${k} is not one of the choices.` }
    questions[k] = { prompt: q.p, choices: q.c, answer: q.a, explanation: q.e ?? '' }
  }
  const notes: Record<number, string> = payload.o === undefined ? upToStep(base?.notes ?? {}, steps.length) : {}
  for (const [key, text] of Object.entries(payload.o ?? {})) {
    const k = Number(key)
    if (k > steps.length) return { ok: false, error: 'Its speaker notes point at steps the scenario does not have.' }
    notes[k] = text
  }
  const scenario: Scenario = {
    basedOn: payload.r ?? null,
    title: payload.t ?? base?.title ?? '',
    profile: parseProfileId(payload.p)!,
    compare: payload.y === undefined ? null : parseProfileId(payload.y)!,
    cmdline: payload.c,
    guest: guestOfCode(payload.g)!,
    bootActivity,
    steps,
    narration,
    questions,
    notes,
  }
  for (const choice of [scenario.profile, scenario.compare]) {
    const resolved = choice && resolveProfile(choice)
    if (resolved && !resolved.ok) return { ok: false, error: `It runs on a profile this version of the explorer does not have: ${resolved.error}.` }
  }
  return { ok: true, scenario, step: steps.length }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Does any object inside carry a key that could reach a prototype? JSON.parse keeps them as own keys. */
function hasPrototypeKey(value: unknown, depth = 0): boolean {
  if (depth > 8 || typeof value !== 'object' || value === null) return false
  if (Array.isArray(value)) return value.some((v) => hasPrototypeKey(v, depth + 1))
  return Object.keys(value).some((k) => FORBIDDEN_KEYS.has(k) || hasPrototypeKey((value as Record<string, unknown>)[k], depth + 1))
}

/** Validates a parsed JSON value: schema, version, migrations, steps. */
export function decodeJson(value: unknown): Decoded {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'It is not a scenario: the data is not a JSON object.' }
  if (hasPrototypeKey(value)) return { ok: false, error: 'Its data has a key (__proto__, constructor or prototype) that a scenario never has.' }
  const v = (value as { v?: unknown }).v
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return { ok: false, error: 'It has no format version, so it is not a scenario of this explorer.' }
  if (v > FORMAT_VERSION) return { ok: false, error: `It was made by a newer version of the explorer (format ${v}; this one reads up to ${FORMAT_VERSION}).` }
  let migrated = value as Record<string, unknown>
  for (let version = v; version < FORMAT_VERSION; version++) {
    const migrate = migrations[version]
    if (!migrate) return { ok: false, error: `Format ${version} can no longer be read.` }
    try {
      migrated = { ...migrate(migrated), v: version + 1 }
    } catch (e) {
      if (e instanceof MigrationError) return { ok: false, error: e.message }
      throw e
    }
  }
  const parsed = payloadSchema.safeParse(migrated)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? ` (at ${issue.path.join('.')})` : ''
    return { ok: false, error: `Its data does not match the scenario format${where}.` }
  }
  return fromPayload(parsed.data)
}

function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Inflates at most LIMITS.inflatedBytes, or returns null (too large or corrupt). */
function boundedInflate(data: Uint8Array, dictionary: Uint8Array): Uint8Array | 'too-large' | null {
  const chunks: Uint8Array[] = []
  let total = 0
  let tooLarge = false
  try {
    const inflater = new Inflate({ dictionary }, (chunk) => {
      total += chunk.length
      if (total > LIMITS.inflatedBytes) {
        tooLarge = true
        throw new Error('too large')
      }
      chunks.push(chunk)
    })
    inflater.push(data, true)
  } catch {
    return tooLarge ? 'too-large' : null
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.length
  }
  return out
}

/** The scenario and step as a URL fragment (without `#`). */
export function encodeFragment(scenario: Scenario, step: number): string {
  return `${encodePayload(scenario)}.${step}`
}

/** The step-independent part of a fragment, so a step change does not re-compress the scenario. */
export function encodePayload(scenario: Scenario): string {
  const json = new TextEncoder().encode(JSON.stringify(toPayload(scenario)))
  return MARKER + base64url(deflateSync(json, { level: 9, dictionary: DICTIONARIES[MARKER]! }))
}

/** Reads a URL fragment (with or without `#`). */
/** A fragment's two parts: the scenario (marker included) and the step after the last `.` (may be empty). */
export function splitFragment(fragment: string): { payload: string; stepText: string } {
  const dot = fragment.lastIndexOf('.')
  return dot > 0 ? { payload: fragment.slice(0, dot), stepText: fragment.slice(dot + 1) } : { payload: fragment, stepText: '' }
}

export function decodeFragment(fragment: string): Decoded {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment
  if (text.length === 0) return { ok: false, error: 'The link holds no scenario.' }
  if (text.length > LIMITS.fragmentChars) return { ok: false, error: `The link is too long to be a scenario (${text.length.toLocaleString('en-US')} characters).` }
  if (/^[3-9]/.test(text)) return { ok: false, error: 'The link was made by a newer version of the explorer.' }
  const dictionary = DICTIONARIES[text[0]!]
  if (!dictionary) return { ok: false, error: 'The link is not a scenario of this explorer.' }
  const { payload, stepText } = splitFragment(text)
  const body = payload.slice(1)
  const bytes = fromBase64url(body)
  if (!bytes || bytes.length === 0) return { ok: false, error: 'The link is damaged: it has characters a scenario link never has.' }
  const inflated = boundedInflate(bytes, dictionary)
  if (inflated === 'too-large') return { ok: false, error: 'The link unpacks to more data than a scenario may have.' }
  if (!inflated) return { ok: false, error: 'The link is damaged or cut short: it does not unpack.' }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated))
  } catch {
    return { ok: false, error: 'The link is damaged: what it unpacks to is not valid JSON.' }
  }
  const decoded = decodeJson(json)
  if (!decoded.ok) return { ok: false, error: `The link cannot be used. ${decoded.error}` }
  if (stepText !== '') {
    if (!/^(0|[1-9][0-9]{0,6})$/.test(stepText)) return { ok: false, error: 'The link is damaged: its step is not a number.' }
    const step = Number(stepText)
    if (step > decoded.scenario.steps.length) return { ok: false, error: `The link points at step ${step}, but the scenario has ${decoded.scenario.steps.length}.` }
    return { ...decoded, step }
  }
  return decoded
}

/** The downloadable scenario file: the same payload, readable JSON. */
export function encodeFile(scenario: Scenario, step: number): string {
  return `${JSON.stringify({ ...toPayload(scenario), at: step }, null, 2)}\n`
}

export function decodeFile(text: string): Decoded {
  if (text.length > LIMITS.fileBytes) return { ok: false, error: 'The file is too large to be a scenario.' }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, error: 'The file is not a scenario: it is not valid JSON.' }
  }
  let at: unknown
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && Object.hasOwn(json, 'at')) {
    const { at: step, ...rest } = json as Record<string, unknown>
    at = step
    json = rest
  }
  const decoded = decodeJson(json)
  if (!decoded.ok) return { ok: false, error: `The file cannot be used. ${decoded.error}` }
  if (at === undefined) return decoded
  if (typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at > decoded.scenario.steps.length) {
    return { ok: false, error: 'The file cannot be used: its step is out of range.' }
  }
  return { ...decoded, step: at }
}
