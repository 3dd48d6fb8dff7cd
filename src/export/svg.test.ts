import { describe, expect, it } from 'vitest'
import { seedSetup } from '../model/presets/seed.ts'
import { apply, createSim } from '../model/sim.ts'
import type { SimState } from '../model/state.ts'
import { presets } from '../scenario/presets.ts'
import { Replay } from '../scenario/replay.ts'
import { exportFileName, titleSlug } from './filename.ts'
import { escapeXml, MAX_ROWS, panelsSvg } from './svg.ts'

interface XmlElement {
  readonly name: string
  readonly attributes: Readonly<Record<string, string>>
  readonly children: XmlElement[]
  text: string
}

/**
 * A small XML well-formedness check (no DOM in Vitest's node environment, and
 * no dependency just for this): one root element, tags balanced and properly
 * nested, attributes quoted and not repeated, no raw `<` in text or values,
 * `&` only in the five predefined or numeric references, and nothing but
 * whitespace, comments and the declaration outside the root. Returns the
 * root, with each element's own text unescaped.
 */
function parseXml(xml: string): XmlElement {
  const token = /<\?xml[^?]*\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*"[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/gy
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);)/
  const unescape = (s: string): string =>
    s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g, (_, e: string) =>
      e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!,
    )
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  let m: RegExpExecArray | null
  let at = 0
  while (at < xml.length && (m = token.exec(xml))) {
    at = token.lastIndex
    const [whole, close, name, attrs, selfClose, text, stray] = m
    if (stray) throw new Error(`stray "<" at ${m.index}`)
    if (text !== undefined) {
      if (entity.test(text)) throw new Error(`bare "&" in text at ${m.index}`)
      if (stack.length === 0) {
        if (text.trim() !== '') throw new Error(`text outside the root at ${m.index}`)
      } else stack.at(-1)!.text += unescape(text)
      continue
    }
    if (!name) {
      if (whole.startsWith('<?xml') && m.index !== 0) throw new Error('XML declaration not at the start')
      continue
    }
    if (close) {
      if (attrs || selfClose) throw new Error(`malformed end tag </${name}>`)
      const open = stack.pop()
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`)
      continue
    }
    const attributes: Record<string, string> = {}
    for (const a of attrs!.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*"([^"]*)"/g)) {
      if (a[1]! in attributes) throw new Error(`attribute ${a[1]} repeated on <${name}>`)
      if (entity.test(a[2]!)) throw new Error(`bare "&" in an attribute of <${name}>`)
      attributes[a[1]!] = unescape(a[2]!)
    }
    const element: XmlElement = { name: name!, attributes, children: [], text: '' }
    if (stack.length === 0) {
      if (root) throw new Error('a second root element')
      root = element
    } else stack.at(-1)!.children.push(element)
    if (!selfClose) stack.push(element)
  }
  if (at !== xml.length) throw new Error(`unreadable at ${at}`)
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is never closed`)
  if (!root) throw new Error('no root element')
  return root
}

function all(element: XmlElement, name: string): XmlElement[] {
  return [...(element.name === name ? [element] : []), ...element.children.flatMap((c) => all(c, name))]
}

const texts = (svg: string): string[] => all(parseXml(svg), 'text').map((t) => t.text)

function seedAt(step: number): { state: SimState; previous: SimState; svg: string } {
  const preset = presets.find((p) => p.id === 'seed')!
  const started = Replay.start(preset.scenario)
  if (!started.ok) throw new Error(started.error)
  const frame = started.replay.at(step)
  const svg = panelsSvg(frame.state, { title: preset.scenario.title, step, steps: started.replay.length, previous: frame.previous })
  return { state: frame.state, previous: frame.previous, svg }
}

/** A q35 VM with 288 possible vCPUs, `plugged` of them plugged, then `unplugged` of the hot-plugged ones unplugged (their fds parked). */
function big(plugged: number, unplugged = 0): SimState {
  const created = createSim({ ...seedSetup, cmdline: 'qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host -smp 1,maxcpus=288,sockets=2,cores=72,threads=2 -m 4G -name guest,debug-threads=on' })
  if (!created.ok) throw new Error(created.error)
  let state = created.result.state
  for (const slot of state.qemu.slots.slice(1, plugged)) {
    const result = apply(state, { kind: 'hmp', line: `device_add host-x86_64-cpu,id=c${slot.cpuIndex},socket-id=${slot.socketId},core-id=${slot.coreId},thread-id=${slot.threadId}` })
    if (!result.ok) throw new Error(result.output.join('\n'))
    state = result.state
  }
  for (let i = 1; i <= unplugged; i++) state = apply(state, { kind: 'hmp', line: `device_del c${i}` }).state
  return state
}

