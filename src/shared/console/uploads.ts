/**
 * Files the console takes in one call (a scenario file, a directory CSV): how big they may be,
 * and how a transport carries them. Every other console call is a small JSON body.
 *
 * Over HTTP a file travels as the request body itself (application/octet-stream, UTF-8 text),
 * not as a string inside JSON: the browser streams it from disk with upload progress, the
 * server counts bytes as they arrive and stops at the limit, and the limit is the file's size as
 * the user sees it, with no JSON escaping on top. Nothing here may import node, electron or the DOM.
 */

/** The largest file the console opens or imports: 50 MiB, as the table's schemas allow. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024

/** Any other console call: a settings change with 500 rules fits many times over. */
export const MAX_CONSOLE_CALL_BYTES = 1024 * 1024

/** The media type of an upload body over HTTP (not one a cross-site form can send, so CSRF needs a preflight that is never granted). */
export const UPLOAD_MEDIA_TYPE = 'application/octet-stream'

/** What the method table says about a method that takes a file. */
export interface ConsoleUpload {
  /** The input field the file's text fills. */
  field: string
  /** The most bytes the file may have. */
  maxBytes: number
  /** What the file is, in a sentence: "scenario file". */
  what: string
}

/** Sizes as a person reads them: "870 KB", "12.3 MB", "50 MB" (1 MB = 1024 × 1024 bytes, as the limits are set). */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-US')} KB`
  const mb = bytes / (1024 * 1024)
  return `${mb >= 100 ? Math.round(mb).toLocaleString('en-US') : Number(mb.toFixed(1)).toString()} MB`
}

/** The refusal for a file over the limit, the same before sending and from the server. */
export function tooLargeMessage(upload: ConsoleUpload, size: number | undefined): string {
  const limit = formatSize(upload.maxBytes)
  return size === undefined
    ? `The ${upload.what} is larger than ${limit}, the most the console takes.`
    : `The ${upload.what} is ${formatSize(size)}; the limit is ${limit}.`
}
