/**
 * The host shell: a bash prompt on the QEMU host with the tools the seed uses.
 * One registry drives parsing, completion and the command-not-found answer.
 * Commands only read the state: a shell command never changes the simulation.
 */
import { QEMU_BINARY } from './cmdline.ts'
import { lookup, normalisePath, type FsEntry } from './fs.ts'
import { columns, longFormat, lsQuote, sortNames } from './format/ls.ts'
import { lsofProcess } from './format/lsof.ts'
import { pidstatThreads } from './format/pidstat.ts'
import { uname } from './profile.ts'
import { splitWords } from './shellwords.ts'
import type { SimState } from './state.ts'

/** What one command prints and its exit status. */
export interface ToolResult {
  readonly stdout: readonly string[]
  readonly stderr: readonly string[]
  readonly status: number
  /** Which stream each line went to, in the order written, for tools that mix them (cat, grep over files); else errors come first. */
  readonly order?: readonly ('out' | 'err')[]
}

/** A tool's two streams, written in order: a terminal shows them interleaved as they came. */
class Streams {
  readonly stdout: string[] = []
  readonly stderr: string[] = []
  readonly order: ('out' | 'err')[] = []
  out(...lines: string[]): void {
    this.stdout.push(...lines)
    this.order.push(...lines.map(() => 'out' as const))
  }
  err(...lines: string[]): void {
    this.stderr.push(...lines)
    this.order.push(...lines.map(() => 'err' as const))
  }
  result(status: number): ToolResult {
    return { stdout: this.stdout, stderr: this.stderr, order: this.order, status }
  }
}

/** The lines of the streams kept, in the order the tool wrote them. */
function interleave(result: ToolResult, keepOut: boolean, keepErr: boolean): string[] {
  if (!result.order) return [...(keepErr ? result.stderr : []), ...(keepOut ? result.stdout : [])]
  const lines: string[] = []
  let o = 0
  let e = 0
  for (const stream of result.order) {
    const line = stream === 'out' ? result.stdout[o++]! : result.stderr[e++]!
    if (stream === 'out' ? keepOut : keepErr) lines.push(line)
  }
  return lines
}

export interface ShellCommand {
  readonly name: string
  readonly summary: string
  /** `tty` is true when stdout is the terminal (the last command of the line). */
  readonly run: (state: SimState, args: readonly string[], input: readonly string[] | null, tty: boolean) => ToolResult
}

const ok = (stdout: readonly string[]): ToolResult => ({ stdout, stderr: [], status: 0 })
const fail = (stderr: readonly string[], status: number): ToolResult => ({ stdout: [], stderr, status })

const CWD = '/root'

/**
 * An invalid option, as the host's coreutils says it: GNU's two lines, or, for
 * uutils (Ubuntu 26.04), clap's error block (exit statuses are GNU's).
 */
function invalidOption(state: SimState, tool: string, flag: string, status: number): ToolResult {
  if (!state.profile.host.tools.coreutils.uutils) return fail([`${tool}: invalid option -- '${flag}'`, `Try '${tool} --help' for more information.`], status)
  return fail([`error: unexpected argument '-${flag}' found`, '', `  tip: to pass '-${flag}' as a value, use '-- -${flag}'`, '', `Usage: ${tool} [OPTION]... [FILE]...`, '', "For more information, try '--help'."], status)
}

/** FD names lsof 4.99's -d knows (arg.c `enter_fd_lst()`); earlier versions keep any name (it matches nothing). */
const LSOF_FD_NAMES = new Set(['unk', 'cwd', 'err', 'NOFD', 'rtd', 'pd', 'txt', 'ltx', 'mem', 'DEL', 'fp', 'twd', 'ctty', 'jd.', 'v86', 'm86', 'mmap', 'fd'])

/**
 * lsof's `-d` list (arg.c `enter_fd()`, `ckfd_range()`, `enter_fd_lst()`): fd
 * numbers, ranges (`0-10`) and names, `^` excluding; the first entry decides
 * whether the list includes or excludes. Every item is checked and each bad
 * one reported, then the usage block follows (`fatal`: 4.99's unknown name
 * stops at once, without it).
 */
