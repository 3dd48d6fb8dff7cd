/**
 * The host a QEMU process runs on, outside QEMU: the binary, disk images, the
 * working directory, and the files QEMU 7.0 opens at start-up that have nothing
 * to do with vCPUs. The seed shows only that fds 0–10, 13 and 18–31 are taken
 * (the first hot-plugged vCPU gets fd 32, BEHAVIOUR.md §7.2) and lsof's column
 * widths (research: lsof print.c two-pass widths): no unix socket (DEVICE is 6
 * wide) and one 11-digit size (a ≥ 9.3 GiB raw image). Which eventfds QEMU opens
 * where is inferred [I], not read from a trace.
 */
import type { HostFile } from './cmdline.ts'
import type { OpenFile } from './state.ts'

export interface FileSpec {
  readonly file: OpenFile
  readonly access: 'u' | 'r' | 'w'
  /** What opened it, for the fd panel. */
  readonly label: string
}

export interface Library {
  readonly path: string
  readonly size: number
  readonly device: string
  readonly inode: number
}

export interface HostEnvironment {
  /** Wall-clock seconds at which QEMU starts (local time, rendered without a zone). */
  readonly clock: number
  /** The PID the kernel hands to the next new task. */
  readonly nextPid: number
  readonly exe: HostFile
  readonly cwd: { readonly path: string; readonly device: string; readonly inode: number }
  readonly root: { readonly device: string; readonly inode: number }
  readonly terminal: { readonly path: string; readonly device: string; readonly inode: number }
  /** /dev/kvm's inode on this host's devtmpfs. */
  readonly kvmDeviceInode: number
  readonly files: readonly HostFile[]
  /** Shared objects mapped at exec, in load order (ld.so maps top-down). */
  readonly libraries: readonly Library[]
  /** First inode number for sockets QEMU creates. */
  readonly socketInodeBase: number
  /** Mount ids (fdinfo `mnt_id:`) of /dev, /dev/pts and sockfs: boot-dependent [I]. */
  readonly mounts: { readonly dev: number; readonly devpts: number; readonly sockfs: number }
  /** The system-wide eventfd id (fs/eventfd.c `eventfd_ida`) QEMU's first eventfd gets [I]. */
  readonly eventfdIdBase: number
  /** The shell QEMU was started from: its PPid and session [I]. */
  readonly parentPid: number
  /** The fd table QEMU inherits: an interactive bash holds fd 255, so 256 entries (fs/file.c `dup_fd`) [I]. */
  readonly fdTableStart: number
}

/** The anon_inode filesystem of the host kernel: one inode every anon file shares (§7.1). */
export interface AnonInode {
  readonly device: string
  readonly inode: number
  readonly mountId: number
}

/**
 * How QEMU opens each kind of anon-inode file, as fdinfo shows it: eventfd(0, EFD_NONBLOCK |
 * EFD_CLOEXEC) (util/event_notifier-posix.c), signalfd(-1, mask, SFD_CLOEXEC) then non-blocking
 * (util/compatfd.c, util/main-loop.c), epoll_create1(EPOLL_CLOEXEC) (util/fdmon-epoll.c); the KVM
 * fds are O_RDWR, the stats fds O_RDONLY, all close-on-exec (virt/kvm/kvm_main.c).
 */
function anonKind(name: string): Pick<OpenFile, 'flags' | 'fdinfo'> {
  if (name === '[eventfd]') return { flags: '02004002', fdinfo: 'eventfd' }
  if (name === '[signalfd]') return { flags: '02004002', fdinfo: 'signalfd' }
  if (name === '[eventpoll]') return { flags: '02000002', fdinfo: 'eventpoll' }
  if (name.startsWith('kvm-vcpu-stats') || name === 'kvm-vm-stats') return { flags: '02000000', fdinfo: 'plain' }
  return { flags: '02000002', fdinfo: 'plain' }
}

/** An anon-inode fd; lsof shows the name after `anon_inode:` (research: lsof.md §2). */
export function anonFile(anon: AnonInode, name: string, label: string, access: FileSpec['access'] = 'u'): FileSpec {
  return {
    file: { type: 'a_inode', device: anon.device, sizeOff: '0', node: String(anon.inode), name, link: `anon_inode:${name}`, mountId: anon.mountId, ...anonKind(name) },
    access,
    label,
  }
}

