import { useState } from 'react'
import type { ConsoleError } from '@shared/console/api'
import { Button, Dialog, Field, Notice } from '../../components/ui'
import { api, fileTooLarge, uploadFile, type UploadProgress } from '../../lib/api'
import { UploadProgressView } from '../../components/upload-progress'
import { SimErrorNotice } from '../../components/sim-ui'
import { useSimState } from '../../stores/sim-store'
import { formatSize, MAX_CONSOLE_CALL_BYTES } from '@shared/console/uploads'

/*
 * The Directory's dialogs that are not about one user: Generate sample directory, Import users
 * from CSV, and New group / Rename group.
 */

/** A size the generator accepts, or the reason it does not. */
function checkCount(text: string, min: number, max: number, noun: string): string | undefined {
  const n = Number(text)
  if (text.trim() === '' || !Number.isInteger(n)) return `Enter a whole number of ${noun}.`
  if (n < min || n > max) return `Between ${min.toLocaleString()} and ${max.toLocaleString()} ${noun}.`
  return undefined
}

/**
 * Generate sample directory: N realistic users and groups from a seed (the same seed gives the
 * same tenant on any machine). It replaces the tenant, so the dialog says so before it runs.
 */
export function GenerateDirectoryDialog({
  onClose,
  onDone,
  current,
}: {
  onClose: () => void
  onDone: (result: { users: number; groups: number }) => void
  current?: { users: number; groups: number }
}): React.JSX.Element {
  const [users, setUsers] = useState('50')
  const [groups, setGroups] = useState('5')
  const [seed, setSeed] = useState('contoso')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ConsoleError>()
  // the session reports each phase through the sim event while it generates
  const activity = useSimState().state?.activity ?? null
  const usersError = checkCount(users, 1, 100_000, 'users')
  const groupsError = checkCount(groups, 0, 1_000, 'groups')
  const seedError = seed.trim() === '' ? 'Enter a seed: any word; the same seed gives the same directory.' : undefined
  const valid = !usersError && !groupsError && !seedError

  const generate = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    const result = await api.call('sim.directory.generate', { users: Number(users), groups: Number(groups), seed: seed.trim() })
    setBusy(false)
    if (result.ok) onDone(result.value)
    else setError(result.error)
  }

  const replacing = current && current.users + current.groups > 0
  return (
    <Dialog
      title="Generate sample directory"
      onClose={() => !busy && onClose()}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant={replacing ? 'danger' : 'primary'} onClick={() => void generate()} busy={busy} disabled={!valid}>
            {busy ? 'Generating…' : replacing ? 'Replace and generate' : 'Generate'}
          </Button>
        </>
      }
    >
      <div className="stack">
        <Notice tone="warn" title="This replaces the simulated tenant">
          {replacing
            ? `Its ${current.users.toLocaleString()} users and ${current.groups.toLocaleString()} groups are removed, with their assignments to the app. `
            : 'Every user and group in it is removed, with their assignments to the app. '}
          Users already provisioned into the target stay there until a cycle deprovisions them.
        </Notice>
        <div className="sim-form-grid">
          <Field label="Users" htmlFor="sim-gen-users" error={usersError} hint="1 to 100,000">
            <input
              id="sim-gen-users"
              type="number"
              min={1}
              max={100_000}
              value={users}
              onChange={(e) => setUsers(e.currentTarget.value)}
              aria-invalid={!!usersError || undefined}
              disabled={busy}
            />
          </Field>
          <Field label="Groups" htmlFor="sim-gen-groups" error={groupsError} hint="0 to 1,000; members drawn from the users">
            <input
              id="sim-gen-groups"
              type="number"
              min={0}
              max={1_000}
              value={groups}
              onChange={(e) => setGroups(e.currentTarget.value)}
              aria-invalid={!!groupsError || undefined}
              disabled={busy}
            />
          </Field>
        </div>
        <Field label="Seed" htmlFor="sim-gen-seed" error={seedError} hint="The same seed and sizes give the same users, names and groups on any machine.">
          <input
            id="sim-gen-seed"
            type="text"
            value={seed}
            onChange={(e) => setSeed(e.currentTarget.value)}
            aria-invalid={!!seedError || undefined}
            disabled={busy}
          />
        </Field>
        {busy && (
          <div className="sim-progress" role="status">
            <p>
              <span className="spinner" aria-hidden="true" />{' '}
              {activity ? `${activity.label}…` : `Generating ${Number(users).toLocaleString()} users and ${Number(groups).toLocaleString()} groups…`}
            </p>
            {activity && (
              <div
                className="sim-progress-bar"
                role="progressbar"
                aria-label="Generating the sample directory"
                aria-valuemin={0}
                aria-valuemax={activity.total}
                aria-valuenow={activity.done}
                aria-valuetext={`step ${activity.done} of ${activity.total}`}
              >
                <span style={{ width: `${Math.floor((activity.done / activity.total) * 100)}%` }} />
              </div>
            )}
          </div>
        )}
        {error && <SimErrorNotice error={error} title="The directory was not generated" />}
      </div>
    </Dialog>
  )
}

