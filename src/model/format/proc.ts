/**
 * `/proc/PID/fdinfo/N` and `/proc/PID/status` as the profile's kernel prints
 * them: the line set and formats come from the kernel entry (fs/proc/fd.c
 * `seq_show`, fs/proc/array.c `proc_pid_status`). What the model does not
 * track (memory sizes, signal masks, context switches) gets illustrative
 * values; the fd and thread counts are the model's own.
 */
import type { FdEntry, HostState, SimState, Thread } from '../state.ts'
import type { StatusField } from '../versions/linux-release.ts'

/** The system-wide eventfd id (fs/eventfd.c `eventfd_ida`) of an eventfd: QEMU's are handed out in fd order here [I]. */
export function eventfdId(host: HostState, fd: number): number {
  return host.env.eventfdIdBase + host.fds.filter((e) => e.file.fdinfo === 'eventfd' && e.fd < fd).length
}

/** fdinfo of one fd: pos, flags, mnt_id (and ino since 5.14), then what its file type adds. */
export function fdinfoLines(state: SimState, entry: FdEntry): string[] {
  const { kernel } = state.profile
  const f = entry.file
  const ino = f.type === 'a_inode' ? kernel.anonInode.inode : f.type === 'IPv4' || f.type === 'IPv6' ? Number(f.device) : Number(f.node)
  const lines = [`pos:\t0`, `flags:\t${f.flags}`, `mnt_id:\t${f.mountId}`]
  if (kernel.fdinfo.ino) lines.push(`ino:\t${ino}`)
  switch (f.fdinfo) {
    case 'eventfd': {
      // fs/eventfd.c eventfd_show_fdinfo(): "eventfd-count: %16llx", "eventfd-id: %d", "eventfd-semaphore: %d".
      const id = eventfdId(state.host, entry.fd)
      for (const line of kernel.fdinfo.eventfd) {
        if (line === 'count') lines.push(`eventfd-count: ${'0'.padStart(16)}`)
        else if (line === 'id') lines.push(`eventfd-id: ${id}`)
        else lines.push('eventfd-semaphore: 0')
      }
      break
    }
    case 'signalfd':
      // util/main-loop.c qemu_signal_init(): the signalfd takes SIGIO, SIGALRM and SIGBUS (SIG_IPI is removed first).
      lines.push('sigmask:\t0000000010002040')
      break
    case 'eventpoll':
      lines.push('(explorer) the tfd lines of the fds this epoll instance watches are not simulated.')
      break
    case 'plain':
      break
  }
  return lines
}

/**
 * `FDSize:`, the fd table's size: it starts as the parent's (an interactive
 * bash holds fd 255, so 256 [I]) and doubles whenever a higher fd is needed
 * (fs/file.c `expand_fdtable`); it never shrinks.
 */
export function fdTableSize(host: HostState): number {
  const highest = host.fds.reduce((max, e) => Math.max(max, e.fd), 0)
  let size = host.env.fdTableStart
  while (highest >= size) size *= 2
  return size
}

const kB = (n: number): string => `${String(Math.round(n)).padStart(8)} kB`

/** `%*pb` of a CPU mask: 32-bit groups, highest first, the leading group only as wide as it needs. */
function cpuMask(cpus: number): string {
  const groups: string[] = []
  for (let bit = 0; bit < cpus; bit += 32) {
    const width = Math.min(32, cpus - bit)
    const value = width === 32 ? 0xffffffff : 2 ** width - 1
    groups.unshift(value.toString(16).padStart(bit + 32 <= cpus ? 8 : Math.ceil(width / 4), '0'))
  }
  return groups.join(',')
}

/** `/proc/PID/status` of the process (or, with `thread`, of `/proc/PID/task/TID/status`). */
export function statusLines(state: SimState, thread?: Thread): string[] {
  const { host, profile } = state
  const leader = host.threads[0]
  const task = thread ?? leader
  const cpus = profile.host.cpuCount
  const vmSize = host.mappings.reduce((sum, m) => sum + m.length, 0) / 1024 + 8 * 1024 * 1024
  const caps = (2n ** BigInt(profile.kernel.capLastCap + 1) - 1n).toString(16).padStart(16, '0')
  const value: Record<StatusField, string> = {
    Name: task?.comm ?? '',
    Umask: '0022',
    State: 'S (sleeping)',
    Tgid: String(host.pid),
    Ngid: '0',
    Pid: String(task?.tid ?? host.pid),
    PPid: String(host.env.parentPid),
    TracerPid: '0',
    Uid: '0\t0\t0\t0',
    Gid: '0\t0\t0\t0',
    FDSize: String(fdTableSize(host)),
    Groups: '0 ',
    NStgid: String(host.pid),
    NSpid: String(task?.tid ?? host.pid),
    NSpgid: String(host.pid),
    NSsid: String(host.env.parentPid),
    Kthread: '0',
    VmPeak: kB(vmSize + 65536),
    VmSize: kB(vmSize),
    VmLck: kB(0),
    VmPin: kB(0),
    VmHWM: kB(412_384),
    VmRSS: kB(398_112),
    RssAnon: kB(361_540),
    RssFile: kB(36_572),
    RssShmem: kB(0),
    VmData: kB(vmSize * 0.6),
    VmStk: kB(132),
    VmExe: kB(host.env.exe.size / 1024 / 4),
    VmLib: kB(host.env.libraries.reduce((sum, l) => sum + l.size, 0) / 1024),
    VmPTE: kB(1_204),
    VmPMD: kB(28),
    VmSwap: kB(0),
    HugetlbPages: kB(0),
    CoreDumping: '0',
    THP_enabled: '1',
    untag_mask: '0xffffffffffffffff',
    Threads: String(host.threads.length),
    SigQ: '0/95648',
    SigPnd: '0000000000000000',
    ShdPnd: '0000000000000000',
    SigBlk: '0000000010002240',
    SigIgn: '0000000000001000',
    SigCgt: '0000000100004243',
    CapInh: '0000000000000000',
    CapPrm: caps,
    CapEff: caps,
    CapBnd: caps,
    CapAmb: '0000000000000000',
    NoNewPrivs: '0',
    Seccomp: '0',
    Seccomp_filters: '0',
    Speculation_Store_Bypass: 'thread vulnerable',
    SpeculationIndirectBranch: 'conditional enabled',
    Cpus_allowed: cpuMask(cpus),
    Cpus_allowed_list: cpus === 1 ? '0' : `0-${cpus - 1}`,
    // MAX_NUMNODES bits with CONFIG_NODES_SHIFT=10: 32 groups, node 0 set.
    Mems_allowed: [...Array<string>(31).fill('00000000'), '00000001'].join(','),
    Mems_allowed_list: '0',
    voluntary_ctxt_switches: String(1200 + (task?.tid ?? 0) % 97),
    nonvoluntary_ctxt_switches: String(3 + (task?.tid ?? 0) % 11),
    x86_Thread_features: '',
    x86_Thread_features_locked: '',
  }
  return profile.kernel.status.map((field) => `${field}:\t${value[field]}`)
}
