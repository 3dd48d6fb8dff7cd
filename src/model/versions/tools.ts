/**
 * The host's own tools, whose output formats move with their versions: one
 * entry per version a host preset ships, each read in that version's source
 * (the Debian/Ubuntu orig tarballs, upstream git tags) and, for the
 * Debian/Ubuntu builds, checked by running the distribution's binary.
 */

export interface Sysstat {
  readonly version: string
  /** `pidstat -t` prints a `%wait` column (pidstat.c write_pid_task_cpu_stats(), 11.5.5 and later). */
  readonly pidstatWait: boolean
  /** `usage()`, on stderr with exit status 1. */
  readonly usage: readonly string[]
  /** `pidstat -V` (print_version(); 12.7.x also prints the S_COLORS, S_TIME_FORMAT variables that are set, none here). */
  readonly versionText: readonly string[]
}

export interface Lsof {
  readonly version: string
  /** `usage(1, 0, 0)` after a bad option. */
  readonly usage: readonly string[]
  /** dproc.c: an eventfd's NAME is `[eventfd:ID]` when fdinfo has `eventfd-id:` (4.94.0+). */
  readonly eventfdIds: boolean
  /** lib/proc.c fd_to_string(): numeric FDs are `%4d`-padded before 4.99.0, plain `%d` since. */
  readonly padFd: boolean
  /** arg.c: an -d name that is no FD keyword is refused (`invalid fd type given in -d option`, 4.99.0+). */
  readonly strictFdNames: boolean
}

export interface Coreutils {
  readonly version: string
  /** GNU: coreutils 8.25 and later quote names in messages and (on a tty) in listings (`shell-escape`). uutils likewise. */
  readonly quotesNames: boolean
  /** uutils (Ubuntu 26.04): invalid options get clap's error block instead of GNU's two lines. */
  readonly uutils: boolean
}

export interface Grep {
  readonly version: string
  /** grep 3.x: `Usage: grep [OPTION]... PATTERNS [FILE]...` and the glibc/dfa messages of 3.x for brackets. */
  readonly patternsUsage: boolean
  /** grep 3.8+: `grep: warning: * at start of expression` for an ERE that starts with `*`. */
  readonly starWarning: boolean
}

export interface HostTools {
  readonly sysstat: Sysstat
  readonly lsof: Lsof
  readonly coreutils: Coreutils
  readonly grep: Grep
}

const versionText = (v: string): string[] => [`sysstat version ${v}`, '(C) Sebastien Godard (sysstat <at> orange.fr)']

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
  versionText: versionText('10.1.5'),
}

/** pidstat.c usage() of 12.5.2 … 12.7.6 (the same text). */
const usage12 = [
  'Usage: pidstat [ options ] [ <interval> [ <count> ] ] [ -e <program> <args> ]',
  'Options are:',
  '[ -d ] [ -H ] [ -h ] [ -I ] [ -l ] [ -R ] [ -r ] [ -s ] [ -t ] [ -U [ <username> ] ]',
  '[ -u ] [ -V ] [ -v ] [ -w ] [ -C <command> ] [ -G <process_name> ]',
  '[ -p { <pid> [,...] | SELF | ALL } ] [ -T { TASK | CHILD | ALL } ]',
  '[ --dec={ 0 | 1 | 2 } ] [ --human ]',
]

const sysstat12 = (version: string, usage: readonly string[] = usage12): Sysstat => ({ version, pidstatWait: true, usage, versionText: versionText(version) })

export const sysstat1252 = sysstat12('12.5.2')
export const sysstat1254 = sysstat12('12.5.4')
export const sysstat1261 = sysstat12('12.6.1')
export const sysstat1275 = sysstat12('12.7.5')
export const sysstat1276 = sysstat12('12.7.6')
/** 12.7.7 adds `[ -o JSON ]` to the usage's last line. */
export const sysstat1277 = sysstat12('12.7.7', [...usage12.slice(0, -1), '[ --dec={ 0 | 1 | 2 } ] [ --human ] [ -o JSON ]'])

/** usage.c: the same block in every version, with its version line; 4.98.0 adds `-H` to the letters. */
function lsofUsageText(version: string, letters: string): string[] {
  return [
    `lsof ${version}`,
    ' latest revision: https://github.com/lsof-org/lsof',
    ' latest FAQ: https://github.com/lsof-org/lsof/blob/master/00FAQ',
    ' latest (non-formatted) man page: https://github.com/lsof-org/lsof/blob/master/Lsof.8',
    ` usage: [${letters}] [+|-c c] [+|-d s] [+D D] [+|-E] [+|-e s] [+|-f[gG]]`,
    ' [-F [f]] [-g [s]] [-i [i]] [+|-L [l]] [+m [m]] [+|-M] [-o [o]] [-p s]',
    ' [+|-r [t]] [-s [p:s]] [-S [t]] [-T [t]] [-u s] [+|-w] [-x [fl]] [--] [names]',
    "Use the ``-h'' option to get more help information.",
  ]
}

const lsof = (version: string, o: Omit<Lsof, 'version' | 'usage'>, letters = '-?abhKlnNoOPRtUvVX'): Lsof => ({ version, usage: lsofUsageText(version, letters), ...o })

export const lsof4932 = lsof('4.93.2', { eventfdIds: false, padFd: true, strictFdNames: false })
export const lsof4940 = lsof('4.94.0', { eventfdIds: true, padFd: true, strictFdNames: false })
export const lsof4950 = lsof('4.95.0', { eventfdIds: true, padFd: true, strictFdNames: false })
export const lsof4980 = lsof('4.98.0', { eventfdIds: true, padFd: true, strictFdNames: false }, '-?abhHKlnNoOPRtUvVX')
export const lsof4994 = lsof('4.99.4', { eventfdIds: true, padFd: false, strictFdNames: true }, '-?abhHKlnNoOPRtUvVX')

/** coreutils 8.22 (EL7): no quoting of names in messages. */
export const coreutils822: Coreutils = { version: '8.22', quotesNames: false, uutils: false }
export const coreutils832: Coreutils = { version: '8.32', quotesNames: true, uutils: false }
export const coreutils91: Coreutils = { version: '9.1', quotesNames: true, uutils: false }
export const coreutils94: Coreutils = { version: '9.4', quotesNames: true, uutils: false }
export const coreutils95: Coreutils = { version: '9.5', quotesNames: true, uutils: false }
export const coreutils97: Coreutils = { version: '9.7', quotesNames: true, uutils: false }
/** Ubuntu 26.04: /usr/bin/{ls,cat,head,tail,wc} are uutils (rust-coreutils 0.10.0 in -updates). */
export const uutils0100: Coreutils = { version: 'uutils 0.10.0', quotesNames: true, uutils: true }

export const grep220: Grep = { version: '2.20', patternsUsage: false, starWarning: false }
export const grep36: Grep = { version: '3.6', patternsUsage: true, starWarning: false }
export const grep37: Grep = { version: '3.7', patternsUsage: true, starWarning: false }
export const grep38: Grep = { version: '3.8', patternsUsage: true, starWarning: true }
export const grep311: Grep = { version: '3.11', patternsUsage: true, starWarning: true }
export const grep312: Grep = { version: '3.12', patternsUsage: true, starWarning: true }
