/**
 * What every command-line entry point does the same way: one `error:` line a user can act on, a non-zero exit,
 * a stack trace only with --debug, and a clean stop on Ctrl-C for the long-running ones.
 */
import {ImportError} from '../importer/errors'
import {StartupError} from '../server/errors'

export interface CliOptions {
  usage: string
  /** Lines for an error this command knows better than the generic message (a GROQ syntax error's position). */
  explain?: (error: unknown) => string[] | undefined
  /** Applied to everything printed about an error: the seed command takes its token out. */
  redact?: (text: string) => string
}

/**
 * Runs a command's main. A number it resolves to is the exit code; nothing (a server that keeps running) leaves
 * the process alive.
 */
export function runCli(main: () => Promise<number | void>, options: CliOptions): void {
  const redact = options.redact ?? ((text: string) => text)
  main().then(
    (code) => {
      if (typeof code === 'number') process.exit(code)
    },
    (error: unknown) => {
      const lines = options.explain?.(error) ?? [errorLine(error, options.usage)]
      for (const line of lines) console.error(redact(line))
      if (process.argv.includes('--debug') && error instanceof Error) console.error(redact(error.stack ?? ''))
      process.exit(1)
    },
  )
}

function errorLine(error: unknown, usage: string): string {
  if (error instanceof ImportError || error instanceof StartupError) return `error: ${error.message}`
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) return `error: ${error.message}; ${usage}`
  return `error: ${error instanceof Error ? error.message : String(error)}`
}

/** Ctrl-C or a TERM signal closes the server (which finishes a write in progress) and exits. */
export function stopOnSignal(server: {close(): Promise<void>}): void {
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

/** `--query-timeout SECONDS` (serve, studio:local) in milliseconds; anything but a number above 0 is a usage error. */
export function queryTimeoutMs(text: string, usage: string): number {
  const seconds = Number(text)
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new StartupError(`--query-timeout takes a number of seconds above 0 (got ${JSON.stringify(text)}); ${usage}`)
  }
  return Math.round(seconds * 1000)
}
