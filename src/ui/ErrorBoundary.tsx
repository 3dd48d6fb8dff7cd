import { Component, type ReactNode } from 'react'

interface Props {
  children: ReactNode
}

/** The app never shows a blank page: an unexpected error is shown in one sentence, with a way out. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  state = { error: null as Error | null }

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error }
  }

  render(): ReactNode {
    if (!this.state.error) return this.props.children
    return (
      <main className="mx-auto max-w-2xl p-8 font-sans">
        <h1 className="text-xl font-semibold">Something went wrong in the explorer</h1>
        <p role="alert" className="mt-4">
          {this.state.error.message}
        </p>
        <button type="button" className="mt-6 rounded bg-teal-700 px-4 py-2 text-white" onClick={() => window.location.reload()}>
          Reload the explorer
        </button>
      </main>
    )
  }
}
