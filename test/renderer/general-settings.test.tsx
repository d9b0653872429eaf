// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { installPreload, startRealConsole, type RealConsole } from './provisioning-fixture'

/* Portal Settings > General against a real harness: name, domain policy, CAL catalogue. */

installPreload()
const { GeneralSettingsPage } = await import('../../src/renderer/src/features/portal/GeneralSettingsPage')
const { usePortal } = await import('../../src/renderer/src/stores/portal-store')
const { useToasts } = await import('../../src/renderer/src/stores/toast-store')

let h: RealConsole

beforeEach(async () => {
  h = await startRealConsole()
  usePortal.setState({ view: undefined, loadError: undefined, provisioningEdits: {}, generalDraft: {} })
  useToasts.setState({ toasts: [] })
})
afterEach(async () => {
  cleanup()
  await h.close()
})

const toastTexts = (): string[] => useToasts.getState().toasts.map((t) => t.text)
const saveButton = (): HTMLButtonElement => screen.getByRole('button', { name: 'Save Changes' })
const calNames = (): string[] => screen.getAllByLabelText(/^Name of CAL \d+$/).map((i) => (i as HTMLInputElement).value)
const salesRule = { id: 'r1', attributePath: 'groups.displayName', condition: 'equals', matchingText: 'Sales', targetCal: 'Manager', enabled: true }

async function openScreen(): Promise<void> {
  render(<GeneralSettingsPage />)
  await screen.findByLabelText('Portal name')
}

describe('General settings: CAL catalogue', () => {
  it('renames inline, reorders and adds CALs; a rename follows into the default CAL and the rules', async () => {
    await h.call('portal.update', { defaultCal: 'Manager', calRules: [salesRule] })
    await openScreen()
    expect(calNames()).toEqual(['Administrator', 'Manager', 'Moderator', 'Contributor', 'Viewer'])
    const managerRow = screen.getByLabelText('Name of CAL 2').closest('li')!
    expect(within(managerRow).getByText('Default CAL')).toBeTruthy()
    expect(within(managerRow).getByText('1 rule')).toBeTruthy()

    fireEvent.change(screen.getByLabelText('Name of CAL 2'), { target: { value: 'Manager-123DE' } })
    expect(within(managerRow).getByText('Renamed from Manager')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Move Viewer up' }))
    fireEvent.change(screen.getByLabelText('Add a CAL'), { target: { value: 'Guest' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add CAL' }))
    expect(calNames()).toEqual(['Administrator', 'Manager-123DE', 'Moderator', 'Viewer', 'Contributor', 'Guest'])

    fireEvent.click(saveButton())
    await waitFor(() => expect(toastTexts()).toEqual(['Portal Information Updated Successfully']))
    expect(h.callsOf('portal.update')).toEqual([
      {
        cals: ['Administrator', 'Manager-123DE', 'Moderator', 'Viewer', 'Contributor', 'Guest'],
        defaultCal: 'Manager-123DE',
        calRules: [{ ...salesRule, targetCal: 'Manager-123DE' }],
      },
    ])
    expect(h.store.portal).toMatchObject({
      cals: ['Administrator', 'Manager-123DE', 'Moderator', 'Viewer', 'Contributor', 'Guest'],
      defaultCal: 'Manager-123DE',
    })
    expect(h.store.portal.calRules[0].targetCal).toBe('Manager-123DE')
    expect(screen.getByText('All changes saved')).toBeTruthy()
  })

  it('shows the refusal to remove the default CAL (calInUse) in the catalogue, and saves nothing', async () => {
    await h.call('portal.update', { defaultCal: 'Manager' })
    await openScreen()
    fireEvent.click(screen.getByRole('button', { name: 'Remove Manager' }))
    expect(calNames()).not.toContain('Manager')
    fireEvent.click(saveButton())
    const card = screen.getByRole('region', { name: 'CAL catalogue' })
    await waitFor(() => expect(within(card).getByRole('alert').textContent).toMatch(/'Manager' is the default CAL and cannot be removed/))
    expect(screen.getByText('Your changes were not saved')).toBeTruthy()
    expect(h.store.portal.cals).toContain('Manager')
    expect(toastTexts()).toEqual([])
    // Discard brings the catalogue back
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }))
    expect(calNames()).toContain('Manager')
    expect(screen.queryByText('Your changes were not saved')).toBeNull()
  })

  it('catches a duplicate name before sending it', async () => {
    await openScreen()
    fireEvent.change(screen.getByLabelText('Name of CAL 5'), { target: { value: 'administrator' } })
    expect(screen.getByText(/“Administrator” is already in the catalogue/)).toBeTruthy()
    fireEvent.click(saveButton())
    expect(screen.getByText('Your changes were not saved')).toBeTruthy()
    expect(h.callsOf('portal.update')).toEqual([])
  })
})

describe('General settings: portal name and domain policy', () => {
  it('saves the name alone', async () => {
    await openScreen()
    fireEvent.change(screen.getByLabelText('Portal name'), { target: { value: 'Contoso Media' } })
    fireEvent.click(saveButton())
    await waitFor(() => expect(toastTexts()).toEqual(['Portal Information Updated Successfully']))
    expect(h.callsOf('portal.update')).toEqual([{ name: 'Contoso Media' }])
    expect(h.store.portal.name).toBe('Contoso Media')
  })

  it('warns that SCIM needs a subdomain portal and shows the refusal beside the domain policy', async () => {
    await h.call('tokens.create', { expires: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) })
    await h.call('portal.update', { defaultCal: 'Viewer', scimEnabled: true })
    await openScreen()
    fireEvent.click(screen.getByRole('radio', { name: /Directory/ }))
    expect(screen.getByText('SCIM provisioning is enabled')).toBeTruthy()
    fireEvent.click(saveButton())
    const policy = screen.getByRole('group', { name: 'Domain policy' })
    await waitFor(() => expect(within(policy).getByRole('alert').textContent).toMatch(/Disable SCIM provisioning before changing the domain policy/))
    expect(h.store.portal.domainPolicy).toBe('subdomain')
  })
})
