import { create } from 'zustand'

/*
 * Hash routing (`#/users/<id>`): works the same from file:// in Electron and from /console/ in a
 * browser, survives reloads, and lets tests open a screen by URL.
 */

export interface RouteState {
  path: string
  navigate(path: string): void
}

function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '')
  return hash.startsWith('/') ? hash : '/dashboard'
}

export const useRouter = create<RouteState>((set) => ({
  path: currentPath(),
  navigate(path) {
    if (window.location.hash !== `#${path}`) window.location.hash = path
    set({ path })
  },
}))

window.addEventListener('hashchange', () => useRouter.setState({ path: currentPath() }))

/** `/users/abc` against `/users/:id` gives { id: 'abc' }; no match gives null. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/')
  const a = path.split('?')[0].split('/')
  if (p.length !== a.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(a[i])
    else if (p[i] !== a[i]) return null
  }
  return params
}