function fdSelector(list: string, strictNames: boolean): { select: (fd: string) => boolean; errors: string[]; fatal: boolean } {
  const tests: ((fd: string) => boolean)[] = []
  const errors: string[] = []
  let exclude: boolean | null = null
  for (const item of list.split(',')) {
    const negate = item.startsWith('^')
    const body = negate ? item.slice(1) : item
    if (body === '') continue
    let test: (fd: string) => boolean
    let shown: string
    const dash = body.lastIndexOf('-')
    if (dash >= 0) {
      // ckfd_range(): the text after any `^`.
      if (dash === 0) {
        errors.push(`lsof: illegal FD range for -d: ${body}`)
        continue
      }
      const low = body.slice(0, dash)
      const high = body.slice(dash + 1)
      if (!/^\d*$/.test(low) || !/^\d*$/.test(high)) {
        errors.push(`lsof: non-digit in -d FD range: ${body}`)
        continue
      }
      const lo = Number(low)
      const hi = Number(high === '' ? '0' : high)
      if (lo >= hi) {
        errors.push(`lsof: -d FD range's low >= its high: ${body}`)
        continue
      }
      test = (fd) => /^\d+$/.test(fd) && Number(fd) >= lo && Number(fd) <= hi
      shown = `${lo}-${hi}`
    } else if (/^\d+$/.test(body)) {
      const n = Number(body)
      test = (fd) => fd === String(n)
      shown = String(n)
    } else {
      if (strictNames && !LSOF_FD_NAMES.has(body)) return { select: () => false, errors: ['lsof: invalid fd type given in -d option'], fatal: true }
      test = (fd) => fd === body
      shown = body
    }
    // enter_fd_lst(): "Don't allow a mixture of exclusions and inclusions."
    if (exclude !== null && exclude !== negate) {
      errors.push(`lsof: ${negate ? 'exclude' : 'include'} in an ${exclude ? 'exclude' : 'include'} -d list: ${negate ? '^' : ''}${shown}`)
      continue
    }
    exclude = negate
    tests.push(test)
  }
  return { select: (fd) => (exclude ? !tests.some((t) => t(fd)) : tests.some((t) => t(fd))), errors, fatal: false }
}

function lsof(state: SimState, args: readonly string[]): ToolResult {
  const tool = state.profile.host.tools.lsof
  const lsofUsage = tool.usage
  let select: ((fd: string) => boolean) | null = null
  let pid: string | null = null
  let statWarnings = true
  let and = false
  let fds: string | null = null
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '-p' || /^-p./.test(arg)) {
      const value = arg === '-p' ? args[++i] : arg.slice(2)
      if (value === undefined) return fail(['lsof: no process ID specified', ...lsofUsage], 1)
      // enter_id(): a comma list of decimal PIDs.
      if (!/^[0-9]+(,[0-9]+)*$/.test(value)) return fail([`lsof: illegal process ID: ${value}`, ...lsofUsage], 1)
      pid = value
    } else if (arg === '-d' || /^-d./.test(arg)) {
      const value = arg === '-d' ? args[++i] : arg.slice(2)
      // arg.c enter_fd(): "no file descriptor specified".
      if (value === undefined || value === '') return fail(['lsof: no file descriptor specified', ...lsofUsage], 1)
      const parsed = fdSelector(value, tool.strictFdNames)
      if (parsed.fatal) return fail(parsed.errors, 1)
      if (parsed.errors.length > 0) return fail([...parsed.errors, ...lsofUsage], 1)
      fds = value
      select = parsed.select
    } else if (arg === '-w') statWarnings = false
    else if (arg === '+w') statWarnings = true
    else if (/^-[anPlO]+$/.test(arg)) and ||= arg.includes('a')
    else if (arg.startsWith('-')) return fail([`lsof: illegal option character: ${arg[1] ?? '-'}`, ...lsofUsage], 1)
    else return ok([`(explorer) lsof NAME lookups are not simulated; try lsof -p ${state.host.pid}.`])
  }
  if (pid === null) return ok([`(explorer) lsof of every process is not simulated; try lsof -p ${state.host.pid}.`])
  const pids = pid.split(',').map(Number)
  const { host } = state
  if (!host.alive || !pids.includes(host.pid)) return { stdout: [], stderr: [], status: 1 }
  // Selections are ORed unless -a ANDs them; only this process is simulated, so -d filters only with -a.
  const lines = lsofProcess(state, statWarnings, and && fds !== null && select ? select : undefined)
  return { stdout: lines, stderr: [], status: lines.length > 0 && pids.length === 1 ? 0 : 1 }
}

