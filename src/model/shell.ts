/**
 * The host shell: a bash prompt on the QEMU host with the tools the seed uses.
 * One registry drives parsing, completion and the command-not-found answer.
 * Commands only read the state: a shell command never changes the simulation.
 */
import { QEMU_BINARY } from './cmdline.ts'
import { lookup, normalisePath, type FsEntry } from './fs.ts'
import { columns, longFormat, sortNames } from './format/ls.ts'
import { lsofProcess, lsofUsage } from './format/lsof.ts'
import { pidstatThreads, pidstatUsage } from './format/pidstat.ts'
import { splitWords } from './shellwords.ts'
import type { SimState } from './state.ts'

/** What one command prints and its exit status. */
export interface ToolResult {
  readonly stdout: readonly string[]
  readonly stderr: readonly string[]
  readonly status: number
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

function lsof(state: SimState, args: readonly string[]): ToolResult {
  let pid: string | null = null
  let statWarnings = true
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '-p' || arg.startsWith('-p')) {
      const value = arg === '-p' ? args[++i] : arg.slice(2)
      if (value === undefined) return fail(['lsof: no process ID specified', ...lsofUsage], 1)
      // enter_id(): a comma list of decimal PIDs.
      if (!/^[0-9]+(,[0-9]+)*$/.test(value)) return fail([`lsof: illegal process ID: ${value}`, ...lsofUsage], 1)
      pid = value
    } else if (arg === '-w') statWarnings = false
    else if (arg === '+w') statWarnings = true
    else if (arg === '-n' || arg === '-P' || arg === '-nP' || arg === '-Pn') continue
    else if (arg.startsWith('-')) return fail([`lsof: illegal option character: ${arg[1] ?? '-'}`, ...lsofUsage], 1)
    else return ok([`(explorer) lsof NAME lookups are not simulated; try lsof -p ${state.host.pid}.`])
  }
  if (pid === null) return ok([`(explorer) lsof of every process is not simulated; try lsof -p ${state.host.pid}.`])
  const pids = pid.split(',').map(Number)
  const { host } = state
  if (!host.alive || !pids.includes(host.pid)) return { stdout: [], stderr: [], status: 1 }
  return { stdout: lsofProcess(host, state.profile.kernel.anonInode, statWarnings), stderr: [], status: pids.length > 1 ? 1 : 0 }
}

function pidstat(state: SimState, args: readonly string[]): ToolResult {
  let pid: number | null = null
  let threads = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('-') || arg === '-') {
      return ok(['(explorer) pidstat intervals are not simulated: the report since boot is.'])
    }
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j]
      if (flag === 't') threads = true
      else if (flag === 'u') continue
      else if (flag === 'p' && j === arg.length - 1) {
        const value = args[++i]
        // "-p { <pid> [,...] | SELF | ALL }": anything else is the usage text.
        if (value === undefined || !/^[1-9][0-9]*$/.test(value)) return fail(pidstatUsage, 1)
        pid = Number(value)
      } else return fail(pidstatUsage, 1)
    }
  }
  if (pid === null) return ok([`(explorer) pidstat of every process is not simulated; try pidstat -p ${state.host.pid} -t.`])
  const { host } = state
  const exists = host.alive && host.pid === pid
  return ok(pidstatThreads(state.profile.kernel, host.clock, exists ? host : null, threads))
}

