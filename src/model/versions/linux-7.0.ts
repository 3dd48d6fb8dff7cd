/**
 * Linux 7.0: for the paths modelled here, what 6.12 does (the vCPU's mutex is
 * held while its fd is created, and KVM_CAP_MAX_VCPUS on a VM fd answers
 * `kvm->max_vcpus`; neither shows in any output). Read in Ubuntu resolute's
 * linux_7.0.0.orig.tar.gz (upstream 7.0.0) and the 7.0.0-14-generic config.
 */
import { linux68 } from './linux-6.8.ts'
import { linux612 } from './linux-6.12.ts'
import type { LinuxVersion } from './linux-release.ts'

export const linux70: LinuxVersion = {
  ...linux612,
  id: '7.0',
  label: 'Linux 7.0',
  release: '7.0.0',
  unknowns: [...linux68.unknowns, 'A host booted with kvm.nx_huge_pages=never has no NX huge page recovery thread.'],
  read: "Ubuntu resolute's linux_7.0.0.orig.tar.gz (upstream 7.0.0); CONFIG_KVM_MAX_NR_VCPUS=4096 in linux-headers-7.0.0-14-generic",
}
