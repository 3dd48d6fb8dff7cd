/**
 * x86 CPU QOM types of qemu-system-x86_64 7.0 (target/i386/cpu.c
 * `builtin_x86_defs[]`, BEHAVIOUR.md §4.4). A named model `M` is the type
 * `M-x86_64-cpu`; versioned models add `M-vN-x86_64-cpu` and alias types.
 */

/** Abstract types: `device_add` of one is "expects a non-abstract device type". */
export const abstractCpuTypes: ReadonlySet<string> = new Set(['x86_64-cpu', 'cpu', 'device'])

/** Model name → number of versions (`-v1`, `-v2`, …), as `builtin_x86_defs[]` has them at v7.0.0. */
const versionedModels: Readonly<Record<string, number>> = {
  qemu64: 1, phenom: 1, core2duo: 1, kvm64: 1, qemu32: 1, kvm32: 1, coreduo: 1, '486': 1,
  pentium: 1, pentium2: 1, pentium3: 1, athlon: 1, n270: 1, Conroe: 1, Penryn: 1,
  Nehalem: 2, Westmere: 2, SandyBridge: 2, IvyBridge: 2, Haswell: 4, Broadwell: 4,
  'Skylake-Client': 4, 'Skylake-Server': 5, 'Cascadelake-Server': 5, Cooperlake: 2,
  'Icelake-Client': 3, 'Icelake-Server': 6, Denverton: 3, Snowridge: 4, KnightsMill: 1,
  Opteron_G1: 1, Opteron_G2: 1, Opteron_G3: 1, Opteron_G4: 1, Opteron_G5: 1,
  EPYC: 3, 'EPYC-Rome': 2, 'EPYC-Milan': 1, Dhyana: 2,
}

/** Aliases for versions (`Haswell-noTSX` = Haswell-v2 …). */
const aliasModels = [
  'Nehalem-IBRS', 'Westmere-IBRS', 'SandyBridge-IBRS', 'IvyBridge-IBRS', 'Haswell-noTSX', 'Haswell-IBRS',
  'Haswell-noTSX-IBRS', 'Broadwell-noTSX', 'Broadwell-IBRS', 'Broadwell-noTSX-IBRS', 'Skylake-Client-IBRS',
  'Skylake-Client-noTSX-IBRS', 'Skylake-Server-IBRS', 'Skylake-Server-noTSX-IBRS', 'Cascadelake-Server-noTSX',
  'Icelake-Client-noTSX', 'Icelake-Server-noTSX', 'EPYC-IBPB',
]

/** Models that are not table entries: host, max and base. */
const specialModels = ['host', 'max', 'base']

const allModels: ReadonlySet<string> = new Set([
  ...specialModels,
  ...aliasModels,
  ...Object.entries(versionedModels).flatMap(([name, count]) => [
    name,
    ...Array.from({ length: count }, (_, i) => `${name}-v${i + 1}`),
  ]),
])

export const CPU_TYPE_SUFFIX = '-x86_64-cpu'

/** `x86_cpu_class_by_name()`: a `-cpu` model name, or undefined. */
export function cpuModelExists(model: string): boolean {
  return allModels.has(model)
}

export function cpuTypeOf(model: string): string {
  return `${model}${CPU_TYPE_SUFFIX}`
}

/** A concrete x86 CPU QOM type name → its model, if it is one. */
export function modelOfCpuType(type: string): string | undefined {
  if (!type.endsWith(CPU_TYPE_SUFFIX)) return undefined
  const model = type.slice(0, -CPU_TYPE_SUFFIX.length)
  return allModels.has(model) ? model : undefined
}

/**
 * `object_dynamic_cast(cpu, ms->cpu_type)`: `host-x86_64-cpu` is a child of
 * `max-x86_64-cpu` (target/i386/host-cpu.c), so it passes where max is expected.
 */
export function isCpuTypeCompatible(type: string, machineCpuType: string): boolean {
  if (type === machineCpuType) return true
  return type === cpuTypeOf('host') && machineCpuType === cpuTypeOf('max')
}

/** Model names offered by completion. */
export function cpuModelNames(): string[] {
  return [...allModels].sort()
}

export type CpuPropertyType = 'int32' | 'uint32' | 'bool' | 'str'

/** Topology properties, `-1`/unassigned by default (target/i386/cpu.c `x86_cpu_properties`, §4.4). */
const topologyProperties: Readonly<Record<string, CpuPropertyType>> = {
  'socket-id': 'int32',
  'die-id': 'int32',
  'core-id': 'int32',
  'thread-id': 'int32',
  'node-id': 'int32',
  'apic-id': 'uint32',
}