/** fds 3… opened by the main loop before the accelerator (util/main-loop.c, util/async.c) [I]. */
export function mainLoopFiles(anon: AnonInode): FileSpec[] {
  return [
    anonFile(anon, '[signalfd]', 'main loop: signalfd (qemu_signal_init)'),
    anonFile(anon, '[eventfd]', 'main AioContext notifier'),
    anonFile(anon, '[eventfd]', 'iohandler AioContext notifier'),
    anonFile(anon, '[eventfd]', 'GLib main context wakeup'),
    anonFile(anon, '[eventpoll]', 'AioContext epoll'),
    anonFile(anon, '[eventfd]', 'thread pool completion notifier'),
  ]
}

/** Per `-drive`: the image, opened read-write, and its AioContext notifier [I]. */
export function driveFiles(anon: AnonInode, image: HostFile): FileSpec[] {
  return [
    {
      // raw-posix opens the image O_RDWR | O_CLOEXEC; x86-64 open(2) adds O_LARGEFILE.
      file: { type: 'REG', device: image.device, sizeOff: String(image.size), node: String(image.inode), name: image.path, link: image.path, flags: '02100002', fdinfo: 'plain', mountId: image.mountId ?? 0 },
      access: 'u',
      label: `disk image ${image.path}`,
    },
    anonFile(anon, '[eventfd]', 'block backend notifier'),
  ]
}

/** The fd QEMU opens between KVM_CREATE_VM and the first vCPU (the seed's fd 13) [I]. */
export function accelExtraFiles(anon: AnonInode): FileSpec[] {
  return [anonFile(anon, '[eventfd]', 'kvm_init: eventfd')]
}

/**
 * Board devices realized after the CPUs: irqfds, ioeventfds and notifiers. How
 * many is inferred from the seed (its first hot-plugged vCPU gets fd 32) [I];
 * the same count is used for every machine.
 */
export function machineFiles(anon: AnonInode): FileSpec[] {
  return Array.from({ length: 12 }, (_, i) => anonFile(anon, '[eventfd]', i < 8 ? 'KVM irqfd' : 'ioeventfd'))
}

/**
 * VNC listening sockets for `host:N` (port 5900 + N): `localhost` resolves to
 * 127.0.0.1 and ::1, an empty host to every address (lsof `*`), a literal IPv4
 * address to itself.
 */
export function vncFiles(env: HostEnvironment, host: string, port: number): FileSpec[] {
  const socket = (i: number, type: 'IPv4' | 'IPv6', shown: string, label: string): FileSpec => ({
    // qemu_socket() is SOCK_CLOEXEC, and listeners are made non-blocking.
    file: { type, device: String(env.socketInodeBase + i), sizeOff: '0t0', node: 'TCP', name: `${shown}:${port} (LISTEN)`, link: `socket:[${env.socketInodeBase + i}]`, flags: '02004002', fdinfo: 'plain', mountId: env.mounts.sockfs },
    access: 'u',
    label,
  })
  if (host === 'localhost') return [socket(0, 'IPv4', 'localhost', 'VNC server (IPv4)'), socket(1, 'IPv6', 'localhost', 'VNC server (IPv6)')]
  if (host === '' || host === '0.0.0.0') return [socket(0, 'IPv4', '*', 'VNC server (IPv4)'), socket(1, 'IPv6', '*', 'VNC server (IPv6)')]
  return [socket(0, /:/.test(host) ? 'IPv6' : 'IPv4', host === '127.0.0.1' ? 'localhost' : host, 'VNC server')]
}

/** stdio: the terminal QEMU runs in, `/dev/pts/N` = character device 136,N. */
export function terminalFile(env: HostEnvironment): FileSpec {
  const t = env.terminal
  const minor = /\/dev\/pts\/(\d+)$/.exec(t.path)?.[1] ?? '0'
  // Inherited from the shell: the terminal as login opened it, without close-on-exec [I].
  return { file: { type: 'CHR', device: `136,${minor}`, sizeOff: '0t0', node: String(t.inode), name: t.path, link: t.path, flags: '0100002', fdinfo: 'plain', mountId: env.mounts.devpts }, access: 'u', label: 'terminal (stdio)' }
}

