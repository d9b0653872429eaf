import express, { type NextFunction, type Request, type Response } from 'express'
import { StoreUnavailableError, type Store } from '../store'
import type { RequestLog, RequestLogEntry } from '../store/request-log'
import { SCIM_BASE_PATH } from '../scim/base-path'
import { ScimService } from '../scim/service'
import { ScimError, errorBody } from '../scim/errors'
import { RuleTrace } from '../scim/leniency'
import { bearerAuth } from './auth'
import { SCIM_CONTENT_TYPE, scimRouter } from './scim-router'
import { publicOrigin } from './forwarded'
import { redactBody, redactEntry } from '../../../shared/redaction'
import { MAX_BODY_BYTES } from './discovery'
import { consoleRouter, type ConsoleHttpOptions } from './console-http'
import { CONSOLE_PATH } from '../../../shared/console/api'

/*
 * The HTTP face of the harness. One Express app: /scim/v2 (auth, SCIM routes), with one error
 * handler that turns every failure into an RFC 7644 error body, and a request log entry per
 * request with the leniency rules that fired. Express stays at this edge; the service below
 * knows nothing of HTTP.
 */

/** Header the simulated Entra client sets, so the traffic view can tell it from real Azure. */
export const CLIENT_HEADER = 'x-scim-harness-client'

/** How much of each body the request log keeps. */
const LOGGED_BODY_LIMIT = 16 * 1024
/**
 * How much of a refused request's URL and User-Agent its sample keeps: a flood of 15 KB URLs
 * (or User-Agents) would otherwise turn the refused samples' 1 MB budget over every few dozen
 * requests.
 */
const REFUSED_TEXT_LIMIT = 1024

function clipRefused(text: string): string {
  return text.length > REFUSED_TEXT_LIMIT ? `${text.slice(0, REFUSED_TEXT_LIMIT)}…[${text.length} characters]` : text
}

export interface AppOptions {
  store: Store
  requestLog?: RequestLog
  clock?: () => Date
  /** Told about every finished SCIM request (the console's live Traffic feed). */
  onRequest?: (entry: RequestLogEntry) => void
  /**
   * Told about every request refused for want of a valid token, with the client's address,
   * instead of `requestLog` and `onRequest`: such requests are counted and sampled on their own
   * budget (api/unauthenticated-tally.ts) so they cannot push authorised ones out (issue 14).
   */
  onRefused?: (entry: RequestLogEntry, address: string | undefined) => void
  /** Serves the console API and page at /console. */
  console?: ConsoleHttpOptions
}

function clip(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  return text.length > LOGGED_BODY_LIMIT ? `${text.slice(0, LOGGED_BODY_LIMIT)}…[${text.length} bytes]` : text
}

/**
 * The request body as it arrived (kept by the JSON parser's verify hook), secrets masked, clipped
 * for the log. A body over the limit is masked whole before clipping: a password past the cut
 * is not logged, but a PATCH whose `path` fell past the cut could leave its value before it.
 */
function loggedBody(raw: Buffer | undefined): string | undefined {
  if (raw === undefined || raw.length === 0) return undefined
  if (raw.length <= LOGGED_BODY_LIMIT) return redactBody(raw.toString('utf8'))
  const text = redactBody(raw.toString('utf8'))
  return `${text.slice(0, LOGGED_BODY_LIMIT)}…[${raw.length} bytes]`
}

/**
 * Error details echo what the client sent (filters, ids, attribute names, the auth scheme).
 * They go out as JSON with nosniff, clipped, and with `<`, `>` and `&` written as JSON escapes:
 * the parsed value is unchanged, but the bytes hold no markup, so no browser or log viewer that
 * renders the body as HTML can be made to run the request's text (issue 14, item 4).
 */
const MAX_ERROR_DETAIL = 2000
const MARKUP = /[<>&]/g
const jsonEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

function sendScimError(res: Response, error: ScimError): void {
  const detail = error.detail.length > MAX_ERROR_DETAIL ? `${error.detail.slice(0, MAX_ERROR_DETAIL)}…` : error.detail
  const text = JSON.stringify(errorBody(new ScimError(error.status, error.scimType, detail))).replace(MARKUP, jsonEscape)
  res.locals.responseText = text
  res.status(error.status).set('Content-Type', SCIM_CONTENT_TYPE).send(text)
}

