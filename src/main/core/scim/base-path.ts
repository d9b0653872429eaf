/**
 * Where the harness serves SCIM below its origin: the Base URI is `http://HOST:PORT/scim/v2`
 * (PRODUCT.md, "Command line"). Here, not in the server, so the console handlers (the ngrok
 * agent's tunnel detection) and the harness can name it without importing the transport.
 */
export const SCIM_BASE_PATH = '/scim/v2'
