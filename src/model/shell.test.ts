import { describe, expect, it } from 'vitest'
import { columns } from './format/ls.ts'
import { completeShell } from './shell.ts'
import { bootVm, hmpAll, Q35, shell } from './testing.ts'

const vm = (): ReturnType<typeof bootVm> => bootVm(`${Q35} -smp 4,maxcpus=8`)
const out = (line: string, state = vm()): readonly string[] => shell(state, line).output

describe('host shell tools', () => {
  it('lsof: the header, and widths sized over every line, including ones grep hides (lsof print.c)', () => {
    const lines = out('lsof -p 5921')
    expect(lines[0]).toBe('COMMAND    PID USER   FD      TYPE DEVICE    SIZE/OFF        NODE NAME')
    expect(lines[1]).toBe('qemu-syst 5921 root  cwd       DIR  252,0        4096    33574977 /root')
    expect(lines.filter((l) => l.includes(' mem '))[0]).toContain('anon_inode:kvm-vcpu:3 (stat: No such file or directory)')
    expect(out('lsof -w -p 5921 | grep mem')[0]).toMatch(/anon_inode:kvm-vcpu:3$/)
    expect(lines.every((l) => l.length > 0)).toBe(true)
  })

  it('lsof: the mem line shows the lowest-addressed vCPU mapping; a hole can hold a later one (§7.1)', () => {
    const add = (id: string, core: number): string => `device_add host-x86_64-cpu,id=${id},socket-id=0,core-id=${core},thread-id=0`
    const state = hmpAll(vm(), [add('c5', 5), add('c6', 6), 'device_del c5', add('c7', 7)])
    // c7 reuses c5's thread stack from glibc's cache and lands in c5's 12 KiB hole, above c6.
    expect(out('lsof -p 5921 | grep mem', state)[0]).toContain('anon_inode:kvm-vcpu:6 ')
  })

  it('lsof: errors as lsof 4.93 prints them', () => {
    expect(shell(vm(), 'lsof -p 99999').output).toEqual([])
    expect(shell(vm(), 'lsof -p 99999').ok).toBe(false)
    const bad = out('lsof -p abc')
    expect(bad[0]).toBe('lsof: illegal process ID: abc')
    expect(bad.at(-1)).toBe("Use the ``-h'' option to get more help information.")
  })

  it('pidstat: -t -p and -p -t are the same; a missing pid leaves the header; bad input is the usage', () => {
    const a = out('pidstat -p 5921 -t')
    expect(out('pidstat -t -p 5921')).toEqual(a)
    expect(a[1]).toBe('')
    expect(a[2]).toMatch(/^\d\d:\d\d:\d\d [AP]M {3}UID {6}TGID {7}TID {4}%usr %system {2}%guest {4}%CPU {3}CPU {2}Command$/)
    expect(out('pidstat -p 99999 -t')).toHaveLength(3)
    expect(out('pidstat -p abc')[0]).toBe('Usage: pidstat [ options ] [ <interval> [ <count> ] ]')
    expect(out('pidstat -x')[0]).toBe('Usage: pidstat [ options ] [ <interval> [ <count> ] ]')
    const noThreads = out('pidstat -p 5921')
    expect(noThreads[2]).toContain('   UID       PID    %usr')
    expect(noThreads).toHaveLength(4)
  })

  it('ls: one name per line into a pipe, columns on the terminal, -l for fds', () => {
    expect(out('ls /proc/5921/task | grep 59')).toEqual(['5921', '5922', '5923', '5924', '5925', '5926', '5927'])
    // 42 names in 14 rows of 3 columns, as coreutils lays them out at 80 columns.
    const withVcpu5 = hmpAll(vm(), ['device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0'])
    const cols = out('ls /sys/kernel/debug/kvm/5921-12', withVcpu5)
    expect(cols).toHaveLength(14)
    expect(cols[0]).toBe('efer_reload           irq_exits                     nmi_injections')
    expect(cols[4]).toBe('halt_exits            max_mmu_page_hash_collisions  remote_tlb_flush')
    expect(cols.at(-1)).toBe('io_exits              mmu_unsync                    vcpu5')
    const long = out('ls -l /proc/5921/fd')
    expect(long[0]).toBe('total 0')
    expect(long).toContain('lrwx------ 1 root root 64 Jun 15 15:25 11 -> /dev/kvm')
    expect(long).toContain('lrwx------ 1 root root 64 Jun 15 15:25 14 -> anon_inode:kvm-vcpu:0')
    // Names sort as strings: 0 1 10 11 … 19 2 20 …
    expect(long.slice(1, 4).map((l) => l.split(' ')[8])).toEqual(['0', '1', '10'])
    expect(out('ls /proc/5921/fd | grep 3')).toEqual(['13', '23', '3', '30', '31'])
  })

  it('ls and cat errors, bash errors', () => {
    expect(out('ls /sys/kernel/debug/kvm/5921-12/vcpu9')).toEqual(['ls: cannot access /sys/kernel/debug/kvm/5921-12/vcpu9: No such file or directory'])
    expect(out('ls /proc/99999/fd')).toEqual(['ls: cannot access /proc/99999/fd: No such file or directory'])
    expect(out('cat /proc/5921/task/9999/comm')).toEqual(['cat: /proc/5921/task/9999/comm: No such file or directory'])
    expect(out('cat /proc/5921/task/5923/comm')).toEqual(['CPU 0/KVM'])
    expect(out('foo')).toEqual(['bash: foo: command not found'])
    expect(out('lsof -p 5921 | foo')).toEqual(['bash: foo: command not found'])
    expect(out('lsof -p 5921 |')).toEqual(["bash: syntax error near unexpected token `|'"])
    expect(out('lsof -p 5921 | grep')).toEqual(['Usage: grep [OPTION]... PATTERN [FILE]...', "Try 'grep --help' for more information."])
  })

  it('pidof matches argv[0] or its basename, not the truncated comm', () => {
    expect(out('pidof qemu-system-x86_64')).toEqual(['5921'])
    expect(out('pidof /home/zhang/kvm/qemu/build/qemu-system-x86_64')).toEqual(['5921'])
    expect(out('pidof qemu-system-x86')).toEqual([])
  })

  it('grep options: -v -c -i -w and basic regular expressions', () => {
    expect(out('ls /proc/5921/fd | grep -c 1')).toEqual(['13'])
    expect(out('ls /sys/kernel/debug/kvm/5921-12 | grep -v _ | grep -v vcpu')).toEqual(['exits', 'hypercalls', 'invlpg', 'largepages'])
    expect(out('ls /sys/kernel/debug/kvm/5921-12 | grep "^vcpu[0-2]$"')).toEqual(['vcpu0', 'vcpu1', 'vcpu2'])
    expect(out('ls /sys/kernel/debug/kvm/5921-12 | grep -w exits')).toEqual(['exits'])
  })

  it('cat /proc/PID/maps pads to column 73 before the name', () => {
    const line = out('cat /proc/5921/maps').find((l) => l.endsWith('anon_inode:kvm-vcpu:3'))!
    expect(line.indexOf('anon_inode')).toBe(73)
    expect(line).toMatch(/^[0-9a-f]{12}-[0-9a-f]{12} rw-s 00000000 00:0d 13759 +anon_inode:kvm-vcpu:3$/)
  })

  it('completes commands and simulated paths', () => {
    expect(completeShell(vm(), 'ps')).toEqual([])
    expect(completeShell(vm(), 'pid')).toEqual(['pidof', 'pidstat'])
    expect(completeShell(vm(), 'ls /sys/kernel/debug/kvm/5921-12/vc')).toEqual([
      '/sys/kernel/debug/kvm/5921-12/vcpu0/',
      '/sys/kernel/debug/kvm/5921-12/vcpu1/',
      '/sys/kernel/debug/kvm/5921-12/vcpu2/',
      '/sys/kernel/debug/kvm/5921-12/vcpu3/',
    ])
  })

  it('ls -C picks the most columns that fit in 79 characters (coreutils calculate_columns)', () => {
    expect(columns(['a', 'b', 'c'])).toEqual(['a  b  c'])
    const many = Array.from({ length: 30 }, (_, i) => `name${i}`)
    expect(Math.max(...columns(many).map((l) => l.length))).toBeLessThan(80)
  })
})

