import type { GuestBehaviour } from '../model/state.ts'
import { useExplorer } from '../store/store.ts'
import { BootBar } from './BootBar.tsx'
import { Console } from './Console.tsx'

const guestOptions: { value: GuestBehaviour; label: string }[] = [
  { value: 'cooperative', label: 'Cooperative (ejects at once)' },
  { value: 'ignore', label: 'Ignores unplug requests' },
  { value: 'not-booted', label: 'Not booted (firmware, legacy ACPI)' },
]

function GuestSwitch() {
  const guest = useExplorer((s) => s.sim.guest)
  const setGuest = useExplorer((s) => s.setGuest)
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-200">
      <span>Guest</span>
      <select
        className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
        value={guest}
        onChange={(e) => setGuest(e.target.value as GuestBehaviour)}
      >
        {guestOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
}

function Status() {
  const sim = useExplorer((s) => s.sim)
  const { host, qemu } = sim
  const text = host.alive
    ? `pid ${host.pid} · ${qemu.cpus.length} of ${qemu.topology.maxCpus} vCPUs plugged · ${qemu.parkedVcpus.length} parked`
    : 'QEMU is not running'
  return <p className="text-sm text-slate-600 dark:text-slate-300">{text}</p>
}

export function App() {
  return (
    <div className="flex min-h-screen flex-col bg-slate-50 text-slate-900 xl:h-screen dark:bg-slate-950 dark:text-slate-100">
      <header className="border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-lg font-semibold">vCPU Hotplug Explorer</h1>
            <p className="text-xs text-slate-500 dark:text-slate-400">QEMU 7.0 on Linux 4.14 KVM: what hot-plugging a vCPU really does on the host</p>
          </div>
          <div className="flex flex-wrap items-center gap-4">
            <Status />
            <GuestSwitch />
          </div>
        </div>
      </header>
      <main className="flex min-h-0 flex-1 flex-col gap-3 p-4">
        <BootBar />
        <div className="grid min-h-0 flex-1 grid-cols-1 gap-3 xl:grid-cols-2">
          <Console id="monitor" label="QEMU monitor" title="QEMU monitor (HMP)" hint="device_add, device_del, info cpus, info hotpluggable-cpus, cpu N, help" />
          <Console id="shell" label="Host shell" title="Host shell (root)" hint="lsof -p PID, pidstat -p PID -t, ls /proc/PID/fd, ls /sys/kernel/debug/kvm/…" />
        </div>
      </main>
    </div>
  )
}
