import { useEffect } from 'react'
import { ROUTES } from './app/routes'
import { Badge, Button, Notice } from './components/ui'
import { transportKind } from './lib/api'
import { matchRoute, useRouter } from './stores/router'
import { useStatus } from './stores/status-store'
import { useTheme, type ThemeChoice } from './stores/theme-store'
import { useToasts } from './stores/toast-store'

/** The console: sidebar navigation, a top bar with the server's state, the routed screen, toasts. */
export function App(): React.JSX.Element {
  const path = useRouter((s) => s.path)
  const { status, error, load } = useStatus()

  useEffect(() => {
    void load()
  }, [load])

  let params: Record<string, string> = {}
  const route =
    ROUTES.find((r) => {
      const match = matchRoute(r.pattern, path)
      if (match) params = match
      return match !== null
    }) ?? ROUTES[0]

  return (
    <div className="app">
      <Sidebar current={route.pattern} />
      <div className="main">
        <header className="topbar">
          <nav className="crumbs" aria-label="Breadcrumb">
            {route.crumbs.map((c, i) => (i === route.crumbs.length - 1 ? <strong key={c}>{c}</strong> : <span key={c}>{c} › </span>))}
          </nav>
          <div className="topbar-right">
            {status && !status.loopback && <Badge tone="warn">Listening on {status.host}: reachable from the network</Badge>}
            <Badge tone={status ? 'ok' : error ? 'danger' : 'warn'} dot>
              {status ? `SCIM server on ${status.host}:${status.port}` : error ? 'Server unreachable' : 'Connecting…'}
            </Badge>
          </div>
        </header>
        <main className="content" id="main">
          {error && !status && (
            <Notice
              tone="error"
              title="The console cannot reach the harness"
              action={
                <Button variant="secondary" onClick={() => void load()}>
                  Retry
                </Button>
              }
            >
              {error}
            </Notice>
          )}
          {route.render(params)}
        </main>
      </div>
      <Toasts />
    </div>
  )
}

function Sidebar({ current }: { current: string }): React.JSX.Element {
  const navigate = useRouter((s) => s.navigate)
  const { theme, setTheme } = useTheme()
  const status = useStatus((s) => s.status)
  const sections: string[] = []
  for (const r of ROUTES) if (r.nav && !sections.includes(r.nav.section)) sections.push(r.nav.section)
  return (
    <aside className="nav" aria-label="Main navigation">
      <div className="nav-brand">
        <span className="brand-mark" aria-hidden="true">
          S
        </span>
        SCIM Harness
      </div>
      {sections.map((section) => (
        <div key={section}>
          <div className="nav-section">{section}</div>
          {ROUTES.filter((r) => r.nav?.section === section).map((r) => (
            <a
              key={r.pattern}
              href={`#${r.pattern}`}
              className="nav-link"
              aria-current={current === r.pattern || current.startsWith(`${r.pattern}/`) ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault()
                navigate(r.pattern)
              }}
            >
              {r.nav!.label}
            </a>
          ))}
        </div>
      ))}
      <div className="nav-footer">
        <label className="field">
          <span>Theme</span>
          <select value={theme} onChange={(e) => setTheme(e.currentTarget.value as ThemeChoice)} aria-label="Theme">
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <span title={status?.dataDir}>
          {transportKind === 'ipc' ? 'Desktop app' : 'Browser console'}
          {status ? ` · v${status.version}` : ''}
        </span>
      </div>
    </aside>
  )
}

function Toasts(): React.JSX.Element {
  const { toasts, dismiss } = useToasts()
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast${t.tone === 'error' ? ' toast-error' : ''}`}
          role={t.tone === 'error' ? 'alert' : 'status'}
          onClick={() => dismiss(t.id)}
        >
          {t.text}
        </div>
      ))}
    </div>
  )
}
