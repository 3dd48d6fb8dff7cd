/**
 * The low-level events an operation causes, in order. Panels animate them; the
 * "What just happened" view prints them as a call path. `source` names the
 * QEMU or kernel function that does it (BEHAVIOUR.md §1.1, §1.7, §3.1).
 */

export type SimEvent =
  | { kind: 'process-start'; pid: number; source: string }
  | { kind: 'fd-open'; fd: number; name: string; source: string }
  | { kind: 'kvm-create-vm'; fd: number; source: string }
  | { kind: 'qdev-device-add'; driver: string; id: string | null; source: string }
  | { kind: 'pre-plug'; cpuIndex: number; apicId: number; source: string }
  | { kind: 'thread-create'; tid: number; name: string; source: string }
  | { kind: 'thread-exit'; tid: number; name: string; source: string }
  | { kind: 'thread-join'; tid: number; source: string }
  | { kind: 'kvm-init-vcpu'; cpuIndex: number; vcpuId: number; source: string }
  | { kind: 'found-parked'; vcpuId: number; fd: number; source: string }
  | { kind: 'kvm-create-vcpu'; vcpuId: number; fd: number; source: string }
  | { kind: 'kvm-create-vcpu-failed'; vcpuId: number; errno: string; source: string }
  /** `vcpuId` is null for the VM's own directory. */
  | { kind: 'debugfs-create'; path: string; vcpuId: number | null; source: string }
  | { kind: 'mmap'; fd: number; vcpuId: number; address: number; length: number; source: string }
  /** `kvm_init_vcpu()` ends with `KVM_GET_STATS_FD` (8.1+): a new fd, or the ioctl's error on a kernel without it. */
  | { kind: 'stats-fd-open'; vcpuId: number; fd: number; source: string }
  | { kind: 'stats-fd-failed'; vcpuId: number; errno: string; source: string }
  /** Unplug leaves the vCPU's stats fd open: nothing closes `kvm_vcpu_stats_fd` (§1.2). */
  | { kind: 'stats-fd-leaked'; vcpuId: number; fd: number; source: string }
  | { kind: 'munmap'; fd: number; vcpuId: number; address: number; length: number; source: string }
  | { kind: 'fd-parked'; vcpuId: number; fd: number; source: string }
  | { kind: 'acpi-insert'; cpuIndex: number; source: string }
  | { kind: 'acpi-eject-request'; cpuIndex: number; source: string }
  | { kind: 'guest-ignores'; cpuIndex: number; source: string }
  | { kind: 'guest-ej0'; cpuIndex: number; source: string }
  | { kind: 'cpu-list-remove'; cpuIndex: number; source: string }
  | { kind: 'device-deleted'; device: string | null; path: string; source: string }
  | { kind: 'monitor-cpu-reset'; cpuIndex: number; source: string }
  | { kind: 'monitor-cpu-set'; cpuIndex: number; source: string }
  | { kind: 'guest-mode'; behaviour: string; source: string }
  | { kind: 'hotplug-modern'; source: string }
  | { kind: 'host-activity'; description: string; source: string }
  /** `system_reset`: QEMU's machine reset, and what it does to each parked vCPU (KVM_SET_MSRS, TSC = 1, 9.1.3+/10.0+). */
  | { kind: 'system-reset'; source: string }
  | { kind: 'parked-tsc-reset'; vcpuId: number; fd: number; source: string }
  | { kind: 'qemu-exit'; message: string; source: string }
  /** QEMU refused its command line at the first boot: it printed `message` and exited. */
  | { kind: 'boot-refused'; message: string; source: string }
  | { kind: 'error'; message: string; source: string }

export type SimEventKind = SimEvent['kind']
