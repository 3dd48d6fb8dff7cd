/**
 * The host's own tools, whose output formats move with their versions: one
 * entry per version a host preset ships, with where it was read.
 */

export interface Sysstat {
  readonly version: string
  /** `pidstat -t` prints a `%wait` column (sysstat 11.5.5 and later). */
  readonly pidstatWait: boolean
  /** `usage()`, on stderr with exit status 1. */
  readonly usage: readonly string[]
  /** `pidstat -V`. */
  readonly versionText: readonly string[]
}

export interface Lsof {
  readonly version: string
  /** `usage(1, 0, 0)` after a bad option. */
  readonly usage: readonly string[]
}

export interface Coreutils {
  readonly version: string
  /** coreutils 8.25 and later quote file names in messages (`ls: cannot access 'x': …`). */
  readonly quotesNames: boolean
}

export interface Grep {
  readonly version: string
}

export interface HostTools {
  readonly sysstat: Sysstat
  readonly lsof: Lsof
  readonly coreutils: Coreutils
  readonly grep: Grep
}

/** sysstat 10.1.5 (pidstat.c `usage()`): no `%wait` column before 11.5.5. */
export const sysstat1015: Sysstat = {
  version: '10.1.5',
  pidstatWait: false,
  usage: [
    'Usage: pidstat [ options ] [ <interval> [ <count> ] ]',
    'Options are:',
    '[ -d ] [ -h ] [ -I ] [ -l ] [ -r ] [ -s ] [ -t ] [ -U [ <username> ] ] [ -u ]',
    '[ -V ] [ -w ] [ -C <command> ] [ -p { <pid> [,...] | SELF | ALL } ]',
    '[ -T { TASK | CHILD | ALL } ]',
  ],
  versionText: ['sysstat version 10.1.5', '(C) Sebastien Godard (sysstat <at> orange.fr)'],
}

/** lsof 4.93.2 (usage.c). */
export const lsof4932: Lsof = {
  version: '4.93.2',
  usage: [
    'lsof 4.93.2',
    ' latest revision: https://github.com/lsof-org/lsof',
    ' latest FAQ: https://github.com/lsof-org/lsof/blob/master/00FAQ',
    ' latest (non-formatted) man page: https://github.com/lsof-org/lsof/blob/master/Lsof.8',
    ' usage: [-?abhKlnNoOPRtUvVX] [+|-c c] [+|-d s] [+D D] [+|-E] [+|-e s] [+|-f[gG]]',
    ' [-F [f]] [-g [s]] [-i [i]] [+|-L [l]] [+m [m]] [+|-M] [-o [o]] [-p s]',
    ' [+|-r [t]] [-s [p:s]] [-S [t]] [-T [t]] [-u s] [+|-w] [-x [fl]] [--] [names]',
    "Use the ``-h'' option to get more help information.",
  ],
}

/** coreutils 8.22 (EL7): no quoting of names in messages. */
export const coreutils822: Coreutils = { version: '8.22', quotesNames: false }

export const grep220: Grep = { version: '2.20' }
