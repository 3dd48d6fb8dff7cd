/**
 * Download names for exports: the scenario's title as a slug, then what the
 * file holds. Pure, so the names are tested without a browser.
 */

/** The title as a file-name slug: ASCII letters, digits, `.`, `_` and `-`, at most 60 of them. */
export function titleSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .slice(0, 60)
    // No leading dot (a hidden file) or dash (read as an option by shell tools), no trailing dash.
    .replace(/^[-.]+|[-.]+$/g, '')
  return slug || 'scenario'
}

/** `<slug>-step-<k>.<ext>` for what belongs to one step; `<slug>-<what>.<ext>` for the whole scenario. */
export function exportFileName(title: string, what: { step: number } | string, ext: string): string {
  return `${titleSlug(title)}-${typeof what === 'string' ? what : `step-${what.step}`}.${ext}`
}
