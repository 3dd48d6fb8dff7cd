/**
 * The seed: QEMU 7.0, `-smp 4,maxcpus=8`, pid 5921, cpu05 plugged, unplugged
 * and plugged again (BEHAVIOUR.md §9, §10). The TIDs the transcript shows are
 * reproduced by recorded host activity, not by special cases: other processes
 * take PIDs between QEMU's threads, and thread-pool workers come and go (§7.3).
 */
import { seedCommandLine } from '../environment.ts'
import { seedProfile } from '../profile.ts'
import type { Command, VmSetup } from '../sim.ts'

export const seedSetup: VmSetup = {
  profile: seedProfile,
  cmdline: seedCommandLine,
  guest: 'cooperative',
  bootActivity: [
    // 5923–5926 are not QEMU's at the time of the transcript.
    { after: 'drives', activity: { kind: 'tids', count: 4 } },
    // 5931 likewise, between CPU 3/KVM (5930) and vnc_worker (5932).
    { after: 'cpus', activity: { kind: 'tids', count: 1 } },
  ],
}

const host = (activity: Extract<Command, { kind: 'host' }>['activity']): Command => ({ kind: 'host', activity })
const hmp = (line: string): Command => ({ kind: 'hmp', line })
const shell = (line: string): Command => ({ kind: 'shell', line })

export const SEED_PID = 5921

/** The transcript's steps, in order, with the host activity between them. */
export const seedSteps: readonly Command[] = [
  // 2. After the creation, there are 4 vcpus available.
  host({ kind: 'tids', count: 16 }),
  host({ kind: 'worker-start' }), // 5949
  host({ kind: 'wait', seconds: 60 }),
  shell(`lsof -p ${SEED_PID} | grep kvm`),
  shell(`pidstat -p ${SEED_PID} -t`),
  hmp('info cpus'),
  shell(`ls /sys/kernel/debug/kvm/${SEED_PID}-12 | grep vcpu`),
  // 3. Add a new vcpu "cpu05" (skip "cpu04" on purpose).
  host({ kind: 'worker-exit' }), // 5949
  host({ kind: 'tids', count: 32 }), // 5950–5981
  host({ kind: 'wait', seconds: 150 }),
  hmp('device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0'), // CPU 5/KVM = 5982, fd 32
  host({ kind: 'tids', count: 9 }), // 5983–5991
  host({ kind: 'worker-start' }), // 5992
  host({ kind: 'wait', seconds: 25 }),
  shell(`lsof -p ${SEED_PID} | grep kvm`),
  shell(`pidstat -p ${SEED_PID} -t`),
  hmp('info cpus'),
  shell(`ls /sys/kernel/debug/kvm/${SEED_PID}-12 | grep vcpu`),
  // 4. Remove the vcpu "cpu05".
  host({ kind: 'worker-exit' }), // 5992
  host({ kind: 'wait', seconds: 100 }),
  hmp('device_del cpu05'),
  host({ kind: 'tids', count: 20 }), // 5993–6012
  host({ kind: 'worker-start' }), // 6013
  host({ kind: 'wait', seconds: 23 }),
  shell(`lsof -p ${SEED_PID} | grep kvm`),
  shell(`pidstat -p ${SEED_PID} -t`),
  shell(`ls /sys/kernel/debug/kvm/${SEED_PID}-12 | grep vcpu`),
  hmp('info cpus'),
  // 5. Add the "vcpu05" again.
  host({ kind: 'worker-exit' }), // 6013
  host({ kind: 'tids', count: 258 }), // 6014–6271
  host({ kind: 'wait', seconds: 900 }),
  hmp('device_add host-x86_64-cpu,id=cpu05,socket-id=0,core-id=5,thread-id=0'), // CPU 5/KVM = 6272, fd 32 again
  host({ kind: 'wait', seconds: 30 }),
  shell(`lsof -p ${SEED_PID} | grep kvm`),
  shell(`pidstat -p ${SEED_PID} -t`),
  shell(`ls /sys/kernel/debug/kvm/${SEED_PID}-12 | grep vcpu`),
  hmp('info cpus'),
]