describe('SVG export of the panels', () => {
  it('(the well-formedness check itself rejects what it should)', () => {
    for (const bad of ['<svg><g></svg>', '<svg>a < b</svg>', '<svg>a & b</svg>', '<svg a="1" a="2"/>', '<svg/><svg/>', '<svg x=1/>', 'text<svg/>', '<svg><text></g></svg>', '<svg a="<"/>']) {
      expect(() => parseXml(bad), bad).toThrow()
    }
    expect(parseXml('<?xml version="1.0"?>\n<svg a="&amp;"><t>x &lt; y</t></svg>\n').children[0]!.text).toBe('x < y')
  })

  it('is a well-formed standalone SVG document', () => {
    const { svg } = seedAt(11)
    const root = parseXml(svg)
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true)
    expect(root.name).toBe('svg')
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg')
    const { width, height, viewBox } = root.attributes
    expect(Number(width)).toBeGreaterThan(0)
    expect(Number(height)).toBeGreaterThan(0)
    expect(viewBox).toBe(`0 0 ${width} ${height}`)
    // Nothing that would load something or taint a canvas; fonts are generic families only.
    expect(svg).not.toMatch(/href|url\(|foreignObject|<image|<script|@import/i)
    const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].flatMap((m) => m[1]!.split(/,\s*/)))
    expect([...families].every((f) => ['system-ui', 'sans-serif', 'monospace'].includes(f))).toBe(true)
  })

  it('after the first device_add (step 11): fds 11, 12, 14–17 and 32, and every TID', () => {
    const { state, svg } = seedAt(11)
    const t = texts(svg)
    for (const fd of ['11u', '12u', '14u', '15u', '16u', '17u', '32u']) expect(t).toContain(fd)
    expect(t).toContain('kvm-vm')
    expect(t).toContain('kvm-vcpu:5')
    for (const thread of state.host.threads) {
      expect(t).toContain(String(thread.tid))
      expect(t).toContain(thread.comm)
    }
    expect(t).toContain('CPU #5: thread_id=5982')
    expect(t).toContain('vcpu5/')
    expect(t).toContain('TID 5982')
  })

  it('after the device_del (step 22): fd 32 parked, still open, on the parked list; thread 5982 gone; vcpu5 still here', () => {
    const { svg } = seedAt(22)
    const t = texts(svg)
    expect(t).toContain('32u')
    expect(t).toContain('parked, still open')
    expect(t).toContain('vcpu_id 5 → fd 32')
    expect(t).toContain('fd 32 parked')
    expect(t).toContain('still here')
    expect(t).not.toContain('CPU #5: thread_id=5982')
  })

  it('escapes the title and drops characters XML cannot hold', () => {
    const { state } = seedAt(3)
    const title = 'a <b> & "c" \'d\' \u0001e'
    const svg = panelsSvg(state, { title, step: 3, steps: 37, caption: '(qemu) x<y&z', narration: '<"&>' })
    const root = parseXml(svg)
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; e')
    expect(svg).not.toContain('<b>')
    expect(all(root, 'title')[0]!.text).toBe('a <b> & "c" \'d\' e: step 3 of 37')
    const t = texts(svg)
    expect(t).toContain('a <b> & "c" \'d\' e')
    expect(t).toContain('Step 3 of 37: (qemu) x<y&z')
    expect(t).toContain('<"&>')
    expect(escapeXml('\uD800x\uDC00')).toBe('x')
    expect(escapeXml('😀')).toBe('😀')
  })

  it('stays bounded with 288 vCPUs: lists stop at MAX_ROWS and say how many more there are', () => {
    const seed = seedAt(11).svg
    const full = panelsSvg(big(288), { title: 'q35, 288 vCPUs', step: 0, steps: 0 })
    expect(() => parseXml(full)).not.toThrow()
    expect(full.length).toBeLessThan(40_000)
    expect(full.length).toBeLessThan(seed.length * 5)
    const t = texts(full)
    // 290 KVM fds, 290 threads, 288 debugfs directories and 288 CPUs in info cpus.
    expect(t.filter((x) => x.startsWith('… and ')).length).toBe(4)
    expect(t).toContain(`… and ${290 - (MAX_ROWS - 1)} more`)
    expect(t.length).toBeLessThan(4 * MAX_ROWS * 4)
    expect(all(parseXml(full), 'rect').length).toBeLessThan(288 + 50)
  })

  it('says how many hidden fds are parked when the fd list is cut', () => {
    const state = big(288, 100)
    expect(state.qemu.parkedVcpus).toHaveLength(100)
    const t = texts(panelsSvg(state, { title: '', step: 0, steps: 0 }))
    expect(t.some((x) => /^… and \d+ more \(\d+ parked, still open\)$/.test(x))).toBe(true)
    expect(t).toContain('Untitled scenario')
  })

  it('when QEMU is not running, says so in each panel', () => {
    const { state } = seedAt(3)
    const dead = apply(state, { kind: 'hmp', line: 'quit' }).state
    expect(dead.host.alive).toBe(false)
    const t = texts(panelsSvg(dead, { title: 't', step: 4, steps: 4 }))
    expect(t).toContain('QEMU is not running: no fds.')
    expect(t).toContain('No VM: its debugfs directory went with the last fd.')
  })
})

describe('export file names', () => {
  it('are the title as a slug, then the step or what the file holds', () => {
    expect(titleSlug('-smp 4,maxcpus=8, skip cpu04 on purpose')).toBe('smp-4-maxcpus-8-skip-cpu04-on-purpose')
    expect(titleSlug('Ça marche — ÉTÉ')).toBe('ca-marche-ete')
    expect(titleSlug('')).toBe('scenario')
    expect(titleSlug('../../etc/passwd')).toBe('etc-passwd')
    expect(titleSlug('x'.repeat(200))).toHaveLength(60)
    expect(exportFileName('The error gallery', { step: 3 }, 'svg')).toBe('the-error-gallery-step-3.svg')
    expect(exportFileName('The error gallery', 'transcript', 'txt')).toBe('the-error-gallery-transcript.txt')
  })
})
