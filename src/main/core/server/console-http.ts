import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import { isConsoleMethod, uploadOf, type ConsoleErrorCode, type ConsoleResult } from '../../../shared/console/api'
import { formatSize, MAX_CONSOLE_CALL_BYTES, tooLargeMessage, UPLOAD_MEDIA_TYPE, type ConsoleUpload } from '../../../shared/console/uploads'
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp'
import { invokeConsole, type ConsoleHandlers } from '../api/console-handlers'
import type { ConsoleEventHub } from '../api/console-events'
import { ConsoleHostAllowList } from './console-hosts'

/*
 * The browser console's transport: the console API table over HTTP (POST /console/api/<method>)
 * and its events as server-sent events (GET /console/events), plus the built console page.
 * It exists so the harness can run on a VM and be driven from a browser, and so the screens can
 * be tested in Chromium where no Electron binary exists.
 *
 * Who may call: only a holder of the console token that `serve` prints (a bearer header, never a
 * cookie, so another site cannot ride on the browser's credentials), and only from this origin:
 * a request that carries an Origin or Sec-Fetch-Site header from elsewhere is refused (CSRF).
 * No CORS headers are ever sent, so other origins cannot read answers either. And only under
 * this server's own host names (console-hosts.ts): a DNS-rebound page still sends its own name.
 *
 * Bodies: a call is a JSON body of at most 1 MB; a method that takes a file (`upload` in the
 * table: scenario files, directory CSV) also takes the file itself as the body, up to its limit,
 * counted while it streams in (src/shared/console/uploads.ts).
 */

export const CONSOLE_TOKEN_BYTES = 32
const HEARTBEAT_MS = 15_000

/** The CSP the console page is served with: the app's policy, plus framing, base and form rules a header can carry. */
export const CONSOLE_CSP = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`

export function generateConsoleToken(): string {
  return randomBytes(CONSOLE_TOKEN_BYTES).toString('base64url')
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/** Constant-time check of an `Authorization: Bearer <token>` header (hashes make lengths equal). */
export function consoleTokenMatches(header: string | undefined, expected: string): boolean {
  if (typeof header !== 'string' || header.length > 1024) return false
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header.trim())
  return timingSafeEqual(digest(match ? match[1] : ''), digest(expected)) && match !== null
}

function refuse(res: Response, status: number, code: ConsoleErrorCode, message: string): void {
  const body: ConsoleResult<never> = { ok: false, error: { code, message } }
  res.status(status).set('Cache-Control', 'no-store').json(body)
}

/** The origin this request was addressed to, as a browser on this page would send it. */
function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? ''}`
}

/**
 * Whether an Origin header names this page. The host must be the Host the request was sent to;
 * the scheme may be http or https because a tunnel (ngrok) ends TLS and forwards plain http, so
 * a page opened at https://abc.ngrok.app sends that origin to a server that sees http. A page on
 * another scheme of the same host is this server's own page either way.
 */
function isOwnOrigin(origin: string, req: Request): boolean {
  if (origin === ownOrigin(req)) return true
  try {
    const url = new URL(origin)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.host === (req.get('host') ?? '').toLowerCase()
  } catch {
    return false
  }
}

/** Whether a request was addressed to one of this server's own names (DNS rebinding defence). */
export type ConsoleHostCheck = Pick<ConsoleHostAllowList, 'allows' | 'describe'>

function hostGuard(hosts: ConsoleHostCheck) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (hosts.allows(req.get('host'))) {
      next()
      return
    }
    // the Host header is the client's text: not echoed (a refusal page is no place to reflect it)
    const message = `This console answers only at its own host names (${hosts.describe()}). Open it at the Console URL that \`scim-harness serve\` printed; to reach it through a proxy or a DNS name of your own, add that name with SCIM_HARNESS_CONSOLE_HOSTS or \`serve --console-host NAME\`.`
    // the page gets a short text page; the API and the event stream their envelope
    if (req.method === 'GET' && !req.path.startsWith('/api') && req.path !== '/events') {
      res.status(403).set('Cache-Control', 'no-store').type('text/plain').send(message)
      return
    }
    refuse(res, 403, 'forbidden-host', message)
  }
}

function guard(token: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get('origin')
    if (origin !== undefined && !isOwnOrigin(origin, req)) {
      refuse(
        res,
        403,
        'forbidden-origin',
        `Console requests are only accepted from this server's own page (${ownOrigin(req)}/console/), not from ${origin.slice(0, 200)}.`,
      )
      return
    }
    const site = req.get('sec-fetch-site')
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      refuse(res, 403, 'forbidden-origin', "Console requests are only accepted from this server's own page.")
      return
    }
    if (!consoleTokenMatches(req.get('authorization'), token)) {
      refuse(res, 401, 'unauthorized', 'The console token is missing or wrong. Open the Console URL that `scim-harness serve` printed (it ends in #token=...).')
      return
    }
    next()
  }
}

export interface ConsoleHttpOptions {
  handlers: ConsoleHandlers
  events: ConsoleEventHub
  token: string
  /** The built renderer (out/renderer); absent when only the API is wanted. */
  staticDir?: string
  /** Validate handler outputs against the table (tests). */
  checkOutput?: boolean
  /** The Host names the console answers at, asked per request; loopback names, IP addresses and this machine's name when absent. */
  hosts?: ConsoleHostCheck
}