function pidstat(state: SimState, args: readonly string[]): ToolResult {
  const { sysstat } = state.profile.host.tools
  const pidstatUsage = sysstat.usage
  let pids: string[] | null = null
  let threads = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '-V') return ok(sysstat.versionText)
    // `-p` is only ever a word of its own (pidstat.c main); grouped letters are t, u, … only.
    if (arg === '-p') {
      const value = args[++i]
      // "-p { <pid> [,...] | SELF | ALL }": anything else is the usage text.
      if (value === undefined) return fail(pidstatUsage, 1)
      const items = value.split(',')
      if (!items.every((v) => v === 'ALL' || v === 'SELF' || /^[1-9][0-9]*$/.test(v))) return fail(pidstatUsage, 1)
      pids = items
      continue
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (/^\d+$/.test(arg)) return ok(['(explorer) pidstat intervals are not simulated: the report since boot is.'])
      return fail(pidstatUsage, 1)
    }
    for (const flag of arg.slice(1)) {
      if (flag === 't') threads = true
      else if (flag !== 'u' && flag !== 'I') return fail(pidstatUsage, 1)
    }
  }
  const { host } = state
  if (pids === null || pids.includes('ALL')) return ok([`(explorer) pidstat of every process is not simulated; try pidstat -p ${host.pid} -t.`])
  const others = pids.filter((p) => p === 'SELF' || (Number(p) !== host.pid && Number(p) < host.nextPid))
  const exists = host.alive && pids.includes(String(host.pid))
  const report = pidstatThreads(uname(state.profile), host.clock, exists ? host : null, threads, sysstat.pidstatWait)
  return ok(others.length > 0 ? [...report, `(explorer) only the QEMU process (PID ${host.pid}) is simulated; not shown: ${others.join(', ')}`] : report)
}

function ls(state: SimState, args: readonly string[], _input: readonly string[] | null, tty: boolean): ToolResult {
  let long = false
  let onePerLine = !tty
  let all = false
  let dirsAsFiles = false
  const paths: string[] = []
  for (const arg of args) {
    if (arg === '--color' || arg.startsWith('--color=')) continue
    if (arg.startsWith('-') && arg.length > 1) {
      for (const flag of arg.slice(1)) {
        if (flag === 'l') long = true
        else if (flag === '1') onePerLine = true
        else if (flag === 'C') onePerLine = false
        else if (flag === 'a') all = true
        else if (flag === 'd') dirsAsFiles = true
        else return invalidOption(state, 'ls', flag, 2)
      }
    } else paths.push(arg)
  }
  if (paths.length === 0) paths.push('.')
  const stdout: string[] = []
  const stderr: string[] = []
  let status = 0
  const listings: { path: string; entries: FsEntry[] }[] = []
  const files: FsEntry[] = []
  for (const path of paths) {
    const node = lookup(state, normalisePath(path, CWD))
    if (!node) {
      // ls.c: quoteaf() (shell-escape-always) since 8.25; 8.22 quotes nothing.
      stderr.push(`ls: cannot access ${state.profile.host.tools.coreutils.quotesNames ? `'${path}'` : path}: No such file or directory`)
      status = 2
    } else if (node.kind === 'unsimulated') stdout.push(node.note)
    else if (node.kind === 'dir' && !dirsAsFiles) {
      const dots: FsEntry[] = all ? [{ ...node.entry, name: '.' }, { ...node.entry, name: '..', mode: 'dr-xr-xr-x' }] : []
      listings.push({ path, entries: sortNames([...dots, ...node.children()]) })
    } else files.push({ ...node.entry, name: path })
  }
  const render = (entries: FsEntry[]): string[] => {
    const quoting = tty && state.profile.host.tools.coreutils.quotesNames
    if (long) return longFormat(entries, state.host.clock, quoting)
    const quoted = entries.map((e) => lsQuote(e.name, quoting))
    const aligned = quoted.some((n, i) => n !== entries[i]!.name)
    const names = quoted.map((n, i) => (aligned && n === entries[i]!.name ? ` ${n}` : n))
    return onePerLine ? names : columns(names)
  }
  if (files.length > 0) stdout.push(...render(sortNames(files)))
  listings.forEach(({ path, entries }, index) => {
    if (paths.length > 1) {
      if (files.length > 0 || index > 0) stdout.push('')
      stdout.push(`${path}:`)
    }
    if (long) stdout.push('total 0')
    if (entries.length > 0) stdout.push(...render(entries))
  })
  return { stdout, stderr, status }
}

