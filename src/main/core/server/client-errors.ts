import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { errorBody, ScimError } from '../scim/errors'

/*
 * Requests Node's HTTP parser refuses before Express sees them (headers over 16 KiB, a URL that
 * does not parse, a malformed request line, a header timeout). Node's default answer is a bare
 * status line with no body; a SCIM client, Entra included, expects an RFC 7644 error body, so
 * we write one. The connection is closed after it: the parser cannot resync on a broken stream.
 */

function statusFor(code: string | undefined): ScimError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ScimError(431, undefined, 'The request headers (or the URL) are larger than 16 KiB. Send a shorter filter, or POST it to /.search.')
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ScimError(408, undefined, 'The request was not received in time.')
    default:
      return new ScimError(400, 'invalidSyntax', 'The request is not valid HTTP.')
  }
}

export function answerClientErrorsInScim(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // a socket that is already gone (reset, aborted upload) has no one to answer
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const scim = statusFor(error.code)
    const body = JSON.stringify(errorBody(scim))
    socket.end(
      `HTTP/1.1 ${scim.status} ${scim.status === 431 ? 'Request Header Fields Too Large' : scim.status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        'Content-Type: application/scim+json; charset=utf-8\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    )
  })
}