/** Maps body-parser failures (they carry `type`) and anything else to a ScimError. */
function toScimError(err: unknown): ScimError {
  if (err instanceof ScimError) return err
  const e = err as { type?: string; status?: number; message?: string }
  switch (e?.type) {
    case 'entity.parse.failed':
      return new ScimError(400, 'invalidSyntax', `The request body is not valid JSON: ${e.message ?? 'parse error'}.`)
    case 'entity.too.large':
      return new ScimError(413, undefined, `The request body is larger than ${MAX_BODY_BYTES} bytes.`)
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ScimError(415, undefined, 'Unsupported body encoding or charset; send UTF-8 JSON.')
    case 'request.aborted':
      return new ScimError(400, 'invalidSyntax', 'The request body ended early.')
    default:
      if (err instanceof StoreUnavailableError) {
        return new ScimError(503, undefined, `${err.message} The change was not saved; retry later.`)
      }
      if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
        return new ScimError(e.status, undefined, e.message ?? 'Bad request.')
      }
      return new ScimError(500, undefined, 'The server failed to handle this request; see the harness log.')
  }
}

/** Builds the Express app serving SCIM at /scim/v2. */
export function createApp(options: AppOptions): express.Express {
  const { store, requestLog } = options
  const service = new ScimService(store, options.clock)
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag') // ETags are SCIM resource versions, set explicitly, not body hashes
  // ngrok and similar tunnels connect from loopback: trust their X-Forwarded-* for meta.location,
  // and only when they hold an http/https scheme and a bare host (forwarded.ts); req.ip (the
  // refused-request tally's address) is the address the tunnel appended, not one the client wrote
  app.set('trust proxy', 'loopback')

  app.use(SCIM_BASE_PATH, (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now()
    const trace = new RuleTrace()
    res.locals.trace = trace
    // every SCIM answer is JSON: never let a browser sniff it into HTML
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
    if (requestLog || options.onRequest || options.onRefused) {
      res.on('finish', () => {
        // the body as sent (not re-serialised unless it held a secret: cheaper, and what the client wrote)
        const body = loggedBody(res.locals.rawBody as Buffer | undefined)
        // redacted once here, so the log file, Traffic and the HAR export all get the masked text
        const entry: RequestLogEntry = redactEntry({
          time: new Date().toISOString(),
          method: req.method,
          path: req.originalUrl,
          status: res.statusCode,
          durationMs: Math.round((performance.now() - started) * 100) / 100,
          rules: trace.names(),
          client: req.get(CLIENT_HEADER) === 'simulator' ? 'simulator' : 'external',
          ...(req.get('user-agent') ? { userAgent: req.get('user-agent') } : {}),
          ...(body !== undefined ? { requestBody: body } : {}),
          ...(res.locals.responseText ? { responseBody: clip(res.locals.responseText as string) } : {}),
          ...(res.locals.errorDetail ? { error: clip(res.locals.errorDetail as string) } : {}),
        })
        if (res.locals.authenticated !== true) {
          // the URL and the User-Agent are the texts a client without a token chooses (no body is read)
          const path = clipRefused(entry.path)
          const userAgent = entry.userAgent === undefined ? undefined : clipRefused(entry.userAgent)
          options.onRefused?.({ ...entry, path, ...(userAgent !== undefined ? { userAgent } : {}) }, req.ip)
          return
        }
        requestLog?.append(entry)
        options.onRequest?.(entry)
      })
    }
    next()
  })
  app.use(SCIM_BASE_PATH, bearerAuth(store, options.clock))
  app.use(
    SCIM_BASE_PATH,
    express.json({
      // Entra and Microsoft's validator send application/scim+json, with or without charset
      type: ['application/json', 'application/scim+json', 'application/*+json'],
      limit: MAX_BODY_BYTES,
      strict: false,
      verify: (_req, res, buf) => {
        ;(res as Response).locals.rawBody = buf
      },
    }),
  )
  app.use(SCIM_BASE_PATH, (req: Request, _res: Response, next: NextFunction) => {
    const hasBody = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH'
    if (hasBody && req.body === undefined && Number(req.get('content-length') ?? '0') > 0) {
      next(new ScimError(415, undefined, `Unsupported Content-Type '${req.get('content-type') ?? 'none'}'; send application/scim+json or application/json.`))
      return
    }
    next()
  })
  app.use(SCIM_BASE_PATH, scimRouter(service))
  if (options.console) app.use(CONSOLE_PATH, consoleRouter(options.console))

  app.use((req: Request, _res: Response, next: NextFunction) => {
    // publicOrigin, not the raw Host: a Host header is the client's text, not ours to echo
    next(new ScimError(404, undefined, `Nothing here. The SCIM base URI is ${publicOrigin(req)}${SCIM_BASE_PATH}.`))
  })
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const error = toScimError(err)
    if (err instanceof StoreUnavailableError) {
      // expected while the disk is full or failing: one line, not a stack per refused request
      console.error(`[scim-harness] ${req.method} ${req.originalUrl}: 503, ${err.message}`)
    } else if (error.status >= 500 && !(err instanceof ScimError)) {
      console.error('[scim-harness] unexpected error:', err)
    }
    res.locals.errorDetail = error.detail
    if (res.headersSent) return
    res.set('X-Content-Type-Options', 'nosniff')
    sendScimError(res, error)
  })
  return app
}