function cat(state: SimState, args: readonly string[], input: readonly string[] | null): ToolResult {
  if (args.length === 0) return ok(input ?? [])
  const streams = new Streams()
  let status = 0
  for (const path of args) {
    const node = lookup(state, normalisePath(path, CWD))
    if (!node) {
      streams.err(`cat: ${path}: No such file or directory`)
      status = 1
    } else if (node.kind === 'unsimulated') streams.out(node.note)
    else if (node.kind === 'dir') {
      streams.err(`cat: ${path}: Is a directory`)
      status = 1
    } else if (node.kind === 'file') streams.out(...node.content())
    else streams.out(`(explorer) reading ${node.entry.target ?? 'this fd'} through /proc is not simulated.`)
  }
  return streams.result(status)
}

/** sysvinit `pidof`: matches argv[0] or its basename; PIDs highest first; nothing and status 1 if none. */
function pidof(state: SimState, args: readonly string[]): ToolResult {
  const names = args.filter((a) => !a.startsWith('-'))
  const { host } = state
  const argv0 = host.alive ? host.env.exe.path : null
  const matches = argv0 !== null && names.some((n) => n === argv0 || n === argv0.split('/').pop())
  return matches ? ok([String(host.pid)]) : { stdout: [], stderr: [], status: 1 }
}

/** grep.c `short_options` (the same from 2.20 to 3.12), without the argument markers. */
const GREP_OPTIONS = '0123456789ABCDEFGHIPTUVXabcdefhiLlmnoqRrsuvwxyZz'

/** grep's usage lines: `PATTERN` in 2.x, `PATTERNS` since 3.x. */
function grepUsage(state: SimState): string[] {
  return [`Usage: grep [OPTION]... ${state.profile.host.tools.grep.patternsUsage ? 'PATTERNS' : 'PATTERN'} [FILE]...`, "Try 'grep --help' for more information."]
}

