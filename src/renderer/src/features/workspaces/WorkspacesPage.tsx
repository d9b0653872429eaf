import { useState } from 'react'
import { api } from '../../lib/api'
import { useConsoleQuery } from '../../lib/use-console'
import { Button, Card, EmptyState, Field, Notice, PageHeader, Spinner } from '../../components/ui'
import { formatDate } from '../../lib/format'

/**
 * Workspaces, as in Postman: each data folder is one portal. The desktop app opens, creates and
 * switches them; the browser console served by `serve` shows its one folder and how to use another.
 */
export function WorkspacesPage(): React.JSX.Element {
  const list = useConsoleQuery('workspace.list', {})
  const [path, setPath] = useState('')
  const [busy, setBusy] = useState<string>()
  const [error, setError] = useState<string>()

  const run = async (kind: 'open' | 'create', dir: string): Promise<void> => {
    setBusy(`${kind}:${dir}`)
    setError(undefined)
    const result = await api.call(kind === 'open' ? 'workspace.open' : 'workspace.create', { dir })
    if (!result.ok) {
      setBusy(undefined)
      setError(result.error.message)
      return
    }
    // every screen's data belongs to the old workspace: start the console afresh on the new one
    window.location.hash = '/dashboard'
    window.location.reload()
  }

  const pick = async (kind: 'open' | 'create'): Promise<void> => {
    const picked = await api.call('workspace.pick', {})
    if (!picked.ok) {
      setError(picked.error.message)
      return
    }
    if (picked.value.dir) await run(kind, picked.value.dir)
  }

  const data = list.data
  return (
    <>
      <PageHeader title="Workspaces" description="Each workspace is a data folder holding one portal: its settings, API tokens, users, groups and logs." />
      {error && (
        <Notice tone="error" title="The workspace was not switched">
          {error}
        </Notice>
      )}
      {list.error && <Notice tone="error">{list.error.message}</Notice>}
      {!data ? (
        <Spinner />
      ) : (
        <>
          <Card title="Open now">
            <div className="copy-field">
              <input type="text" readOnly value={data.current} aria-label="Current workspace folder" />
            </div>
            {!data.canSwitch && (
              <Notice tone="info" title="This console is served by scim-harness serve">
                It is bound to this folder. To use another, stop it and run <code>scim-harness serve --data DIR</code>; the desktop app switches workspaces from
                here.
              </Notice>
            )}
          </Card>
          {data.canSwitch && (
            <>
              <Card
                title="Open or create"
                description="A new workspace needs an empty or new folder. The server keeps its port, so the Tenant URL in Entra ID stays the same."
                actions={
                  <>
                    <Button variant="secondary" onClick={() => void pick('open')} busy={busy?.startsWith('open') && !path}>
                      Open folder…
                    </Button>
                    <Button onClick={() => void pick('create')} busy={busy?.startsWith('create') && !path}>
                      New workspace…
                    </Button>
                  </>
                }
              >
                <Field label="Or type a folder path" htmlFor="workspace-path" hint="A full path, e.g. /home/me/scim/contoso">
                  <div className="row">
                    <input id="workspace-path" type="text" value={path} onChange={(e) => setPath(e.currentTarget.value)} style={{ flex: 1 }} />
                    <Button variant="secondary" disabled={!path.trim()} onClick={() => void run('open', path.trim())}>
                      Open
                    </Button>
                    <Button variant="secondary" disabled={!path.trim()} onClick={() => void run('create', path.trim())}>
                      Create
                    </Button>
                  </div>
                </Field>
              </Card>
              <Card title="Recent workspaces">
                {data.recent.length === 0 ? (
                  <EmptyState>No other workspaces yet.</EmptyState>
                ) : (
                  <div className="table-wrap">
                    <table className="table">
                      <thead>
                        <tr>
                          <th>Name</th>
                          <th>Folder</th>
                          <th>Last opened</th>
                          <th aria-label="Actions" />
                        </tr>
                      </thead>
                      <tbody>
                        {data.recent.map((w) => (
                          <tr key={w.dir}>
                            <td>{w.name}</td>
                            <td className="mono small">{w.dir}</td>
                            <td>{formatDate(w.lastOpened)}</td>
                            <td>
                              {w.dir === data.current ? (
                                <span className="muted small">Open now</span>
                              ) : (
                                <Button size="sm" variant="secondary" busy={busy === `open:${w.dir}`} onClick={() => void run('open', w.dir)}>
                                  Open
                                </Button>
                              )}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </Card>
            </>
          )}
        </>
      )}
    </>
  )
}
