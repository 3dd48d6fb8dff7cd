/**
 * Rendering the host clock (seconds since the epoch, read as local time) the
 * way the en_US.UTF-8 locale does: `%X` = `03:26:31 PM`, `%x` = `06/15/2022`.
 */

const pad2 = (n: number): string => String(n).padStart(2, '0')
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function parts(clock: number): Date {
  return new Date(Math.floor(clock) * 1000)
}

/** strftime `%X` in en_US: `%r`, a 12-hour time. */
export function timeOfDay(clock: number): string {
  const d = parts(clock)
  const h = d.getUTCHours()
  const h12 = h % 12 === 0 ? 12 : h % 12
  return `${pad2(h12)}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`
}

/** strftime `%x` in en_US: `MM/DD/YYYY`. */
export function date(clock: number): string {
  const d = parts(clock)
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()}`
}

/** `ls -l` time: `%b %e %H:%M` within six months of now, else `%b %e  %Y`. */
export function lsTime(clock: number, now: number): string {
  const d = parts(clock)
  const day = String(d.getUTCDate()).padStart(2, ' ')
  const recent = now - clock < 182 * 24 * 3600 && clock <= now + 3600
  const tail = recent ? `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` : ` ${d.getUTCFullYear()}`
  return `${months[d.getUTCMonth()]} ${day} ${tail}`
}