/** grep over its input or FILEs (GNU grep): BRE by default, -E, -F; -v -i -c -w -x -n -o -q, -e PATTERN, --color. */
function grep(state: SimState, args: readonly string[], input: readonly string[] | null): ToolResult {
  const GREP_USAGE = grepUsage(state)
  const tool = state.profile.host.tools.grep
  const flags = new Set<string>()
  const patterns: string[] = []
  const operands: string[] = []
  let noMoreOptions = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!noMoreOptions && arg === '--') noMoreOptions = true
    else if (!noMoreOptions && (arg === '--color' || arg === '--colour' || /^--colou?r=(auto|always|never)$/.test(arg))) continue
    else if (!noMoreOptions && arg.startsWith('--')) return fail([`grep: unrecognized option '${arg}'`, ...GREP_USAGE], 2)
    else if (!noMoreOptions && arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const f = arg[j]!
        if (f === 'e') {
          const rest = arg.slice(j + 1)
          const pattern = rest !== '' ? rest : args[++i]
          if (pattern === undefined) return fail(["grep: option requires an argument -- 'e'", ...GREP_USAGE], 2)
          patterns.push(pattern)
          break
        }
        // grep.c short_options: every option grep has; the ones simulated here change the output.
        if (!GREP_OPTIONS.includes(f)) return fail([`grep: invalid option -- '${f}'`, ...GREP_USAGE], 2)
        if (!'vicwxnoqFEGhHslLy'.includes(f)) return ok([`(explorer) grep -${f} is not simulated here.`])
        flags.add(f === 'y' ? 'i' : f)
      }
    } else operands.push(arg)
  }
  // Without -e the first operand is the pattern; the rest are files.
  if (patterns.length === 0 && operands.length > 0) patterns.push(operands.shift()!)
  const files = operands
  if (patterns.length === 0) return fail(GREP_USAGE, 2)
  const regexes: RegExp[] = []
  const warnings: string[] = []
  for (const pattern of patterns.flatMap((p) => p.split('\n'))) {
    const translated = flags.has('F') ? { source: pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') } : translateRegex(pattern, flags.has('E'), tool.patternsUsage)
    if ('error' in translated) return fail([`grep: ${translated.error}`], 2)
    // grep 3.8+ (dfa.c lex()): an ERE that starts with `*` still matches it literally, with a warning.
    if (tool.starWarning && flags.has('E') && pattern.startsWith('*')) warnings.push('grep: warning: * at start of expression')
    let source = translated.source
    if (flags.has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`
    if (flags.has('x')) source = `^(?:${source})$`
    try {
      regexes.push(new RegExp(source, flags.has('i') ? 'gi' : 'g'))
    } catch {
      return fail(['grep: Invalid regular expression'], 2)
    }
  }
  /** The selected lines of one input, with `label:` before each when grep reads several files. */
  const search = (lines: readonly string[], label: string): { out: string[]; count: number } => {
    const out: string[] = []
    let count = 0
    lines.forEach((line, i) => {
      const hit = regexes.some((re) => {
        re.lastIndex = 0
        return re.test(line)
      })
      if (hit === flags.has('v')) return
      count++
      if (flags.has('q') || flags.has('c')) return
      const prefix = label + (flags.has('n') ? `${i + 1}:` : '')
      if (flags.has('o') && !flags.has('v')) {
        for (const re of regexes) {
          // matchAll starts where the last test() left lastIndex.
          re.lastIndex = 0
          for (const m of line.matchAll(re)) if (m[0] !== '') out.push(prefix + m[0])
        }
      } else out.push(prefix + line)
    })
    if (flags.has('c')) out.push(label + String(count))
    return { out, count }
  }
  /** -l and -L print the input's name instead of its lines. */
  const listed = (name: string, count: number, out: string[]): string[] =>
    flags.has('l') ? (count > 0 ? [name] : []) : flags.has('L') ? (count > 0 ? [] : [name]) : out
  if (files.length === 0) {
    const { out, count } = search(input ?? [], '')
    return { stdout: flags.has('q') ? [] : listed('(standard input)', count, out), stderr: warnings, status: count > 0 ? 0 : 1 }
  }
  // Files: each one's lines (with `FILE:` before them when there are several), errors on stderr and
  // status 2 unless -q found a line (grep.c grepfile/grepdesc; a directory is read and fails with EISDIR).
  const streams = new Streams()
  streams.err(...warnings)
  let selected = false
  let failed = false
  for (const path of files) {
    const node = lookup(state, normalisePath(path, CWD))
    const label = (files.length > 1 || flags.has('H')) && !flags.has('h') ? `${path}:` : ''
    if (!node || node.kind === 'dir') {
      if (!flags.has('s')) streams.err(`grep: ${path}: ${node ? 'Is a directory' : 'No such file or directory'}`)
      failed = true
      continue
    }
    if (node.kind !== 'file') {
      streams.out(node.kind === 'unsimulated' ? node.note : `(explorer) reading ${node.entry.target ?? 'this fd'} through /proc is not simulated.`)
      continue
    }
    const { out, count } = search(node.content(), label)
    if (!flags.has('q')) streams.out(...listed(path, count, out))
    if (count > 0) selected = true
    // -q stops at the first selected line: later files are not opened.
    if (selected && flags.has('q')) break
  }
  return streams.result(flags.has('q') ? (selected ? 0 : failed ? 2 : 1) : failed ? 2 : selected ? 0 : 1)
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: 'A-Za-z0-9', alpha: 'A-Za-z', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', digit: '0-9', graph: '!-~',
  lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: ' \\t\\n\\r\\f\\v', upper: 'A-Z', xdigit: '0-9A-Fa-f',
}

/**
 * A POSIX basic (or, with `extended`, extended) regular expression as a
 * JavaScript one: bracket expressions with [:class:], \< \>, a leading `*`
 * as a literal, and GNU grep's messages for what does not parse.
 */
function translateRegex(pattern: string, extended: boolean, grep3: boolean): { source: string } | { error: string } {
  let out = ''
  let groups = 0
  let atStart = true
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '[') {
      let j = i + 1
      let body = ''
      if (pattern[j] === '^') {
        body += '^'
        j++
      }
      if (pattern[j] === ']') {
        body += '\\]'
        j++
      }
      let closed = false
      for (; j < pattern.length; j++) {
        const d = pattern[j]!
        if (d === ']') {
          closed = true
          break
        }
        const cls = /^\[:([a-z]+):\]/.exec(pattern.slice(j))
        if (cls) {
          const range = POSIX_CLASSES[cls[1]!]
          if (range === undefined) return { error: 'Invalid character class name' }
          body += range
          j += cls[0].length - 1
        } else body += d === '\\' || d === '[' ? `\\${d}` : d
      }
      // grep 3.x (dfa.c): a `[` with nothing after it is "Invalid regular expression"; 2.x says "Unmatched [ or [^" for both.
      if (!closed) return { error: !grep3 ? 'Unmatched [ or [^' : i === pattern.length - 1 ? 'Invalid regular expression' : 'Unmatched [, [^, [:, [., or [=' }
      out += `[${body}]`
      i = j
      atStart = false
      continue
    }
    if (c === '\\') {
      const n = pattern[i + 1]
      if (n === undefined) return { error: 'Trailing backslash' }
      i++
      if (n === '<') out += '\\b(?=\\w)'
      else if (n === '>') out += '\\b(?<=\\w)'
      else if (!extended && n === '(') {
        groups++
        out += '('
        atStart = true
        continue
      } else if (!extended && n === ')') {
        if (groups === 0) return { error: 'Unmatched ) or \\)' }
        groups--
        out += ')'
      } else if (!extended && '{}|+?'.includes(n)) out += n
      else out += `\\${n}`
      atStart = false
      continue
    }
    if (extended) {
      if (c === '(') groups++
      if (c === ')') {
        if (groups === 0) return { error: 'Unmatched ) or \\)' }
        groups--
      }
      out += c === '*' && atStart ? '\\*' : c
      atStart = c === '(' || c === '|' || (c === '^' && atStart)
      continue
    }
    if ('(){}|+?'.includes(c)) out += `\\${c}`
    else if (c === '*' && atStart) out += '\\*'
    else out += c
    atStart = c === '^' && atStart
  }
  if (groups > 0) return { error: 'Unmatched ( or \\(' }
  return { source: out }
}

/** head/tail -n N (or -N). */
function slice(which: 'head' | 'tail') {
  return (_state: SimState, args: readonly string[], input: readonly string[] | null): ToolResult => {
    let n = 10
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!
      const m = /^-n?(\d+)$/.exec(arg) ?? (arg === '-n' ? /^(\d+)$/.exec(args[++i] ?? '') : null)
      if (m) n = Number(m[1])
      else if (arg.startsWith('-')) return invalidOption(_state, which, arg.slice(1, 2), 1)
      else return ok([`(explorer) ${which} reads its input from a pipe here.`])
    }
    const lines = input ?? []
    return ok(which === 'head' ? lines.slice(0, n) : lines.slice(Math.max(0, lines.length - n)))
  }
}

/** wc -l, -w, -c of its input (coreutils prints a count per option, or all three). */
function wc(_state: SimState, args: readonly string[], input: readonly string[] | null): ToolResult {
  const lines = input ?? []
  const text = lines.map((l) => `${l}\n`).join('')
  const counts: Record<string, number> = { l: lines.length, w: text.split(/\s+/).filter((w) => w !== '').length, c: new TextEncoder().encode(text).length }
  const wanted = args.flatMap((a) => (a.startsWith('-') ? [...a.slice(1)] : []))
  for (const w of wanted) if (!(w in counts)) return invalidOption(_state, 'wc', w, 1)
  const keys = wanted.length > 0 ? ['l', 'w', 'c'].filter((k) => wanted.includes(k)) : ['l', 'w', 'c']
  return ok([keys.length === 1 ? String(counts[keys[0]!]) : keys.map((k) => String(counts[k]).padStart(7)).join(' ')])
}

export const shellCommands: readonly ShellCommand[] = [
  { name: 'cat', summary: 'print files: /proc/PID/task/TID/comm, /proc/PID/maps, debugfs files', run: cat },
  { name: 'cd', summary: 'the shell stays in /root', run: () => ok([]) },
  { name: 'echo', summary: 'print its arguments', run: (_s, args) => ok([args.join(' ')]) },
  { name: 'grep', summary: 'filter lines of a pipe', run: grep },
  { name: 'head', summary: 'the first lines of a pipe', run: slice('head') },
  { name: 'ls', summary: 'list /proc/PID/fd, /proc/PID/task, /sys/kernel/debug/kvm/…', run: ls },
  { name: 'lsof', summary: 'list open files: lsof -p PID', run: lsof },
  { name: 'pidof', summary: `find the QEMU process: pidof ${QEMU_BINARY}`, run: pidof },
  { name: 'pidstat', summary: 'threads of a process: pidstat -p PID -t', run: pidstat },
  { name: 'pwd', summary: 'the working directory', run: () => ok([CWD]) },
  { name: 'tail', summary: 'the last lines of a pipe', run: slice('tail') },
  { name: 'wc', summary: 'count lines, words, bytes of a pipe', run: wc },
]

export interface ShellResult {
  readonly output: readonly string[]
  readonly status: number
}

/**
 * Splits `line` where `separatorAt(i)` gives a separator's length (0: none),
 * outside quotes; returns the pieces and the separators that followed them.
 */
function splitOutsideQuotes(line: string, separatorAt: (i: number) => number): { pieces: string[]; separators: string[] } {
  const pieces: string[] = []
  const separators: string[] = []
  let current = ''
  let quote: string | null = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) {
      if (c === quote) quote = null
    } else if (c === "'" || c === '"') quote = c
    else {
      const length = separatorAt(i)
      if (length > 0) {
        pieces.push(current)
        separators.push(line.slice(i, i + length))
        current = ''
        i += length - 1
        continue
      }
    }
    current += c
  }
  pieces.push(current)
  return { pieces, separators }
}

/** Splits on `;`, `&&` and `||`; null when one side is empty. */
function splitLists(line: string): { text: string; op: ';' | '&&' | '||' }[] | null {
  const { pieces, separators } = splitOutsideQuotes(line, (i) => (line[i] === ';' ? 1 : line.startsWith('&&', i) || line.startsWith('||', i) ? 2 : 0))
  if (pieces.slice(0, -1).some((p) => p.trim() === '')) return null
  if (pieces.at(-1)!.trim() === '' && separators.length > 0 && separators.at(-1) !== ';') return null
  return pieces
    .map((text, i) => ({ text, op: (i === 0 ? ';' : separators[i - 1]!) as ';' | '&&' | '||' }))
    .filter((l) => l.text.trim() !== '')
}

/** Redirections a stage may carry: to /dev/null, and 2>&1. */
function takeRedirections(words: string[]): { words: string[]; dropOut: boolean; dropErr: boolean; errToOut: boolean } | { error: string } {
  const rest: string[] = []
  let dropOut = false
  let dropErr = false
  let errToOut = false
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    const m = /^(&|[12])?>(>)?(.*)$/.exec(w)
    if (!m) {
      rest.push(w)
      continue
    }
    if (m[3] === '&1' && m[1] === '2') {
      errToOut = true
      continue
    }
    const target = m[3] !== '' ? m[3]! : words[++i]
    if (target === undefined) return { error: 'bash: syntax error near unexpected token `newline\'' }
    if (target !== '/dev/null') return { error: '(explorer) writing to files is not simulated; only /dev/null redirections are.' }
    if (m[1] === '&') dropOut = dropErr = true
    else if (m[1] === '2') dropErr = true
    else dropOut = true
  }
  return { words: rest, dropOut, dropErr, errToOut }
}

/** `$?` outside single quotes becomes the last pipeline's status (bash's special parameter). */
function expandStatus(text: string, status: number): string {
  let out = ''
  let single = false
  let double = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '\\' && !single) {
      out += c + (text[i + 1] ?? '')
      i++
    } else if (c === "'" && !double) {
      single = !single
      out += c
    } else if (c === '"' && !single) {
      double = !double
      out += c
    } else if (c === '$' && text[i + 1] === '?' && !single) {
      out += String(status)
      i++
    } else out += c
  }
  return out
}