/** Up to this size a chosen file is shown in the text box to edit; a larger one is sent as it is (a text box that large freezes the page). */
const EDITABLE_CSV_BYTES = MAX_CONSOLE_CALL_BYTES

const CSV_EXAMPLE =
  'userPrincipalName,displayName,givenName,surname,department,jobTitle,mail\nadele.vance@contoso.com,Adele Vance,Adele,Vance,Retail,Retail Manager,adele.vance@contoso.com'

/** Import users from CSV: a file or pasted text, with a header row of Entra attribute names. */
export function ImportCsvDialog({ onClose, onImported }: { onClose: () => void; onImported: (added: number) => void }): React.JSX.Element {
  const [csv, setCsv] = useState('')
  const [fileName, setFileName] = useState<string>()
  /** A chosen file too large to edit here: imported as it is. */
  const [largeFile, setLargeFile] = useState<File>()
  const [busy, setBusy] = useState(false)
  const [progress, setProgress] = useState<UploadProgress>()
  const [error, setError] = useState<ConsoleError>()
  const [result, setResult] = useState<{ added: number; problems: { line: number; message: string }[] }>()

  const readFile = async (file: File | undefined): Promise<void> => {
    if (!file) return
    setResult(undefined)
    const tooLarge = fileTooLarge('sim.directory.importCsv', file)
    setError(tooLarge)
    setFileName(tooLarge ? undefined : file.name)
    if (tooLarge) {
      setLargeFile(undefined)
      setCsv('')
    } else if (file.size > EDITABLE_CSV_BYTES) {
      setLargeFile(file)
      setCsv('')
    } else {
      setLargeFile(undefined)
      setCsv(await file.text())
    }
  }

  const importNow = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    const file = largeFile ?? new Blob([csv], { type: 'text/csv' })
    setProgress({ sent: 0, total: file.size })
    // a file over the limit is refused before it is sent, with its size and the limit
    const answer = await uploadFile('sim.directory.importCsv', file, setProgress)
    setBusy(false)
    setProgress(undefined)
    if (answer.ok) {
      setResult(answer.value)
      if (answer.value.added > 0) onImported(answer.value.added)
    } else setError(answer.error)
  }

  return (
    <Dialog
      title="Import users from CSV"
      onClose={() => !busy && onClose()}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            {result ? 'Close' : 'Cancel'}
          </Button>
          <Button onClick={() => void importNow()} busy={busy} disabled={!largeFile && csv.trim() === ''}>
            Import
          </Button>
        </>
      }
    >
      <div className="stack">
        <p className="muted">
          The first row names the columns with Entra attribute names (<code>userPrincipalName</code> is required; <code>displayName</code>,{' '}
          <code>givenName</code>, <code>surname</code>, <code>department</code>, <code>jobTitle</code>, <code>mail</code>, <code>employeeId</code>… as in Add
          user). Imported users are added; nobody is removed.
        </p>
        <Field
          label="CSV file"
          htmlFor="sim-csv-file"
          hint={
            largeFile
              ? `${largeFile.name} (${formatSize(largeFile.size)}) is imported as it is: too large to edit here.`
              : fileName
                ? `Read ${fileName}; edit it below before importing if needed.`
                : 'Or paste the text below.'
          }
        >
          <input id="sim-csv-file" type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void readFile(e.currentTarget.files?.[0])} disabled={busy} />
        </Field>
        <Field label="CSV text" htmlFor="sim-csv-text">
          <textarea
            id="sim-csv-text"
            rows={8}
            value={csv}
            placeholder={largeFile ? `Typing here imports the text instead of ${largeFile.name}.` : CSV_EXAMPLE}
            onChange={(e) => {
              setCsv(e.currentTarget.value)
              setLargeFile(undefined)
              setResult(undefined)
            }}
            disabled={busy}
          />
        </Field>
        {busy && progress && <UploadProgressView progress={progress} then="Importing users" label="Uploading the CSV file" />}
        {error && <SimErrorNotice error={error} title="Nothing was imported" />}
        {result && (
          <Notice
            tone={result.problems.length === 0 ? 'ok' : result.added > 0 ? 'warn' : 'error'}
            title={`${result.added.toLocaleString()} ${result.added === 1 ? 'user' : 'users'} added`}
          >
            {result.problems.length > 0 && (
              <>
                <span>
                  {result.problems.length.toLocaleString()} {result.problems.length === 1 ? 'line was' : 'lines were'} skipped; fix them and import those lines
                  again:
                </span>
                <ul className="sim-problems" aria-label="Import problems">
                  {result.problems.map((p) => (
                    <li key={`${p.line}-${p.message}`}>
                      <span className="sim-strong">Line {p.line}</span>: {p.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Notice>
        )}
      </div>
    </Dialog>
  )
}

/** New group, or Rename group when `group` is given. */
export function GroupDialog({
  group,
  onClose,
  onSaved,
}: {
  group?: { objectId: string; displayName: string }
  onClose: () => void
  onSaved: (objectId: string) => void
}): React.JSX.Element {
  const [name, setName] = useState(group?.displayName ?? '')
  const [nickname, setNickname] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ConsoleError>()

  const save = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    const result = group
      ? await api.call('sim.groups.update', { objectId: group.objectId, displayName: name.trim() })
      : await api.call('sim.groups.create', { displayName: name.trim(), mailNickname: nickname.trim() || undefined })
    setBusy(false)
    if (result.ok) onSaved(result.value.objectId)
    else setError(result.error)
  }
  const valid = name.trim() !== '' && (!group || name.trim() !== group.displayName)

  return (
    <Dialog
      title={group ? 'Rename group' : 'New group'}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button onClick={() => void save()} busy={busy} disabled={!valid}>
            {group ? 'Rename' : 'Create'}
          </Button>
        </>
      }
    >
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault()
          if (valid) void save()
        }}
      >
        <Field label="Group name" htmlFor="sim-group-name" hint="The default matching attribute for groups (displayName): keep it unique.">
          <input id="sim-group-name" type="text" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        </Field>
        {!group && (
          <Field label="Mail nickname" htmlFor="sim-group-nickname" hint="Optional; derived from the name when left empty.">
            <input id="sim-group-nickname" type="text" value={nickname} onChange={(e) => setNickname(e.currentTarget.value)} />
          </Field>
        )}
        {error && <SimErrorNotice error={error} title={group ? 'The group was not renamed' : 'The group was not created'} />}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
    </Dialog>
  )
}
