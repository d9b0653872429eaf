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

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  show(text, tone = 'ok') {
    const id = ++next
    set({ toasts: [...get().toasts, { id, tone, text }] })
    setTimeout(() => get().dismiss(id), tone === 'error' ? 8000 : 4000)
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) })
  },
}))
