/**
 * `pidstat -p PID -t` as sysstat prints it: no `%wait` column before 11.5.5 (the seed's 10.1.5);
 * research: pidstat.md, from sysstat pidstat.c `write_pid_task_cpu_stats`,
 * common.c `print_gal_header`).
 */
import type { HostState, Thread } from '../state.ts'
import { date, timeOfDay } from './time.ts'

/** The CPU a task last ran on: not modelled, so a stable pseudo-random pick per task and second. */
function lastCpu(tid: number, clock: number, cpuCount: number): number {
  let x = (Math.imul(tid, 2654435761) ^ Math.imul(Math.floor(clock), 40503)) >>> 0
  x = Math.imul(x ^ (x >>> 16), 73244475) >>> 0
  return ((x ^ (x >>> 16)) >>> 0) % cpuCount
}

/** What `uname()` and the CPU count tell pidstat about the host. */
export interface Uname {
  readonly sysname: string
  readonly release: string
  readonly nodename: string
  readonly machine: string
  readonly cpuCount: number
}

/** `print_gal_header()`: `%s %s (%s) \t%s \t_%s_\t(%d CPU)`. */
export function pidstatBanner(kernel: Uname, clock: number): string {
  return `${kernel.sysname} ${kernel.release} (${kernel.nodename}) \t${date(clock)} \t_${kernel.machine}_\t(${kernel.cpuCount} CPU)`
}

const pc = (): string => ' ' + (0).toFixed(2).padStart(7)
/** %usr %system %guest [%wait] %CPU: four percentages, five with `%wait` (11.5.5+). */
const percentages = (wait: boolean): string => pc().repeat(wait ? 5 : 4)

function row(time: string, tgid: number | null, tid: number | null, cpu: number, command: string, wait: boolean): string {
  const ids = tgid !== null ? ` ${String(tgid).padStart(9)}         -` : `         - ${String(tid).padStart(9)}`
  return `${time.padEnd(11)} ${'0'.padStart(5)}${ids}${percentages(wait)}   ${String(cpu).padStart(3)}  ${tgid !== null ? '' : '|__'}${command}`
}

/**
 * The since-boot report: banner, blank line, header, the TGID row, then one row
 * per thread (the leader included) in TID order. A process that does not exist
 * leaves only the header (`host` null).
 */
export function pidstatThreads(kernel: Uname, clock: number, host: HostState | null, perThread: boolean, wait: boolean): string[] {
  const time = timeOfDay(clock)
  const header = `${time.padEnd(11)}   UID${perThread ? '      TGID       TID' : '       PID'}    %usr %system  %guest${wait ? '   %wait' : ''}    %CPU   CPU  Command`
  const out = [pidstatBanner(kernel, clock), '', header]
  if (!host) return out
  const leader: Thread | undefined = host.threads[0]
  if (!leader) return out
  const cpuOf = (t: Thread): number => lastCpu(t.tid, clock, kernel.cpuCount)
  if (!perThread) {
    out.push(`${time.padEnd(11)} ${'0'.padStart(5)} ${String(host.pid).padStart(9)}${percentages(wait)}   ${String(cpuOf(leader)).padStart(3)}  ${leader.comm}`)
    return out
  }
  out.push(row(time, host.pid, null, cpuOf(leader), leader.comm, wait))
  for (const t of [...host.threads].sort((a, b) => a.tid - b.tid)) out.push(row(time, null, t.tid, cpuOf(t), t.comm, wait))
  return out
}
