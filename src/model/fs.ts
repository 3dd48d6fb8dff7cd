/**
 * The part of the host's file system the shell can look at: the QEMU
 * process's /proc entries and the KVM debugfs tree (BEHAVIOUR.md §5.3, §7).
 */
import { fdinfoLines, statusLines } from './format/proc.ts'
import { debugfsVmPath } from './qemu.ts'
import type { SimState } from './state.ts'

export interface FsEntry {
  readonly name: string
  readonly kind: 'dir' | 'file' | 'link'
  /** `ls -l` mode string. */
  readonly mode: string
  readonly nlink: number
  readonly size: number
  readonly mtime: number
  /** For links: the target `ls -l` shows after `->`. */
  readonly target?: string
}

export type FsNode =
  | { readonly kind: 'dir'; readonly entry: FsEntry; readonly children: () => FsEntry[] }
  | { readonly kind: 'file'; readonly entry: FsEntry; readonly content: () => string[] }
  | { readonly kind: 'link'; readonly entry: FsEntry }
  /** A real path the explorer does not simulate. */
  | { readonly kind: 'unsimulated'; readonly note: string }

const DEBUGFS = '/sys/kernel/debug/kvm'

function dirEntry(name: string, mtime: number, mode = 'drwxr-xr-x', nlink = 2): FsEntry {
  return { name, kind: 'dir', mode, nlink, size: 0, mtime }
}

function fileEntry(name: string, mtime: number, mode: string): FsEntry {
  return { name, kind: 'file', mode, nlink: 1, size: 0, mtime }
}

