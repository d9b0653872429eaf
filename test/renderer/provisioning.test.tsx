// @vitest-environment happy-dom
import { createHash } from 'node:crypto'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { installPreload, startRealConsole, type RealConsole } from './provisioning-fixture'

/*
 * Portal Settings > Apps > Provisioning against a real harness (see provisioning-fixture.ts):
 * what the admin sees, what the screen sends, and what the workspace holds afterwards.
 */

installPreload()
// imported after window.api exists: lib/api.ts picks the IPC transport at import time
const { ProvisioningPage } = await import('../../src/renderer/src/features/provisioning/ProvisioningPage')
const { usePortal } = await import('../../src/renderer/src/stores/portal-store')
const { useToasts } = await import('../../src/renderer/src/stores/toast-store')
const { useStatus } = await import('../../src/renderer/src/stores/status-store')

let h: RealConsole

beforeAll(() => {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: async () => undefined }, configurable: true })
})
beforeEach(async () => {
  h = await startRealConsole()
  usePortal.setState({ view: undefined, loadError: undefined, provisioningEdits: {}, generalDraft: {} })
  useToasts.setState({ toasts: [] })
  useStatus.setState({ status: undefined })
})
afterEach(async () => {
  cleanup()
  await h.close()
})

const futureDate = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

async function openScreen(): Promise<void> {
  render(<ProvisioningPage />)
  await screen.findByRole('switch', { name: 'Enable SCIM provisioning' })
}

const toastTexts = (): string[] => useToasts.getState().toasts.map((t) => t.text)
const saveButton = (): HTMLButtonElement => screen.getByRole('button', { name: 'Save Changes' })
const select = (label: string): HTMLSelectElement => screen.getByLabelText(label) as HTMLSelectElement

async function addRule(path: string, condition: string, text: string, cal: string): Promise<void> {
  fireEvent.click(screen.getByRole('button', { name: 'Add New Rule' }))
  const dialog = await screen.findByRole('dialog', { name: 'Add New Rule' })
  fireEvent.change(within(dialog).getByLabelText('Attribute Path'), { target: { value: path } })
  fireEvent.change(within(dialog).getByLabelText('Condition'), { target: { value: condition } })
  fireEvent.change(within(dialog).getByLabelText('Matching text'), { target: { value: text } })
  fireEvent.change(within(dialog).getByLabelText('Targeted CAL'), { target: { value: cal } })
  fireEvent.click(within(dialog).getByRole('button', { name: 'Add Rule' }))
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
}

/** The rules table as [path, matching text, CAL] per row, top to bottom. */
function ruleRows(): string[][] {
  const table = screen.getByRole('table', { name: /CAL assignment rules/ })
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .slice(1, 5)
        .map((c) => c.textContent ?? ''),
    )
    .map(([path, , text, cal]) => [path, text, cal])
}

describe('Provisioning: the SCIM Azure AD app', () => {
  it('lists SCIM Azure AD as Disabled and says what enabling it needs, each with what to do', async () => {
    await openScreen()
    const appRow = screen.getByRole('row', { name: /SCIM Azure AD/ })
    expect(within(appRow).getByText('Disabled')).toBeTruthy()
    const reasons = screen.getByRole('group', { name: 'Before you can enable SCIM provisioning' })
    expect(reasons.textContent).toContain('Select a default CAL')
    expect(reasons.textContent).toContain('Generate an API token')
    expect(within(reasons).getByRole('button', { name: 'Choose a default CAL' })).toBeTruthy()
    // an unsaved default CAL already answers the first reason
    fireEvent.change(select('Default CAL'), { target: { value: 'Viewer' } })
    expect(reasons.textContent).not.toContain('Select a default CAL')
    expect(reasons.textContent).toContain('Generate an API token')
  })

  it('shows the BASE URI of the running server, read-only, with a copy button', async () => {
    await openScreen()
    const field = (await screen.findByLabelText('BASE URI')) as HTMLInputElement
    expect(field.value).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/)
    expect(field.readOnly).toBe(true)
    expect(screen.getByRole('button', { name: 'Copy BASE URI' })).toBeTruthy()
  })
})