function runPipeline(state: SimState, text: string, lastStatus: number): ShellResult {
  const stages = splitPipeline(expandStatus(text, lastStatus))
  if (stages === null) return { output: ["bash: syntax error near unexpected token `|'"], status: 2 }
  const output: string[] = []
  let input: readonly string[] | null = null
  let status = 0
  // Every command of a pipeline starts; a missing one is reported by bash, the others still run.
  const parsed: { words: string[]; dropOut: boolean; dropErr: boolean; errToOut: boolean }[] = []
  for (const stage of stages) {
    const split = splitWords(stage)
    if (!split.ok) return { output: [`bash: ${split.error}`, 'bash: syntax error: unexpected end of file'], status: 2 }
    const redirected = takeRedirections(split.words)
    if ('error' in redirected) return { output: [redirected.error], status: 2 }
    parsed.push(redirected)
  }
  parsed.forEach((stage, index) => {
    const [name = '', ...args] = stage.words
    const tty = index === stages.length - 1 && !stage.dropOut
    const cmd = shellCommands.find((c) => c.name === name)
    if (!cmd) {
      output.push(`bash: ${name}: command not found`)
      input = []
      status = 127
      return
    }
    const result = cmd.run(state, args, input, tty)
    status = result.status
    if (stage.errToOut) {
      input = interleave(result, !stage.dropOut, !stage.dropErr)
    } else if (index === stages.length - 1) {
      // Both streams reach the terminal: in the order the tool wrote them.
      output.push(...interleave(result, !stage.dropOut, !stage.dropErr))
      input = []
    } else {
      if (!stage.dropErr) output.push(...result.stderr)
      input = stage.dropOut ? [] : result.stdout
    }
  })
  output.push(...(input ?? []))
  return { output, status }
}