/** Other x86 CPU properties: accepted, and not part of the hotplug model. */
const otherProperties: Readonly<Record<string, CpuPropertyType>> = {
  'phys-bits': 'uint32', level: 'uint32', xlevel: 'uint32', 'min-level': 'uint32', 'min-xlevel': 'uint32',
  family: 'int32', model: 'int32', stepping: 'int32', 'tsc-frequency': 'int32',
  'model-id': 'str', vendor: 'str', 'hv-vendor-id': 'str',
  migratable: 'bool', 'host-phys-bits': 'bool', check: 'bool', enforce: 'bool', pmu: 'bool', 'l3-cache': 'bool',
  lmce: 'bool', 'host-cache-info': 'bool', 'fill-mtrr-mask': 'bool', 'full-cpuid-auto-level': 'bool',
  'start-powered-off': 'bool', 'kvm-pv-enforce-cpuid': 'bool', 'x-force-features': 'bool',
}

/** CPUID feature flags, each a boolean property (`x86_cpu_register_feature_bit_props`). */
const featureFlags = [
  '3dnow', '3dnowext', '3dnowprefetch', 'abm', 'acpi', 'adx', 'aes', 'amd-ssbd', 'amd-stibp', 'apic', 'arat',
  'arch-capabilities', 'avx', 'avx2', 'avx512-bf16', 'avx512-vpopcntdq', 'avx512bitalg', 'avx512bw', 'avx512cd',
  'avx512dq', 'avx512f', 'avx512ifma', 'avx512vbmi', 'avx512vbmi2', 'avx512vl', 'avx512vnni', 'bmi1', 'bmi2',
  'clflush', 'clflushopt', 'clwb', 'cmov', 'cmp-legacy', 'cr8legacy', 'cx16', 'cx8', 'de', 'ds', 'ds-cpl', 'dtes64',
  'erms', 'est', 'extapic', 'f16c', 'fma', 'fma4', 'fpu', 'fsgsbase', 'fxsr', 'fxsr-opt', 'gfni', 'hle', 'ht',
  'hypervisor', 'ibpb', 'ibrs', 'invpcid', 'invtsc', 'kvm-asyncpf', 'kvm-asyncpf-int', 'kvm-hint-dedicated',
  'kvm-mmu', 'kvm-nopiodelay', 'kvm-poll-control', 'kvm-pv-eoi', 'kvm-pv-ipi', 'kvm-pv-sched-yield',
  'kvm-pv-tlb-flush', 'kvm-pv-unhalt', 'kvm-steal-time', 'kvmclock', 'kvmclock-stable-bit', 'la57', 'lahf-lm',
  'lm', 'lwp', 'mca', 'mce', 'md-clear', 'mds-no', 'misalignsse', 'mmx', 'mmxext', 'monitor', 'movbe', 'movdir64b',
  'movdiri', 'mpx', 'msr', 'mtrr', 'nodeid-msr', 'npt', 'nrip-save', 'nx', 'osvw', 'ospke', 'pae', 'pat', 'pbe',
  'pcid', 'pclmulqdq', 'pdcm', 'pdpe1gb', 'pge', 'pku', 'pmm', 'pmm-en', 'pn', 'pni', 'popcnt', 'pschange-mc-no',
  'pse', 'pse36', 'rdctl-no', 'rdpid', 'rdrand', 'rdseed', 'rdtscp', 'rsba', 'rtm', 'sep', 'sha-ni', 'skinit',
  'skip-l1dfl-vmentry', 'smap', 'smep', 'smx', 'spec-ctrl', 'split-lock-detect', 'ss', 'ssb-no', 'ssbd', 'sse',
  'sse2', 'sse4.1', 'sse4.2', 'sse4a', 'ssse3', 'stibp', 'svm', 'syscall', 'taa-no', 'tbm', 'tce', 'tm', 'tm2',
  'topoext', 'tsc', 'tsc-adjust', 'tsc-deadline', 'tsx-ctrl', 'umip', 'vaes', 'virt-ssbd', 'vmcb-clean', 'vme',
  'vmx', 'vpclmulqdq', 'waitpkg', 'wbnoinvd', 'wdt', 'x2apic', 'xop', 'xgetbv1', 'xsave', 'xsavec', 'xsaveerptr',
  'xsaveopt', 'xsaves', 'xtpr',
]

/** A property of an x86 CPU device, or undefined when QEMU would say "Property '…' not found". */
export function cpuPropertyType(name: string): CpuPropertyType | undefined {
  return topologyProperties[name] ?? otherProperties[name] ?? (featureFlags.includes(name) ? 'bool' : undefined)
}

