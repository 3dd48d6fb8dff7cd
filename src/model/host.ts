/**
 * Host kernel and libc primitives on the process state: the fd table, threads,
 * memory mappings. Each returns a new HostState.
 */
import type { FdEntry, FdRole, HostState, Mapping, MappingKind, OpenFile, Thread, ThreadRole } from './state.ts'

/** The lowest fd not in use: what `get_unused_fd_flags()` hands out (BEHAVIOUR.md §5.2, §7.2). */
export function lowestFreeFd(host: HostState): number {
  // The table is sorted with unique fds, so fds[i].fd - i never decreases: the first i where it is
  // not 0 is the first hole. Binary search, since a leaking VM holds thousands of fds.
  const { fds } = host
  let lo = 0
  let hi = fds.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (fds[mid]!.fd === mid) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function openFd(host: HostState, file: OpenFile, role: FdRole, access: FdEntry['access'] = 'u'): [HostState, number] {
  const fd = lowestFreeFd(host)
  const entry: FdEntry = { fd, access, file, role, openedAt: host.clock }
  const fds = host.fds.slice()
  fds.splice(fd, 0, entry) // fds below `fd` are exactly 0..fd-1, so its index is fd
  return [{ ...host, fds }, fd]
}


/** The kernel hands out PIDs and TIDs from one counter. */
export function takePids(host: HostState, count: number): HostState {
  return { ...host, nextPid: host.nextPid + count }
}

// x86-64 user address space: a top-down mmap area below the stack (BEHAVIOUR.md §7.1).
const MMAP_BASE = 0x7f5e_8c00_0000
const PAGE = 4096
/** glibc's default thread stack: RLIMIT_STACK (8 MiB) plus one guard page. */
export const THREAD_STACK_SIZE = 8 * 1024 * 1024 + PAGE
/** glibc `stack_cache_maxsize` (nptl/allocatestack.c): 40 MiB of freed stacks are kept for reuse. */
const STACK_CACHE_MAX = 40 * 1024 * 1024

/**
 * `mmap(NULL, length, …)`: the top-down allocator (`unmapped_area_topdown`) puts
 * a new mapping at the top of the highest free gap below the mmap base that fits.
 */
export function mmap(
  host: HostState,
  length: number,
  kind: MappingKind,
  extra: { perms?: string; vcpuId?: number; fd?: number; path?: string } = {},
): [HostState, number] {
  const size = Math.ceil(length / PAGE) * PAGE
  const maps = host.mappings
  let gapEnd = MMAP_BASE
  for (let i = maps.length - 1; i >= 0; i--) {
    const m = maps[i]!
    if (m.start >= MMAP_BASE) continue
    if (gapEnd - (m.start + m.length) >= size) break
    gapEnd = m.start
  }
  const start = gapEnd - size
  // One object shape for every mapping keeps V8's property accesses monomorphic.
  const mapping: Mapping = { start, length: size, kind, perms: extra.perms ?? 'rw-p', vcpuId: extra.vcpuId ?? null, fd: extra.fd ?? null, path: extra.path ?? null }
  const insertAt = lowerBound(maps, start)
  const mappings = maps.slice()
  mappings.splice(insertAt, 0, mapping)
  return [{ ...host, mappings }, start]
}

/** The index of the first mapping that starts at or above `start` (where one starting there goes). */
function lowerBound(maps: readonly Mapping[], start: number): number {
  let lo = 0
  let hi = maps.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (maps[mid]!.start < start) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function munmap(host: HostState, start: number): HostState {
  const index = lowerBound(host.mappings, start)
  if (host.mappings[index]?.start !== start) return host
  return { ...host, mappings: host.mappings.toSpliced(index, 1) }
}

/**
 * `pthread_create`: a stack from glibc's cache if one is there (no mmap), else
 * a new mapping; then `clone` takes the next TID.
 */
export function spawnThread(host: HostState, comm: string, role: ThreadRole, cpuIndex?: number): [HostState, Thread] {
  let next = host
  let stack: number
  if (next.stackCache.length > 0) {
    stack = next.stackCache[0]!
    next = { ...next, stackCache: next.stackCache.slice(1) }
  } else {
    ;[next, stack] = mmap(next, THREAD_STACK_SIZE, 'stack')
  }
  const thread: Thread = { tid: next.nextPid, comm: comm.slice(0, 15), role, cpuIndex: cpuIndex ?? null, stack }
  return [{ ...next, nextPid: next.nextPid + 1, threads: next.threads.concat([thread]) }, thread]
}

/** A kernel task in QEMU's thread group (a vhost_task): a TID and a comm, no user stack. */
export function spawnKernelTask(host: HostState, comm: string, role: ThreadRole): [HostState, Thread] {
  const thread: Thread = { tid: host.nextPid, comm: comm.slice(0, 15), role, cpuIndex: null, stack: 0 }
  return [{ ...host, nextPid: host.nextPid + 1, threads: host.threads.concat([thread]) }, thread]
}

/**
 * A thread exits and is joined: its TID is gone for good; glibc queues its stack
 * in the cache and unmaps the oldest cached stacks beyond 40 MiB.
 */
export function exitThread(host: HostState, tid: number): HostState {
  const thread = host.threads.find((t) => t.tid === tid)
  if (!thread) return host
  let stackCache = [thread.stack].concat(host.stackCache)
  let next: HostState = { ...host, threads: host.threads.toSpliced(host.threads.indexOf(thread), 1) }
  while (stackCache.length * THREAD_STACK_SIZE > STACK_CACHE_MAX) {
    const oldest = stackCache[stackCache.length - 1]!
    stackCache = stackCache.slice(0, -1)
    next = munmap(next, oldest)
  }
  return { ...next, stackCache }
}


/** Open KVM vCPU fds (live or parked) and vCPU stats fds (live or leaked) of a process. */
export function kvmFdCounts(host: HostState): { readonly vcpu: number; readonly stats: number } {
  let vcpu = 0
  let stats = 0
  for (const f of host.fds) {
    if (f.role.kind === 'kvm-vcpu') vcpu++
    else if (f.role.kind === 'kvm-vcpu-stats') stats++
  }
  return { vcpu, stats }
}
