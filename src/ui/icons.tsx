// Drawn, not typed: Linux has no emoji font by default, so ⏮ and ⏭ render as boxes.
const iconProps = { width: 14, height: 14, viewBox: '0 0 14 14', 'aria-hidden': true, focusable: false, className: 'inline-block fill-current align-[-2px]' } as const

export function JumpStartIcon() {
  return (
    <svg {...iconProps}>
      <rect x="1.5" y="2" width="2" height="10" />
      <path d="M8.5 2 3.5 7l5 5zM13 2 8 7l5 5z" />
    </svg>
  )
}

export function JumpEndIcon() {
  return (
    <svg {...iconProps}>
      <path d="M1 2l5 5-5 5zM5.5 2l5 5-5 5z" />
      <rect x="10.5" y="2" width="2" height="10" />
    </svg>
  )
}
