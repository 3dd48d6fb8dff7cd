/**
 * QEMU 7.0.0: the seed's build. Read in the 7.0-era qemu/qemu revisions of
 * accel/kvm/kvm-all.c and in 7.2's unchanged code paths (see `read`).
 */
import type { QemuVersion } from './qemu-release.ts'

/** Versioned PC machine types of 7.0 (hw/i386/pc_piix.c, pc_q35.c at v7.0.0): pc-i440fx-1.4 … 7.0, pc-q35-2.4 … 7.0 with a 4.0.1. */
const pcVersions = [
  '2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10', '2.11', '2.12',
  '3.0', '3.1', '4.0', '4.1', '4.2', '5.0', '5.1', '5.2', '6.0', '6.1', '6.2', '7.0',
]

const machine = (family: 'q35' | 'i440fx', v: string) => {
  const [major = 0, minor = 0] = v.split('.').map(Number)
  return {
    name: `pc-${family}-${v}`,
    family,
    // q35 ≤ 2.7 kept the old 255 limit (`pc_q35_2_7_machine_options`); i440fx is 255 throughout.
    maxCpus: family === 'q35' && (major > 2 || minor >= 8) ? 288 : 255,
    preferSockets: major < 6 || (major === 6 && minor <= 1),
  }
}

export const qemu70: QemuVersion = {
  id: '7.0',
  version: '7.0.0',
  tag: 'v7.0.0',
  read: 'qemu/qemu accel/kvm/kvm-all.c at 7.0-era revisions 0021c476, 29eb5c2c; the other paths in 7.2.0, where they are unchanged',
  machines: [
    ...pcVersions
      .filter((v) => !['2.0', '2.1', '2.2', '2.3'].includes(v))
      .flatMap((v) => (v === '4.0' ? ['4.0', '4.0.1'] : [v]))
      .map((v) => machine('q35', v)),
    ...['1.4', '1.5', '1.6', '1.7', ...pcVersions].map((v) => machine('i440fx', v)),
  ],
  defaultMachine: 'pc-i440fx-7.0',
  machineAliases: { pc: 'pc-i440fx-7.0', q35: 'pc-q35-7.0' },
  unknownMachine: () => 'unsupported machine type\nUse -machine help to list supported machines',
  smpKeys: ['cpus', 'sockets', 'dies', 'clusters', 'cores', 'threads', 'maxcpus'],
  smpLevels: ['dies'],
  // cpu_hierarchy_to_string(): x86 has dies, not clusters (hw/core/machine-smp.c).
  hierarchy: (t) => `sockets (${t.sockets}) * dies (${t.dies}) * cores (${t.cores}) * threads (${t.threads})`,
  preplugLevels: ['socket', 'die', 'core', 'thread'],
  // hw/i386/x86.c x86_cpu_pre_plug(): "(max_cpus - 1) / threads / cores / dies".
  maxSocketId: (t) => Math.floor(Math.floor(Math.floor((t.maxCpus - 1) / t.threads) / t.cores) / t.dies),
  notADevice: (path) => `${path} is not a hotpluggable device`,
  vcpuStatsFd: false,
  vcpuFdPath: { get: 'kvm_get_vcpu', unpark: null, park: 'do_kvm_destroy_vcpu' },
  // kvm_init_vcpu(): error_setg_errno(errp, -ret, "kvm_init_vcpu: kvm_get_vcpu failed (%lu)"), then error_fatal.
  createVcpuFailed: (vcpuId, errno) => [`qemu-system-x86_64: kvm_init_vcpu: kvm_get_vcpu failed (${vcpuId}): ${errno}`],
  parkedReset: { how: 'untouched' },
  monitor: {
    help: {
      'cont|c': { params: '', help: 'resume emulation' },
      cpu: { params: 'index', help: 'set the default CPU' },
      device_add: { params: 'driver[,prop=value][,...]', help: 'add device, like -device on the command line' },
      device_del: { params: 'device', help: 'remove device' },
      'help|?': { params: '[cmd]', help: 'show the help' },
      info: { params: '[subcommand]', help: 'show various information about the system state' },
      'quit|q': { params: '', help: 'quit the emulator' },
      'stop|s': { params: '', help: 'stop emulation' },
      system_reset: { params: '', help: 'reset the system' },
    },
    infoHelp: {
      cpus: { params: '', help: 'show infos for each CPU' },
      'hotpluggable-cpus': { params: '', help: 'Show information about hotpluggable CPUs' },
      kvm: { params: '', help: 'show KVM information' },
      name: { params: '', help: 'show the current VM name' },
      status: { params: '', help: 'show the current VM status (running|paused)' },
      version: { params: '', help: 'show the version of QEMU' },
    },
    // hmp-commands.hx, hmp-commands-info.hx at v7.0.0.
    otherCommands: new Set(
      (
        'announce_self balloon block_job_cancel block_job_complete block_job_pause block_job_resume block_job_set_speed ' +
        'block_resize block_set_io_throttle block_stream boot_set calc_dirty_rate change chardev-add chardev-change ' +
        'chardev-remove chardev-send-break client_migrate_info closefd commit delvm drive_add drive_backup drive_del ' +
        'drive_mirror dump-guest-memory eject exit_preconfig expire_password gdbserver getfd gpa2hpa gpa2hva gva2gpa ' +
        'hostfwd_add hostfwd_remove i loadvm log logfile mce memsave migrate migrate_cancel migrate_continue ' +
        'migrate_incoming migrate_pause migrate_recover migrate_set_capability migrate_set_parameter ' +
        'migrate_start_postcopy mouse_button mouse_move mouse_set nbd_server_add nbd_server_remove nbd_server_start ' +
        'nbd_server_stop netdev_add netdev_del nmi o object_add object_del pcie_aer_inject_error pmemsave print p ' +
        'qemu-io qom-get qom-list qom-set replay_break replay_delete_break replay_seek ringbuf_read ringbuf_write savevm ' +
        'screendump sendkey set_link set_password singlestep snapshot_blkdev snapshot_blkdev_internal ' +
        'snapshot_delete_blkdev_internal stopcapture sum sync-profile system_powerdown system_wakeup trace-event ' +
        'watchdog_action wavcapture x x_colo_lost_heartbeat xp'
      ).split(' '),
    ),
    otherInfo: new Set(
      (
        'balloon block block-jobs blockstats capture chardev dirty_rate dump history iothreads irq jit lapic mem memdev ' +
        'memory-devices memory_size_summary mice migrate migrate_capabilities migrate_parameters mtree network numa ' +
        'opcount pci pic profile qdm qom-tree qtree ramblock rdma registers replay rocker rocker-of-dpa-flows ' +
        'rocker-of-dpa-groups rocker-ports roms sev sgx snapshots spice sync-profile tlb tpm trace-events usb usbhost ' +
        'usernet uuid vm-generation-id vnc'
      ).split(' '),
    ),
    infoCpusModel: false,
  },
  unknowns: [
    'No exact v7.0.0 tree was read: kvm-all.c comes from 7.0-era revisions and the other paths from 7.2.0, where they match.',
  ],
}
