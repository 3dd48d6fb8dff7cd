/**
 * QEMU's integer parsing for options and properties: `qemu_strtoi64()` /
 * `qemu_strtou64()` with base 0 (util/cutils.c), as the keyval and QemuOpts
 * visitors call them. Leading spaces and a sign are allowed; decimal, `0x` hex
 * or `0` octal; out of range (ERANGE) is no number at all.
 */
/** The digits strtoull() reads with base 0 (`0x` hex, `0` octal, else decimal), at the start of the text. */
export const STRTOULL_DIGITS = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/

/** The value of digits matched by STRTOULL_DIGITS. */
export function digitsValue(digits: string): bigint {
  return /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits.startsWith('0') ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits)
}

export function qemuStrtoInt(text: string, unsigned = false): number | null {
  // The common case, a short decimal, without the regular expression.
  if (text.length > 0 && text.length < 10 && text.charCodeAt(0) !== 48 && /^[0-9]+$/.test(text)) return Number(text)
  const m = /^\s*([+-]?)(.*)$/s.exec(text)!
  const digits = STRTOULL_DIGITS.exec(m[2]!)?.[0]
  if (digits === undefined || digits !== m[2]) return null
  const magnitude = digitsValue(digits)
  if (magnitude > (unsigned ? 0xffffffffffffffffn : m[1] === '-' ? 0x8000000000000000n : 0x7fffffffffffffffn)) return null
  // A double is exact enough: only range checks look at values beyond 2^53.
  const value = Number(magnitude)
  if (m[1] !== '-') return value
  // strtoull() negates a minus sign in unsigned arithmetic: -1 is 2^64 - 1, beyond any uint32.
  return unsigned ? 2 ** 64 - value : -value
}
