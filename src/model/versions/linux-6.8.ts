/**
 * Linux 6.8: KVM_MAX_VCPUS from CONFIG_KVM_MAX_NR_VCPUS (4096 with MAXSMP, as
 * every distribution kernel read sets it; 1024 without), vcpu ids up to
 * 16383, eventfd-semaphore, and the Kthread, untag_mask and
 * x86_Thread_features status lines. Read in Ubuntu noble's
 * linux_6.8.0.orig.tar.gz (upstream 6.8.0) and the 6.8.0-31-generic config.
 */
import { linux61, vmStats61 } from './linux-6.1.ts'
import { statFiles, type LinuxVersion, type StatusField } from './linux-release.ts'

/** fs/proc/array.c and arch/x86/kernel/cpu/proc.c at 6.8 (the same in 6.12 and 7.0). */
export const status68: readonly StatusField[] = [
  'Name', 'Umask', 'State', 'Tgid', 'Ngid', 'Pid', 'PPid', 'TracerPid', 'Uid', 'Gid', 'FDSize', 'Groups',
  'NStgid', 'NSpid', 'NSpgid', 'NSsid', 'Kthread',
  'VmPeak', 'VmSize', 'VmLck', 'VmPin', 'VmHWM', 'VmRSS', 'RssAnon', 'RssFile', 'RssShmem', 'VmData', 'VmStk', 'VmExe', 'VmLib', 'VmPTE', 'VmSwap',
  'HugetlbPages', 'CoreDumping', 'THP_enabled', 'untag_mask', 'Threads', 'SigQ', 'SigPnd', 'ShdPnd', 'SigBlk', 'SigIgn', 'SigCgt',
  'CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs', 'Seccomp', 'Seccomp_filters',
  'Speculation_Store_Bypass', 'SpeculationIndirectBranch', 'Cpus_allowed', 'Cpus_allowed_list', 'Mems_allowed', 'Mems_allowed_list',
  'voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches', 'x86_Thread_features', 'x86_Thread_features_locked',
]

export const linux68: LinuxVersion = {
  ...linux61,
  id: '6.8',
  label: 'Linux 6.8',
  release: '6.8.0',
  read: "Ubuntu noble's linux_6.8.0.orig.tar.gz (upstream 6.8.0); CONFIG_KVM_MAX_NR_VCPUS=4096 in linux-headers-6.8.0-31-generic",
  // arch/x86/include/asm/kvm_host.h: KVM_MAX_VCPUS = CONFIG_KVM_MAX_NR_VCPUS, KVM_MAX_VCPU_IDS = 4 × that.
  maxVcpus: 4096,
  recommendedVcpus: (hostCpus) => Math.min(hostCpus, 4096),
  maxVcpuId: 16384,
  // Same stats as 6.1 (gcc -E of arch/x86/kvm/x86.c with the distribution config).
  debugfsVmFiles: statFiles(`${vmStats61} mmu_rmaps_stat`),
  // fs/eventfd.c eventfd_show_fdinfo(): eventfd-count, eventfd-id, eventfd-semaphore.
  fdinfo: { ino: true, mode: '-r--r--r--', eventfd: ['count', 'id', 'semaphore'] },
  status: status68,
  unknowns: [
    'KVM_MAX_VCPUS is CONFIG_KVM_MAX_NR_VCPUS: 4096 in every distribution kernel read (CONFIG_MAXSMP=y), 1024 in a kernel built without MAXSMP.',
    'The anon_inode device, inode and mount id depend on the boot: the values shown are an example.',
  ],
}