/** Normalises `a//b/./c/` to `/a/b/c`; `..` goes up. */
export function normalisePath(path: string, cwd: string): string {
  const absolute = path.startsWith('/') ? path : `${cwd}/${path}`
  const parts: string[] = []
  for (const part of absolute.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return `/${parts.join('/')}`
}

function vcpuFileContent(state: SimState, name: string, vcpuId: number): string[] {
  // kvm_create_vcpu_debugfs() (6.1+): pid_nr(vcpu->pid), the last thread to KVM_RUN it, even one that has exited.
  if (name === 'pid') return [String(state.kvm.vcpus.find((v) => v.vcpuId === vcpuId)?.runTid ?? 0)]
  if (name === 'guest_mode') return ['0']
  // LAPIC_TIMER_ADVANCE_NS_INIT (arch/x86/kvm/lapic.c); adaptive tuning moves it at run time [I].
  if (name === 'lapic_timer_advance_ns') return ['1000']
  // VMX: 48 fraction bits, and an unscaled guest's ratio is 1 << 48 (arch/x86/kvm/vmx.c, x86.c).
  if (name === 'tsc-scaling-ratio') return ['281474976710656']
  if (name === 'tsc-scaling-ratio-frac-bits') return ['48']
  return [String(-(1_000_000_000_000 + vcpuId * 17))]
}

/** Resolves an absolute, normalised path. */
export function lookup(state: SimState, path: string): FsNode | null {
  const { host, kvm } = state
  const now = host.clock
  const parts = path.split('/').filter((p) => p !== '')
  const vmDir = host.alive ? debugfsVmPath(state).slice(DEBUGFS.length + 1) : null
  const { debugfsVmFiles: statFiles, debugfsGlobalFiles: globalFiles, debugfsVcpuFiles: vcpuFiles } = state.profile.kernel
  const statFile = (name: string | undefined) => statFiles.find((f) => f.name === name)
  const statEntries = (): FsEntry[] => statFiles.map((f) => fileEntry(f.name, kvm.createdAt, f.mode))

  if (path === DEBUGFS) {
    return {
      kind: 'dir',
      entry: dirEntry('kvm', kvm.createdAt),
      children: () => [...(vmDir ? [dirEntry(vmDir, kvm.createdAt, 'drwxr-xr-x', 2 + kvm.vcpus.length)] : []), ...globalFiles.map((f) => fileEntry(f.name, kvm.createdAt, f.mode))],
    }
  }
  if (path.startsWith(`${DEBUGFS}/`)) {
    const [vm, vcpu, file, ...rest] = parts.slice(4)
    if (vm === undefined || vm !== vmDir || rest.length > 0) {
      const stat = globalFiles.find((f) => f.name === vm)
      if (stat && vcpu === undefined) return { kind: 'file', entry: fileEntry(stat.name, kvm.createdAt, stat.mode), content: () => ['0'] }
      return null
    }
    if (vcpu === undefined) {
      return {
        kind: 'dir',
        entry: dirEntry(vm, kvm.createdAt, 'drwxr-xr-x', 2 + kvm.vcpus.length),
        // A vcpuN directory for every vCPU ever created: the kernel removes it only when its fd
        // closes (4.14) or the VM goes (later kernels), and QEMU parks the fd instead of closing it (§5.3).
        children: () => [...statEntries(), ...kvm.vcpus.map((v) => dirEntry(`vcpu${v.vcpuId}`, v.createdAt))],
      }
    }
    const stat = statFile(vcpu)
    if (stat && file === undefined) return { kind: 'file', entry: fileEntry(stat.name, kvm.createdAt, stat.mode), content: () => ['0'] }
    const created = kvm.vcpus.find((v) => `vcpu${v.vcpuId}` === vcpu)
    if (!created) return null
    if (file === undefined) {
      return { kind: 'dir', entry: dirEntry(vcpu, created.createdAt), children: () => vcpuFiles.map((f) => fileEntry(f.name, created.createdAt, f.mode)) }
    }
    const vcpuFile = vcpuFiles.find((f) => f.name === file)
    if (!vcpuFile) return null
    return { kind: 'file', entry: fileEntry(file, created.createdAt, vcpuFile.mode), content: () => vcpuFileContent(state, file, created.vcpuId) }
  }

  const outside: FsNode = { kind: 'unsimulated', note: `(explorer) only /proc/${host.pid} and ${DEBUGFS} are simulated.` }
  if (parts[0] === 'proc' && parts.length >= 2) {
    const pid = Number(parts[1])
    const isNumber = /^[0-9]+$/.test(parts[1]!)
    if (!isNumber || pid !== host.pid || !host.alive) {
      if (isNumber && pid > 0 && pid < host.nextPid && pid !== host.pid) {
        return { kind: 'unsimulated', note: `(explorer) only the QEMU process (PID ${host.pid}) is simulated on this host.` }
      }
      if (isNumber) return null
      return parts[1] === 'self' ? { kind: 'unsimulated', note: '(explorer) /proc/self is not simulated.' } : outside
    }
    const [, , sub, third, fourth, ...rest] = parts
    if (rest.length > 0) return null
    const procDir = (name: string, children: () => FsEntry[]): FsNode => ({ kind: 'dir', entry: dirEntry(name, now, 'dr-x------', 2), children })
    const elsewhere: FsNode = { kind: 'unsimulated', note: `(explorer) simulated under /proc/${pid}: comm fd fdinfo maps status task` }
    if (sub === undefined) return elsewhere
    if (sub === 'status' && third === undefined) {
      return { kind: 'file', entry: fileEntry('status', now, '-r--r--r--'), content: () => statusLines(state) }
    }
    if (sub === 'fdinfo') {
      // fs/proc/base.c: the directory is 0500 and its files 0400 in 4.14; 0555 and 0444 since 5.14.
      const { mode } = state.profile.kernel.fdinfo
      const infos = (): FsEntry[] => host.fds.map((f) => fileEntry(String(f.fd), now, mode))
      if (third === undefined) return { kind: 'dir', entry: dirEntry('fdinfo', now, mode === '-r--------' ? 'dr-x------' : 'dr-xr-xr-x', 2), children: infos }
      if (fourth !== undefined) return null
      const entry = host.fds.find((f) => String(f.fd) === third)
      return entry ? { kind: 'file', entry: fileEntry(third, now, mode), content: () => fdinfoLines(state, entry) } : null
    }
    if (sub === 'comm' && third === undefined) {
      return { kind: 'file', entry: fileEntry('comm', now, '-rw-r--r--'), content: () => [host.threads[0]?.comm ?? ''] }
    }
    if (sub === 'maps' && third === undefined) {
      return { kind: 'file', entry: fileEntry('maps', now, '-r--r--r--'), content: () => procMaps(state) }
    }
    if (sub === 'fd') {
      const links = (): FsEntry[] =>
        host.fds.map((f) => ({
          name: String(f.fd),
          kind: 'link',
          // /proc/PID/fd: FMODE_READ gives r-x, FMODE_WRITE gives -wx for the owner (fs/proc/fd.c).
          mode: f.access === 'u' ? 'lrwx------' : f.access === 'r' ? 'lr-x------' : 'l-wx------',
          nlink: 1,
          size: 64,
          mtime: f.openedAt,
          target: f.file.link,
        }))
      if (third === undefined) return procDir('fd', links)
      if (fourth !== undefined) return null
      const link = links().find((l) => l.name === third)
      return link ? { kind: 'link', entry: link } : null
    }
    if (sub === 'task') {
      const tasks = (): FsEntry[] => host.threads.map((t) => dirEntry(String(t.tid), now, 'dr-xr-xr-x', 7))
      if (third === undefined) return { kind: 'dir', entry: dirEntry('task', now, 'dr-xr-xr-x', 3), children: tasks }
      const thread = host.threads.find((t) => String(t.tid) === third)
      if (!thread) return null
      if (fourth === 'comm') return { kind: 'file', entry: fileEntry('comm', now, '-rw-r--r--'), content: () => [thread.comm] }
      if (fourth === 'status') return { kind: 'file', entry: fileEntry('status', now, '-r--r--r--'), content: () => statusLines(state, thread) }
      return { kind: 'unsimulated', note: `(explorer) simulated under /proc/${pid}/task/${third}: comm status` }
    }
    return elsewhere
  }
  return outside
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0')

/** A device `major,minor` (as lsof prints it) the way maps prints it: `fd:02`. */
const devHex = (device: string): string => {
  const [major = '0', minor = '0'] = device.split(',')
  return `${hex(Number(major), 2)}:${hex(Number(minor), 2)}`
}

/** `/proc/PID/maps`: `show_map_vma()` pads the fields to 72 columns before the name (4.14 fs/proc/task_mmu.c). */
export function procMaps(state: SimState): string[] {
  const { host, profile } = state
  const anon = profile.kernel.anonInode
  const anonDev = devHex(anon.device)
  const line = (start: number, end: number, perms: string, dev: string, inode: string, name: string): string => {
    const fields = `${hex(start, 8)}-${hex(end, 8)} ${perms} 00000000 ${dev} ${inode} `
    // seq_pad() pads the fields to 72 columns, then adds one space.
    return name === '' ? fields : `${fields.padEnd(72)} ${name}`
  }
  const out: string[] = []
  for (const m of host.mappings) {
    if (m.kind === 'stack') {
      // glibc maps a thread stack PROT_NONE and opens all but the low guard page (allocatestack.c).
      out.push(line(m.start, m.start + 4096, '---p', '00:00', '0', ''), line(m.start + 4096, m.start + m.length, 'rw-p', '00:00', '0', ''))
      continue
    }
    out.push(mapLine(m))
    if (m.kind === 'image' && m.path === host.env.exe.path) out.push(line(m.start + m.length + 0x7f4000, m.start + m.length + 0x19a1000, 'rw-p', '00:00', '0', '[heap]'))
  }
  // The main thread's stack and the kernel's own mappings, above the mmap area.
  out.push(
    line(0x7ffd_4c5e_1000, 0x7ffd_4c60_2000, 'rw-p', '00:00', '0', '[stack]'),
    line(0x7ffd_4c7c_6000, 0x7ffd_4c7c_9000, 'r--p', '00:00', '0', '[vvar]'),
    line(0x7ffd_4c7c_9000, 0x7ffd_4c7c_b000, 'r-xp', '00:00', '0', '[vdso]'),
  )
  // Beyond 2^53: written out rather than computed.
  out.push(`${'ffffffffff600000-ffffffffff601000 r-xp 00000000 00:00 0 '.padEnd(72)} [vsyscall]`)
  return out

  function mapLine(m: (typeof host.mappings)[number]): string {
    let dev = '00:00'
    let inode = '0'
    let name = ''
    if (m.kind === 'kvm_run') {
      dev = anonDev
      inode = String(anon.inode)
      name = host.fds.find((f) => f.fd === m.fd)?.file.link ?? 'anon_inode:kvm-vcpu'
    } else if (m.kind === 'image' && m.path) {
      const file = m.path === host.env.exe.path ? host.env.exe : host.env.libraries.find((l) => l.path === m.path)
      if (file) {
        dev = devHex(file.device)
        inode = String(file.inode)
        name = m.path
      }
    }
    return line(m.start, m.start + m.length, m.perms, dev, inode, name)
  }
}