describe('Provisioning: API tokens', () => {
  it('shows a new token once, with a warning and a copy button, then only its row in the list', async () => {
    await openScreen()
    fireEvent.click(within(screen.getByRole('region', { name: 'API tokens' })).getByRole('button', { name: 'Generate API Token' }))
    const expiry = screen.getByLabelText('Expiry date') as HTMLInputElement
    const inAYear = new Date()
    inAYear.setFullYear(inAYear.getFullYear() + 1)
    expect(expiry.value).toBe(`${inAYear.getFullYear()}-${String(inAYear.getMonth() + 1).padStart(2, '0')}-${String(inAYear.getDate()).padStart(2, '0')}`)
    fireEvent.change(screen.getByLabelText('Label (optional)'), { target: { value: 'Contoso test tenant' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add' }))

    const shown = (await screen.findByLabelText('new API token')) as HTMLInputElement
    expect(screen.getByText(/won’t be shown again/)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Copy new API token' })).toBeTruthy()
    // the token on screen is the one the workspace accepts: its hash is what was stored
    const stored = [...h.store.tokens()]
    expect(stored).toHaveLength(1)
    expect(stored[0].label).toBe('Contoso test tenant')
    expect(createHash('sha256').update(shown.value).digest('hex')).toBe(stored[0].hash)
    const tokenRow = await screen.findByRole('row', { name: /Contoso test tenant/ })
    expect(within(tokenRow).getByText('Active')).toBeTruthy()
    // it took effect without Save Changes
    expect(saveButton().disabled).toBe(true)
    expect(screen.getByRole('group', { name: 'Before you can enable SCIM provisioning' }).textContent).not.toContain('API token')

    fireEvent.click(screen.getByRole('button', { name: 'I’ve copied it' }))
    expect(screen.queryByLabelText('new API token')).toBeNull()
    expect(document.body.innerHTML).not.toContain(shown.value)
    expect(screen.getByRole('row', { name: /Contoso test tenant/ })).toBeTruthy()
  })

  it('shows the server’s refusal of a past expiry beside the expiry date', async () => {
    await openScreen()
    fireEvent.click(within(screen.getByRole('region', { name: 'API tokens' })).getByRole('button', { name: 'Generate API Token' }))
    fireEvent.change(screen.getByLabelText('Expiry date'), { target: { value: '2020-01-01' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add' }))
    const error = await screen.findByText(/is not in the future/)
    expect(error.className).toBe('field-error')
    expect([...h.store.tokens()]).toHaveLength(0)
  })

  it('revokes a token after confirmation, at once', async () => {
    await h.call('tokens.create', { expires: futureDate(30), label: 'old laptop' })
    await openScreen()
    const row = await screen.findByRole('row', { name: /old laptop/ })
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke old laptop' }))
    const dialog = screen.getByRole('dialog', { name: 'Revoke API token?' })
    expect(dialog.textContent).toContain('401')
    // Cancel keeps it
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect([...h.store.tokens()][0].revokedAt).toBeNull()
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke old laptop' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke token' }))
    await waitFor(() => expect(within(screen.getByRole('row', { name: /old laptop/ })).getByText('Revoked')).toBeTruthy())
    expect([...h.store.tokens()][0].revokedAt).not.toBeNull()
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })
})

describe('Provisioning: Save Changes', () => {
  it('sends only the changed settings, shows the VIDIZMO notification and saves them', async () => {
    await openScreen()
    expect(saveButton().disabled).toBe(true)
    fireEvent.change(select('Default CAL'), { target: { value: 'Manager' } })
    fireEvent.click(screen.getByRole('radio', { name: /Hard delete/ }))
    expect(screen.getByText(/Unsaved changes/)).toBeTruthy()
    fireEvent.click(saveButton())
    await waitFor(() => expect(toastTexts()).toEqual(['Portal Information Updated Successfully']))
    expect(h.callsOf('portal.update')).toEqual([{ defaultCal: 'Manager', deleteMode: 'hard' }])
    expect(h.store.portal.defaultCal).toBe('Manager')
    expect(h.store.portal.deleteMode).toBe('hard')
    expect(screen.getByText('All changes saved')).toBeTruthy()
  })

  it('Discard drops the unsaved changes', async () => {
    await openScreen()
    fireEvent.change(select('Default CAL'), { target: { value: 'Manager' } })
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }))
    expect(select('Default CAL').value).toBe('')
    expect(saveButton().disabled).toBe(true)
    expect(h.callsOf('portal.update')).toEqual([])
  })

  it('shows a refusal (no default CAL) beside the Default CAL field and in a summary, and saves once it is fixed', async () => {
    await h.call('tokens.create', { expires: futureDate(30) })
    await openScreen()
    fireEvent.click(screen.getByRole('switch', { name: 'Enable SCIM provisioning' }))
    fireEvent.click(saveButton())
    const beside = await waitFor(() => {
      const el = document.getElementById('prov-default-cal-error')
      expect(el).not.toBeNull()
      return el!
    })
    expect(beside.textContent).toMatch(/Select a default CAL before enabling SCIM provisioning/)
    expect(select('Default CAL').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByText('Your changes were not saved')).toBeTruthy()
    expect(toastTexts()).toEqual([])
    expect(h.store.portal.scimEnabled).toBe(false)

    // choosing a default CAL clears the message; saving now enables SCIM
    fireEvent.change(select('Default CAL'), { target: { value: 'Viewer' } })
    expect(document.getElementById('prov-default-cal-error')).toBeNull()
    fireEvent.click(saveButton())
    await waitFor(() => expect(toastTexts()).toEqual(['Portal Information Updated Successfully']))
    expect(h.store.portal).toMatchObject({ scimEnabled: true, defaultCal: 'Viewer' })
    expect(within(screen.getByRole('row', { name: /SCIM Azure AD/ })).getByText('Enabled')).toBeTruthy()
    expect(screen.queryByText('Your changes were not saved')).toBeNull()
  })

  it('shows a saved rule the server cannot run on its row, and names it when Save Changes is refused', async () => {
    // an older version ran patterns on V8's RegExp and took a backreference; the linear-time engine does not
    const stale = { id: 'r-old', attributePath: 'title', condition: 'matchesRegex' as const, matchingText: '(sales)\\1', targetCal: 'Manager', enabled: true }
    await h.store.commit([{ kind: 'setPortal', portal: { ...h.store.portal, calRules: [stale] } }])
    await openScreen()
    const message = document.querySelector('tr.row-refused-message')
    expect(message?.textContent).toMatch(/^CAL rule 1: .*uses a backreference \(\\1\).*skipped, and Save Changes is refused/)
    expect(document.querySelector('tr.row-refused')?.textContent).toContain('(sales)\\1')

    fireEvent.click(screen.getByRole('radio', { name: /Hard delete/ }))
    fireEvent.click(saveButton())
    await waitFor(() => expect(screen.getByText('Your changes were not saved')).toBeTruthy())
    expect(document.querySelector('tr.row-refused-message')?.textContent).toMatch(/^CAL rule 1: .*backreference/)
    expect(h.store.portal.deleteMode).toBe('deactivate')

    fireEvent.click(screen.getByRole('button', { name: 'Delete rule 1' }))
    fireEvent.click(saveButton())
    await waitFor(() => expect(toastTexts()).toContain('Portal Information Updated Successfully'))
    expect(h.store.portal).toMatchObject({ calRules: [], deleteMode: 'hard' })
  })
})

describe('Provisioning: CAL assignment rules', () => {
  it('checks a rule on Add Rule and shows a refused pattern beside Matching text', async () => {
    await openScreen()
    fireEvent.click(screen.getByRole('button', { name: 'Add New Rule' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add New Rule' })
    fireEvent.change(within(dialog).getByLabelText('Attribute Path'), { target: { value: 'title' } })
    fireEvent.change(within(dialog).getByLabelText('Condition'), { target: { value: 'matchesRegex' } })
    const text = within(dialog).getByLabelText('Matching text') as HTMLInputElement
    fireEvent.change(text, { target: { value: '^(?!contractor)' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add Rule' }))
    const beside = await waitFor(() => {
      const el = document.getElementById(text.getAttribute('aria-describedby') ?? '')
      expect(el?.textContent).toMatch(/uses a lookahead \(\?!\.\.\.\).*linear-time engine \(RE2\)/)
      return el!
    })
    expect(beside.id).toMatch(/-text-error$/)
    expect(text.getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByRole('dialog', { name: 'Add New Rule' })).toBeTruthy()
    expect(h.callsOf('cal.checkRule')).toHaveLength(1)

    // nested quantifiers are fine now: the engine runs them in linear time
    fireEvent.change(text, { target: { value: '^(a+)+$' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add Rule' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(ruleRows()).toEqual([['Job title', '^(a+)+$', 'Administrator']])
    fireEvent.click(saveButton())
    await waitFor(() => expect(toastTexts()).toContain('Portal Information Updated Successfully'))
    expect(h.store.portal.calRules.map((r) => r.matchingText)).toEqual(['^(a+)+$'])
  })

  it('adds, reorders, disables and deletes rules, and saves them in that order', async () => {
    await openScreen()
    expect(screen.getByText(/No rules yet/)).toBeTruthy()
    await addRule('groups.displayName', 'equals', 'Sales Managers', 'Manager')
    await addRule('title', 'contains', 'Director', 'Administrator')
    await addRule('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'startsWith', 'Support', 'Contributor')
    expect(ruleRows()).toEqual([
      ['GroupGroup name', 'Sales Managers', 'Manager'],
      ['Job title', 'Director', 'Administrator'],
      ['Department', 'Support', 'Contributor'],
    ])

    fireEvent.click(screen.getByRole('button', { name: 'Move rule 3 up' }))
    fireEvent.click(screen.getByRole('button', { name: 'Move rule 2 up' }))
    expect(ruleRows().map((r) => r[1])).toEqual(['Support', 'Sales Managers', 'Director'])
    expect((screen.getByRole('button', { name: 'Move rule 1 up' }) as HTMLButtonElement).disabled).toBe(true)

    fireEvent.click(screen.getByRole('button', { name: 'Delete rule 2' }))
    fireEvent.click(screen.getByRole('switch', { name: 'Rule 2 enabled' }))
    fireEvent.click(saveButton())
    await waitFor(() => expect(toastTexts()).toContain('Portal Information Updated Successfully'))

    const [sent] = h.callsOf('portal.update') as { calRules: unknown[] }[]
    expect(Object.keys(sent)).toEqual(['calRules'])
    const expected = [
      {
        attributePath: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
        condition: 'startsWith',
        matchingText: 'Support',
        targetCal: 'Contributor',
        enabled: true,
      },
      { attributePath: 'title', condition: 'contains', matchingText: 'Director', targetCal: 'Administrator', enabled: false },
    ]
    expect(sent.calRules).toMatchObject(expected)
    expect(h.store.portal.calRules).toMatchObject(expected)
    expect(new Set(h.store.portal.calRules.map((r) => r.id)).size).toBe(2)
  })

  it('edits a rule in place through the same dialog', async () => {
    await openScreen()
    await addRule('groups.displayName', 'equals', 'Sales', 'Manager')
    fireEvent.click(screen.getByRole('button', { name: 'Edit rule 1' }))
    const dialog = screen.getByRole('dialog', { name: 'Edit Rule' })
    expect((within(dialog).getByLabelText('Matching text') as HTMLInputElement).value).toBe('Sales')
    fireEvent.change(within(dialog).getByLabelText('Matching text'), { target: { value: 'Sales EMEA' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Update Rule' }))
    // the server checks the edited rule before the dialog closes
    await waitFor(() => expect(ruleRows()).toEqual([['GroupGroup name', 'Sales EMEA', 'Manager']]))
  })

  it('the dialog takes a free-text attribute path and refuses an empty matching text', async () => {
    await openScreen()
    fireEvent.click(screen.getByRole('button', { name: 'Add New Rule' }))
    const dialog = screen.getByRole('dialog', { name: 'Add New Rule' })
    fireEvent.change(within(dialog).getByLabelText('Attribute Path'), { target: { value: '__custom__' } })
    fireEvent.change(within(dialog).getByLabelText('Custom attribute path'), { target: { value: 'addresses.country' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add Rule' }))
    expect(within(dialog).getByText('Enter the text the attribute is compared with.')).toBeTruthy()
    fireEvent.change(within(dialog).getByLabelText('Matching text'), { target: { value: 'DE' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add Rule' }))
    await waitFor(() => expect(ruleRows()).toEqual([['addresses.country', 'DE', 'Administrator']]))
  })
})

describe('Provisioning: CAL preview', () => {
  it('shows which CAL a hypothetical user gets from the unsaved rules, and why, rule by rule', async () => {
    await h.call('portal.update', { defaultCal: 'Viewer' })
    await openScreen()
    await addRule('groups.displayName', 'equals', 'Sales Managers', 'Manager')
    await addRule('title', 'equals', 'CEO', 'Administrator')
    const preview = screen.getByRole('region', { name: 'CAL preview' })
    expect(preview.textContent).toContain('Uses your unsaved rules')

    fireEvent.change(within(preview).getByLabelText('Groups'), { target: { value: 'Sales Managers' } })
    fireEvent.click(within(preview).getByRole('button', { name: 'Preview CAL' }))
    await waitFor(() => expect(within(preview).getByTestId('preview-cal').textContent).toBe('Manager'))
    const items = within(preview).getAllByRole('listitem')
    expect(items).toHaveLength(2)
    expect(within(items[0]).getByText('Matched')).toBeTruthy()
    expect(within(items[0]).getByText('Decides the CAL')).toBeTruthy()
    expect(within(items[1]).getByText('Not matched')).toBeTruthy()
    expect(items[0].textContent).toContain('Sales Managers')

    // both match: the highest CAL wins, then with "first matching rule wins" rule 1 decides
    fireEvent.change(within(preview).getByLabelText('Job title'), { target: { value: 'CEO' } })
    fireEvent.click(within(preview).getByRole('button', { name: 'Preview CAL' }))
    await waitFor(() => expect(within(preview).getByTestId('preview-cal').textContent).toBe('Administrator'))
    fireEvent.click(screen.getByRole('radio', { name: /First matching rule wins/ }))
    fireEvent.click(within(preview).getByRole('button', { name: 'Preview CAL' }))
    await waitFor(() => expect(within(preview).getByTestId('preview-cal').textContent).toBe('Manager'))

    // nothing matches: the default CAL
    fireEvent.change(within(preview).getByLabelText('Job title'), { target: { value: '' } })
    fireEvent.change(within(preview).getByLabelText('Groups'), { target: { value: 'Engineering' } })
    fireEvent.click(within(preview).getByRole('button', { name: 'Preview CAL' }))
    await waitFor(() => expect(within(preview).getByTestId('preview-cal').textContent).toBe('Viewer'))
    expect(within(preview).getByText('default CAL')).toBeTruthy()
    // the preview saved nothing
    expect(h.store.portal.calRules).toEqual([])
    await act(async () => undefined)
  })
})
