/**
 * `lsof -p PID` as the host's lsof prints it on Linux (research: lsof.md, from
 * lsof-org/lsof print.c `print_file`, proc.c `alloc_lfile`, dialects/linux
 * dproc.c `process_proc_map`).
 */
import type { SimState } from '../state.ts'
import { eventfdId } from './proc.ts'

interface Row {
  /** The fd as -d names it: a number, or cwd, rtd, txt, mem. */
  id: string
  fd: string
  type: string
  device: string
  sizeOff: string
  node: string
  name: string
}

/** `alloc_lfile()`: numeric fds are `%4d` plus the mode and lock characters; named ones have a blank mode. */
function fdCell(fd: string, mode: string): string {
  return `${fd}${mode} `
}

/**
 * Every line lsof prints for the process: cwd, rtd, txt, then one `mem` line
 * per (device, inode) in address order (the executable is skipped, and every
 * anon_inode mapping shares one inode, so only the lowest-addressed one shows:
 * BEHAVIOUR.md §7.1), then the fds in ascending order.
 */
function rows(state: SimState, statWarnings: boolean): Row[] {
  const { host } = state
  const { env } = host
  const anonInode = state.profile.kernel.anonInode
  const tool = state.profile.host.tools.lsof
  // 4.94.0+ names an eventfd `[eventfd:ID]` when the kernel's fdinfo has `eventfd-id:` (5.14+).
  const eventfdIds = tool.eventfdIds && state.profile.kernel.fdinfo.eventfd.includes('id')
  // lib/proc.c fd_to_string(): `%4d` before 4.99.0, `%d` since.
  const numeric = (fd: number): string => (tool.padFd ? String(fd).padStart(4, ' ') : String(fd))
  const named = (name: string): string => (tool.padFd ? name.padStart(4, ' ') : name)
  const out: Row[] = [
    { id: 'cwd', fd: fdCell(named('cwd'), ' '), type: 'DIR', device: env.cwd.device, sizeOff: '4096', node: String(env.cwd.inode), name: env.cwd.path },
    { id: 'rtd', fd: fdCell(named('rtd'), ' '), type: 'DIR', device: env.root.device, sizeOff: '4096', node: String(env.root.inode), name: '/' },
    { id: 'txt', fd: fdCell('txt', ' '), type: 'REG', device: env.exe.device, sizeOff: String(env.exe.size), node: String(env.exe.inode), name: env.exe.path },
  ]
  const seen = new Set<string>()
  for (const m of host.mappings) {
    if (m.kind === 'kvm_run') {
      const key = `${anonInode.device}:${anonInode.inode}`
      if (seen.has(key)) continue
      seen.add(key)
      const name = host.fds.find((f) => f.fd === m.fd)?.file.link ?? 'anon_inode:kvm-vcpu'
      // stat() of the relative path "anon_inode:…" fails, so lsof adds the note (unless -w) and knows no size.
      out.push({ id: 'mem', fd: fdCell('mem', ' '), type: 'REG', device: anonInode.device, sizeOff: '', node: String(anonInode.inode), name: statWarnings ? `${name} (stat: No such file or directory)` : name })
    } else if (m.kind === 'image' && m.path !== env.exe.path && m.path) {
      const lib = env.libraries.find((l) => l.path === m.path)
      if (!lib) continue
      const key = `${lib.device}:${lib.inode}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push({ id: 'mem', fd: fdCell('mem', ' '), type: 'REG', device: lib.device, sizeOff: String(lib.size), node: String(lib.inode), name: lib.path })
    }
  }
  for (const entry of host.fds) {
    const f = entry.file
    const name = eventfdIds && f.fdinfo === 'eventfd' ? `[eventfd:${eventfdId(host, entry.fd)}]` : f.name
    out.push({ id: String(entry.fd), fd: fdCell(numeric(entry.fd), entry.access), type: f.type, device: f.device, sizeOff: f.sizeOff, node: f.node, name })
  }
  return out
}

/**
 * lsof's output for one process: every file, or those `select` keeps (`-a -d`);
 * no lines at all when nothing is selected. Widths are computed over the printed lines.
 */
export function lsofProcess(state: SimState, statWarnings = true, select?: (fd: string) => boolean): string[] {
  const { host } = state
  const command = host.threads[0]?.comm ?? ''
  const all = rows(state, statWarnings).filter((r) => !select || select(r.id))
  if (all.length === 0) return []
  const cmd = command.slice(0, 9)
  const pid = String(host.pid)
  const user = 'root'
  // Pass 0 sizes every column to its widest value (or its title), pass 1 prints.
  const w = {
    cmd: Math.max(7, cmd.length),
    pid: Math.max(3, pid.length),
    user: Math.max(4, user.length),
    fd: Math.max(2, ...all.map((r) => r.fd.length)),
    type: Math.max(4, ...all.map((r) => r.type.length)),
    device: Math.max(6, ...all.map((r) => r.device.length)),
    sizeOff: Math.max(8, ...all.map((r) => r.sizeOff.length)),
    node: Math.max(4, ...all.map((r) => r.node.length)),
  }
  const header =
    `${'COMMAND'.padEnd(w.cmd)} ${'PID'.padStart(w.pid)} ${'USER'.padStart(w.user)} ${'FD'.padStart(w.fd - 2)}   ${'TYPE'.padStart(w.type)}` +
    ` ${'DEVICE'.padStart(w.device)} ${'SIZE/OFF'.padStart(w.sizeOff)} ${'NODE'.padStart(w.node)} NAME`
  const lines = all.map(
    (r) =>
      `${cmd.padEnd(w.cmd)} ${pid.padStart(w.pid)} ${user.padStart(w.user)} ${r.fd.padStart(w.fd)} ${r.type.padStart(w.type)}` +
      ` ${r.device.padStart(w.device)} ${r.sizeOff.padStart(w.sizeOff)} ${r.node.padStart(w.node)} ${r.name}`,
  )
  return [header, ...lines]
}