/** Runs one shell line: lists (`;`, `&&`, `||`) of pipelines of registry commands. */
export function runShell(state: SimState, line: string): ShellResult {
  if (line.trim() === '') return { output: [], status: 0 }
  const lists = splitLists(line)
  if (lists === null) return { output: [`bash: syntax error near unexpected token \`${/&&\s*$/.test(line) ? '&&' : /\|\|\s*$/.test(line) ? '||' : ';'}'`], status: 2 }
  const output: string[] = []
  let status = 0
  for (const { text, op } of lists) {
    if ((op === '&&' && status !== 0) || (op === '||' && status === 0)) continue
    const result = runPipeline(state, text, status)
    output.push(...result.output)
    status = result.status
  }
  return { output, status }
}

/** Splits on `|` outside quotes; null for an empty stage (`a | | b`). */
function splitPipeline(line: string): string[] | null {
  const { pieces } = splitOutsideQuotes(line, (i) => (line[i] === '|' ? 1 : 0))
  return pieces.some((s) => s.trim() === '') ? null : pieces
}

/** Tab completion: command names, then paths of the simulated file system. */
export function completeShell(state: SimState, line: string): string[] {
  const stage = line.split('|').pop() ?? ''
  const words = stage.trimStart().split(/\s+/)
  if (words.length <= 1) {
    const prefix = words[0] ?? ''
    return shellCommands.map((c) => c.name).filter((n) => n.startsWith(prefix))
  }
  const last = words[words.length - 1] ?? ''
  if (!last.startsWith('/')) return []
  const slash = last.lastIndexOf('/')
  const dirPath = slash === 0 ? '/' : last.slice(0, slash)
  const prefix = last.slice(slash + 1)
  const node = lookup(state, normalisePath(dirPath, CWD))
  if (node?.kind !== 'dir') return []
  return sortNames(node.children())
    .filter((e) => e.name.startsWith(prefix))
    .map((e) => `${dirPath === '/' ? '' : dirPath}/${e.name}${e.kind === 'dir' ? '/' : ''}`)
}
