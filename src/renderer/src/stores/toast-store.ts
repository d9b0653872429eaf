import { create } from 'zustand'

/** Short confirmations ("Portal Information Updated Successfully") and failures, bottom right. */
export interface Toast {
  id: number
  tone: 'ok' | 'error'
  text: string
}

interface ToastState {
  toasts: Toast[]
  show(text: string, tone?: Toast['tone']): void
  dismiss(id: number): void
}

let next = 0
/** The newest notices shown at once; older ones give way. */
export const MAX_VISIBLE = 3

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  show(text, tone = 'ok') {
    const id = ++next
    // a burst of actions (generate, assign, start) must not stack a column of notices over the screen
    set({ toasts: [...get().toasts, { id, tone, text }].slice(-MAX_VISIBLE) })
    setTimeout(() => get().dismiss(id), tone === 'error' ? 8000 : 4000)
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) })
  },
}))
