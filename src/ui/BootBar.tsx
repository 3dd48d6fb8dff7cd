import { useEffect, useId, useState, type FormEvent } from 'react'
import { useExplorer } from '../store/store.ts'

/** The QEMU command line: Boot (re)starts QEMU; a line QEMU would refuse shows its message and changes nothing. */
export function BootBar() {
  const cmdline = useExplorer((s) => s.frame.state.qemu.config.cmdline)
  const bootError = useExplorer((s) => s.bootError)
  const boot = useExplorer((s) => s.boot)
  const [value, setValue] = useState(cmdline)
  // Follow the command line of the QEMU shown (a step back may cross a reboot).
  useEffect(() => setValue(cmdline), [cmdline])
  const errorId = useId()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    boot(value)
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-2">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <label htmlFor="qemu-cmdline" className="shrink-0 text-sm font-medium text-slate-700 dark:text-slate-200">
          QEMU command line
        </label>
        <input
          id="qemu-cmdline"
          className="terminal min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1.5 text-[13px] text-slate-900 focus:outline-2 focus:outline-teal-500 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={bootError ? errorId : undefined}
          aria-invalid={bootError ? true : undefined}
          spellCheck={false}
          autoComplete="off"
        />
        <button type="submit" className="rounded bg-teal-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-teal-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-500">
          Boot
        </button>
      </div>
      {bootError && (
        <p id={errorId} role="alert" className="terminal overflow-x-auto rounded border border-red-300 bg-red-50 px-2 py-1 text-[13px] text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {bootError}
        </p>
      )}
    </form>
  )
}
