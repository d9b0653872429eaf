import { create } from 'zustand'

/** Light, dark, or follow the OS; remembered per machine. */
export type ThemeChoice = 'system' | 'light' | 'dark'
const KEY = 'scim-harness.theme'

function apply(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme
  else document.documentElement.dataset.theme = choice
}

function stored(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(KEY)
    return value === 'light' || value === 'dark' ? value : 'system'
  } catch {
    return 'system'
  }
}

export const useTheme = create<{ theme: ThemeChoice; setTheme(choice: ThemeChoice): void }>((set) => {
  const initial = stored()
  apply(initial)
  return {
    theme: initial,
    setTheme(choice) {
      apply(choice)
      try {
        window.localStorage.setItem(KEY, choice)
      } catch {
        // private windows may refuse storage: the theme still applies for this session
      }
      set({ theme: choice })
    },
  }
})
