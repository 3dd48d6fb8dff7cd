/**
 * GNU coreutils `ls` layouts (research: linux-tools.md §2, coreutils ls.c
 * `calculate_columns`, `print_many_per_line`, `print_long_format`). Quoting on
 * a terminal follows the host's coreutils (none in 8.22, `shell-escape` since
 * 8.25); `ls` is aliased to `ls --color=auto`, so columns are padded with
 * spaces, not tabs.
 */
import type { FsEntry } from '../fs.ts'
import { lsTime } from './time.ts'

const MIN_COLUMN_WIDTH = 3

/** Byte order: in C and en_US.UTF-8 alike for the names this host has (research: linux-tools.md §1). */
export function sortNames<T extends { name: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** `-C`: fill down the columns, as many columns as fit in `lineLength - 1`. */
export function columns(names: readonly string[], lineLength = 80): string[] {
  const n = names.length
  if (n === 0) return []
  const maxIdx = Math.floor(lineLength / MIN_COLUMN_WIDTH) + (lineLength % MIN_COLUMN_WIDTH !== 0 ? 1 : 0)
  const maxCols = Math.min(maxIdx, n)
  const info = Array.from({ length: maxCols }, (_, i) => ({
    valid: true,
    lineLen: (i + 1) * MIN_COLUMN_WIDTH,
    colArr: Array<number>(i + 1).fill(MIN_COLUMN_WIDTH),
  }))
  names.forEach((name, fileNo) => {
    for (let i = 0; i < maxCols; i++) {
      const c = info[i]!
      if (!c.valid) continue
      const idx = Math.floor(fileNo / Math.floor((n + i) / (i + 1)))
      const realLength = name.length + (idx === i ? 0 : 2)
      if (c.colArr[idx]! < realLength) {
        c.lineLen += realLength - c.colArr[idx]!
        c.colArr[idx] = realLength
        c.valid = c.lineLen < lineLength
      }
    }
  })
  let cols = maxCols
  while (cols > 1 && !info[cols - 1]!.valid) cols--
  const widths = info[cols - 1]!.colArr
  const rows = Math.floor(n / cols) + (n % cols !== 0 ? 1 : 0)
  const out: string[] = []
  for (let row = 0; row < rows; row++) {
    let line = ''
    let col = 0
    for (let fileNo = row; fileNo < n; fileNo += rows) {
      const name = names[fileNo]!
      line += fileNo + rows < n ? name.padEnd(widths[col]!) : name
      col++
    }
    out.push(line)
  }
  return out
}

/** Characters the `shell-escape` quoting style (gnulib quotearg.c) quotes a name for. */
const SHELL_SPECIAL = /[\s!"#$&'()*;<=>?[\\\]^`{|}~]/

/**
 * A name as ls prints it on a terminal: coreutils 8.25+ (and uutils) use the
 * `shell-escape` style there, so `anon_inode:[eventfd]` is `'anon_inode:[eventfd]'`;
 * in a pipe, and in 8.22, names are as they are.
 */
export function lsQuote(name: string, quoting: boolean): string {
  if (!quoting || !SHELL_SPECIAL.test(name)) return name
  return name.includes("'") ? `"${name.replace(/(["\\$`])/g, '\\$1')}"` : `'${name}'`
}

/**
 * `-l`: mode, links, owner, group, size, time, name (and `-> target`). With
 * `quoting`, names and targets are quoted as on a terminal; when any name is,
 * the unquoted ones get a leading space so that they line up (ls.c `align_variable_outer_quotes`).
 */
export function longFormat(entries: readonly FsEntry[], now: number, quoting = false): string[] {
  const nlinkWidth = Math.max(...entries.map((e) => String(e.nlink).length))
  const sizeWidth = Math.max(...entries.map((e) => String(e.size).length))
  const names = entries.map((e) => lsQuote(e.name, quoting))
  const aligned = names.some((n, i) => n !== entries[i]!.name)
  return entries.map((e, i) => {
    const target = e.kind === 'link' && e.target !== undefined ? ` -> ${lsQuote(e.target, quoting)}` : ''
    const name = aligned && names[i] === e.name ? ` ${e.name}` : names[i]
    return `${e.mode} ${String(e.nlink).padStart(nlinkWidth)} root root ${String(e.size).padStart(sizeWidth)} ${lsTime(e.mtime, now)} ${name}${target}`
  })
}
