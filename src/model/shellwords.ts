/** Splitting a command line into words as a POSIX shell does (quotes and backslashes). */

export type Words = { ok: true; words: string[] } | { ok: false; error: string }

export function splitWords(line: string): Words {
  const words: string[] = []
  let current = ''
  let inWord = false
  let quote: "'" | '"' | null = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote === "'") {
      if (c === "'") quote = null
      else current += c
      continue
    }
    if (quote === '"') {
      if (c === '"') quote = null
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) current += line[++i]
      else current += c
      continue
    }
    if (c === "'" || c === '"') {
      quote = c
      inWord = true
    } else if (c === '\\') {
      if (i + 1 < line.length) current += line[++i]
      inWord = true
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(current)
      current = ''
      inWord = false
    } else {
      current += c
      inWord = true
    }
  }
  if (quote) return { ok: false, error: `unexpected EOF while looking for matching \`${quote}'` }
  if (inWord) words.push(current)
  return { ok: true, words }
}