/** The upload a request carries: the file as the body, for a method that takes one. */
function uploadIn(req: Request): ConsoleUpload | undefined {
  const method = req.params.method
  return isConsoleMethod(method) ? uploadOf(method) : undefined
}

/** The router mounted at /console. */
export function consoleRouter(options: ConsoleHttpOptions): Router {
  const router = express.Router()
  const { handlers, events, token } = options

  router.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff')
    res.set('Referrer-Policy', 'no-referrer')
    next()
  })
  router.use(hostGuard(options.hosts ?? new ConsoleHostAllowList()))

  const parseJson = express.json({ limit: MAX_CONSOLE_CALL_BYTES, strict: false })
  // one reader per limit; the type was checked before; the file is UTF-8 text unless the request names a charset
  const uploadReaders = new Map<number, ReturnType<typeof express.text>>()
  const parseUpload = (upload: ConsoleUpload) => {
    let reader = uploadReaders.get(upload.maxBytes)
    if (!reader) uploadReaders.set(upload.maxBytes, (reader = express.text({ type: () => true, limit: upload.maxBytes, defaultCharset: 'utf-8' })))
    return reader
  }

  router.post(
    '/api/:method',
    guard(token),
    (req: Request, res: Response, next: NextFunction) => {
      // JSON, or a file as octet-stream: a cross-site form post (text/plain, urlencoded, multipart) never reaches a handler
      const upload = uploadIn(req)
      // the error handler below runs without the route's params: it reads what this call takes from here
      res.locals.takes = upload
      if (req.is('application/json')) {
        parseJson(req, res, next)
        return
      }
      if (upload !== undefined && req.is(UPLOAD_MEDIA_TYPE)) {
        res.locals.upload = upload
        parseUpload(upload)(req, res, next)
        return
      }
      refuse(
        res,
        415,
        'unsupported-media-type',
        upload
          ? `Send the console call as application/json, or the ${upload.what} itself as ${UPLOAD_MEDIA_TYPE}.`
          : 'Send the console call as application/json.',
      )
    },
    async (req: Request, res: Response) => {
      const upload = res.locals.upload as ConsoleUpload | undefined
      const input: unknown = upload ? { [upload.field]: req.body as string } : req.body
      const result = await invokeConsole(handlers, req.params.method, input, { checkOutput: options.checkOutput })
      res.set('Cache-Control', 'no-store').json(result)
    },
  )

  router.get('/events', guard(token), (req: Request, res: Response) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    res.write(': connected\n\n')
    const unsubscribe = events.subscribe((event) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`)
    })
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
    heartbeat.unref()
    req.on('close', () => {
      clearInterval(heartbeat)
      unsubscribe()
    })
  })

  // anything else under /console that is not a page asset is an API mistake: answer in the envelope
  router.use('/api', (_req: Request, res: Response) => refuse(res, 405, 'method-not-allowed', 'Console calls are POST /console/api/<method>.'))

  // the page loads its assets relative to /console/, so the bare path must gain its slash
  router.get('/', (req: Request, res: Response, next: NextFunction) => {
    if (req.originalUrl.split('?')[0].endsWith('/')) next()
    else res.redirect(301, `${req.baseUrl}/`)
  })

  const staticDir = options.staticDir
  if (staticDir !== undefined && existsSync(join(staticDir, 'index.html'))) {
    router.use(
      express.static(staticDir, {
        index: 'index.html',
        setHeaders: (res) => {
          res.set('Content-Security-Policy', CONSOLE_CSP)
          res.set('X-Frame-Options', 'DENY')
        },
      }),
    )
  } else {
    router.get('/', (_req, res) => {
      res.status(503).type('text/plain').send('The console page is not built. Run `npm run build` (it writes out/renderer), then restart `scim-harness serve`.')
    })
  }
  // a body that is not JSON, too large or cut short: the caller gets the envelope, not a SCIM error
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; message?: string; expected?: number }
    if (e?.type === 'entity.too.large') refuse(res, 413, 'too-large', tooLargeText(res, e.expected))
    else if (res.locals.upload && typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      refuse(
        res,
        e.status,
        'invalid-input',
        `The ${(res.locals.upload as ConsoleUpload).what} could not be read: ${e.message ?? 'unreadable body'}. Send it as UTF-8 text.`,
      )
    } else if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
      refuse(res, e.status, 'invalid-input', `The console call is not valid JSON: ${e.message ?? 'parse error'}.`)
    else {
      console.error('[scim-harness] console transport failed:', err)
      refuse(res, 500, 'internal', 'The console call failed unexpectedly; see the harness log.')
    }
  })
  return router
}

/** Says what was too large and what fits: the file and its limit, or the 1 MB of a JSON call. */
function tooLargeText(res: Response, declared: number | undefined): string {
  const sending = res.locals.upload as ConsoleUpload | undefined
  if (sending) return tooLargeMessage(sending, declared)
  const upload = res.locals.takes as ConsoleUpload | undefined
  const call = `The console call is larger than ${formatSize(MAX_CONSOLE_CALL_BYTES)}.`
  return upload
    ? `${call} Send the ${upload.what} itself as the request body (Content-Type: ${UPLOAD_MEDIA_TYPE}); it may be up to ${formatSize(upload.maxBytes)}.`
    : call
}