function ls(state: SimState, args: readonly string[], _input: readonly string[] | null, tty: boolean): ToolResult {
  let long = false
  let onePerLine = !tty
  const paths: string[] = []
  for (const arg of args) {
    if (arg.startsWith('-') && arg.length > 1) {
      for (const flag of arg.slice(1)) {
        if (flag === 'l') long = true
        else if (flag === '1') onePerLine = true
        else if (flag === 'C') onePerLine = false
        else return fail([`ls: invalid option -- '${flag}'`, "Try 'ls --help' for more information."], 2)
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
      // coreutils 8.22 quotes nothing here.
      stderr.push(`ls: cannot access ${path}: No such file or directory`)
      status = 2
    } else if (node.kind === 'unsimulated') stdout.push(node.note)
    else if (node.kind === 'dir') listings.push({ path, entries: sortNames(node.children()) })
    else files.push({ ...node.entry, name: path })
  }
  const render = (entries: FsEntry[]): string[] => {
    if (long) return longFormat(entries, state.host.clock)
    const names = entries.map((e) => e.name)
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
  const stdout: string[] = []
  const stderr: string[] = []
  let status = 0
  for (const path of args) {
    const node = lookup(state, normalisePath(path, CWD))
    if (!node) {
      stderr.push(`cat: ${path}: No such file or directory`)
      status = 1
    } else if (node.kind === 'unsimulated') stdout.push(node.note)
    else if (node.kind === 'dir') {
      stderr.push(`cat: ${path}: Is a directory`)
      status = 1
    } else if (node.kind === 'file') stdout.push(...node.content())
    else stdout.push(`(explorer) reading ${node.entry.target ?? 'this fd'} through /proc is not simulated.`)
  }
  return { stdout, stderr, status }
}

/** sysvinit `pidof`: matches argv[0] or its basename; PIDs highest first; nothing and status 1 if none. */
function pidof(state: SimState, args: readonly string[]): ToolResult {
  const names = args.filter((a) => !a.startsWith('-'))
  const { host } = state
  const argv0 = host.alive ? host.env.exe.path : null
  const matches = argv0 !== null && names.some((n) => n === argv0 || n === argv0.split('/').pop())
  return matches ? ok([String(host.pid)]) : { stdout: [], stderr: [], status: 1 }
}

/** grep over its input: a basic regular expression (or -F / -E), with -v -i -c -w -n. */
function grep(_state: SimState, args: readonly string[], input: readonly string[] | null): ToolResult {
  const flags = new Set<string>()
  let pattern: string | null = null
  const files: string[] = []
  for (const arg of args) {
    if (pattern === null && arg.startsWith('-') && arg.length > 1) {
      for (const f of arg.slice(1)) {
        if (!'vicwnFEe'.includes(f)) {
          return fail([`grep: invalid option -- '${f}'`, 'Usage: grep [OPTION]... PATTERN [FILE]...', "Try 'grep --help' for more information."], 2)
        }
        flags.add(f)
      }
    } else if (pattern === null) pattern = arg
    else files.push(arg)
  }
  if (pattern === null) return fail(['Usage: grep [OPTION]... PATTERN [FILE]...', "Try 'grep --help' for more information."], 2)
  if (files.length > 0) return ok(['(explorer) grep reads its input from a pipe here, e.g. lsof -p PID | grep kvm'])
  let source: string
  if (flags.has('F')) source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  else if (flags.has('E')) source = pattern
  else source = breToJs(pattern)
  if (flags.has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`
  let re: RegExp
  try {
    re = new RegExp(source, flags.has('i') ? 'i' : '')
  } catch {
    return fail(['grep: Invalid regular expression'], 2)
  }
  const lines = input ?? []
  const hits = lines.map((line, i) => ({ line, n: i + 1 })).filter(({ line }) => re.test(line) !== flags.has('v'))
  if (flags.has('c')) return { stdout: [String(hits.length)], stderr: [], status: hits.length > 0 ? 0 : 1 }
  return { stdout: hits.map(({ line, n }) => (flags.has('n') ? `${n}:${line}` : line)), stderr: [], status: hits.length > 0 ? 0 : 1 }
}

/** POSIX basic regular expression → JavaScript: `\( \) \{ \} \| \+ \?` are the operators, `( ) { } | + ?` literals. */
function breToJs(pattern: string): string {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '\\' && i + 1 < pattern.length) {
      const n = pattern[++i]!
      out += '(){}|+?'.includes(n) ? n : `\\${n}`
    } else if ('(){}|+?'.includes(c)) out += `\\${c}`
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2)
      if (end < 0) {
        out += '\\['
        continue
      }
      out += pattern.slice(i, end + 1).replace(/\\/g, '\\\\')
      i = end
    } else out += c
  }
  return out
}

export const shellCommands: readonly ShellCommand[] = [
  { name: 'cat', summary: 'print files: /proc/PID/task/TID/comm, /proc/PID/maps, debugfs files', run: cat },
  { name: 'grep', summary: 'filter lines of a pipe', run: grep },
  { name: 'ls', summary: 'list /proc/PID/fd, /proc/PID/task, /sys/kernel/debug/kvm/…', run: ls },
  { name: 'lsof', summary: 'list open files: lsof -p PID', run: lsof },
  { name: 'pidof', summary: `find the QEMU process: pidof ${QEMU_BINARY}`, run: pidof },
  { name: 'pidstat', summary: 'threads of a process: pidstat -p PID -t', run: pidstat },
]

export interface ShellResult {
  readonly output: readonly string[]
  readonly status: number
}

/** Runs one shell line: a pipeline of registry commands. */
export function runShell(state: SimState, line: string): ShellResult {
  if (line.trim() === '') return { output: [], status: 0 }
  const stages = splitPipeline(line)
  if (stages === null) return { output: ["bash: syntax error near unexpected token `|'"], status: 2 }
  const output: string[] = []
  let input: readonly string[] | null = null
  let status = 0
  // Every command of a pipeline starts; a missing one is reported by bash, the others still run.
  const words: string[][] = []
  for (const stage of stages) {
    const split = splitWords(stage)
    if (!split.ok) return { output: [`bash: ${split.error}`, 'bash: syntax error: unexpected end of file'], status: 2 }
    words.push(split.words)
  }
  stages.forEach((_, index) => {
    const [name = '', ...args] = words[index]!
    const tty = index === stages.length - 1
    const cmd = shellCommands.find((c) => c.name === name)
    if (!cmd) {
      output.push(`bash: ${name}: command not found`)
      input = []
      status = 127
      return
    }
    const result = cmd.run(state, args, input, tty)
    output.push(...result.stderr)
    input = result.stdout
    status = result.status
  })
  output.push(...(input ?? []))
  return { output, status }
}

/** Splits on `|` outside quotes; null for an empty stage (`a | | b`). */
function splitPipeline(line: string): string[] | null {
  const stages: string[] = []
  let current = ''
  let quote: string | null = null
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = null
      current += c
    } else if (c === "'" || c === '"') {
      quote = c
      current += c
    } else if (c === '|') {
      stages.push(current)
      current = ''
    } else current += c
  }
  stages.push(current)
  if (stages.some((s) => s.trim() === '')) return null
  return stages
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
