import { parseArgs } from 'node:util'
import { runCommand, CliError } from './commands'

/*
 * `scim-harness`: the headless entry (PRODUCT.md, "Command line"). Errors are one clear line
 * on stderr and a non-zero exit; never a stack trace for a user's mistake.
 */

const USAGE = `Usage:
  scim-harness serve  [--data DIR] [--host 127.0.0.1] [--port 8787] [--console-host NAME,...]
  scim-harness serve  ... --public [--public-domain NAME]   opens an ngrok tunnel in-process and prints the
                      Public URL (authtoken: NGROK_AUTHTOKEN, or saved from the console's Public URL screen)
  scim-harness token create --expires YYYY-MM-DD [--label TEXT] [--data DIR]
  scim-harness token list [--data DIR]
  scim-harness token revoke ID [--data DIR]
  scim-harness config show [--json] [--data DIR]
  scim-harness config set [--default-cal NAME] [--enable | --disable]
                          [--delete-mode deactivate|hard] [--domain-policy subdomain|directory|custom] [--data DIR]
  scim-harness users  [--json] [--data DIR]
  scim-harness groups [--json] [--data DIR]
  scim-harness simulate --scenario FILE [--tenant-url URL (--token-file FILE | --token TOKEN)] [--out DIR]
                      the token: --token-file (its first line), else SCIM_HARNESS_TOKEN; --token is
                      visible to every user of this computer in the process list`

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string' },
        host: { type: 'string' },
        'console-host': { type: 'string' },
        port: { type: 'string' },
        expires: { type: 'string' },
        label: { type: 'string' },
        json: { type: 'boolean' },
        'default-cal': { type: 'string' },
        enable: { type: 'boolean' },
        disable: { type: 'boolean' },
        'delete-mode': { type: 'string' },
        'domain-policy': { type: 'string' },
        scenario: { type: 'string' },
        'tenant-url': { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        out: { type: 'string' },
        public: { type: 'boolean' },
        'public-domain': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (err) {
    // node:util's parseArgs messages carry advice about '--' that does not apply here
    const e = err as Error & { code?: string }
    const option = /'(-{1,2}[^']*)'/.exec(e.message)?.[1]
    const message =
      e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option
        ? `unknown option '${option}'.`
        : e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option
          ? `option '${option.split(' ')[0]}' needs a value.`
          : e.message
    process.stderr.write(`scim-harness: ${message}\n${USAGE}\n`)
    return 2
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`)
    return parsed.values.help ? 0 : 2
  }
  try {
    return await runCommand(parsed.positionals, parsed.values)
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`scim-harness: ${err.message}\n${err.showUsage ? `${USAGE}\n` : ''}`)
      return err.exitCode
    }
    const known = err as Error
    // domain errors (PortalError, WorkspaceLockedError, StoreCorruptError...) carry a message for people
    if (known && typeof known.message === 'string' && known.name !== 'Error' && known.name !== 'TypeError') {
      process.stderr.write(`scim-harness: ${known.message}\n`)
      return 1
    }
    process.stderr.write(`scim-harness: unexpected failure: ${known?.message ?? String(err)}\n`)
    return 1
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code
  },
  (err) => {
    process.stderr.write(`scim-harness: ${(err as Error).message}\n`)
    process.exitCode = 1
  },
)
