/**
 * `lsof -p PID` as lsof 4.93 prints it on Linux (research: lsof.md, from
 * lsof-org/lsof print.c `print_file`, proc.c `alloc_lfile`, dialects/linux
 * dproc.c `process_proc_map`).
 */
import type { HostState } from '../state.ts'

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
function rows(host: HostState, anonInode: { device: string; inode: number }, statWarnings: boolean): Row[] {
  const { env } = host
  const out: Row[] = [
    { id: 'cwd', fd: fdCell(' cwd', ' '), type: 'DIR', device: env.cwd.device, sizeOff: '4096', node: String(env.cwd.inode), name: env.cwd.path },
    { id: 'rtd', fd: fdCell(' rtd', ' '), type: 'DIR', device: env.root.device, sizeOff: '4096', node: String(env.root.inode), name: '/' },
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
    out.push({ id: String(entry.fd), fd: fdCell(String(entry.fd).padStart(4, ' '), entry.access), type: f.type, device: f.device, sizeOff: f.sizeOff, node: f.node, name: f.name })
  }
  return out
}

/**
 * lsof's output for one process: every file, or those `select` keeps (`-a -d`);
 * no lines at all when nothing is selected. Widths are computed over the printed lines.
 */
export function lsofProcess(host: HostState, anonInode: { device: string; inode: number }, statWarnings = true, select?: (fd: string) => boolean): string[] {
  const command = host.threads[0]?.comm ?? ''
  const all = rows(host, anonInode, statWarnings).filter((r) => !select || select(r.id))
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

/** `usage(1, 0, 0)` after a bad `-p` (lsof 4.93.2 usage.c). */
export const lsofUsage = [
  'lsof 4.93.2',
  ' latest revision: https://github.com/lsof-org/lsof',
  ' latest FAQ: https://github.com/lsof-org/lsof/blob/master/00FAQ',
  ' latest (non-formatted) man page: https://github.com/lsof-org/lsof/blob/master/Lsof.8',
  ' usage: [-?abhKlnNoOPRtUvVX] [+|-c c] [+|-d s] [+D D] [+|-E] [+|-e s] [+|-f[gG]]',
  ' [-F [f]] [-g [s]] [-i [i]] [+|-L [l]] [+m [m]] [+|-M] [-o [o]] [-p s]',
  ' [+|-r [t]] [-s [p:s]] [-S [t]] [-T [t]] [-u s] [+|-w] [-x [fl]] [--] [names]',
  "Use the ``-h'' option to get more help information.",
]
