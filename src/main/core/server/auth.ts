import type { NextFunction, Request, Response } from 'express'
import type { Store } from '../store'
import { verifyBearer } from '../portal'
import { ScimError } from '../scim/errors'

/*
 * Bearer-token check for every SCIM route. Tokens are compared as sha256 hashes in constant
 * time (portal/tokens). A failure is a 401 with a SCIM error body; a valid token on a portal
 * whose SCIM app is disabled is a 403 that says how to enable it (never a silent success).
 */

/** How often a token's lastUsedAt is written back: per request would journal every GET. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000

export function bearerAuth(store: Store, clock: () => Date = () => new Date()) {
  const lastWritten = new Map<string, number>()
  return (req: Request, res: Response, next: NextFunction): void => {
    const now = clock()
    const result = verifyBearer(req.get('authorization'), store.tokens(), now)
    if (!result.ok) {
      res.set('WWW-Authenticate', 'Bearer realm="SCIM Harness"')
      next(new ScimError(401, undefined, result.detail))
      return
    }
    // app.ts logs only authenticated requests in full; the rest go to the refused budget
    res.locals.authenticated = true
    if (!store.portal.scimEnabled) {
      next(
        new ScimError(
          403,
          undefined,
          'SCIM provisioning is disabled for this portal. Enable it in Portal Settings > Apps > Provisioning > SCIM Azure AD (or: scim-harness config set --enable).',
        ),
      )
      return
    }
    const token = result.record
    const last = lastWritten.get(token.id) ?? 0
    if (now.getTime() - last > LAST_USED_WRITE_INTERVAL_MS) {
      lastWritten.set(token.id, now.getTime())
      // not awaited: last-used is informational and must not slow or fail the request
      store.commit([{ kind: 'putToken', token: { ...token, lastUsedAt: now.toISOString() } }]).catch(() => lastWritten.delete(token.id))
    }
    next()
  }
}
