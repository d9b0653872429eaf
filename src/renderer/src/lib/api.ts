/**
 * The console API as the renderer sees it. The only module that touches `window.api`, so a
 * browser build or a test can swap the transport in one place.
 */
import type { ConsoleApi } from '@shared/ipc'

export const api: ConsoleApi = window.api