describe('review fixes: tools as their real versions parse them', () => {
  it('grep: POSIX classes, word anchors, a leading * is literal, GNU errors, -q -o -x -e --color', () => {
    expect(out('ls /proc/5921/fd | grep "^[[:digit:]]$"')).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(out('ls /sys/kernel/debug/kvm/5921-12 | grep "\\<exits"')).toEqual(['exits'])
    expect(out('ls /sys/kernel/debug/kvm/5921-12 | grep "[kvm"')).toEqual(['grep: Unmatched [ or [^'])
    expect(out('ls /sys/kernel/debug/kvm/5921-12 | grep "\\(x"')).toEqual(['grep: Unmatched ( or \\('])
    expect(out('echo "a*b" | grep "*b"')).toEqual(['a*b'])
    expect(out('ls /proc/5921/fd | grep -q 3 && echo found')).toEqual(['found'])
    expect(out('ls /sys/kernel/debug/kvm/5921-12 | grep -o "^vcpu" | wc -l')).toEqual(['4'])
    expect(out('ls /proc/5921/fd | grep -x 1')).toEqual(['1'])
    expect(out('ls /sys/kernel/debug/kvm/5921-12 | grep --color=auto -e tlb -e invlpg')).toEqual(['invlpg', 'remote_tlb_flush', 'tlb_flush'])
  })

  it('grep on files: FILE: prefixes for several, -h/-H/-l/-L/-s, errors and status 2 (grep.c grepdesc)', () => {
    const status = (line: string) => shell(vm(), line)
    expect(out('grep Threads /proc/5921/status')).toEqual(['Threads:\t7'])
    expect(out('grep -H Threads /proc/5921/status')).toEqual(['/proc/5921/status:Threads:\t7'])
    expect(out('grep ^Name /proc/5921/task/5923/status /proc/5921/task/5924/status')).toEqual(['/proc/5921/task/5923/status:Name:\tCPU 0/KVM', '/proc/5921/task/5924/status:Name:\tCPU 1/KVM'])
    expect(out('grep -h ^Name /proc/5921/task/5923/status /proc/5921/task/5924/status')).toEqual(['Name:\tCPU 0/KVM', 'Name:\tCPU 1/KVM'])
    expect(out('grep -l KVM /proc/5921/task/5922/comm /proc/5921/task/5923/comm')).toEqual(['/proc/5921/task/5923/comm'])
    expect(out('grep -L KVM /proc/5921/task/5922/comm /proc/5921/task/5923/comm')).toEqual(['/proc/5921/task/5922/comm'])
    expect(status('grep x /proc/5921/fd/99 /proc/5921/task').output).toEqual(['grep: /proc/5921/fd/99: No such file or directory', 'grep: /proc/5921/task: Is a directory'])
    // A terminal shows both streams in the order grep and cat wrote them.
    expect(out('grep ^Threads /proc/5921/status /proc/5921/fd/99 /proc/5921/status')).toEqual(['/proc/5921/status:Threads:\t7', 'grep: /proc/5921/fd/99: No such file or directory', '/proc/5921/status:Threads:\t7'])
    expect(out('cat /proc/5921/task/5923/comm /proc/5921/task /proc/5921/task/5924/comm')).toEqual(['CPU 0/KVM', 'cat: /proc/5921/task: Is a directory', 'CPU 1/KVM'])
    expect(out('cat /proc/5921/task /proc/5921/task/5924/comm 2>&1 | grep -c .')).toEqual(['2'])
    expect(out('grep -s x /proc/5921/fd/99; echo $?')).toEqual(['2'])
    expect(out('grep -q Threads /proc/5921/status /proc/5921/fd/99; echo $?')).toEqual(['0'])
    expect(out('grep -q Threads /proc/5921/fd/99 /proc/5921/status; echo $?')).toEqual(['grep: /proc/5921/fd/99: No such file or directory', '0'])
    expect(out('grep -A 2 x /proc/5921/status')).toEqual(['(explorer) grep -A is not simulated here.'])
    expect(out('grep -j x /proc/5921/status')[0]).toBe("grep: invalid option -- 'j'")
  })

  it('ls -a and -d, lsof -a -d, pidstat -V, SELF, grouped -tp', () => {
    expect(out('ls -a /proc/5921/task | head -2')).toEqual(['.', '..'])
    expect(out('ls -d /proc/5921/fd')).toEqual(['/proc/5921/fd'])
    const d = out('lsof -p 5921 -a -d 11,14')
    expect(d).toHaveLength(3)
    expect(d[1]).toContain('/dev/kvm')
    expect(out('pidstat -V')).toEqual(['sysstat version 10.1.5', '(C) Sebastien Godard (sysstat <at> orange.fr)'])
    expect(out('pidstat -tp 5921')[0]).toBe('Usage: pidstat [ options ] [ <interval> [ <count> ] ]')
    expect(out('pidstat -p SELF').at(-1)).toMatch(/^\(explorer\) only the QEMU process/)
  })

  it('bash: lists, redirections to /dev/null, a few builtins', () => {
    expect(out('lsof -p abc 2>/dev/null | grep kvm')).toEqual([])
    expect(out('lsof -p abc 2>&1 | head -1')).toEqual(['lsof: illegal process ID: abc'])
    expect(out('pidof qemu-system-x86_64; pidof nothing || echo none')).toEqual(['5921', 'none'])
    expect(out('pwd')).toEqual(['/root'])
    expect(out('ls /proc/5921/task | wc -l')).toEqual(['7'])
    expect(out('ls /proc/5921/fd | tail -n 2')).toEqual(['8', '9'])
    expect(out('echo hi > /tmp/x')).toEqual(['(explorer) writing to files is not simulated; only /dev/null redirections are.'])
  })
})
