import { useEffect, useState } from 'react'
import { Button } from './ui'

/**
 * Copies text to the clipboard and says so on the button for two seconds, or says the clipboard
 * was refused (an http page, a denied permission) so the person selects the text instead.
 * `label` names the button for screen readers when its own text ("Copy") is not enough.
 */
export function CopyButton({ text, label, children = 'Copy' }: { text: string; label?: string; children?: string }): React.JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])
  return (
    <Button
      variant="secondary"
      size="sm"
      aria-label={label}
      onClick={() => {
        // navigator.clipboard is missing outside a secure context: a refusal like any other
        Promise.resolve()
          .then(() => navigator.clipboard.writeText(text))
          .then(
            () => setState('copied'),
            () => setState('failed'),
          )
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy refused: select the text' : children}
    </Button>
  )
}
