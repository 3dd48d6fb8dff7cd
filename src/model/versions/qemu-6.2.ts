/**
 * QEMU 6.2.0 (Ubuntu 22.04's): `kvm_get_vcpu()` era, no stats fd, prefer
 * cores over sockets for its own machine types. Read in Ubuntu jammy's
 * qemu_6.2+dfsg.orig.tar.xz (upstream 6.2.0).
 */
import { pcMachineTypes, type QemuVersion } from './qemu-release.ts'

/** Every top-level command and `info` subcommand of a release that is not simulated here (`a|b` aliases split). */
export function commandSet(names: string): ReadonlySet<string> {
  return new Set(names.trim().split(/\s+/).flatMap((n) => n.split('|')))
}

export const qemu62: QemuVersion = {
  id: '6.2',
  version: '6.2.0',
  tag: 'v6.2.0',
  copyrightYear: 2021,
  // Observed with the 6.2.0 and 7.2.22 builds: the prompt is out before parse_cpu_option() fails.
  promptBeforeCpuCheck: true,
  read: "Ubuntu jammy's qemu_6.2+dfsg.orig.tar.xz (upstream 6.2.0)",
  // hw/i386/pc_q35.c, pc_piix.c: q35 2.4 … 6.2 (and 4.0.1), i440fx 1.4 … 6.2; nothing deprecated yet.
  machines: pcMachineTypes({ latest: '6.2', q35From: '2.4', i440fxFrom: '1.4', deprecated: () => null }),
  defaultMachine: 'pc-i440fx-6.2',
  machineAliases: { pc: 'pc-i440fx-6.2', q35: 'pc-q35-6.2' },
  // softmmu/vl.c select_machine(): error_setg(…, "unsupported machine type") with the -machine help hint.
  unknownMachine: () => 'unsupported machine type\nUse -machine help to list supported machines',
  // softmmu/vl.c: error_report("Machine type '%s' is deprecated: %s") before 7.1.
  deprecationWarning: (name, reason) => `qemu-system-x86_64: Machine type '${name}' is deprecated: ${reason}`,
  // qapi/machine.json SMPConfiguration at v6.2.0.
  smpKeys: ['cpus', 'sockets', 'dies', 'cores', 'threads', 'maxcpus'],
  smpLevels: ['dies'],
  // hw/core/machine-smp.c cpu_hierarchy_to_string(): dies are printed where the machine supports them (x86 does).
  hierarchy: (t) => `sockets (${t.sockets}) * dies (${t.dies}) * cores (${t.cores}) * threads (${t.threads})`,
  smpZero: 'warn',
  smpUnsupported: (key) => `${key} not supported by this machine's CPU topology`,
  preplugLevels: ['socket', 'die', 'core', 'thread'],
  // hw/i386/x86.c x86_cpu_pre_plug(): "(max_cpus - 1) / threads / cores / dies".
  maxSocketId: (t) => Math.floor(Math.floor(Math.floor((t.maxCpus - 1) / t.threads) / t.cores) / t.dies),
  // softmmu/qdev-monitor.c find_device_state().
  notADevice: (path) => `${path} is not a hotpluggable device`,
  vcpuStatsFd: false,
  vcpuFdPath: { get: 'kvm_get_vcpu', unpark: null, park: 'do_kvm_destroy_vcpu' },
  // kvm_init_vcpu(): error_setg_errno(…, "kvm_init_vcpu: kvm_get_vcpu failed (%lu)"), then error_fatal in the vCPU thread.
  createVcpuFailed: (vcpuId, errno) => [`qemu-system-x86_64: kvm_init_vcpu: kvm_get_vcpu failed (${vcpuId}): ${errno}`],
  parkedReset: { how: 'untouched' },
  // accel/kvm/kvm-all.c kvm_init(): fprintf(stderr, "Number of %s cpus requested (%d) exceeds the maximum …\n").
  kvmLimitError: 'fprintf',
  legacyCpuHotplug: true,
  threadNames: 'debug-threads',
  monitor: {
    // hmp-commands.hx, hmp-commands-info.hx: the same texts in every release modelled.
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
    otherCommands: commandSet(`
      announce_self balloon block_job_cancel block_job_complete block_job_pause block_job_resume block_job_set_speed
      block_resize block_set_io_throttle block_stream boot_set calc_dirty_rate change chardev-add chardev-change
      chardev-remove chardev-send-break client_migrate_info closefd commit delvm drive_add drive_backup drive_del
      drive_mirror dump-guest-memory eject exit_preconfig expire_password gdbserver getfd gpa2hpa gpa2hva gva2gpa
      hostfwd_add hostfwd_remove i loadvm log logfile mce memsave migrate migrate_cancel migrate_continue migrate_incoming
      migrate_pause migrate_recover migrate_set_capability migrate_set_parameter migrate_start_postcopy mouse_button
      mouse_move mouse_set nbd_server_add nbd_server_remove nbd_server_start nbd_server_stop netdev_add netdev_del nmi o
      object_add object_del pcie_aer_inject_error pmemsave print|p qemu-io qom-get qom-list qom-set replay_break
      replay_delete_break replay_seek ringbuf_read ringbuf_write savevm screendump sendkey set_link set_password
      singlestep snapshot_blkdev snapshot_blkdev_internal snapshot_delete_blkdev_internal stopcapture sum sync-profile
      system_powerdown system_wakeup trace-event watchdog_action wavcapture x x_colo_lost_heartbeat xp`),
    otherInfo: commandSet(`
      balloon block block-jobs blockstats capture chardev dirty_rate dump history iothreads irq jit lapic mem memdev
      memory-devices memory_size_summary mice migrate migrate_capabilities migrate_parameters mtree network numa opcount
      pci pic profile qdm qom-tree qtree ramblock rdma registers replay rocker rocker-of-dpa-flows rocker-of-dpa-groups
      rocker-ports roms sev sgx snapshots spice sync-profile tlb tpm trace-events usb usbhost usernet uuid
      vm-generation-id vnc`),
    infoCpusModel: false,
  },
  unknowns: [],
}
