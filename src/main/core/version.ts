// the bundler inlines only this field of package.json
import { version } from '../../../package.json'

/** The harness version, as the console's About line and the status call report it. */
export const APP_VERSION: string = version
