/**
 * The console page's Content-Security-Policy. Same text as the <meta> in src/renderer/index.html
 * (the meta is what applies to file:// pages); the desktop app sends it as a header for anything
 * served over http, and `serve` sends it with the browser console page, plus framing rules.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'"