/** /dev/kvm: the misc character device 10,232. */
export function kvmDeviceFile(env: HostEnvironment): OpenFile {
  // kvm_init(): qemu_open_old("/dev/kvm", O_RDWR), which adds O_CLOEXEC; open(2) adds O_LARGEFILE on x86-64.
  return { type: 'CHR', device: '10,232', sizeOff: '0t0', node: String(env.kvmDeviceInode), name: '/dev/kvm', link: '/dev/kvm', flags: '02100002', fdinfo: 'plain', mountId: env.mounts.dev }
}

/**
 * The seed's host: QEMU 7.0 built under /home/zhang/kvm/qemu/build, a 4.14
 * kernel, pid 5921 (BEHAVIOUR.md §9.1). The libraries are an EL7-style set [I].
 */
export const seedEnvironment: HostEnvironment = {
  // 2022-06-15 15:25:20, a few minutes before the seed's first pidstat at 03:26:31 PM.
  clock: Date.UTC(2022, 5, 15, 15, 25, 20) / 1000,
  nextPid: 5921,
  exe: { path: '/home/zhang/kvm/qemu/build/qemu-system-x86_64', size: 44911704, device: '252,2', inode: 14054147081 },
  cwd: { path: '/root', device: '252,0', inode: 33574977 },
  root: { device: '252,0', inode: 64 },
  terminal: { path: '/dev/pts/0', device: '0,20', inode: 3 },
  kvmDeviceInode: 20902,
  files: [{ path: '/home/zhang/images/guest.img', size: 21474836480, device: '252,2', inode: 6442451073 }],
  libraries: [
    { path: '/usr/lib64/ld-2.17.so', size: 163312, device: '252,0', inode: 33836574 },
    { path: '/usr/lib64/libz.so.1.2.7', size: 90248, device: '252,0', inode: 33836608 },
    { path: '/usr/lib64/libpixman-1.so.0.34.0', size: 698744, device: '252,0', inode: 34016262 },
    { path: '/usr/lib64/libglib-2.0.so.0.5600.1', size: 1154344, device: '252,0', inode: 33836756 },
    { path: '/usr/lib64/libgmodule-2.0.so.0.5600.1', size: 15712, device: '252,0', inode: 33836760 },
    { path: '/usr/lib64/libutil-2.17.so', size: 14424, device: '252,0', inode: 33836594 },
    { path: '/usr/lib64/libm-2.17.so', size: 1137016, device: '252,0', inode: 33836582 },
    { path: '/usr/lib64/libgcc_s-4.8.5-20150702.so.1', size: 88720, device: '252,0', inode: 33836619 },
    { path: '/usr/lib64/libpthread-2.17.so', size: 142144, device: '252,0', inode: 33836588 },
    { path: '/usr/lib64/libc-2.17.so', size: 2156592, device: '252,0', inode: 33836578 },
    { path: '/usr/lib64/libpcre.so.1.2.0', size: 402384, device: '252,0', inode: 33836700 },
    { path: '/usr/lib64/librt-2.17.so', size: 43712, device: '252,0', inode: 33836592 },
    { path: '/usr/lib64/libdl-2.17.so', size: 19248, device: '252,0', inode: 33836580 },
    { path: '/usr/lib/locale/locale-archive', size: 106176928, device: '252,0', inode: 33890309 },
  ],
  socketInodeBase: 24517,
  mounts: { dev: 19, devpts: 22, sockfs: 8 },
  eventfdIdBase: 0,
  parentPid: 5837,
  fdTableStart: 256,
}

/** The seed's command line: the line plus the disk the seed's lsof widths imply. */
export const seedCommandLine =
  'qemu-system-x86_64 -machine pc-q35-7.0,accel=kvm -cpu host -smp 4,maxcpus=8 -m 4G -name guest,debug-threads=on -drive file=/home/zhang/images/guest.img,format=raw -monitor stdio'
