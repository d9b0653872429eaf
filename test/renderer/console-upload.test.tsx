// @vitest-environment happy-dom
import { act, cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

/*
 * Uploads in the browser console (issue 14, item 6): the file goes as the request body with
 * XMLHttpRequest so the screen can say how far it has come, and a file over the limit is refused
 * before anything is sent. This is the browser transport (no `window.api`); the server side is
 * test/security/console-upload.test.ts. happy-dom's XMLHttpRequest cannot report upload
 * progress, so a stand-in records the request and lets the test drive its events.
 */

const MB = 1024 * 1024

class FakeUpload {
  onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null = null
}

class FakeXhr {
  static sent: FakeXhr[] = []
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: unknown
  status = 0
  responseText = ''
  upload = new FakeUpload()
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  open(method: string, url: string): void {
    this.method = method
    this.url = url
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value
  }
  send(body: unknown): void {
    this.body = body
    FakeXhr.sent.push(this)
  }
  progress(loaded: number, total: number): void {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true })
  }
  answer(status: number, body: unknown): void {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.onload?.()
  }
}

window.sessionStorage.setItem('scim-harness.consoleToken', 'console-token')
;(globalThis as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = FakeXhr
const { ImportCsvDialog } = await import('../../src/renderer/src/features/sim-directory/DirectoryDialogs')
const { transportKind } = await import('../../src/renderer/src/lib/api')
const { uploadStatus } = await import('../../src/renderer/src/components/upload-progress')

configure({ asyncUtilTimeout: 5000 })

beforeEach(() => {
  FakeXhr.sent = []
})
afterEach(cleanup)

/** A CSV file of `size` bytes without allocating it (the dialog reads only its size before sending). */
function bigCsv(size: number, name = 'people.csv'): File {
  const file = new File(['userPrincipalName\nbig.user@contoso.com\n'], name, { type: 'text/csv' })
  Object.defineProperty(file, 'size', { value: size })
  return file
}

function openDialog(): HTMLElement {
  render(<ImportCsvDialog onClose={() => undefined} onImported={() => undefined} />)
  return screen.getByRole('dialog', { name: 'Import users from CSV' })
}

describe('browser console uploads', () => {
  it('runs on the browser transport', () => {
    expect(transportKind).toBe('http')
  })

  it('sends a large CSV file as the request body and shows how far the upload has come', async () => {
    const dialog = openDialog()
    const file = bigCsv(Math.round(12.3 * MB))
    fireEvent.change(within(dialog).getByLabelText('CSV file'), { target: { files: [file] } })
    expect(await within(dialog).findByText('people.csv (12.3 MB) is imported as it is: too large to edit here.')).toBeTruthy()

    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }))
    expect(FakeXhr.sent).toHaveLength(1)
    const xhr = FakeXhr.sent[0]
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toMatch(/\/api\/sim\.directory\.importCsv$/)
    expect(xhr.headers).toMatchObject({ 'content-type': 'application/octet-stream', authorization: 'Bearer console-token' })
    expect(xhr.body).toBe(file)

    act(() => xhr.progress(Math.ceil(file.size * 0.45), file.size))
    expect(within(dialog).getByRole('status').textContent).toContain('Uploading 12.3 MB… 45%')
    expect(within(dialog).getByRole('progressbar', { name: 'Uploading the CSV file' }).getAttribute('aria-valuenow')).toBe('45')

    act(() => xhr.progress(file.size, file.size))
    expect(within(dialog).getByRole('status').textContent).toContain('Importing users…')

    act(() => xhr.answer(200, { ok: true, value: { added: 120_000, problems: [] } }))
    expect(await within(dialog).findByText('120,000 users added')).toBeTruthy()
    expect(within(dialog).queryByRole('progressbar')).toBeNull()
  })

  it('says a file is over the limit as soon as it is picked, and sends nothing', async () => {
    const dialog = openDialog()
    fireEvent.change(within(dialog).getByLabelText('CSV file'), { target: { files: [bigCsv(62 * MB, 'tenant.csv')] } })
    expect(await within(dialog).findByText('The CSV file is 62 MB; the limit is 50 MB.')).toBeTruthy()
    expect((within(dialog).getByRole('button', { name: 'Import' }) as HTMLButtonElement).disabled).toBe(true)
    expect(FakeXhr.sent).toHaveLength(0)
  })

  it('sends pasted text the same way, and shows the server’s refusal', async () => {
    const dialog = openDialog()
    fireEvent.change(within(dialog).getByLabelText('CSV text'), { target: { value: 'userPrincipalName\npasted@contoso.com' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }))
    const xhr = FakeXhr.sent[0]
    expect(await (xhr.body as Blob).text()).toBe('userPrincipalName\npasted@contoso.com')
    act(() => xhr.answer(413, { ok: false, error: { code: 'too-large', message: 'The CSV file is larger than 50 MB, the most the console takes.' } }))
    expect(await within(dialog).findByText('The CSV file is larger than 50 MB, the most the console takes.')).toBeTruthy()
  })
})

describe('upload status text', () => {
  it('reads as a person would say it', () => {
    expect(uploadStatus({ sent: 0, total: 870 * 1024 }, 'Opening the scenario')).toBe('Uploading 870 KB… 0%')
    expect(uploadStatus({ sent: 25 * MB, total: 50 * MB }, 'Opening the scenario')).toBe('Uploading 50 MB… 50%')
    expect(uploadStatus({ sent: 50 * MB, total: 50 * MB }, 'Opening the scenario')).toBe('Opening the scenario…')
  })
})
